//! A gift's units after the order is placed: viewed, claimed, declined, cancelled, expired,
//! shipped. Stock goes back exactly once per unit: when a rule refunds it (`commit_units`), or
//! with the unpaid order that is cancelled (`close_unpaid`), never both: an unpaid order's
//! units can be neither claimed, declined nor expired.

use omiyage_api::{
    ApiError, ClaimConfirmation, ErrorCode, GiftState, GiftUnit, GiftView, Money, RefundReason,
    SenderGift, UnitState,
};
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift::{self, GiftRecord};
use omiyage_core::{idempotency, lifecycle, stock};

use crate::commission::CommissionStore;
use crate::{Answer, Fact, GiftBy, NewClaim, Recipient, Store};

/// One answer for every unknown or malformed token: nothing tells whether a token exists.
pub fn unknown_gift() -> ApiError {
    ApiError::not_found("This gift link")
}

fn no_gift_for_order() -> ApiError {
    ApiError::not_found("A gift for this order")
}

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
async fn settled<S: Store>(
    store: &mut S,
    by: GiftBy<'_>,
    now: i64,
) -> Result<Option<(GiftRecord, bool)>, S::Error> {
    match store.gift(by).await? {
        Some(g) => Ok(Some(settle(store, g, now).await?)),
        None => Ok(None),
    }
}

/// The sweep: settles one gift's claim window. Returns whether anything expired.
pub async fn expire<S: Store>(store: &mut S, token: &str, now: i64) -> Result<bool, S::Error> {
    Ok(settled(store, GiftBy::Token(token), now)
        .await?
        .is_some_and(|(_, expired)| expired))
}

/// The recipient's view, settled; `open`: the recipient opened it now (noted the first time).
pub async fn view<S: Store>(
    store: &mut S,
    token: &str,
    now: i64,
    open: bool,
) -> Result<GiftView, S::Error> {
    let (mut g, _) = settled(store, GiftBy::Token(token), now)
        .await?
        .ok_or_else(unknown_gift)?;
    if open && g.opened_at.is_none() {
        store.mark_opened(&g.token, now).await?;
        g.opened_at = Some(now);
    }
    let product = store
        .product(&g.product_id)
        .await?
        .ok_or_else(unknown_gift)?;
    let order = crate::status_of(store, &g.order_token).await?;
    Ok(g.recipient_view(product, order, now))
}

/// The sender's view of the gift an order bought (states and times, no recipient), settled.
pub async fn sender_view<S: Store>(
    store: &mut S,
    order_token: &str,
    now: i64,
) -> Result<Option<SenderGift>, S::Error> {
    Ok(settled(store, GiftBy::Order(order_token), now)
        .await?
        .map(|(g, _)| g.sender_view()))
}

/// A recipient's claim, retried with the same idempotency key or not.
#[derive(Clone, Copy, Debug)]
pub struct Claim<'a> {
    pub token: &'a str,
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub claim: &'a ValidClaim,
    pub lang: &'static str,
}

/// Claims one unit (first come, first served) for a recipient: only of a paid order, only
/// while the window is open, and a retry with the same key answers the first claim again.
/// A variant swap takes one of the chosen variant and gives the bought one back.
pub async fn claim<S: CommissionStore>(
    store: &mut S,
    c: Claim<'_>,
    now: i64,
) -> Answer<ClaimConfirmation, S::Error> {
    let Some(g) = store.gift(GiftBy::Token(c.token)).await? else {
        return Ok(Err(unknown_gift()));
    };
    if let Some(past) = store.past_claim(&g.token, c.key).await? {
        if past.fingerprint != c.fingerprint {
            return Ok(Err(idempotency::mismatch()));
        }
        let Some(product) = store.product(&g.product_id).await? else {
            return Ok(Err(unknown_gift()));
        };
        let variant_name = product
            .variant(&past.variant_id)
            .map(|v| v.name.clone())
            .unwrap_or_default();
        return Ok(Ok(ClaimConfirmation {
            gift_token: g.token,
            unit_index: past.unit,
            product_name: product.name,
            variant_name,
            name: past.name,
            address: past.address,
            claimed_at: past.claimed_at,
        }));
    }
    if let Err(e) = lifecycle::may_claim(crate::status_of(store, &g.order_token).await?) {
        return Ok(Err(e));
    }
    let (g, expired) = settle(store, g, now).await?;
    if expired {
        return Ok(Err(gift::closed_error(GiftState::Expired)));
    }
    let Some(product) = store.product(&g.product_id).await? else {
        return Ok(Err(unknown_gift()));
    };
    let decision = match gift::decide_claim(&g, &product, c.claim.variant_id.as_deref(), now) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    let chosen = &decision.variant;
    if decision.swap {
        if !store.take(&chosen.id, 1).await? {
            let message = stock::out_of_stock_message(&product.name, &chosen.name, 0);
            return Ok(Err(ApiError::new(ErrorCode::OutOfStock, message)));
        }
        store.put_back(&g.variant_id, 1).await?;
    }
    let unit = &decision.units[decision.unit];
    let new = NewClaim {
        unit,
        variant_id: &chosen.id,
        key: c.key,
        fingerprint: c.fingerprint,
        claim: c.claim,
        lang: c.lang,
    };
    store.write_claim(&g.token, &new).await?;
    crate::commission::settle(store, &g.order_token, now).await?;
    let fact = Fact::GiftClaimed {
        unit: unit.index,
        units: u32::try_from(g.units.len()).unwrap_or(0),
        product_name: product.name.clone(),
        variant_name: chosen.name.clone(),
        shipping: Recipient {
            name: c.claim.name.clone(),
            phone: c.claim.phone.clone(),
            address: c.claim.address.clone(),
        },
    };
    store.record(&g.order_token, fact, now).await?;
    Ok(Ok(ClaimConfirmation {
        gift_token: g.token,
        unit_index: unit.index,
        product_name: product.name,
        variant_name: chosen.name.clone(),
        name: c.claim.name.clone(),
        address: c.claim.address.clone(),
        claimed_at: now,
    }))
}

/// The recipient declines one unit: it is refunded and its stock returned.
pub async fn decline<S: Store>(store: &mut S, token: &str, now: i64) -> Answer<(), S::Error> {
    let Some(g) = store.gift(GiftBy::Token(token)).await? else {
        return Ok(Err(unknown_gift()));
    };
    if let Err(e) = lifecycle::may_claim(crate::status_of(store, &g.order_token).await?) {
        return Ok(Err(e));
    }
    let (g, _) = settle(store, g, now).await?;
    let mut units = g.units.clone();
    if let Err(e) = gift::decline(&mut units, g.window(), now) {
        return Ok(Err(e));
    }
    commit_units(store, &g, &units).await?;
    Ok(Ok(()))
}

/// The sender cancels the gift an order bought. Paid: every unclaimed unit is refunded and
/// the gift closes. Not paid yet: the order itself is cancelled, its stock back once.
pub async fn cancel<S: Store>(store: &mut S, order_token: &str, now: i64) -> Answer<(), S::Error> {
    let Some((g, _)) = settled(store, GiftBy::Order(order_token), now).await? else {
        return Ok(Err(no_gift_for_order()));
    };
    match lifecycle::gift_cancel(crate::status_of(store, order_token).await?) {
        lifecycle::GiftCancel::RefundUnits => {
            let mut units = g.units.clone();
            if let Err(e) = gift::cancel(&mut units, g.window(), now) {
                return Ok(Err(e));
            }
            commit_units(store, &g, &units).await?;
            store.close_gift(&g.token).await?;
            Ok(Ok(()))
        }
        lifecycle::GiftCancel::CancelOrder => {
            crate::order::cancel_unpaid(
                store,
                order_token,
                omiyage_api::CancelReason::BySender,
                now,
            )
            .await?;
            Ok(Ok(()))
        }
        lifecycle::GiftCancel::Refused => Ok(Err(gift::closed_error(GiftState::Cancelled))),
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
