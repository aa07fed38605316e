//! The in-browser mock backend: crates/mock's rules over state kept in localStorage, so the app
//! runs with no server (static hosting, `trunk serve --features mock`).

use gloo_storage::{LocalStorage, Storage};
use omiyage_api::{
    ApiError, Catalog, CatalogQuery, CheckoutRequest, ClaimConfirmation, ClaimRequest, ErrorCode,
    GiftView, OrderView, Product, Storefront,
};
use omiyage_mock::MockState;

const STORAGE_KEY: &str = "omiyage.mock.v1";

#[derive(Clone, Copy, Default)]
pub struct BrowserMock;

fn load() -> MockState {
    let mut state: MockState =
        LocalStorage::get(STORAGE_KEY).unwrap_or_else(|_| MockState::seeded());
    state.speak(crate::i18n::lang());
    state
}

/// Runs one call on the saved state and saves what it changed. A full localStorage must not
/// pretend that an order or a claim went through.
fn change<T>(call: impl FnOnce(&mut MockState) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut state = load();
    let answer = call(&mut state)?;
    LocalStorage::set(STORAGE_KEY, &state).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Could not save in this browser: {e}"),
        )
    })?;
    Ok(answer)
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
        change(|s| s.checkout(Some(key), request, omiyage_ui::random::uuid_v4, now()))
    }

    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        change(|s| s.order(token, now()))
    }

    async fn cancel_gift(&self, order_token: &str) -> Result<OrderView, ApiError> {
        change(|s| s.cancel_gift(order_token, now()))
    }

    async fn gift(&self, token: &str) -> Result<GiftView, ApiError> {
        change(|s| s.gift(token, now()))
    }

    async fn open_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        change(|s| s.open_gift(token, now()))
    }

    async fn claim_gift(
        &self,
        key: &str,
        token: &str,
        request: &ClaimRequest,
    ) -> Result<ClaimConfirmation, ApiError> {
        change(|s| s.claim_gift(Some(key), token, request, now()))
    }

    async fn decline_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        change(|s| s.decline_gift(token, now()))
    }

    /// The demo has no mail: the address is checked like the server does, and nothing is sent.
    async fn find_orders(&self, email: &str) -> Result<(), ApiError> {
        omiyage_core::checkout::lookup_email(email).map(|_| ())
    }
}
