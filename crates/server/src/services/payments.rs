//! Card payments settled from what Stripe says: after the browser's return, a card entered on
//! the card page, and the sweep of payments left waiting past the timeout.

use omiyage_api::{ApiError, CancelReason, ErrorCode, FieldError, OrderStatus, RefundRequest};
use omiyage_core::lifecycle::{Attempt, IntentStanding, before_attempt};

use omiyage_core::payment::REFUND_REASON_MAX_CHARS;

use crate::payment::stripe::{Intent, Standing, Stripe, StripeError};
use crate::storage::Backend;
use crate::storage::CardOutcome;
use crate::{AppError, AppState};

/// Settles a card order from its intent as Stripe reports it now, by the lifecycle's rules: a
/// success is counted once (the waiting order paid, or the money returned at once); a
/// cancelled intent ends the order only if it is the order's latest; a declined or
/// unconfirmed one leaves it waiting for another card.
pub async fn settle_from<S: Backend>(
    state: &AppState<S>,
    order: &str,
    intent: &Intent,
) -> Result<(), AppError> {
    let outcome = match (intent.standing(), intent.status.as_str()) {
        (Standing::Succeeded, _) => CardOutcome::Paid,
        (Standing::Failed, "canceled") => CardOutcome::Failed,
        _ => return Ok(()),
    };
    state
        .storage
        .settle_card(
            Some(order),
            outcome,
            Some(&intent.id),
            None,
            state.clock.now(),
        )
        .await?;
    Ok(())
}

fn standing(intent: &Intent) -> IntentStanding {
    match (intent.standing(), intent.status.as_str()) {
        (Standing::Succeeded, _) => IntentStanding::Succeeded,
        (Standing::Failed, "canceled") => IntentStanding::Closed,
        // Declined intents may still be confirmed with another card: closed like open ones.
        _ => IntentStanding::Open,
    }
}

/// Closes an intent at Stripe so it can never be charged, and settles the order from what it
/// was in the end: `true` when it had succeeded meanwhile (the order is then paid by it, or
/// its money goes back).
async fn close_intent<S: Backend>(
    state: &AppState<S>,
    stripe: &Stripe,
    order: &str,
    id: &str,
) -> Result<bool, AppError> {
    let unavailable = |e: StripeError| AppError::from(crate::payment::unavailable(&e));
    let mut intent = stripe.intent(id).await.map_err(unavailable)?;
    if let Attempt::CancelFirst(_) = before_attempt(Some((id, standing(&intent)))) {
        intent = match stripe.cancel(id).await {
            Ok(cancelled) => cancelled,
            // Already final (succeeded, or cancelled): read it again.
            Err(_) => stripe.intent(id).await.map_err(unavailable)?,
        };
        if standing(&intent) == IntentStanding::Open {
            return Err(unavailable(StripeError::Failed(format!(
                "the payment {id} could not be cancelled"
            ))));
        }
    }
    let succeeded = standing(&intent) == IntentStanding::Succeeded;
    if succeeded {
        settle_from(state, order, &intent).await?;
    }
    Ok(succeeded)
}

fn not_waiting() -> AppError {
    ApiError::new(ErrorCode::Conflict, "This order is not waiting for a card.").into()
}

/// A card entered on the card page for an order awaiting payment. One attempt at a time per
/// order: the order's open intent is taken out of it and cancelled first (if it succeeded
/// meanwhile, the order is paid by it and this attempt refused); the new intent goes in only
/// if nothing else changed the order meanwhile, else it is closed (or its money returned).
pub async fn attempt<S: Backend>(
    state: &AppState<S>,
    token: &str,
    payment_method: &str,
    total: i64,
) -> Result<Intent, AppError> {
    let stripe = state.payments.stripe.as_ref().ok_or_else(not_waiting)?;
    let now = state.clock.now();
    if let Some(open) = state.storage.card_intent(token).await? {
        if !state
            .storage
            .swap_card_intent(token, Some(&open), None, now)
            .await?
        {
            return Err(not_waiting());
        }
        if close_intent(state, stripe, token, &open).await? {
            return Err(ApiError::new(ErrorCode::Conflict, "This order is already paid.").into());
        }
    }
    // One intent per order, card and attempt: the same card sent twice at once is one payment.
    let made = state.storage.intents_made(token).await?;
    let key = format!("{token}-{payment_method}-{made}");
    let intent = match stripe.pay(total, payment_method, token, &key).await {
        Ok(intent) => intent,
        Err(StripeError::Declined(reason)) => {
            return Err(crate::payment::declined(&reason).into());
        }
        Err(e) => return Err(crate::payment::unavailable(&e).into()),
    };
    let put = state
        .storage
        .swap_card_intent(token, None, Some((&intent.id, intent.amount)), now)
        .await?;
    if !put {
        // Another attempt or the timeout came first: this intent must not stand.
        close_intent(state, stripe, token, &intent.id).await?;
        return Err(not_waiting());
    }
    if intent.standing() == Standing::Failed {
        return Err(crate::payment::declined("").into());
    }
    settle_from(state, token, &intent).await?;
    Ok(intent)
}

/// The sender cancels their gift. Unpaid, the order is cancelled (its open intent closed at
/// Stripe first: if that had succeeded meanwhile, the order is paid and its unclaimed units
/// are refunded as for any paid gift); paid, its unclaimed units are refunded.
pub async fn cancel_gift<S: Backend>(state: &AppState<S>, token: &str) -> Result<(), AppError> {
    let order = super::orders::load(state, token).await?;
    if order.status == OrderStatus::AwaitingPayment {
        close_open_intent(state, token).await?;
    }
    state.storage.cancel_gift(token, state.clock.now()).await?;
    Ok(())
}

/// An unpaid order's open card intent is taken out of the order and cancelled at Stripe before
/// the order is cancelled; if it succeeded meanwhile, the order is paid by it (and is then no
/// longer cancelled as unpaid).
async fn close_open_intent<S: Backend>(state: &AppState<S>, token: &str) -> Result<(), AppError> {
    if let Some(stripe) = &state.payments.stripe
        && let Some(open) = state.storage.card_intent(token).await?
    {
        state
            .storage
            .swap_card_intent(token, Some(&open), None, state.clock.now())
            .await?;
        close_intent(state, stripe, token, &open).await?;
    }
    Ok(())
}

/// Staff cancel an order that was never paid (a counter order nobody came to pay, a card order
/// left at the card page): its stock and coupon use go back once and the shopper is told.
/// A paid order is refunded instead (409).
pub async fn cancel_unpaid<S: Backend>(state: &AppState<S>, token: &str) -> Result<(), AppError> {
    let order = super::orders::load(state, token).await?;
    omiyage_core::hold::may_cancel_unpaid(order.status)?;
    close_open_intent(state, token).await?;
    if !state
        .storage
        .cancel_unpaid(token, CancelReason::ByShop, state.clock.now())
        .await?
    {
        // Paid or cancelled meanwhile (the open intent succeeded, staff confirmed, a timeout).
        let now = super::orders::load(state, token).await?;
        omiyage_core::hold::may_cancel_unpaid(now.status)?;
    }
    Ok(())
}

/// Cancels the counter orders whose hold ended unpaid. Returns how many it cancelled.
pub async fn sweep_lapsed_holds<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    let now = state.clock.now();
    let mut cancelled = 0;
    for token in state.storage.lapsed_holds(now).await? {
        if state
            .storage
            .cancel_unpaid(&token, CancelReason::NotPaidInTime, now)
            .await?
        {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Settles card orders whose payment has waited longer than the timeout: paid if Stripe says
/// so meanwhile, else the intent is cancelled and the order too (its stock goes back). Returns
/// how many orders it looked at.
pub async fn sweep_abandoned<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    let Some(stripe) = &state.payments.stripe else {
        return Ok(0);
    };
    let before = state.clock.now() - state.card_payment_timeout_secs;
    let waiting = state.storage.waiting_card_orders(before).await?;
    for (order, intent_id) in &waiting {
        if let Some(intent_id) = intent_id
            && close_intent(state, stripe, order, intent_id).await?
        {
            continue;
        }
        state
            .storage
            .settle_card(
                Some(order),
                CardOutcome::Failed,
                intent_id.as_deref(),
                None,
                state.clock.now(),
            )
            .await?;
    }
    Ok(waiting.len())
}

/// The admin refunds (part of) a card-paid order, or cancels it with everything still paid;
/// the money goes back through the outbox (`order.refunded`), once.
pub async fn refund<S: Backend>(
    state: &AppState<S>,
    token: &str,
    request: &RefundRequest,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if request.amount < 1 {
        errors.push(FieldError::new("amount", "Refund at least 1 yen."));
    }
    let reason = request.reason.trim().chars().count();
    if !(1..=REFUND_REASON_MAX_CHARS).contains(&reason) {
        errors.push(FieldError::new(
            "reason",
            format!("Say in 1 to {REFUND_REASON_MAX_CHARS} characters why: the buyer is told."),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors).into());
    }
    let order = super::orders::load(state, token).await?;
    let held = super::card_books::held_by_gift_rules(&order);
    state
        .storage
        .refund_card(token, request, held.amount, state.clock.now())
        .await?;
    Ok(())
}
