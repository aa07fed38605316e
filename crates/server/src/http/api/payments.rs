//! Card payments through Stripe: the webhook Stripe calls, and the order page's card step
//! (what Stripe.js needs for 3-D Secure; the browser's return, which settles the order as the
//! webhook would: whichever comes first, the order is paid once).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use omiyage_api::{ApiError, CardPaymentView, ErrorBody, ErrorCode, OrderView};

use omiyage_flows::card::Standing;

use crate::payments::stripe::{self, Intent, Stripe};
use crate::storage::Backend;
use crate::storage::CardOutcome;
use crate::{AppError, AppState};

fn connected<S: Backend>(state: &AppState<S>) -> Result<&Stripe, AppError> {
    state.payments.stripe.as_ref().ok_or_else(|| {
        ApiError::new(ErrorCode::NotFound, "This shop takes no cards online.").into()
    })
}

/// Events from Stripe: signed with the webhook secret (checked against the raw body), each
/// acted on once (by event id), in any order.
#[utoipa::path(post, path = "/api/payments/stripe/webhook",
    request_body(content = String, description = "A Stripe event, as Stripe sends it"),
    params(("Stripe-Signature" = String, Header, description = "t=<unix seconds>,v1=<hex HMAC-SHA256>")),
    responses((status = 200, description = "Handled (or seen before)"),
        (status = 400, body = ErrorBody, description = "Bad signature or not an event; nothing changed"),
        (status = 404, body = ErrorBody, description = "The shop is not connected to Stripe")))]
pub async fn stripe_webhook<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let bad = |m: String| -> AppError { ApiError::new(ErrorCode::BadRequest, m).into() };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad("The Stripe-Signature header is missing.".into()))?;
    let stripe = connected(&state)?;
    stripe::verify_signature(
        signature,
        &body,
        &stripe.config.webhook_secret,
        state.clock.now(),
    )
    .map_err(|e| bad(format!("The webhook signature does not check out: {e}.")))?;
    let event: stripe::Event = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("The body is not a Stripe event: {e}.")))?;
    let object = &event.data.object;
    let (outcome, intent_id) = match event.kind.as_str() {
        // Counted from what the payment is (a replayed or forged event for a payment that
        // never succeeded moves no money).
        "payment_intent.succeeded" if object["status"] == "succeeded" => {
            (CardOutcome::Paid, object["id"].as_str())
        }
        // A declined card or a failed challenge leaves the order waiting for another card (the
        // card page takes one) until the payment timeout; an intent cancelled at Stripe ends it.
        "payment_intent.canceled" => (CardOutcome::Failed, object["id"].as_str()),
        // Refunded in full, here or in Stripe's dashboard: the order's payment says so.
        "charge.refunded" if object["refunded"] == true => {
            (CardOutcome::Refunded, object["payment_intent"].as_str())
        }
        _ => (CardOutcome::Noted, None),
    };
    let order = match intent_id {
        // The order written with the intent (a retried checkout may have written it under
        // another token than the intent's metadata names).
        Some(id) => state.storage.card_order(id).await?,
        None if outcome == CardOutcome::Noted => None,
        None => return Err(bad("The event names no PaymentIntent.".into())),
    };
    let settled = state
        .storage
        .settle_card(
            order.as_deref(),
            outcome,
            intent_id,
            Some((&event.id, &event.kind)),
            state.clock.now(),
        )
        .await?;
    tracing::info!(event = %event.id, kind = %event.kind, ?settled, "Stripe event");
    Ok(Json(serde_json::json!({ "received": true })))
}

async fn intent_of<S: Backend>(state: &AppState<S>, token: &str) -> Result<Intent, AppError> {
    let stripe = connected(state)?;
    let id = state
        .storage
        .card_intent(token)
        .await?
        .ok_or_else(|| ApiError::not_found("A card payment for this order"))?;
    Ok(stripe
        .intent(&id)
        .await
        .map_err(|e| crate::payments::unavailable(&e))?)
}

/// What the order page needs to finish a card payment with Stripe.js.
#[utoipa::path(get, path = "/api/orders/{token}/card",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = CardPaymentView), (status = 404, body = ErrorBody)))]
pub async fn card_payment<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
) -> Result<Json<CardPaymentView>, AppError> {
    let stripe = connected(&state)?;
    let intent = match state.storage.card_intent(&token).await? {
        Some(_) => intent_of(&state, &token).await?,
        // Waiting for its first card.
        None => {
            crate::services::orders::load(&state, &token).await?;
            return Ok(Json(CardPaymentView {
                status: "requires_payment_method".into(),
                client_secret: None,
                publishable_key: stripe.config.publishable_key.clone(),
                js_url: stripe.config.js_url.clone(),
            }));
        }
    };
    let open = matches!(intent.standing(), Standing::NeedsAction);
    Ok(Json(CardPaymentView {
        status: intent.status.clone(),
        client_secret: if open { intent.client_secret } else { None },
        publishable_key: stripe.config.publishable_key.clone(),
        js_url: stripe.config.js_url.clone(),
    }))
}

/// The card the shopper entered on the card page (what Stripe.js made of it).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct CardAttempt {
    /// `pm_…` or `card_…` from Stripe.js.
    pub payment_method: String,
}

/// Pays an order awaiting its card with the card entered on the card page: paid at once,
/// 3-D Secure to finish (the answer carries the client secret), or declined (402; the order
/// keeps waiting for another card until the payment timeout).
#[utoipa::path(post, path = "/api/orders/{token}/card",
    params(("token" = String, Path, description = "The order's private token")),
    request_body = CardAttempt,
    responses((status = 200, body = CardPaymentView),
        (status = 402, body = ErrorBody, description = "Declined; nothing was charged"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The order is not waiting for a card"),
        (status = 429, body = ErrorBody, description = "Too many cards tried for this order or from this client; see Retry-After")))]
pub async fn card_attempt<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    crate::http::extract::ClientIp(client): crate::http::extract::ClientIp,
    crate::http::extract::ApiJson(attempt): crate::http::extract::ApiJson<CardAttempt>,
) -> Result<Json<CardPaymentView>, AppError> {
    let stripe = connected(&state)?;
    let order = crate::services::orders::load(&state, &token).await?;
    if order.payment.method != "card" || order.status != omiyage_api::OrderStatus::AwaitingPayment {
        return Err(
            ApiError::new(ErrorCode::Conflict, "This order is not waiting for a card.").into(),
        );
    }
    if !omiyage_core::payment::provider_reference_ok(&attempt.payment_method) {
        return Err(ApiError::invalid(vec![omiyage_api::FieldError::new(
            "payment_method",
            "The card form did not finish: please enter the card again.",
        )])
        .into());
    }
    // Counted before the provider is asked, on every instance (the counts are in the database):
    // trying many cards on one order, or across orders, is card testing.
    let now = state.clock.now();
    let group = omiyage_core::hold::client_group(client);
    for (key, limit) in [
        (format!("card-order:{token}"), state.card_attempts_per_order),
        (
            format!("card-client:{group}"),
            state.card_attempts_per_client,
        ),
    ] {
        state
            .storage
            .hit_limit(&key, limit, now)
            .await?
            .map_err(AppError::Limited)?;
    }
    let intent = crate::services::payments::attempt(
        &state,
        stripe,
        &token,
        &attempt.payment_method,
        order.total.amount,
    )
    .await?;
    let open = intent.standing() == Standing::NeedsAction;
    Ok(Json(CardPaymentView {
        status: intent.status,
        client_secret: if open { intent.client_secret } else { None },
        publishable_key: stripe.config.publishable_key.clone(),
        js_url: stripe.config.js_url.clone(),
    }))
}

/// The browser is back from Stripe.js (3-D Secure done or given up): the order is settled from
/// what Stripe says now, exactly as the webhook would.
#[utoipa::path(post, path = "/api/orders/{token}/card/return",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn card_return<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    let intent = intent_of(&state, &token).await?;
    crate::services::payments::settle_from(&state, &token, &intent).await?;
    crate::services::orders::load(&state, &token)
        .await
        .map(Json)
}
