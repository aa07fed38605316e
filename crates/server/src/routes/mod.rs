//! The JSON API, one module per flow.

mod catalog;
mod checkout;
mod gifts;
mod health;
mod orders;
mod qr;

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
pub(crate) use checkout::now;
pub(crate) use gifts::{__path_claim_gift, __path_decline_gift, __path_get_gift, __path_open_gift};
pub(crate) use health::__path_health;
pub(crate) use orders::{__path_cancel_gift, __path_get_order};
pub(crate) use qr::__path_qr;

pub fn api(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/products", get(catalog::list_products))
        .route("/products/{id}", get(catalog::get_product))
        .route("/checkout", post(checkout::checkout))
        .route("/orders/{token}", get(orders::get_order))
        .route("/orders/{token}/cancel-gift", post(orders::cancel_gift))
        .route("/gifts/{token}", get(gifts::get_gift))
        .route("/gifts/{token}/open", post(gifts::open_gift))
        .route("/gifts/{token}/claim", post(gifts::claim_gift))
        .route("/gifts/{token}/decline", post(gifts::decline_gift))
        .route("/qr", get(qr::qr))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::Api(ApiError::not_found("This API route"))
}
