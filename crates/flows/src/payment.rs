//! An order's payment once placed: a card payment settled from what the provider says (the
//! browser's return, a webhook, the timeout's sweep: the same transitions whichever comes
//! first or comes again), and a counter payment confirmed by staff. Money is counted once per
//! payment; money that arrives for an order no longer waiting for it is returned at once.

use omiyage_api::{ApiError, CancelReason, ErrorCode, FieldError, Money, OrderStatus};
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
    /// The order's state and that payment's amount (`None`: no such payment of the order),
    /// the order held until the transaction ends (two payments settling at once take turns).
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
    /// An order and its card payment as an admin refund needs them; `None`: no such order.
    async fn card_order(&mut self, order_token: &str) -> Result<Option<CardOrder>, Self::Error>;
    /// Adds `amount` to what the admin refunded, in one conditional update: only while the
    /// total stays within what was charged less `held` (`exact`: only if it then equals it).
    /// `false`, nothing changed, otherwise.
    async fn add_admin_refund(
        &mut self,
        order_token: &str,
        amount: i64,
        held: i64,
        exact: bool,
    ) -> Result<bool, Self::Error>;
    /// What the admin refunded of the order so far (yen).
    async fn admin_refunded(&mut self, order_token: &str) -> Result<i64, Self::Error>;
    /// A paid order → cancelled (its money refunded by the admin).
    async fn cancel_paid(&mut self, order_token: &str) -> Result<(), Self::Error>;
}

/// An order as an admin refund sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardOrder {
    pub status: OrderStatus,
    /// The card payment that stands for the order and what it charged, if paid by card online.
    pub intent: Option<String>,
    pub amount: Option<i64>,
    /// The order bought a gift.
    pub gift: bool,
    /// What each unit of its first line paid (a gift's one line: its unit price less its share
    /// of a coupon's discount).
    pub unit_paid: Option<i64>,
}

/// An admin's refund of (part of) a card-paid order.
#[derive(Clone, Copy, Debug)]
pub struct AdminRefund<'a> {
    pub amount: i64,
    /// Told to the buyer.
    pub reason: &'a str,
    /// Cancel the order too, refunding everything still paid.
    pub cancel: bool,
}

/// The admin refunds (part of) a paid card order, or cancels it with everything still paid:
/// within what was charged less earlier refunds and what the gift rules hold (racing refunds
/// never add up past it); a cancelled order's lines go back to stock; the promoter's share
/// goes back; the money leaves through the outbox (`OrderRefunded`), once.
pub async fn refund_by_admin<S: PaymentStore + crate::commission::CommissionStore>(
    store: &mut S,
    token: &str,
    refund: AdminRefund<'_>,
    now: i64,
) -> Answer<(), S::Error> {
    let conflict = |m: &str| Ok(Err(ApiError::new(ErrorCode::Conflict, m)));
    let Some(order) = store.card_order(token).await? else {
        return Ok(Err(ApiError::not_found("This order")));
    };
    let Some(amount) = order.amount.filter(|_| order.intent.is_some()) else {
        return conflict(
            "This order was not paid by card online: give its money back where it was paid.",
        );
    };
    match order.status {
        OrderStatus::Paid => {}
        OrderStatus::Shipped if !refund.cancel => {}
        OrderStatus::Shipped => {
            return conflict("This order has shipped: refund it without cancelling.");
        }
        OrderStatus::AwaitingPayment => return conflict("This order is not paid yet."),
        OrderStatus::Cancelled => return conflict("This order was cancelled."),
    }
    if refund.cancel && order.gift {
        return conflict(
            "A gift is cancelled by its sender (its unclaimed units are refunded); refund \
             claimed units here without cancelling.",
        );
    }
    // What the gift rules still hold of the payment (unclaimed units refund themselves), read
    // in this transaction: a unit claimed or refunded meanwhile is counted as it now stands.
    let held = match (order.gift, order.unit_paid) {
        (true, Some(paid)) => {
            let states = store.unit_states(token).await?;
            omiyage_core::payment::held_by_gift_rules(&states, Money::jpy(paid)).amount
        }
        _ => 0,
    };
    if !store
        .add_admin_refund(token, refund.amount, held, refund.cancel)
        .await?
    {
        let done = store.admin_refunded(token).await?;
        let left = omiyage_core::payment::refundable(
            Money::jpy(amount),
            Money::jpy(done),
            Money::jpy(held),
        );
        let message = match refund.cancel {
            true => format!(
                "Cancelling refunds everything still paid: {} yen.",
                left.amount
            ),
            false => format!("At most {} yen can still be refunded.", left.amount),
        };
        return Ok(Err(ApiError::invalid(vec![FieldError::new(
            "amount", message,
        )])));
    }
    if refund.cancel {
        store.cancel_paid(token).await?;
        store.put_back_lines(token).await?;
    }
    if store.admin_refunded(token).await? == amount {
        store.mark_refunded(token).await?;
    }
    // The refund takes its share of a promoter's commission back.
    crate::commission::settle(store, token, now).await?;
    crate::points::settle(store, token, now).await?;
    let fact = Fact::OrderRefunded {
        refund: Money::jpy(refund.amount),
        reason: refund.reason.trim().to_string(),
        cancelled: refund.cancel,
    };
    store.record(token, fact, now).await?;
    Ok(Ok(()))
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
    let decision = on_succeeded(success.status, success.paid_by.as_deref(), intent);
    if decision == Succeeded::AlreadyCounted {
        return Ok(false);
    }
    // Paid by this payment, unless the order stopped waiting meanwhile: then, as for any
    // payment the order no longer waits for, the money goes back at once.
    if decision == Succeeded::MarkPaid && paid(store, token, PaidBy::Card(intent), now).await? {
        return Ok(true);
    }
    let fact = Fact::PaymentReturned {
        intent: intent.to_string(),
        refund: Money::jpy(success.amount),
    };
    store.record(token, fact, now).await?;
    Ok(true)
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
