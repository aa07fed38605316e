//! A gift's units as its order sees them: a rule's changes written (stock back and the sender
//! told for each unit refunded now), the claim window settled, the units closed with an unpaid
//! order that is cancelled, and the claimed units shipped. The gift flows (`gift`) and the
//! order flows (`order`) both build on these.

use omiyage_api::{GiftUnit, Money, RefundReason, UnitState};
use omiyage_core::gift::{self, GiftRecord};
use omiyage_core::lifecycle;

use crate::{Answer, Fact, GiftBy, Store};

/// Writes a rule's changes to a gift's units; units refunded now put their stock back and
/// their sender is told. Returns whether anything was refunded.
pub async fn commit_units<S: Store>(
    store: &mut S,
    g: &GiftRecord,
    after: &[GiftUnit],
) -> Result<bool, S::Error> {
    store.save_units(&g.token, &g.units, after).await?;
    let now_refunded: Vec<&GiftUnit> = g
        .units
        .iter()
        .zip(after)
        .filter(|(b, a)| b.state != UnitState::Refunded && a.state == UnitState::Refunded)
        .map(|(_, a)| a)
        .collect();
    let Some(first) = now_refunded.first() else {
        return Ok(false);
    };
    let count = now_refunded.len();
    store.put_back(&g.variant_id, count as u32).await?;
    let fact = Fact::GiftRefunded {
        reason: first.refund_reason.unwrap_or(RefundReason::Expired),
        units: now_refunded.iter().map(|u| u.index).collect(),
        refund: Money::jpy(g.unit_price.amount * count as i64),
    };
    let at = first.refunded_at.unwrap_or(g.expires_at);
    store.record(&g.order_token, fact, at).await?;
    // Points spent on the refunded units go back.
    crate::points::settle(store, &g.order_token, at).await?;
    Ok(true)
}

/// Settles a gift's claim window: a paid order's unclaimed units are refunded once it is over.
/// Returns the gift as it is now and whether anything expired.
pub async fn settle<S: Store>(
    store: &mut S,
    mut g: GiftRecord,
    now: i64,
) -> Result<(GiftRecord, bool), S::Error> {
    if !lifecycle::may_expire(crate::status_of(store, &g.order_token).await?) {
        return Ok((g, false));
    }
    let mut units = g.units.clone();
    if gift::expire(&mut units, g.window(), now).is_empty() {
        return Ok((g, false));
    }
    commit_units(store, &g, &units).await?;
    g.units = units;
    Ok((g, true))
}

/// Loads a gift and settles its claim window.
pub(crate) async fn settled<S: Store>(
    store: &mut S,
    by: GiftBy<'_>,
    now: i64,
) -> Result<Option<(GiftRecord, bool)>, S::Error> {
    match store.gift(by).await? {
        Some(g) => Ok(Some(settle(store, g, now).await?)),
        None => Ok(None),
    }
}

/// Closes the gift of an unpaid order being cancelled: its units still unclaimed go back to
/// stock (a refunded unit returned its own) and it can no longer be claimed. `false` when the
/// order bought no gift.
pub async fn close_unpaid<S: Store>(store: &mut S, order_token: &str) -> Result<bool, S::Error> {
    let Some(g) = store.gift(GiftBy::Order(order_token)).await? else {
        return Ok(false);
    };
    let back = lifecycle::units_back_on_cancel(&g.units);
    if back > 0 {
        store.put_back(&g.variant_id, back as u32).await?;
    }
    store.close_gift(&g.token).await?;
    Ok(true)
}

/// What shipping a gift's claimed units did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shipped {
    /// Every unit is now settled (the order is done).
    pub done: bool,
    /// The units shipped now.
    pub units: Vec<u32>,
    /// The gift's sender as the recipients know them.
    pub sender_name: String,
}

/// Ships every claimed unit of an order's gift (settling its window first). `None` when the
/// order bought no gift; a gift with nothing claimed is refused.
pub async fn ship<S: Store>(
    store: &mut S,
    order_token: &str,
    now: i64,
) -> Answer<Option<Shipped>, S::Error> {
    let Some((g, _)) = settled(store, GiftBy::Order(order_token), now).await? else {
        return Ok(Ok(None));
    };
    let mut units = g.units.clone();
    if let Err(e) = gift::ship(&mut units, now) {
        return Ok(Err(e));
    }
    commit_units(store, &g, &units).await?;
    let shipped = g
        .units
        .iter()
        .zip(&units)
        .filter(|(b, a)| b.state != UnitState::Shipped && a.state == UnitState::Shipped)
        .map(|(_, a)| a.index)
        .collect();
    Ok(Ok(Some(Shipped {
        done: gift::all_settled(&units),
        units: shipped,
        sender_name: g.options.sender_name,
    })))
}
