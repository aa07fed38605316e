//! The in-browser mock backend: crates/mock's rules over state kept in localStorage, so the app
//! runs with no server (static hosting, `trunk serve --features mock`).

use gloo_storage::{LocalStorage, Storage};
use omiyage_api::{
    ApiError, Catalog, CatalogQuery, CheckoutRequest, OrderView, Product, Storefront,
};
use omiyage_mock::MockState;

const STORAGE_KEY: &str = "omiyage.mock.v1";

#[derive(Clone, Copy, Default)]
pub struct BrowserMock;

fn load() -> MockState {
    LocalStorage::get(STORAGE_KEY).unwrap_or_else(|_| MockState::seeded())
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

impl Storefront for BrowserMock {
    async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, ApiError> {
        Ok(load().catalog(query))
    }

    async fn product(&self, id: &str) -> Result<Product, ApiError> {
        load().product(id)
    }

    async fn checkout(&self, key: &str, request: &CheckoutRequest) -> Result<OrderView, ApiError> {
        let mut state = load();
        let order = state.checkout(Some(key), request, super::random::uuid_v4, now())?;
        // A full localStorage must not pretend the order was placed.
        LocalStorage::set(STORAGE_KEY, &state).map_err(|e| {
            ApiError::new(
                omiyage_api::ErrorCode::Internal,
                format!("Could not save the order: {e}"),
            )
        })?;
        Ok(order)
    }

    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        load().order(token)
    }
}
