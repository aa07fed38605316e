//! The OpenAPI document, served at `/api/openapi.json`.

use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::http::api;

mod constraints;

#[derive(OpenApi)]
#[openapi(
    modifiers(&CommonAnswers),
    info(title = "Omiyage API", description = "Storefront and gifting API"),
    paths(
        api::health,
        api::list_products,
        api::get_product,
        api::checkout,
        api::get_order,
        api::cancel_gift,
        api::reschedule_gift,
        api::card_payment,
        api::card_attempt,
        api::card_return,
        api::stripe_webhook,
        api::find_orders,
        api::list_messages,
        api::resend_message,
        api::list_webhooks,
        api::create_webhook,
        api::delete_webhook,
        api::rotate_webhook,
        api::test_webhook,
        api::webhook_deliveries,
        api::get_gift,
        api::open_gift,
        api::claim_gift,
        api::decline_gift,
        api::qr,
        api::sign_in,
        api::sign_out,
        api::me,
        api::demo_accounts,
        api::promoter_sign_up,
        api::confirm_promoter_sign_up,
        api::admin_list_products,
        api::admin_get_product,
        api::list_categories,
        api::create_category,
        api::update_category,
        api::create_product,
        api::update_product,
        api::archive_product,
        api::restore_product,
        api::change_stock,
        api::list_orders,
        api::admin_get_order,
        api::ship_order,
        api::refund_order,
        api::confirm_payment,
        api::cancel_order,
        api::get_payment_rules,
        api::put_payment_rules,
        api::get_gift_options,
        api::put_gift_options,
        api::get_delivery_dates,
        api::get_delivery,
        api::put_delivery,
        api::get_reward_settings,
        api::put_reward_settings,
        api::gift_report,
        api::send_fan_message,
        api::fan_messages,
        api::my_addresses,
        api::point_settings,
        api::save_point_settings,
        api::my_points,
        api::get_after_sales,
        api::put_after_sales,
        api::list_after_sales,
        api::accept_after_sales,
        api::decline_after_sales,
        api::return_after_sales,
        api::received_after_sales,
        api::refund_after_sales,
        api::ship_after_sales,
        api::after_sales_photo,
        api::b2_csv,
        api::b2_tracking,
        api::list_shops,
        api::create_shop,
        api::update_shop,
        api::get_shop,
        api::list_accounts,
        api::create_staff,
        api::disable_account,
        api::enable_account,
        api::sales,
        api::get_invoice_issuer,
        api::put_invoice_issuer,
        api::upload_image,
        api::get_image,
        api::create_batch,
        api::list_batches,
        api::get_batch,
        api::void_code,
        api::codes_csv,
        api::qr_codes,
        api::claim_code,
        api::create_plan,
        api::list_plans,
        api::pause_plan,
        api::resume_plan,
        api::invite,
        api::my_plans,
        api::join_plan,
        api::my_links,
        api::my_stats,
        api::my_orders_csv,
        api::list_balances,
        api::create_payout,
        api::ledger_csv,
        api::my_balance,
        api::get_levels,
        api::set_levels,
        api::list_coupons,
        api::create_coupon,
        api::update_coupon,
        api::my_coupons,
        api::create_agency,
        api::list_agencies,
        api::invite_promoter,
        api::agency_invites,
        api::agency_promoters,
        api::agency_promoter,
        api::promoter_plans,
        api::join_for,
        api::agency_balance,
        api::my_invites,
        api::accept_invite
    )
)]
struct ApiDoc;

/// Routes that need a session cookie (admin, staff or promoter), by path prefix: they answer
/// 401 without one and 403 to an account of the wrong role. The contract run
/// (`scripts/contract.sh`) checks both ways: a secured route must answer 401 without the cookie,
/// and an open route that answered 401 would be an undocumented status.
const SIGNED_IN: [&str; 8] = [
    "/api/admin/",
    "/api/agency/",
    "/api/batches",
    "/api/promoter/",
    "/api/auth/me",
    "/api/shops/",
    "/api/orders/{token}/confirm-payment",
    "/api/orders/{token}/cancel",
];

/// Adds the answers every route of a kind gives, so each route declares only its own:
/// a JSON body can be malformed (400), of the wrong shape (422), too large (413) or too slow
/// (408); query and header parameters can be malformed (400); signed-in routes answer 401 and
/// 403. Also declares the session cookie and the `Idempotency-Key` header's format.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        constraints::apply(doc);
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    crate::auth::COOKIE_NAME,
                    "Set by POST /api/auth/sign-in",
                ))),
            );
        for (path, item) in doc.paths.paths.iter_mut() {
            // A prefix covers the paths below it, not its siblings (`/cancel` is not `/cancel-gift`).
            let signed_in = SIGNED_IN.iter().any(|p| {
                path.strip_prefix(p).is_some_and(|rest| {
                    rest.is_empty() || p.ends_with('/') || rest.starts_with('/')
                })
            });
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_common_answers(op, signed_in);
            }
        }
    }
}

fn add_common_answers(op: &mut Operation, signed_in: bool) {
    let mut add = |status: &str, description: &str| {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            utoipa::openapi::ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build(),
                )
            });
    };
    let is_json_body = op.request_body.as_ref().is_some_and(|b| match b {
        RefOr::T(body) => body.content.contains_key("application/json"),
        RefOr::Ref(_) => true,
    });
    if is_json_body {
        add(
            "400",
            "The body is not JSON, or not sent as `application/json`",
        );
        add(
            "422",
            "The body does not have the expected fields or values",
        );
        add("413", "The body is over 64 KiB");
        add("408", "The body did not arrive in time");
    }
    let params = op.parameters.iter().flatten().filter_map(|p| match p {
        RefOr::T(p) => Some(p),
        RefOr::Ref(_) => None,
    });
    if params
        .clone()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query | ParameterIn::Header))
    {
        add("400", "A query or header parameter is missing or malformed");
    }
    for p in op.parameters.iter_mut().flatten() {
        if let RefOr::T(p) = p
            && p.name == "Idempotency-Key"
        {
            p.schema = Some(RefOr::T(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[!-~]{8,128}$"))
                    .into(),
            ));
        }
    }
    if signed_in {
        add("401", "Not signed in, or the session expired");
        add("403", "Signed in with an account that may not do this");
        op.security = Some(vec![SecurityRequirement::new(
            "session",
            Vec::<String>::new(),
        )]);
    }
}

/// The document, built once.
pub fn spec() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

pub async fn document() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(spec())
}
