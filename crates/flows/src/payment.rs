//! An order's payment once placed: a card payment settled from what the provider says (the
//! browser's return, a webhook, the timeout's sweep: the same transitions whichever comes
//! first or comes again), and a counter payment confirmed by staff. Money is counted once per
//! payment; money that arrives for an order no longer waiting for it is returned at once.

use omiyage_api::{ApiError, CancelReason, ErrorCode, Money, OrderStatus};
use omiyage_core::lifecycle::{Succeeded, on_succeeded};

use crate::{Answer, Fact, Store};

/// What the provider says about a card order's payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardOutcome {
    /// Paid: awaiting payment → paid.
    Paid,
    /// Failed or abandoned: awaiting payment → cancelled, stock back.
    Failed,
    /// Refunded in full at the provider (e.g. from Stripe's dashboard): the order's payment
    /// shows it.
    Refunded,
    /// Nothing to do (an event only recorded as seen).
    Noted,
}

/// What settling a card payment did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Changed,
    /// The order was not waiting (already settled, or none).
    Unchanged,
    /// This provider event was handled before.
    Duplicate,
}

/// How an order waiting for payment was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidBy<'a> {
    /// By this card payment (PaymentIntent), for a card order.
    Card(&'a str),
    /// At the counter, confirmed by staff, for an order not paid by card.
    Counter,
}

/// A card payment that succeeded, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardSuccess {
    pub status: OrderStatus,
    /// The payment the order was paid by, if it was.
    pub paid_by: Option<String>,
    /// What this payment charged (yen).
    pub amount: i64,
}

/// The payment steps, inside the flow's transaction (the server's card payments; the mock
/// takes no card).
#[trait_variant::make(SendPaymentStore: Send)]
pub trait PaymentStore: Store {
    /// Notes a provider event by its id: `false` when it was noted before (handled once).
    async fn first_delivery(&mut self, id: &str, kind: &str, now: i64)
    -> Result<bool, Self::Error>;
    /// Notes that payment `intent` of the order succeeded: `false` when it was noted before.
    async fn count_success(
        &mut self,
        order_token: &str,
        intent: &str,
        now: i64,
    ) -> Result<bool, Self::Error>;
    /// The order's state and that payment's amount (`None`: no such payment of the order).
    async fn card_success(
        &mut self,
        order_token: &str,
        intent: &str,
    ) -> Result<Option<CardSuccess>, Self::Error>;
    /// The payment a card order waits on (`None`: not a card order; `Some(None)`: none yet).
    async fn latest_intent(
        &mut self,
        order_token: &str,
    ) -> Result<Option<Option<String>>, Self::Error>;
    /// An order waiting for payment → paid, `by` the way it must be paid; `false` when it was
    /// not waiting (or is not paid that way).
    async fn mark_paid(&mut self, order_token: &str, by: PaidBy<'_>) -> Result<bool, Self::Error>;
    /// A paid card order's payment → refunded in full (once): `false` when it already was.
    async fn mark_refunded(&mut self, order_token: &str) -> Result<bool, Self::Error>;
    /// What the order costs (yen); `None` when there is no such order.
    async fn order_total(&mut self, order_token: &str) -> Result<Option<i64>, Self::Error>;
}

/// Settles a card order from one thing the provider said, once per provider `event` (its id
/// and kind; `None` for what the shop asked the provider itself).
pub async fn settle_card<S: PaymentStore>(
    store: &mut S,
    order_token: Option<&str>,
    outcome: CardOutcome,
    intent: Option<&str>,
    event: Option<(&str, &str)>,
    now: i64,
) -> Result<Settled, S::Error> {
    if let Some((id, kind)) = event
        && !store.first_delivery(id, kind, now).await?
    {
        return Ok(Settled::Duplicate);
    }
    let Some(token) = order_token else {
        return Ok(Settled::Unchanged);
    };
    let changed = match (outcome, intent) {
        (CardOutcome::Paid, Some(intent)) => succeeded(store, token, intent, now).await?,
        (CardOutcome::Failed, intent) => {
            store.latest_intent(token).await? == Some(intent.map(String::from))
                && crate::order::cancel_unpaid(store, token, CancelReason::PaymentFailed, now)
                    .await?
        }
        (CardOutcome::Refunded, Some(intent)) => {
            let paid_by = store
                .card_success(token, intent)
                .await?
                .and_then(|c| c.paid_by);
            paid_by.as_deref() == Some(intent) && store.mark_refunded(token).await?
        }
        _ => false,
    };
    Ok(match changed {
        true => Settled::Changed,
        false => Settled::Unchanged,
    })
}

/// Payment `intent` of an order succeeded: counted once, then the lifecycle decides (the
/// waiting order is paid by it; otherwise its money goes back at once, in full).
async fn succeeded<S: PaymentStore>(
    store: &mut S,
    token: &str,
    intent: &str,
    now: i64,
) -> Result<bool, S::Error> {
    if !store.count_success(token, intent, now).await? {
        return Ok(false);
    }
    let Some(success) = store.card_success(token, intent).await? else {
        return Ok(false);
    };
    match on_succeeded(success.status, success.paid_by.as_deref(), intent) {
        Succeeded::MarkPaid => paid(store, token, PaidBy::Card(intent), now).await,
        Succeeded::AlreadyCounted => Ok(false),
        Succeeded::ReturnAtOnce => {
            let fact = Fact::PaymentReturned {
                intent: intent.to_string(),
                refund: Money::jpy(success.amount),
            };
            store.record(token, fact, now).await?;
            Ok(true)
        }
    }
}

/// Marks a waiting order paid `by` and records `OrderPaid`; `false` when it was not waiting.
async fn paid<S: PaymentStore>(
    store: &mut S,
    token: &str,
    by: PaidBy<'_>,
    now: i64,
) -> Result<bool, S::Error> {
    if !store.mark_paid(token, by).await? {
        return Ok(false);
    }
    let total = store.order_total(token).await?.unwrap_or_default();
    store
        .record(
            token,
            Fact::OrderPaid {
                total: Money::jpy(total),
            },
            now,
        )
        .await?;
    Ok(true)
}

/// Staff confirm that a counter order was paid: its gift can then be claimed.
pub async fn confirm_counter<S: PaymentStore>(
    store: &mut S,
    token: &str,
    now: i64,
) -> Answer<(), S::Error> {
    if paid(store, token, PaidBy::Counter, now).await? {
        return Ok(Ok(()));
    }
    Ok(Err(match store.order_total(token).await? {
        None => ApiError::not_found("This order"),
        Some(_) => ApiError::new(
            ErrorCode::Conflict,
            "This order is not waiting for payment.",
        ),
    }))
}
