//! The JSON API, one module per flow.

mod catalog;
mod checkout;
mod health;
mod orders;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use omiyage_api::ApiError;

use crate::{AppError, AppState, openapi};

/// Largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

pub use catalog::CatalogCache;
pub(crate) use catalog::{__path_get_product, __path_list_products};
pub(crate) use checkout::__path_checkout;
pub(crate) use health::__path_health;
pub(crate) use orders::__path_get_order;

pub fn api(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/products", get(catalog::list_products))
        .route("/products/{id}", get(catalog::get_product))
        .route("/checkout", post(checkout::checkout))
        .route("/orders/{token}", get(orders::get_order))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::Api(ApiError::not_found("This API route"))
}
