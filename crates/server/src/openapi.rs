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
        routes::qr,
        routes::sign_in,
        routes::sign_out,
        routes::me,
        routes::demo_accounts,
        routes::promoter_sign_up,
        routes::admin_list_products,
        routes::admin_get_product,
        routes::list_categories,
        routes::create_category,
        routes::update_category,
        routes::create_product,
        routes::update_product,
        routes::archive_product,
        routes::restore_product,
        routes::change_stock,
        routes::list_orders,
        routes::admin_get_order,
        routes::ship_order,
        routes::confirm_payment,
        routes::list_shops,
        routes::create_shop,
        routes::update_shop,
        routes::get_shop,
        routes::list_accounts,
        routes::create_staff,
        routes::disable_account,
        routes::enable_account,
        routes::sales,
        routes::get_invoice_issuer,
        routes::put_invoice_issuer,
        routes::upload_image,
        routes::get_image,
        routes::create_batch,
        routes::list_batches,
        routes::get_batch,
        routes::void_code,
        routes::codes_csv,
        routes::qr_codes,
        routes::claim_code,
        routes::create_plan,
        routes::list_plans,
        routes::pause_plan,
        routes::resume_plan,
        routes::invite,
        routes::my_plans,
        routes::join_plan,
        routes::my_links,
        routes::my_stats,
        routes::my_orders_csv
    )
)]
struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
