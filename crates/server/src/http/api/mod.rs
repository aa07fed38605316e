//! The JSON API, one module per flow.

mod admin;
mod after_sales;
mod agencies;
mod auth;
mod batches;
mod catalog;
mod checkout;
mod coupons;
mod delivery;
mod fans;
mod gifts;
mod health;
mod images;
mod levels;
mod messages;
mod orders;
mod payments;
mod payouts;
mod points;
mod promotions;
mod qr;
mod rewards;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use omiyage_api::ApiError;

use crate::storage::Backend;
use crate::{AppError, AppState};

/// Largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

pub(crate) use admin::{
    __path_archive_product, __path_change_stock, __path_confirm_payment, __path_create_category,
    __path_create_product, __path_create_shop, __path_create_staff, __path_disable_account,
    __path_enable_account, __path_get_invoice_issuer, __path_get_order as __path_admin_get_order,
    __path_get_product as __path_admin_get_product, __path_get_shop, __path_list_accounts,
    __path_list_categories, __path_list_orders, __path_list_products as __path_admin_list_products,
    __path_list_shops, __path_put_invoice_issuer, __path_refund_order, __path_restore_product,
    __path_sales, __path_ship_order, __path_update_category, __path_update_product,
    __path_update_shop,
};
pub(crate) use after_sales::{
    __path_accept as __path_accept_after_sales, __path_ask_return as __path_return_after_sales,
    __path_decline as __path_decline_after_sales, __path_get_settings as __path_get_after_sales,
    __path_list as __path_list_after_sales, __path_photo as __path_after_sales_photo,
    __path_put_settings as __path_put_after_sales, __path_received as __path_received_after_sales,
    __path_refund as __path_refund_after_sales, __path_ship as __path_ship_after_sales,
};
pub(crate) use agencies::{
    __path_accept_invite, __path_agency_balance, __path_agency_invites, __path_agency_promoter,
    __path_agency_promoters, __path_create_agency, __path_invite_promoter, __path_join_for,
    __path_list_agencies, __path_my_invites, __path_promoter_plans,
};
pub(crate) use auth::{
    __path_confirm_promoter_sign_up, __path_demo_accounts, __path_me, __path_promoter_sign_up,
    __path_sign_in, __path_sign_out,
};
pub(crate) use batches::{
    __path_claim_code, __path_codes_csv, __path_create_batch, __path_get_batch,
    __path_list_batches, __path_qr_codes, __path_void_code,
};
pub(crate) use catalog::{__path_get_product, __path_list_products};
pub(crate) use checkout::__path_checkout;
pub(crate) use coupons::{
    __path_create_coupon, __path_list_coupons, __path_my_coupons, __path_update_coupon,
};
pub(crate) use delivery::{
    __path_b2_csv, __path_b2_tracking, __path_get_dates as __path_get_delivery_dates,
    __path_get_settings as __path_get_delivery, __path_put_settings as __path_put_delivery,
};
pub(crate) use fans::{__path_fan_messages, __path_my_addresses, __path_send_fan_message};
pub(crate) use gifts::{__path_claim_gift, __path_decline_gift, __path_get_gift, __path_open_gift};
pub(crate) use health::__path_health;
pub(crate) use images::{__path_get_image, __path_upload_image};
pub(crate) use levels::{__path_get_levels, __path_set_levels};
pub(crate) use messages::{
    __path_create_webhook, __path_delete_webhook, __path_find_orders, __path_list_messages,
    __path_list_webhooks, __path_resend_message, __path_rotate_webhook, __path_test_webhook,
    __path_webhook_deliveries,
};
pub(crate) use orders::{
    __path_cancel_gift, __path_cancel_order, __path_get_gift_options, __path_get_order,
    __path_get_payment_rules, __path_put_gift_options, __path_put_payment_rules,
    __path_reschedule_gift,
};
pub(crate) use payments::{
    __path_card_attempt, __path_card_payment, __path_card_return, __path_stripe_webhook,
};
pub(crate) use payouts::{
    __path_create_payout, __path_ledger_csv, __path_list_balances, __path_my_balance,
};
pub(crate) use points::{__path_my_points, __path_point_settings, __path_save_point_settings};
pub(crate) use promotions::{
    __path_create_plan, __path_invite, __path_join_plan, __path_list_plans, __path_my_links,
    __path_my_orders_csv, __path_my_plans, __path_my_stats, __path_pause_plan, __path_resume_plan,
};
pub(crate) use qr::__path_qr;
pub(crate) use rewards::{
    __path_get_reward_settings, __path_gift_report, __path_put_reward_settings,
};

pub fn api<S: Backend>(state: AppState<S>) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/products", get(catalog::list_products))
        .route("/products/{id}", get(catalog::get_product))
        .route("/checkout", post(checkout::checkout))
        .route("/orders/{token}", get(orders::get_order))
        .route("/orders/{token}/cancel-gift", post(orders::cancel_gift))
        .route(
            "/orders/{token}/gift/opens-at",
            put(orders::reschedule_gift),
        )
        .route("/orders/{token}/cancel", post(orders::cancel_order))
        .route("/delivery", get(delivery::get_dates))
        .route("/admin/shipments/b2.csv", get(delivery::b2_csv))
        .route("/admin/shipments/b2-tracking", post(delivery::b2_tracking))
        .route(
            "/admin/delivery",
            get(delivery::get_settings).put(delivery::put_settings),
        )
        .route(
            "/admin/gift-options",
            get(orders::get_gift_options).put(orders::put_gift_options),
        )
        .route(
            "/admin/gift-rewards",
            get(rewards::get_reward_settings).put(rewards::put_reward_settings),
        )
        .route("/admin/gift-report", get(rewards::gift_report))
        .route("/me/addresses", get(fans::my_addresses))
        .route("/me/points", get(points::my_points))
        .route(
            "/admin/points",
            get(points::point_settings).put(points::save_point_settings),
        )
        .route(
            "/admin/fan-messages",
            get(fans::fan_messages).post(fans::send_fan_message),
        )
        .route(
            "/admin/after-sales-settings",
            get(after_sales::get_settings).put(after_sales::put_settings),
        )
        .route("/admin/after-sales", get(after_sales::list))
        .route("/admin/after-sales/{id}/accept", post(after_sales::accept))
        .route(
            "/admin/after-sales/{id}/decline",
            post(after_sales::decline),
        )
        .route(
            "/admin/after-sales/{id}/return",
            post(after_sales::ask_return),
        )
        .route(
            "/admin/after-sales/{id}/received",
            post(after_sales::received),
        )
        .route("/admin/after-sales/{id}/refund", post(after_sales::refund))
        .route("/admin/after-sales/{id}/ship", post(after_sales::ship))
        .route(
            "/admin/after-sales/{id}/photos/{n}",
            get(after_sales::photo),
        )
        .route(
            "/admin/payment-rules",
            get(orders::get_payment_rules).put(orders::put_payment_rules),
        )
        .route(
            "/orders/{token}/card",
            get(payments::card_payment).post(payments::card_attempt),
        )
        .route("/orders/{token}/card/return", post(payments::card_return))
        .route("/payments/stripe/webhook", post(payments::stripe_webhook))
        .route("/find-orders", post(messages::find_orders))
        .route("/admin/messages", get(messages::list_messages))
        .route(
            "/admin/messages/{id}/resend",
            post(messages::resend_message),
        )
        .route(
            "/admin/webhooks",
            get(messages::list_webhooks).post(messages::create_webhook),
        )
        .route(
            "/admin/webhooks/{id}",
            axum::routing::delete(messages::delete_webhook),
        )
        .route(
            "/admin/webhooks/{id}/rotate",
            post(messages::rotate_webhook),
        )
        .route("/admin/webhooks/{id}/test", post(messages::test_webhook))
        .route(
            "/admin/webhooks/{id}/deliveries",
            get(messages::webhook_deliveries),
        )
        .route("/gifts/{token}", get(gifts::get_gift))
        .route("/gifts/{token}/open", post(gifts::open_gift))
        .route("/gifts/{token}/claim", post(gifts::claim_gift))
        .route("/gifts/{token}/decline", post(gifts::decline_gift))
        .route("/qr", get(qr::qr))
        .route("/auth/sign-in", post(auth::sign_in))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/auth/me", get(auth::me))
        .route("/auth/demo", get(auth::demo_accounts))
        .route("/auth/promoters", post(auth::promoter_sign_up))
        .route(
            "/auth/promoters/confirm",
            post(auth::confirm_promoter_sign_up),
        )
        .route(
            "/admin/categories",
            get(admin::list_categories).post(admin::create_category),
        )
        .route("/admin/categories/{id}", put(admin::update_category))
        .route(
            "/admin/products",
            get(admin::list_products).post(admin::create_product),
        )
        .route(
            "/admin/products/{id}",
            get(admin::get_product).put(admin::update_product),
        )
        .route("/admin/products/{id}/archive", post(admin::archive_product))
        .route("/admin/products/{id}/restore", post(admin::restore_product))
        .route("/admin/variants/{id}/stock", post(admin::change_stock))
        .route("/admin/orders", get(admin::list_orders))
        .route("/admin/orders/{token}", get(admin::get_order))
        .route("/admin/orders/{token}/ship", post(admin::ship_order))
        .route("/admin/orders/{token}/refund", post(admin::refund_order))
        .route(
            "/orders/{token}/confirm-payment",
            post(admin::confirm_payment),
        )
        .route(
            "/admin/shops",
            get(admin::list_shops).post(admin::create_shop),
        )
        .route("/admin/shops/{id}", put(admin::update_shop))
        .route("/shops/{id}", get(admin::get_shop))
        .route("/admin/accounts", get(admin::list_accounts))
        .route("/admin/accounts/{id}/disable", post(admin::disable_account))
        .route("/admin/accounts/{id}/enable", post(admin::enable_account))
        .route("/admin/staff", post(admin::create_staff))
        .route("/admin/sales", get(admin::sales))
        .route(
            "/admin/invoice-issuer",
            get(admin::get_invoice_issuer).put(admin::put_invoice_issuer),
        )
        .route(
            "/admin/images",
            post(images::upload_image).layer(DefaultBodyLimit::max(
                omiyage_core::image::MAX_IMAGE_BYTES + 1,
            )),
        )
        .route("/images/{id}", get(images::get_image))
        .route(
            "/batches",
            get(batches::list_batches).post(batches::create_batch),
        )
        .route("/batches/{id}", get(batches::get_batch))
        .route("/batches/{id}/codes.csv", get(batches::codes_csv))
        .route("/batches/{id}/qr-codes", get(batches::qr_codes))
        .route("/batches/{id}/codes/{code}/void", post(batches::void_code))
        .route("/claim-codes", post(batches::claim_code))
        .route(
            "/admin/plans",
            get(promotions::list_plans).post(promotions::create_plan),
        )
        .route("/admin/plans/{id}/pause", post(promotions::pause_plan))
        .route("/admin/plans/{id}/resume", post(promotions::resume_plan))
        .route(
            "/admin/plans/{id}/invites/{promoter}",
            post(promotions::invite),
        )
        .route("/promoter/plans", get(promotions::my_plans))
        .route("/promoter/plans/{id}/join", post(promotions::join_plan))
        .route("/promoter/links", get(promotions::my_links))
        .route("/promoter/stats", get(promotions::my_stats))
        .route("/promoter/orders.csv", get(promotions::my_orders_csv))
        .route(
            "/admin/payouts",
            get(payouts::list_balances).post(payouts::create_payout),
        )
        .route("/admin/payouts.csv", get(payouts::ledger_csv))
        .route(
            "/admin/levels",
            get(levels::get_levels).put(levels::set_levels),
        )
        .route("/promoter/payouts", get(payouts::my_balance))
        .route(
            "/admin/coupons",
            get(coupons::list_coupons).post(coupons::create_coupon),
        )
        .route("/admin/coupons/{code}", put(coupons::update_coupon))
        .route("/promoter/coupons", get(coupons::my_coupons))
        .route(
            "/admin/agencies",
            get(agencies::list_agencies).post(agencies::create_agency),
        )
        .route(
            "/agency/invites",
            get(agencies::agency_invites).post(agencies::invite_promoter),
        )
        .route("/agency/promoters", get(agencies::agency_promoters))
        .route("/agency/promoters/{id}", get(agencies::agency_promoter))
        .route(
            "/agency/promoters/{id}/plans",
            get(agencies::promoter_plans),
        )
        .route(
            "/agency/promoters/{id}/plans/{plan}/join",
            post(agencies::join_for),
        )
        .route("/agency/payouts", get(agencies::agency_balance))
        .route("/promoter/invites", get(agencies::my_invites))
        .route(
            "/promoter/invites/{id}/accept",
            post(agencies::accept_invite),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::Api(ApiError::not_found("This API route"))
}

/// The body of `POST /api/test/clock`: a moment to move to (Unix seconds), or seconds to move.
#[derive(serde::Deserialize)]
pub struct ClockMove {
    #[serde(default)]
    to: Option<i64>,
    #[serde(default)]
    advance_secs: i64,
}

/// Moves a test server's clock forward: mounted only when the clock can move (a server started
/// with `--test-clock-at`, never a shop's). Never backwards (409). Answers the time it now is.
pub async fn test_clock<S: Backend>(
    axum::extract::State(state): axum::extract::State<AppState<S>>,
    crate::http::extract::ApiJson(step): crate::http::extract::ApiJson<ClockMove>,
) -> Result<axum::Json<serde_json::Value>, AppError> {
    let secs = match step.to {
        Some(to) => to - state.clock.now(),
        None => step.advance_secs,
    };
    if secs < 0 {
        return Err(ApiError::new(
            omiyage_api::ErrorCode::Conflict,
            "The clock only moves forward.",
        )
        .into());
    }
    state.clock.advance(secs);
    Ok(axum::Json(serde_json::json!({ "now": state.clock.now() })))
}
