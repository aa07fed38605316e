//! A promoter's commission on an order they are credited with. Whatever changes such an order
//! (a gift unit claimed, the order shipped, a refund) settles it in the same transaction: the
//! confirmed commission, less its refunds' share and split with the promoter's agency, is
//! compared with what each ledger holds for the order and the difference is booked, so the
//! ledgers always add up to what the orders earned, however their changes interleave.

use omiyage_api::{Money, OrderStatus, UnitState};
use omiyage_core::payout;

use crate::{Fact, Store};

/// An order a promoter is credited with, as settling its commission needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attributed {
    pub promoter_id: String,
    /// The promoter's sign-in email.
    pub email: String,
    pub reference: String,
    /// What the order earns the promoter when confirmed.
    pub commission: Money,
    /// The agency the promoter worked with when the order came, and its share (basis points).
    pub agency: Option<(String, u32)>,
    pub status: OrderStatus,
    pub total: i64,
    /// What the admin refunded of it (yen).
    pub refunded: i64,
}

/// The commission steps, inside the flow's transaction.
#[trait_variant::make(SendCommissionStore: Send)]
pub trait CommissionStore: Store {
    /// The order's credit, held for this transaction (one settlement of an order at a time);
    /// `None` when no promoter is credited with it.
    async fn attribution(&mut self, order_token: &str) -> Result<Option<Attributed>, Self::Error>;
    /// The states of the order's gift units (none for an order that is no gift).
    async fn unit_states(&mut self, order_token: &str) -> Result<Vec<UnitState>, Self::Error>;
    /// What an account's ledger holds for the order (yen).
    async fn booked(&mut self, order_token: &str, account: &str) -> Result<i64, Self::Error>;
    /// Books `amount` (positive or negative) to an account's ledger for the order.
    async fn book(
        &mut self,
        order_token: &str,
        account: &str,
        amount: i64,
        now: i64,
    ) -> Result<(), Self::Error>;
    /// Recomputes a promoter's level (their confirmed sales moved).
    async fn refresh_level(&mut self, promoter_id: &str, now: i64) -> Result<(), Self::Error>;
}

/// Settles an order's commission; a growth of the promoter's part is recorded
/// (`CommissionConfirmed`). Nothing happens for an order no promoter is credited with.
pub async fn settle<S: CommissionStore>(
    store: &mut S,
    order_token: &str,
    now: i64,
) -> Result<(), S::Error> {
    let Some(a) = store.attribution(order_token).await? else {
        return Ok(());
    };
    let units = store.unit_states(order_token).await?;
    let split = payout::order_split(a.commission, a.status, &units, (a.total, a.refunded));
    let confirmed = split.confirmed.amount;
    let (agency_part, promoter_part) = match &a.agency {
        Some((_, share)) => omiyage_core::agency::split(confirmed, *share),
        None => (0, confirmed),
    };
    let mut parts = vec![(a.promoter_id.as_str(), promoter_part)];
    if let Some((agency, _)) = &a.agency {
        parts.push((agency.as_str(), agency_part));
    }
    let mut promoter_delta = 0;
    for (account, part) in parts {
        let delta = part - store.booked(order_token, account).await?;
        if delta == 0 {
            continue;
        }
        store.book(order_token, account, delta, now).await?;
        if account == a.promoter_id {
            promoter_delta = delta;
            // Confirmed sales moved: the promoter's level may have too.
            store.refresh_level(&a.promoter_id, now).await?;
        }
    }
    if promoter_delta <= 0 {
        return Ok(());
    }
    let fact = Fact::CommissionConfirmed {
        promoter_id: a.promoter_id.clone(),
        email: a.email,
        order_reference: a.reference,
        amount: Money::jpy(promoter_delta),
        confirmed: Money::jpy(promoter_part),
    };
    store.record(order_token, fact, now).await
}
