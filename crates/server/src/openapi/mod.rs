//! The OpenAPI document, served at `/api/openapi.json`.

use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::routes;

mod constraints;

#[derive(OpenApi)]
#[openapi(
    modifiers(&CommonAnswers),
    info(title = "Omiyage API", description = "Storefront and gifting API"),
    paths(
        routes::health,
        routes::list_products,
        routes::get_product,
        routes::checkout,
        routes::get_order,
        routes::cancel_gift,
        routes::card_payment,
        routes::card_attempt,
        routes::card_return,
        routes::stripe_webhook,
        routes::find_orders,
        routes::list_messages,
        routes::resend_message,
        routes::list_webhooks,
        routes::create_webhook,
        routes::delete_webhook,
        routes::rotate_webhook,
        routes::test_webhook,
        routes::webhook_deliveries,
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
        routes::refund_order,
        routes::confirm_payment,
        routes::cancel_order,
        routes::get_payment_rules,
        routes::put_payment_rules,
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
        routes::my_orders_csv,
        routes::list_balances,
        routes::create_payout,
        routes::ledger_csv,
        routes::my_balance,
        routes::get_levels,
        routes::set_levels,
        routes::list_coupons,
        routes::create_coupon,
        routes::update_coupon,
        routes::my_coupons,
        routes::create_agency,
        routes::list_agencies,
        routes::invite_promoter,
        routes::agency_invites,
        routes::agency_promoters,
        routes::agency_promoter,
        routes::promoter_plans,
        routes::join_for,
        routes::agency_balance,
        routes::my_invites,
        routes::accept_invite
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
