//! An order's own steps once placed.

use omiyage_api::{ApiError, CancelReason, ErrorCode, OrderLine, OrderStatus};
use omiyage_core::checkout::ValidLine;
use omiyage_core::coupon::Refusal;
use omiyage_core::lang::Lang;
use omiyage_core::stock;

use crate::{Fact, Store};

/// Cancels an order still waiting for payment (failed card, hold lapsed, staff, the sender of
/// an unpaid gift): its stock goes back once (a gift's unclaimed units, or its lines), its
/// coupon use is given back, and one `OrderCancelled` is recorded. `false`, changing nothing,
/// when the order was not waiting (paid or cancelled meanwhile).
pub async fn cancel_unpaid<S: Store>(
    store: &mut S,
    order_token: &str,
    reason: CancelReason,
    now: i64,
) -> Result<bool, S::Error> {
    if !store.cancel_waiting(order_token).await? {
        return Ok(false);
    }
    if !crate::units::close_unpaid(store, order_token).await? {
        store.put_back_lines(order_token).await?;
    }
    store.release_coupon(order_token).await?;
    crate::points::settle(store, order_token, now).await?;
    store
        .record(order_token, Fact::OrderCancelled { reason }, now)
        .await?;
    Ok(true)
}

/// The shop ships a paid order with a tracking number. A gift ships what is claimed (its
/// window settled first) and is done once no unit can still be claimed; the commission of an
/// order that is no gift settles now (a gift's settles as its units are claimed).
pub async fn ship<S: crate::commission::CommissionStore>(
    store: &mut S,
    token: &str,
    tracking: &str,
    now: i64,
) -> crate::Answer<(), S::Error> {
    let conflict = |m: &str| Ok(Err(ApiError::new(ErrorCode::Conflict, m)));
    match store.order_status(token).await? {
        None => return Ok(Err(ApiError::not_found("This order"))),
        Some(OrderStatus::Paid) => {}
        Some(OrderStatus::AwaitingPayment) => {
            return conflict("This order is not paid yet: confirm the payment first.");
        }
        Some(OrderStatus::Shipped) => return conflict("This order has already shipped."),
        Some(OrderStatus::Cancelled) => return conflict("This order was cancelled."),
    }
    let shipped = match crate::units::ship(store, token, now).await? {
        Ok(shipped) => shipped,
        Err(e) => return Ok(Err(e)),
    };
    let done = shipped.as_ref().is_none_or(|s| s.done);
    store.mark_shipped(token, done, tracking, now).await?;
    if shipped.is_none() {
        crate::commission::settle(store, token, now).await?;
        crate::points::settle(store, token, now).await?;
    }
    let (gift_units, sender_name) =
        shipped.map_or_else(Default::default, |s| (s.units, s.sender_name));
    let fact = Fact::OrderShipped {
        tracking_number: tracking.to_string(),
        gift_units,
        sender_name,
    };
    store.record(token, fact, now).await?;
    Ok(Ok(()))
}

/// Units to take from one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockTake {
    pub variant_id: String,
    pub quantity: u32,
}

impl StockTake {
    /// What a checkout's lines take.
    pub fn of(lines: &[ValidLine]) -> Vec<StockTake> {
        lines
            .iter()
            .map(|l| StockTake {
                variant_id: l.variant_id.clone(),
                quantity: l.quantity,
            })
            .collect()
    }
}

/// One use of a coupon, claimed with the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouponClaim {
    pub code: String,
    /// The buyer's email, normalised.
    pub email: String,
    pub per_email: Option<u32>,
    /// What it takes off the order (yen).
    pub discount: i64,
}

/// Why a coupon's use was refused when the order was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CouponRefusal {
    /// Its last use went to another order (or it was switched off).
    UsedUp,
    /// The buyer's email used it as often as it may.
    UsedByYou,
}

/// An order about to be written: what it takes and holds.
#[derive(Clone, Copy, Debug)]
pub struct Admit<'a> {
    pub reference: &'a str,
    pub takes: &'a [StockTake],
    pub coupon: Option<&'a CouponClaim>,
    /// The buyer's email (normalised) when the order waits for payment at the counter.
    pub holder: Option<&'a str>,
    /// The member spending points on it, and how many.
    pub points: Option<(&'a str, i64)>,
}

/// Why an order was not written; nothing of it was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAdmitted {
    /// The email already holds this many unpaid counter orders.
    HeldTooMany(usize),
    Coupon(CouponRefusal),
    /// The member's points fell below what it spends (another checkout spent them): they
    /// have this many.
    Points(i64),
    OutOfStock {
        variant_id: String,
        available: u32,
    },
}

impl NotAdmitted {
    /// The shopper's answer, in their language; `lines` are the order's.
    pub fn to_error(&self, lang: Lang, lines: &[OrderLine]) -> ApiError {
        match self {
            NotAdmitted::HeldTooMany(held) => match omiyage_core::hold::may_hold_another(*held) {
                Err(e) => e,
                Ok(()) => ApiError::new(ErrorCode::Conflict, "Too many unpaid orders."),
            },
            NotAdmitted::Coupon(CouponRefusal::UsedUp) => Refusal::UsedUp.to_error(lang),
            NotAdmitted::Coupon(CouponRefusal::UsedByYou) => Refusal::UsedByYou.to_error(lang),
            NotAdmitted::Points(left) => {
                omiyage_core::points::Refusal::MoreThanHeld(*left).to_error(lang)
            }
            NotAdmitted::OutOfStock {
                variant_id,
                available,
            } => {
                let line = lines.iter().find(|l| l.variant_id == *variant_id);
                let (product, variant) = line.map_or(("", ""), |l| {
                    (l.product_name.as_str(), l.variant_name.as_str())
                });
                ApiError::new(
                    ErrorCode::OutOfStock,
                    stock::out_of_stock_message(product, variant, *available),
                )
            }
        }
    }
}

/// What admitting an order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Admitted {
    /// For a counter order: the references of the other orders its email holds unpaid.
    pub held_others: Vec<String>,
}

/// The steps of placing an order, inside its transaction.
#[trait_variant::make(SendOrderStore: Send)]
pub trait OrderStore: Store {
    /// The references of the counter orders `email` holds unpaid (oldest first).
    async fn held_orders(&mut self, email: &str) -> Result<Vec<String>, Self::Error>;
    /// Notes that `email` now holds order `reference` unpaid too.
    async fn hold(&mut self, email: &str, reference: &str) -> Result<(), Self::Error>;
    /// Claims one use of a coupon within its caps; `Some` refusal, nothing claimed, otherwise.
    async fn claim_coupon(
        &mut self,
        claim: &CouponClaim,
    ) -> Result<Option<CouponRefusal>, Self::Error>;
    /// Gives back a use claimed for an order that is not written after all.
    async fn give_back_coupon(&mut self, claim: &CouponClaim) -> Result<(), Self::Error>;
    /// A variant's stock now (0 for an unknown variant).
    async fn stock_of(&mut self, variant_id: &str) -> Result<u32, Self::Error>;
    /// Takes `points` from a member's balance unless fewer are left (`Err` with the balance,
    /// nothing taken).
    async fn take_points(
        &mut self,
        member_id: &str,
        points: i64,
    ) -> Result<Result<(), i64>, Self::Error>;
    /// Gives back points taken for an order that is not written after all.
    async fn give_back_points(&mut self, member_id: &str, points: i64) -> Result<(), Self::Error>;
}

/// Decides whether an order can be written, claiming what it needs: a counter order's hold
/// first (at most `HELD_PER_EMAIL` per email), then the coupon's use, then the points it
/// spends, then every line's stock, all or nothing (variants taken in one order, by id, so two
/// orders never wait crosswise).
/// A refusal gives back what this order claimed; the caller writes the order when admitted.
pub async fn admit<S: OrderStore>(
    store: &mut S,
    order: Admit<'_>,
) -> Result<Result<Admitted, NotAdmitted>, S::Error> {
    let mut held_others = Vec::new();
    if let Some(email) = order.holder {
        held_others = store.held_orders(email).await?;
        if omiyage_core::hold::may_hold_another(held_others.len()).is_err() {
            return Ok(Err(NotAdmitted::HeldTooMany(held_others.len())));
        }
    }
    if let Some(claim) = order.coupon
        && let Some(refusal) = store.claim_coupon(claim).await?
    {
        return Ok(Err(NotAdmitted::Coupon(refusal)));
    }
    if let Some((member, points)) = order.points
        && let Err(left) = store.take_points(member, points).await?
    {
        if let Some(claim) = order.coupon {
            store.give_back_coupon(claim).await?;
        }
        return Ok(Err(NotAdmitted::Points(left)));
    }
    let mut takes = order.takes.to_vec();
    takes.sort_by(|a, b| a.variant_id.cmp(&b.variant_id));
    for (i, take) in takes.iter().enumerate() {
        if store.take(&take.variant_id, take.quantity).await? {
            continue;
        }
        for taken in &takes[..i] {
            store.put_back(&taken.variant_id, taken.quantity).await?;
        }
        if let Some(claim) = order.coupon {
            store.give_back_coupon(claim).await?;
        }
        if let Some((member, points)) = order.points {
            store.give_back_points(member, points).await?;
        }
        let available = store.stock_of(&take.variant_id).await?;
        return Ok(Err(NotAdmitted::OutOfStock {
            variant_id: take.variant_id.clone(),
            available,
        }));
    }
    if let Some(email) = order.holder {
        store.hold(email, order.reference).await?;
    }
    Ok(Ok(Admitted { held_others }))
}
