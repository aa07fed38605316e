//! Card payments: the shop's side of `omiyage_flows::card` (each step one transaction of the
//! storage) with Stripe as the provider, and the admin's refunds.

use omiyage_api::{ApiError, CancelReason, FieldError, OrderStatus, RefundRequest};
use omiyage_core::payment::REFUND_REASON_MAX_CHARS;
use omiyage_flows::card::{self, SendCardDesk};
use omiyage_flows::payment::{CardOutcome, Settled};

use crate::payments::stripe::{Intent, Stripe};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The shop's side of a card payment, for the card flows.
pub struct Desk<'a, S: Backend>(pub &'a AppState<S>);

impl<S: Backend> SendCardDesk for Desk<'_, S> {
    type Error = AppError;
    async fn order_status(&self, token: &str) -> Result<Option<OrderStatus>, AppError> {
        Ok(self.0.storage.order(token).await?.map(|o| o.status))
    }
    async fn open_intent(&self, token: &str) -> Result<Option<String>, AppError> {
        Ok(self.0.storage.card_intent(token).await?)
    }
    async fn intents_made(&self, token: &str) -> Result<i64, AppError> {
        Ok(self.0.storage.intents_made(token).await?)
    }
    async fn swap_intent(
        &self,
        token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> Result<bool, AppError> {
        Ok(self
            .0
            .storage
            .swap_card_intent(token, from, to, now)
            .await?)
    }
    async fn settle(
        &self,
        token: &str,
        outcome: CardOutcome,
        intent: Option<&str>,
        now: i64,
    ) -> Result<Settled, AppError> {
        let storage = &self.0.storage;
        Ok(storage
            .settle_card(Some(token), outcome, intent, None, now)
            .await?)
    }
    async fn waiting(&self, placed_before: i64) -> Result<Vec<(String, Option<String>)>, AppError> {
        Ok(self.0.storage.waiting_card_orders(placed_before).await?)
    }
    async fn cancel_gift(&self, token: &str, now: i64) -> Result<(), AppError> {
        Ok(self.0.storage.cancel_gift(token, now).await?)
    }
    async fn cancel_unpaid(
        &self,
        token: &str,
        reason: CancelReason,
        now: i64,
    ) -> Result<bool, AppError> {
        Ok(self.0.storage.cancel_unpaid(token, reason, now).await?)
    }
    async fn lapsed_holds(&self, now: i64) -> Result<Vec<String>, AppError> {
        Ok(self.0.storage.lapsed_holds(now).await?)
    }
}

fn stripe<S: Backend>(state: &AppState<S>) -> Option<&Stripe> {
    state.payments.stripe.as_ref()
}

/// Settles a card order from its intent as Stripe reports it now (`card::settle_from`).
pub async fn settle_from<S: Backend>(
    state: &AppState<S>,
    order: &str,
    intent: &Intent,
) -> Result<(), AppError> {
    card::settle_from(&Desk(state), order, intent, state.clock.now()).await
}

/// A card entered on the card page (`card::attempt`).
pub async fn attempt<S: Backend>(
    state: &AppState<S>,
    stripe: &Stripe,
    token: &str,
    payment_method: &str,
    total: i64,
) -> Result<Intent, AppError> {
    let now = state.clock.now();
    card::attempt(&Desk(state), stripe, token, payment_method, total, now).await
}

/// The sender cancels their gift (`card::cancel_gift`).
pub async fn cancel_gift<S: Backend>(state: &AppState<S>, token: &str) -> Result<(), AppError> {
    card::cancel_gift(&Desk(state), stripe(state), token, state.clock.now()).await
}

/// Staff cancel an order that was never paid (`card::cancel_unpaid`).
pub async fn cancel_unpaid<S: Backend>(state: &AppState<S>, token: &str) -> Result<(), AppError> {
    card::cancel_unpaid(&Desk(state), stripe(state), token, state.clock.now()).await
}

/// Cancels the counter orders whose hold ended unpaid. Returns how many it cancelled.
pub async fn sweep_lapsed_holds<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    card::sweep_lapsed_holds(&Desk(state), state.clock.now()).await
}

/// Settles card orders whose payment has waited longer than the timeout
/// (`card::sweep_abandoned`). Returns how many orders it looked at.
pub async fn sweep_abandoned<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    let Some(stripe) = stripe(state) else {
        return Ok(0);
    };
    let now = state.clock.now();
    let before = now - state.card_payment_timeout_secs;
    card::sweep_abandoned(&Desk(state), stripe, before, now).await
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
    state
        .storage
        .refund_card(token, request, state.clock.now())
        .await?;
    Ok(())
}
