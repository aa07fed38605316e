//! Card payments through Stripe: the webhook Stripe calls, and the order page's card step
//! (what Stripe.js needs for 3-D Secure; the browser's return, which settles the order as the
//! webhook would: whichever comes first, the order is paid once).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use omiyage_api::{ApiError, CardPaymentView, ErrorBody, ErrorCode, OrderView};

use crate::payment::stripe::{self, Intent, Standing, Stripe};
use crate::storage::{CardOutcome, PaymentStorage};
use crate::{AppError, AppState};

fn connected(state: &AppState) -> Result<&Stripe, AppError> {
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
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let stripe = connected(&state)?;
    let bad = |m: String| -> AppError { ApiError::new(ErrorCode::BadRequest, m).into() };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad("The Stripe-Signature header is missing.".into()))?;
    stripe::verify_signature(
        signature,
        &body,
        &stripe.config.webhook_secret,
        state.clock.now(),
    )
    .map_err(|e| bad(format!("The webhook signature does not check out: {e}.")))?;
    let event: stripe::Event = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("The body is not a Stripe event: {e}.")))?;
    let outcome = match event.kind.as_str() {
        "payment_intent.succeeded" => CardOutcome::Paid,
        "payment_intent.payment_failed" | "payment_intent.canceled" => CardOutcome::Failed,
        _ => CardOutcome::Noted,
    };
    let order = match outcome {
        CardOutcome::Noted => None,
        _ => {
            let intent: Intent = serde_json::from_value(event.data.object.clone())
                .map_err(|e| bad(format!("The event's PaymentIntent does not parse: {e}.")))?;
            // The order written with the intent (a retried checkout may have written it
            // under another token than the intent's metadata names).
            state.storage.card_order(&intent.id).await?
        }
    };
    let settled = state
        .storage
        .settle_card(
            order.as_deref(),
            outcome,
            Some((&event.id, &event.kind)),
            state.clock.now(),
        )
        .await?;
    tracing::info!(event = %event.id, kind = %event.kind, ?settled, "Stripe event");
    Ok(Json(serde_json::json!({ "received": true })))
}

/// Settles a card order from the intent as Stripe reports it now.
pub async fn settle_from(state: &AppState, order: &str, intent: &Intent) -> Result<(), AppError> {
    let outcome = match intent.standing() {
        Standing::Succeeded => CardOutcome::Paid,
        Standing::Failed => CardOutcome::Failed,
        Standing::NeedsAction | Standing::Processing => return Ok(()),
    };
    state
        .storage
        .settle_card(Some(order), outcome, None, state.clock.now())
        .await?;
    Ok(())
}

async fn intent_of(state: &AppState, token: &str) -> Result<Intent, AppError> {
    let stripe = connected(state)?;
    let id = state
        .storage
        .card_intent(token)
        .await?
        .ok_or_else(|| ApiError::not_found("A card payment for this order"))?;
    Ok(stripe
        .intent(&id)
        .await
        .map_err(|e| crate::payment::unavailable(&e))?)
}

/// What the order page needs to finish a card payment with Stripe.js.
#[utoipa::path(get, path = "/api/orders/{token}/card",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = CardPaymentView), (status = 404, body = ErrorBody)))]
pub async fn card_payment(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<CardPaymentView>, AppError> {
    let intent = intent_of(&state, &token).await?;
    let stripe = connected(&state)?;
    let open = matches!(intent.standing(), Standing::NeedsAction);
    Ok(Json(CardPaymentView {
        status: intent.status.clone(),
        client_secret: if open { intent.client_secret } else { None },
        publishable_key: stripe.config.publishable_key.clone(),
        js_url: stripe.config.js_url.clone(),
    }))
}

/// The browser is back from Stripe.js (3-D Secure done or given up): the order is settled from
/// what Stripe says now, exactly as the webhook would.
#[utoipa::path(post, path = "/api/orders/{token}/card",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn card_return(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    let intent = intent_of(&state, &token).await?;
    settle_from(&state, &token, &intent).await?;
    crate::services::orders::load(&state, &token)
        .await
        .map(Json)
}
