//! A card order's payment across the provider: a card entered on the card page, the order
//! cancelled while a payment may still be open, and the timeout's sweep. Each step on the
//! shop's side is its own short transaction (a [`CardDesk`] call); the provider
//! ([`CardProvider`], Stripe on the server) is called between them and passed in, as the clock
//! is (`now`). The lifecycle's rules decide: one open payment per order, cancelled at the
//! provider before another is made; a payment that succeeded meanwhile pays the order, or its
//! money goes back at once.

use omiyage_api::{ApiError, CancelReason, ErrorCode, OrderStatus};
use omiyage_core::lifecycle::{Attempt, IntentStanding, before_attempt};

use crate::payment::{CardOutcome, Settled};

/// Where a payment stands at the provider, in the shop's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Succeeded,
    /// The shopper has to finish something in the browser (3-D Secure).
    NeedsAction,
    /// Still under way at the bank.
    Processing,
    /// Declined or authentication failed: no money moved, another card may still be tried.
    Declined,
    /// Cancelled: it will never be charged.
    Cancelled,
}

impl Standing {
    /// As the lifecycle sees it.
    pub fn lifecycle(self) -> IntentStanding {
        match self {
            Standing::Succeeded => IntentStanding::Succeeded,
            Standing::Cancelled => IntentStanding::Closed,
            // A declined payment may still be confirmed with another card: open until closed.
            Standing::NeedsAction | Standing::Processing | Standing::Declined => {
                IntentStanding::Open
            }
        }
    }

    /// What it settles on the order (`None`: nothing yet).
    pub fn outcome(self) -> Option<CardOutcome> {
        match self {
            Standing::Succeeded => Some(CardOutcome::Paid),
            Standing::Cancelled => Some(CardOutcome::Failed),
            _ => None,
        }
    }
}

/// A payment as the provider reports it.
pub trait CardIntent {
    fn id(&self) -> &str;
    /// What it charges (yen).
    fn amount(&self) -> i64;
    fn standing(&self) -> Standing;
}

/// What went wrong at the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderError {
    /// The card was refused: the provider's reason, for the shopper.
    Declined(String),
    /// Anything else (unreachable, refused request): the provider logs the detail.
    Failed(String),
}

impl std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProviderError::Declined(m) => write!(f, "declined: {m}"),
            ProviderError::Failed(m) => write!(f, "{m}"),
        }
    }
}

impl ProviderError {
    /// The shopper's words for it.
    pub fn to_error(&self) -> ApiError {
        match self {
            ProviderError::Declined(reason) => omiyage_core::payment::declined(reason),
            ProviderError::Failed(_) => omiyage_core::payment::unavailable(),
        }
    }
}

/// The card provider, passed in.
#[trait_variant::make(SendCardProvider: Send)]
pub trait CardProvider {
    type Intent: CardIntent;
    /// Makes and confirms a payment of `amount` yen for the order with the card the browser
    /// made; `key` makes a retry the same payment.
    async fn pay(
        &self,
        amount: i64,
        payment_method: &str,
        order_token: &str,
        key: &str,
    ) -> Result<Self::Intent, ProviderError>;
    async fn intent(&self, id: &str) -> Result<Self::Intent, ProviderError>;
    /// Cancels a payment that was not charged; refused when it is final (succeeded).
    async fn cancel(&self, id: &str) -> Result<Self::Intent, ProviderError>;
}

/// The shop's side of a card payment: each call one transaction of its own.
#[trait_variant::make(SendCardDesk: Send)]
pub trait CardDesk {
    type Error: From<ApiError>;
    /// The order's state; `None` when there is no such order.
    async fn order_status(&self, token: &str) -> Result<Option<OrderStatus>, Self::Error>;
    /// The payment the card order waits on, if one is open.
    async fn open_intent(&self, token: &str) -> Result<Option<String>, Self::Error>;
    /// How many payments were made for the order (the next one's idempotency key).
    async fn intents_made(&self, token: &str) -> Result<i64, Self::Error>;
    /// Replaces the order's open payment `from` by `to` (`to` noted as made for the order, its
    /// amount), only while the order waits for payment and still has `from`: `false`, nothing
    /// replaced, otherwise.
    async fn swap_intent(
        &self,
        token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> Result<bool, Self::Error>;
    /// Settles the order from what its payment came to (`payment::settle_card`).
    async fn settle(
        &self,
        token: &str,
        outcome: CardOutcome,
        intent: Option<&str>,
        now: i64,
    ) -> Result<Settled, Self::Error>;
    /// Card orders still waiting for payment that were placed before `placed_before`, with
    /// their open payment.
    async fn waiting(
        &self,
        placed_before: i64,
    ) -> Result<Vec<(String, Option<String>)>, Self::Error>;
    /// The sender's cancel (`gift::cancel`).
    async fn cancel_gift(&self, token: &str, now: i64) -> Result<(), Self::Error>;
    /// An unpaid order → cancelled (`order::cancel_unpaid`); `false` when it was not waiting.
    async fn cancel_unpaid(
        &self,
        token: &str,
        reason: CancelReason,
        now: i64,
    ) -> Result<bool, Self::Error>;
    /// Counter orders whose hold ended unpaid by `now`.
    async fn lapsed_holds(&self, now: i64) -> Result<Vec<String>, Self::Error>;
}

fn not_waiting() -> ApiError {
    ApiError::new(ErrorCode::Conflict, "This order is not waiting for a card.")
}

fn failed<E: From<ApiError>>(e: ProviderError) -> E {
    E::from(e.to_error())
}

/// Settles the order from its payment as the provider reports it now (the browser's return
/// from 3-D Secure): a success is counted once; a cancelled payment ends the order only if
/// it is the order's latest; a declined or unconfirmed one leaves it waiting for another card.
pub async fn settle_from<D: CardDesk>(
    desk: &D,
    token: &str,
    intent: &impl CardIntent,
    now: i64,
) -> Result<(), D::Error> {
    if let Some(outcome) = intent.standing().outcome() {
        desk.settle(token, outcome, Some(intent.id()), now).await?;
    }
    Ok(())
}

/// Closes payment `id` at the provider so it can never be charged, and settles the order from
/// what it was in the end: `true` when it had succeeded meanwhile (the order is then paid by
/// it, or its money goes back).
async fn close<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: &P,
    token: &str,
    id: &str,
    now: i64,
) -> Result<bool, D::Error> {
    let mut intent = provider.intent(id).await.map_err(failed)?;
    if let Attempt::CancelFirst(_) = before_attempt(Some((id, intent.standing().lifecycle()))) {
        intent = match provider.cancel(id).await {
            Ok(cancelled) => cancelled,
            // Final meanwhile (succeeded, or cancelled): read it again.
            Err(_) => provider.intent(id).await.map_err(failed)?,
        };
        if intent.standing().lifecycle() == IntentStanding::Open {
            return Err(failed(ProviderError::Failed(format!(
                "the payment {id} could not be cancelled"
            ))));
        }
    }
    let succeeded = intent.standing() == Standing::Succeeded;
    if succeeded {
        settle_from(desk, token, &intent, now).await?;
    }
    Ok(succeeded)
}

/// Takes the order's open payment out of it and closes it at the provider: `true` when it had
/// succeeded meanwhile (the order is then paid by it).
async fn close_open<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: Option<&P>,
    token: &str,
    now: i64,
) -> Result<bool, D::Error> {
    let (Some(provider), Some(open)) = (provider, desk.open_intent(token).await?) else {
        return Ok(false);
    };
    desk.swap_intent(token, Some(&open), None, now).await?;
    close(desk, provider, token, &open, now).await
}

/// A card entered on the card page for an order awaiting payment. One attempt at a time per
/// order: the open payment is taken out of the order and cancelled first (if it succeeded
/// meanwhile, the order is paid by it and this attempt refused); the new payment goes in only
/// if nothing else changed the order meanwhile, else it is closed (or its money returned).
pub async fn attempt<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: &P,
    token: &str,
    payment_method: &str,
    total: i64,
    now: i64,
) -> Result<P::Intent, D::Error> {
    if let Some(open) = desk.open_intent(token).await? {
        if !desk.swap_intent(token, Some(&open), None, now).await? {
            return Err(not_waiting().into());
        }
        if close(desk, provider, token, &open, now).await? {
            return Err(ApiError::new(ErrorCode::Conflict, "This order is already paid.").into());
        }
    }
    // One payment per order, card and attempt: the same card sent twice at once is one payment.
    let made = desk.intents_made(token).await?;
    let key = format!("{token}-{payment_method}-{made}");
    let intent = provider
        .pay(total, payment_method, token, &key)
        .await
        .map_err(failed)?;
    let to = (intent.id(), intent.amount());
    if !desk.swap_intent(token, None, Some(to), now).await? {
        // Another attempt or the timeout came first: this payment must not stand.
        close(desk, provider, token, intent.id(), now).await?;
        return Err(not_waiting().into());
    }
    if intent.standing() == Standing::Declined {
        return Err(omiyage_core::payment::declined("").into());
    }
    settle_from(desk, token, &intent, now).await?;
    Ok(intent)
}

/// The sender cancels their gift. Unpaid, the order is cancelled (its open payment closed at
/// the provider first: if that had succeeded meanwhile, the order is paid and its unclaimed
/// units are refunded as for any paid gift); paid, its unclaimed units are refunded.
pub async fn cancel_gift<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: Option<&P>,
    token: &str,
    now: i64,
) -> Result<(), D::Error> {
    let status = desk.order_status(token).await?;
    if status.is_none() {
        return Err(ApiError::not_found("This order").into());
    }
    if status == Some(OrderStatus::AwaitingPayment) {
        close_open(desk, provider, token, now).await?;
    }
    desk.cancel_gift(token, now).await
}

/// Staff cancel an order that was never paid (a counter order nobody came to pay, a card order
/// left at the card page): its open payment is closed first, then its stock and coupon use
/// go back once and the shopper is told. A paid order is refunded instead (409).
pub async fn cancel_unpaid<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: Option<&P>,
    token: &str,
    now: i64,
) -> Result<(), D::Error> {
    let status = |s: Option<OrderStatus>| -> Result<(), D::Error> {
        let s = s.ok_or_else(|| ApiError::not_found("This order"))?;
        Ok(omiyage_core::hold::may_cancel_unpaid(s)?)
    };
    status(desk.order_status(token).await?)?;
    close_open(desk, provider, token, now).await?;
    if !desk.cancel_unpaid(token, CancelReason::ByShop, now).await? {
        // Paid or cancelled meanwhile (the open payment succeeded, staff confirmed, a timeout).
        status(desk.order_status(token).await?)?;
    }
    Ok(())
}

/// Cancels the counter orders whose hold ended unpaid. Returns how many it cancelled.
pub async fn sweep_lapsed_holds<D: CardDesk>(desk: &D, now: i64) -> Result<usize, D::Error> {
    let mut cancelled = 0;
    for token in desk.lapsed_holds(now).await? {
        if desk
            .cancel_unpaid(&token, CancelReason::NotPaidInTime, now)
            .await?
        {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Settles the card orders placed before `placed_before` still waiting for payment: paid if
/// the provider says so meanwhile, else the payment is cancelled and the order too (its stock
/// goes back). Returns how many orders it looked at.
pub async fn sweep_abandoned<D: CardDesk, P: CardProvider>(
    desk: &D,
    provider: &P,
    placed_before: i64,
    now: i64,
) -> Result<usize, D::Error> {
    let waiting = desk.waiting(placed_before).await?;
    for (token, intent) in &waiting {
        if let Some(id) = intent
            && close(desk, provider, token, id, now).await?
        {
            continue;
        }
        desk.settle(token, CardOutcome::Failed, intent.as_deref(), now)
            .await?;
    }
    Ok(waiting.len())
}

#[cfg(test)]
mod tests;
