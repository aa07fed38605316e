//! Card payments settled from what Stripe says: after the browser's return, a card entered on
//! the card page, and the sweep of payments left waiting past the timeout.

use omiyage_api::{
    ApiError, CardPaymentRecord, FieldError, Money, OrderStatus, OrderView, PaymentStatus,
    RefundRequest,
};

use omiyage_core::payment::REFUND_REASON_MAX_CHARS;

use crate::payment::stripe::{Intent, Standing};
use crate::storage::{CardOutcome, PaymentStorage};
use crate::{AppError, AppState};

/// Settles a card order from the intent as Stripe reports it now: paid once it succeeded; a
/// cancelled intent ends the order; a declined or unconfirmed one leaves it waiting for
/// another card.
pub async fn settle_from(state: &AppState, order: &str, intent: &Intent) -> Result<(), AppError> {
    let outcome = match (intent.standing(), intent.status.as_str()) {
        (Standing::Succeeded, _) => CardOutcome::Paid,
        (Standing::Failed, "canceled") => CardOutcome::Failed,
        _ => return Ok(()),
    };
    state
        .storage
        .settle_card(Some(order), outcome, None, state.clock.now())
        .await?;
    Ok(())
}

/// Settles card orders whose payment has waited longer than the timeout: paid if Stripe says
/// so meanwhile, else the intent is cancelled and the order too (its stock goes back). Returns
/// how many orders it looked at.
pub async fn sweep_abandoned(state: &AppState) -> Result<usize, AppError> {
    let Some(stripe) = &state.payments.stripe else {
        return Ok(0);
    };
    let before = state.clock.now() - state.card_payment_timeout_secs;
    let waiting = state.storage.waiting_card_orders(before).await?;
    for (order, intent_id) in &waiting {
        let Some(intent_id) = intent_id else {
            // No card was ever entered: nothing to cancel at Stripe.
            state
                .storage
                .settle_card(Some(order), CardOutcome::Failed, None, state.clock.now())
                .await?;
            continue;
        };
        let mut intent = stripe
            .intent(intent_id)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if intent.standing() != Standing::Succeeded {
            intent = match stripe.cancel(intent_id).await {
                Ok(cancelled) => cancelled,
                // Already final (cancelled, or it failed): read it again.
                Err(_) => stripe
                    .intent(intent_id)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            };
            if intent.standing() != Standing::Succeeded {
                intent.status = "canceled".into();
            }
        }
        settle_from(state, order, &intent).await?;
    }
    Ok(waiting.len())
}

/// A card order's payment as the admin follows it; `None` for orders not paid by card online.
pub async fn card_record(
    state: &AppState,
    order: &OrderView,
) -> Result<Option<CardPaymentRecord>, AppError> {
    let Some(stored) = state.storage.card_record(&order.token).await? else {
        return Ok(None);
    };
    let refunds = match &stored.intent_id {
        Some(intent) => state.storage.card_refunds(intent).await?,
        None => Vec::new(),
    };
    let held = held_by_gift_rules(order);
    let by_rules = order.gift.as_ref().map_or(0, |g| g.refunded.amount);
    let status = match (order.status, order.payment.status) {
        (OrderStatus::AwaitingPayment, _) => "awaiting_card",
        (_, PaymentStatus::Refunded) => "refunded",
        (OrderStatus::Cancelled, _) if stored.refunded_by_admin == 0 => "canceled",
        _ => "succeeded",
    };
    let paid = status != "awaiting_card" && status != "canceled";
    Ok(Some(CardPaymentRecord {
        intent_id: stored.intent_id,
        amount: Money::jpy(stored.amount),
        status: status.into(),
        refunded: Money::jpy(stored.refunded_by_admin + by_rules),
        refundable: match paid {
            true => omiyage_core::payment::refundable(
                Money::jpy(stored.amount),
                Money::jpy(stored.refunded_by_admin),
                held,
            ),
            false => Money::jpy(0),
        },
        refunds,
    }))
}

/// What the gift rules hold of an order's payment (nothing for an order that is no gift).
fn held_by_gift_rules(order: &OrderView) -> Money {
    match (&order.gift, order.lines.first()) {
        (Some(gift), Some(line)) => {
            let states: Vec<_> = gift.units.iter().map(|u| u.state).collect();
            let paid = omiyage_core::coupon::unit_paid(line);
            omiyage_core::payment::held_by_gift_rules(&states, paid)
        }
        _ => Money::jpy(0),
    }
}

/// The admin refunds (part of) a card-paid order, or cancels it with everything still paid;
/// the money goes back through the outbox (`order.refunded`), once.
pub async fn refund(
    state: &AppState,
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
    let held = held_by_gift_rules(&order);
    state
        .storage
        .refund_card(token, request, held.amount, state.clock.now())
        .await?;
    Ok(())
}
