//! The console's typed client of the back-office API. Requests carry the session cookie
//! (same origin); a 401 anywhere sends the person to the sign-in page.

mod after_sales;
pub use after_sales::*;

use gloo_net::http::{Request, RequestBuilder};
use omiyage_api::{
    AccountView, AdminCategory, AdminOrder, AdminProduct, AdminVariant, AgencyInput, AgencyInvite,
    AgencyInviteInput, AgencyPromoter, AgencyView, ApiError, BatchInput, BatchSummary, BatchView,
    Catalog, CategoryInput, ErrorCode, GiftOptionSettings, Ladder, LadderInput, NewAccount,
    OrderSummary, Payout, PayoutBalance, PayoutInput, PlanInput, PlanView, ProductInput,
    PromoterStats, RefundRequest, SalesOverview, ShareLink, ShipRequest, Shop, ShopInput,
    SignInRequest, StockChange, UploadedImage,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn network(e: gloo_net::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Network,
        format!("Could not reach the server. Check the connection and try again. ({e})"),
    )
}

/// Sends a request; the body of a 2xx answer, or the API's error.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<String, ApiError> {
    let request = request.map_err(network)?;
    // The console's language, not the browser's: names and CSV headers come back in it.
    request
        .headers()
        .set("Accept-Language", crate::i18n::lang().tag());
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    let text = response.text().await.map_err(network)?;
    omiyage_api::answer(status, text)
}

fn parse<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    let text = text?;
    let text = if text.is_empty() { "null" } else { &text };
    serde_json::from_str(text).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The server sent an answer the console cannot read ({e})."),
        )
    })
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    parse(send(Request::get(url).build()).await)
}

fn with_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Request, gloo_net::Error> {
    builder.json(body)
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub async fn sign_in(request: &SignInRequest) -> Result<AccountView, ApiError> {
    parse(send(with_json(Request::post("/api/auth/sign-in"), request)).await)
}

pub async fn sign_out() -> Result<(), ApiError> {
    send(Request::post("/api/auth/sign-out").build())
        .await
        .map(|_| ())
}

pub async fn promoter_sign_up(input: &NewAccount) -> Result<omiyage_api::SignUpStarted, ApiError> {
    parse(send(with_json(Request::post("/api/auth/promoters"), input)).await)
}

/// Opens a sign-up's emailed link: the new account, signed in.
pub async fn confirm_sign_up(token: &str) -> Result<AccountView, ApiError> {
    let body = omiyage_api::LinkToken {
        token: token.to_string(),
    };
    parse(
        send(with_json(
            Request::post("/api/auth/promoters/confirm"),
            &body,
        ))
        .await,
    )
}

pub async fn me() -> Result<AccountView, ApiError> {
    get("/api/auth/me").await
}

pub async fn demo_accounts() -> Result<Vec<AccountView>, ApiError> {
    get("/api/auth/demo").await
}

pub async fn categories() -> Result<Vec<omiyage_api::Category>, ApiError> {
    get::<omiyage_api::Catalog>("/api/products")
        .await
        .map(|c| c.categories)
}

pub async fn products() -> Result<Vec<AdminProduct>, ApiError> {
    get("/api/admin/products").await
}

pub async fn product(id: &str) -> Result<AdminProduct, ApiError> {
    get(&format!("/api/admin/products/{}", encode(id))).await
}

pub async fn save_product(
    id: Option<&str>,
    input: &ProductInput,
) -> Result<AdminProduct, ApiError> {
    let builder = match id {
        Some(id) => Request::put(&format!("/api/admin/products/{}", encode(id))),
        None => Request::post("/api/admin/products"),
    };
    parse(send(with_json(builder, input)).await)
}

pub async fn admin_categories() -> Result<Vec<AdminCategory>, ApiError> {
    get("/api/admin/categories").await
}

pub async fn save_category(
    id: Option<&str>,
    input: &CategoryInput,
) -> Result<AdminCategory, ApiError> {
    let builder = match id {
        Some(id) => Request::put(&format!("/api/admin/categories/{}", encode(id))),
        None => Request::post("/api/admin/categories"),
    };
    parse(send(with_json(builder, input)).await)
}

pub async fn set_archived(id: &str, archived: bool) -> Result<AdminProduct, ApiError> {
    let action = if archived { "archive" } else { "restore" };
    parse(
        send(Request::post(&format!("/api/admin/products/{}/{action}", encode(id))).build()).await,
    )
}

pub async fn change_stock(
    variant_id: &str,
    change: &StockChange,
) -> Result<AdminVariant, ApiError> {
    let url = format!("/api/admin/variants/{}/stock", encode(variant_id));
    parse(send(with_json(Request::post(&url), change)).await)
}

/// Uploads an image file as it is; the server checks what it really is.
pub async fn upload_image(file: web_sys::File) -> Result<UploadedImage, ApiError> {
    let request = Request::post("/api/admin/images")
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file));
    parse(send(request).await)
}

pub async fn orders(query: &str) -> Result<Vec<OrderSummary>, ApiError> {
    get(&format!("/api/admin/orders{query}")).await
}

pub async fn order(token: &str) -> Result<AdminOrder, ApiError> {
    get(&format!("/api/admin/orders/{}", encode(token))).await
}

pub async fn ship(token: &str, tracking_number: String) -> Result<AdminOrder, ApiError> {
    let url = format!("/api/admin/orders/{}/ship", encode(token));
    parse(
        send(with_json(
            Request::post(&url),
            &ShipRequest { tracking_number },
        ))
        .await,
    )
}

/// Refunds (part of) a card-paid order through Stripe; with `cancel`, cancels it too.
pub async fn refund(token: &str, request: RefundRequest) -> Result<AdminOrder, ApiError> {
    let url = format!("/api/admin/orders/{}/refund", encode(token));
    parse(send(with_json(Request::post(&url), &request)).await)
}

pub async fn confirm_payment(token: &str) -> Result<(), ApiError> {
    let url = format!("/api/orders/{}/confirm-payment", encode(token));
    send(Request::post(&url).build()).await.map(|_| ())
}

pub async fn messages() -> Result<omiyage_api::OutboxView, ApiError> {
    get("/api/admin/messages").await
}

pub async fn resend_message(id: &str) -> Result<omiyage_api::OutboxMessage, ApiError> {
    let url = format!("/api/admin/messages/{}/resend", encode(id));
    parse(send(Request::post(&url).build()).await)
}

pub async fn webhooks() -> Result<Vec<omiyage_api::WebhookEndpoint>, ApiError> {
    get("/api/admin/webhooks").await
}

pub async fn create_webhook(
    input: &omiyage_api::WebhookInput,
) -> Result<omiyage_api::WebhookEndpoint, ApiError> {
    parse(send(with_json(Request::post("/api/admin/webhooks"), input)).await)
}

pub async fn rotate_webhook(id: &str) -> Result<omiyage_api::WebhookEndpoint, ApiError> {
    let url = format!("/api/admin/webhooks/{}/rotate", encode(id));
    parse(send(Request::post(&url).build()).await)
}

pub async fn test_webhook(id: &str) -> Result<(), ApiError> {
    let url = format!("/api/admin/webhooks/{}/test", encode(id));
    send(Request::post(&url).build()).await.map(|_| ())
}

pub async fn delete_webhook(id: &str) -> Result<(), ApiError> {
    let url = format!("/api/admin/webhooks/{}", encode(id));
    send(Request::delete(&url).build()).await.map(|_| ())
}

pub async fn webhook_deliveries(id: &str) -> Result<Vec<omiyage_api::OutboxMessage>, ApiError> {
    get(&format!("/api/admin/webhooks/{}/deliveries", encode(id))).await
}

pub async fn sales() -> Result<SalesOverview, ApiError> {
    get("/api/admin/sales").await
}

pub async fn shops() -> Result<Vec<Shop>, ApiError> {
    get("/api/admin/shops").await
}

pub async fn shop(id: &str) -> Result<Shop, ApiError> {
    get(&format!("/api/shops/{}", encode(id))).await
}

pub async fn create_shop(input: &ShopInput) -> Result<Shop, ApiError> {
    parse(send(with_json(Request::post("/api/admin/shops"), input)).await)
}

pub async fn update_shop(id: &str, input: &ShopInput) -> Result<Shop, ApiError> {
    let url = format!("/api/admin/shops/{}", encode(id));
    parse(send(with_json(Request::put(&url), input)).await)
}

pub async fn invoice_issuer() -> Result<Option<omiyage_api::InvoiceIssuer>, ApiError> {
    get("/api/admin/invoice-issuer").await
}

pub async fn set_invoice_issuer(
    input: &omiyage_api::InvoiceIssuer,
) -> Result<omiyage_api::InvoiceIssuer, ApiError> {
    parse(send(with_json(Request::put("/api/admin/invoice-issuer"), input)).await)
}

pub async fn payment_rules() -> Result<omiyage_api::PaymentRules, ApiError> {
    get("/api/admin/payment-rules").await
}

pub async fn set_payment_rules(
    input: &omiyage_api::PaymentRules,
) -> Result<omiyage_api::PaymentRules, ApiError> {
    parse(send(with_json(Request::put("/api/admin/payment-rules"), input)).await)
}

/// Staff cancel an order that was never paid (stock and coupon use go back).
pub async fn cancel_unpaid(token: &str) -> Result<omiyage_api::OrderView, ApiError> {
    let url = format!("/api/orders/{}/cancel", encode(token));
    parse(send(Request::post(&url).build()).await)
}

pub async fn accounts() -> Result<Vec<AccountView>, ApiError> {
    get("/api/admin/accounts").await
}

pub async fn create_staff(input: &NewAccount) -> Result<AccountView, ApiError> {
    parse(send(with_json(Request::post("/api/admin/staff"), input)).await)
}

pub async fn set_disabled(id: &str, disabled: bool) -> Result<AccountView, ApiError> {
    let action = if disabled { "disable" } else { "enable" };
    let url = format!("/api/admin/accounts/{}/{action}", encode(id));
    parse(send(Request::post(&url).build()).await)
}

pub async fn catalog() -> Result<Catalog, ApiError> {
    get("/api/products").await
}

pub async fn batches() -> Result<Vec<BatchSummary>, ApiError> {
    get("/api/batches").await
}

pub async fn batch(id: &str) -> Result<BatchView, ApiError> {
    get(&format!("/api/batches/{}", encode(id))).await
}

pub async fn create_batch(input: &BatchInput) -> Result<BatchView, ApiError> {
    parse(send(with_json(Request::post("/api/batches"), input)).await)
}

pub async fn void_code(batch_id: &str, code: &str) -> Result<BatchView, ApiError> {
    let url = format!(
        "/api/batches/{}/codes/{}/void",
        encode(batch_id),
        encode(code)
    );
    parse(send(Request::post(&url).build()).await)
}

/// The SVG QR codes of every claim link of a batch, in code order.
pub async fn qr_codes(batch_id: &str, origin: &str) -> Result<Vec<String>, ApiError> {
    get(&format!(
        "/api/batches/{}/qr-codes?origin={}",
        encode(batch_id),
        encode(origin)
    ))
    .await
}

pub async fn coupons() -> Result<Vec<omiyage_api::CouponView>, ApiError> {
    get("/api/admin/coupons").await
}

pub async fn create_coupon(
    input: &omiyage_api::CouponInput,
) -> Result<omiyage_api::CouponView, ApiError> {
    parse(send(with_json(Request::post("/api/admin/coupons"), input)).await)
}

pub async fn update_coupon(
    input: &omiyage_api::CouponInput,
) -> Result<omiyage_api::CouponView, ApiError> {
    let url = format!("/api/admin/coupons/{}", encode(&input.code));
    parse(send(with_json(Request::put(&url), input)).await)
}

pub async fn my_coupons() -> Result<Vec<omiyage_api::PromoterCoupon>, ApiError> {
    get("/api/promoter/coupons").await
}

pub async fn admin_plans() -> Result<Vec<PlanView>, ApiError> {
    get("/api/admin/plans").await
}

pub async fn create_plan(input: &PlanInput) -> Result<PlanView, ApiError> {
    parse(send(with_json(Request::post("/api/admin/plans"), input)).await)
}

pub async fn set_plan_paused(id: &str, pause: bool) -> Result<(), ApiError> {
    let action = if pause { "pause" } else { "resume" };
    send(Request::post(&format!("/api/admin/plans/{}/{action}", encode(id))).build())
        .await
        .map(|_| ())
}

pub async fn promoter_plans() -> Result<Vec<PlanView>, ApiError> {
    get("/api/promoter/plans").await
}

pub async fn join_plan(id: &str) -> Result<(), ApiError> {
    send(Request::post(&format!("/api/promoter/plans/{}/join", encode(id))).build())
        .await
        .map(|_| ())
}

pub async fn promoter_links() -> Result<Vec<ShareLink>, ApiError> {
    get("/api/promoter/links").await
}

pub async fn promoter_stats() -> Result<PromoterStats, ApiError> {
    get("/api/promoter/stats").await
}

pub async fn invite(plan_id: &str, promoter_id: &str) -> Result<(), ApiError> {
    let url = format!(
        "/api/admin/plans/{}/invites/{}",
        encode(plan_id),
        encode(promoter_id)
    );
    send(Request::post(&url).build()).await.map(|_| ())
}

pub async fn payout_balances() -> Result<Vec<PayoutBalance>, ApiError> {
    get("/api/admin/payouts").await
}

/// Records a payout; `key` (one per payout the admin means to make) makes a second click or a
/// retry record nothing new.
pub async fn pay_out(input: &PayoutInput, key: &str) -> Result<Payout, ApiError> {
    let request = Request::post("/api/admin/payouts").header(omiyage_api::IDEMPOTENCY_HEADER, key);
    parse(send(with_json(request, input)).await)
}

pub async fn my_balance() -> Result<PayoutBalance, ApiError> {
    get("/api/promoter/payouts").await
}

pub async fn delivery_settings() -> Result<omiyage_api::DeliverySettings, ApiError> {
    get("/api/admin/delivery").await
}

pub async fn set_delivery_settings(
    input: &omiyage_api::DeliverySettings,
) -> Result<omiyage_api::DeliverySettings, ApiError> {
    parse(send(with_json(Request::put("/api/admin/delivery"), input)).await)
}

/// Sends B2's issued-tracking file as it is (the server reads Shift_JIS or UTF-8).
pub async fn import_tracking(file: web_sys::File) -> Result<omiyage_api::TrackingImport, ApiError> {
    let request = Request::post("/api/admin/shipments/b2-tracking")
        .header("content-type", "text/csv")
        .body(wasm_bindgen::JsValue::from(file));
    parse(send(request).await)
}

pub async fn gift_option_settings() -> Result<GiftOptionSettings, ApiError> {
    get("/api/admin/gift-options").await
}

pub async fn set_gift_option_settings(
    input: &GiftOptionSettings,
) -> Result<GiftOptionSettings, ApiError> {
    parse(send(with_json(Request::put("/api/admin/gift-options"), input)).await)
}

pub async fn point_settings() -> Result<omiyage_api::PointSettings, ApiError> {
    get("/api/admin/points").await
}

pub async fn set_point_settings(
    input: &omiyage_api::PointSettings,
) -> Result<omiyage_api::PointSettings, ApiError> {
    parse(send(with_json(Request::put("/api/admin/points"), input)).await)
}

pub async fn ladder() -> Result<Ladder, ApiError> {
    get("/api/admin/levels").await
}

pub async fn set_ladder(input: &LadderInput) -> Result<Ladder, ApiError> {
    parse(send(with_json(Request::put("/api/admin/levels"), input)).await)
}

pub async fn agencies() -> Result<Vec<AgencyView>, ApiError> {
    get("/api/admin/agencies").await
}

pub async fn create_agency(input: &AgencyInput) -> Result<AgencyView, ApiError> {
    parse(send(with_json(Request::post("/api/admin/agencies"), input)).await)
}

pub async fn agency_promoters() -> Result<Vec<AgencyPromoter>, ApiError> {
    get("/api/agency/promoters").await
}

pub async fn agency_invites() -> Result<Vec<AgencyInvite>, ApiError> {
    get("/api/agency/invites").await
}

pub async fn invite_promoter(email: &str) -> Result<AgencyInvite, ApiError> {
    let input = AgencyInviteInput {
        email: email.to_string(),
    };
    parse(send(with_json(Request::post("/api/agency/invites"), &input)).await)
}

pub async fn agency_balance() -> Result<PayoutBalance, ApiError> {
    get("/api/agency/payouts").await
}

pub async fn agency_promoter_plans(promoter_id: &str) -> Result<Vec<PlanView>, ApiError> {
    get(&format!(
        "/api/agency/promoters/{}/plans",
        encode(promoter_id)
    ))
    .await
}

pub async fn join_for(promoter_id: &str, plan_id: &str) -> Result<(), ApiError> {
    let url = format!(
        "/api/agency/promoters/{}/plans/{}/join",
        encode(promoter_id),
        encode(plan_id)
    );
    send(Request::post(&url).build()).await.map(|_| ())
}

pub async fn my_invites() -> Result<Vec<AgencyInvite>, ApiError> {
    get("/api/promoter/invites").await
}

/// Accepts an invitation with the secret of the link emailed to the invited address.
pub async fn accept_invite(id: &str, token: &str) -> Result<(), ApiError> {
    let url = format!("/api/promoter/invites/{}/accept", encode(id));
    let body = omiyage_api::LinkToken {
        token: token.to_string(),
    };
    send(with_json(Request::post(&url), &body))
        .await
        .map(|_| ())
}
