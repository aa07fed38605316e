//! A member's points on an order, settled wherever the order changes (it ships, a gift's unit
//! is claimed or refunded, the admin refunds, it is cancelled), in the same transaction: what
//! the order should have earned and given back by now (`omiyage_core::points::targets`) is
//! compared with what the member's ledger holds for it, and the difference is booked, so the
//! ledger adds up to what the orders earned however their changes interleave; a reversal
//! never takes more than the balance holds.

use omiyage_api::PointKind;
use omiyage_core::points::{self, OrderPoints, Targets};

use crate::Store;

/// An order's points as settling them reads it: its member's balance is held for the
/// transaction (one settlement of a member at a time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointsAccount {
    pub member_id: String,
    pub order: OrderPoints,
    /// What the member's ledger holds for the order.
    pub booked: Targets,
    pub balance: i64,
}

/// One entry to book on a member's points (the balance moves with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booking<'a> {
    pub member_id: &'a str,
    pub order_token: Option<&'a str>,
    pub kind: PointKind,
    pub amount: i64,
    /// The spend an earning was on (yen; negative when a refund takes it back).
    pub basis: i64,
}

/// What an order with points is placed with: the member who placed it signed in (`None`: a
/// guest, whose order earns for the member with its email, if any), the rate it earns at, and
/// the points spent on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PointsTerms {
    pub member_id: Option<String>,
    pub rate_bps: u32,
    pub spent: i64,
}

/// A signed-in member at checkout: their balance and their rank's benefits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub balance: i64,
    pub rate_bps: u32,
    /// Where their orders ship free from (yen).
    pub free_shipping_from: i64,
}

/// Settles an order's points: spent points given back first (a reversal may then take from
/// them), then what it earned.
pub async fn settle<S: Store>(store: &mut S, order_token: &str, now: i64) -> Result<(), S::Error> {
    let Some(a) = store.order_points(order_token).await? else {
        return Ok(());
    };
    let t = points::targets(&a.order);
    let mut balance = a.balance;
    let back = points::delta(t.returned, a.booked.returned, balance);
    if back != 0 {
        let booking = Booking {
            member_id: &a.member_id,
            order_token: Some(order_token),
            kind: PointKind::Return,
            amount: back,
            basis: 0,
        };
        store.book_points(&booking, now).await?;
        balance += back;
    }
    let earned = points::delta(t.earned, a.booked.earned, balance);
    let basis = t.basis - a.booked.basis;
    if earned != 0 || basis != 0 {
        let booking = Booking {
            member_id: &a.member_id,
            order_token: Some(order_token),
            kind: PointKind::Earn,
            amount: earned,
            basis,
        };
        store.book_points(&booking, now).await?;
    }
    Ok(())
}
