//! The OpenAPI document, served at `/api/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Omiyage API", description = "Storefront and gifting API"),
    paths(
        routes::health,
        routes::list_products,
        routes::get_product,
        routes::checkout,
        routes::get_order,
        routes::cancel_gift,
        routes::get_gift,
        routes::open_gift,
        routes::claim_gift,
        routes::decline_gift,
        routes::qr
    )
)]
struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
