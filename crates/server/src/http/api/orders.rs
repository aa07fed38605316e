use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{ErrorBody, GiftOptionSettings, OrderView, PaymentRules};

use crate::http::extract::PageLang;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// An order by the token of its private status link.
#[utoipa::path(get, path = "/api/orders/{token}",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn get_order<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    crate::services::orders::shown(&state, &token, lang)
        .await
        .map(Json)
}

/// The sender cancels their gift: every unclaimed unit is refunded and its stock returned.
#[utoipa::path(post, path = "/api/orders/{token}/cancel-gift",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Nothing left to cancel")))]
pub async fn cancel_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    crate::services::payments::cancel_gift(&state, &token).await?;
    crate::services::orders::shown(&state, &token, lang)
        .await
        .map(Json)
}

/// The body of `PUT /api/orders/{token}/gift/opens-at`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct OpensAt {
    /// When the gift opens (Unix seconds): still to come, within a year.
    pub opens_at: i64,
}

/// The sender moves when their scheduled gift opens (its email goes out then, and the claim
/// window counts from then), until that moment has passed.
#[utoipa::path(put, path = "/api/orders/{token}/gift/opens-at", request_body = OpensAt,
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Opened already, or cancelled"),
        (status = 422, body = ErrorBody)))]
pub async fn reschedule_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
    crate::http::extract::ApiJson(body): crate::http::extract::ApiJson<OpensAt>,
) -> Result<Json<OrderView>, AppError> {
    state
        .storage
        .reschedule_gift(&token, body.opens_at, state.clock.now())
        .await?;
    crate::services::orders::shown(&state, &token, lang)
        .await
        .map(Json)
}

/// Staff (or the admin) cancel an order that was never paid: its stock and coupon use go back
/// and the shopper is told by email. A paid order is refunded instead (409).
#[utoipa::path(post, path = "/api/orders/{token}/cancel",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Paid (refund it instead) or already cancelled")))]
pub async fn cancel_order<S: Backend>(
    session: crate::auth::Session,
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    session.require(&[omiyage_api::Role::Admin, omiyage_api::Role::Staff])?;
    crate::services::payments::cancel_unpaid(&state, &token).await?;
    crate::services::orders::load(&state, &token)
        .await
        .map(Json)
}

/// The shop's payment rules: how long an order paid at the counter holds its stock.
#[utoipa::path(get, path = "/api/admin/payment-rules",
    responses((status = 200, body = PaymentRules), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_payment_rules<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<PaymentRules>, AppError> {
    Ok(Json(state.storage.payment_rules().await?))
}

/// Sets the payment rules; orders already held keep the time they were given.
#[utoipa::path(put, path = "/api/admin/payment-rules", request_body = PaymentRules,
    responses((status = 200, body = PaymentRules), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_payment_rules<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    crate::http::extract::ApiJson(input): crate::http::extract::ApiJson<PaymentRules>,
) -> Result<Json<PaymentRules>, AppError> {
    let rules = omiyage_core::hold::validate_rules(&input)?;
    state
        .storage
        .set_payment_rules(&rules, state.clock.now())
        .await?;
    Ok(Json(rules))
}

/// The shop's gift options: のし and message-card prices, the wrapping papers.
#[utoipa::path(get, path = "/api/admin/gift-options",
    responses((status = 200, body = GiftOptionSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_gift_options<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<GiftOptionSettings>, AppError> {
    Ok(Json(state.storage.gift_option_settings().await?))
}

/// Sets the gift options; orders placed earlier keep what they were charged. A paper in use is
/// switched off (`disabled`) rather than removed.
#[utoipa::path(put, path = "/api/admin/gift-options", request_body = GiftOptionSettings,
    responses((status = 200, body = GiftOptionSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_gift_options<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    crate::http::extract::ApiJson(input): crate::http::extract::ApiJson<GiftOptionSettings>,
) -> Result<Json<GiftOptionSettings>, AppError> {
    let settings = omiyage_core::gift_options::validate_settings(&input)?;
    state
        .storage
        .set_gift_option_settings(&settings, state.clock.now())
        .await?;
    Ok(Json(settings))
}
