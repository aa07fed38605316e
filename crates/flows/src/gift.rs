//! A gift after the order is placed, as its recipient and its sender act on it: viewed,
//! claimed, declined, cancelled, expired. Stock goes back exactly once per unit: when a rule
//! refunds it (`units::commit_units`), or with the unpaid order that is cancelled
//! (`units::close_unpaid`), never both: an unpaid order's units can be neither claimed,
//! declined nor expired.

use omiyage_api::{
    ApiError, ClaimConfirmation, ErrorCode, GiftState, GiftUnit, GiftView, SenderGift,
};
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift;
use omiyage_core::{delivery, idempotency, lifecycle, stock};

use crate::commission::CommissionStore;
use crate::units::{commit_units, settle, settled};
use crate::{Answer, Fact, GiftBy, NewClaim, Recipient, Store};

/// One answer for every unknown or malformed token: nothing tells whether a token exists.
pub fn unknown_gift() -> ApiError {
    ApiError::not_found("This gift link")
}

fn no_gift_for_order() -> ApiError {
    ApiError::not_found("A gift for this order")
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
            address_text: omiyage_core::checkout::address_text(&past.address),
            gift_token: g.token,
            unit_index: past.unit,
            product_name: product.name,
            variant_name,
            name: past.name,
            address: past.address,
            claimed_at: past.claimed_at,
            delivery: g
                .units
                .iter()
                .find(|u| u.index == past.unit)
                .and_then(|u| u.delivery.clone()),
            delivery_text: String::new(),
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
    // The shop's calendar is read only when the recipient chose something.
    let settings = match &c.claim.delivery {
        Some(_) => store.delivery_settings().await?,
        None => delivery::default_settings(),
    };
    let delivery = match delivery::for_unit(
        c.claim.delivery.as_ref(),
        &g.options.delivery_date,
        &settings,
        now,
    ) {
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
    let unit = &GiftUnit {
        delivery: delivery.clone(),
        ..decision.units[decision.unit].clone()
    };
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
    crate::points::settle(store, &g.order_token, now).await?;
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
        delivery: delivery.clone(),
    };
    store.record(&g.order_token, fact, now).await?;
    Ok(Ok(ClaimConfirmation {
        gift_token: g.token,
        unit_index: unit.index,
        product_name: product.name,
        variant_name: chosen.name.clone(),
        name: c.claim.name.clone(),
        address: c.claim.address.clone(),
        address_text: omiyage_core::checkout::address_text(&c.claim.address),
        claimed_at: now,
        delivery,
        delivery_text: String::new(),
    }))
}

/// The sender moves when their gift opens (`gift::reschedule`): only before it has opened.
pub async fn reschedule<S: Store>(
    store: &mut S,
    order_token: &str,
    to: i64,
    now: i64,
) -> Answer<(), S::Error> {
    let Some((g, _)) = settled(store, GiftBy::Order(order_token), now).await? else {
        return Ok(Err(no_gift_for_order()));
    };
    let (opens_at, expires_at) = match gift::reschedule(&g, to, now) {
        Ok(moved) => moved,
        Err(e) => return Ok(Err(e)),
    };
    store.reschedule(&g.token, opens_at, expires_at).await?;
    Ok(Ok(()))
}

/// Emails a gift's claim link to the recipient its sender named, once it has opened and is
/// paid: exactly once (`mark_told` and the outbox event are written together). Returns
/// whether it did.
pub async fn tell<S: Store>(store: &mut S, token: &str, now: i64) -> Result<bool, S::Error> {
    let Some(g) = store.gift(GiftBy::Token(token)).await? else {
        return Ok(false);
    };
    let window = g.window();
    if g.told_at.is_some()
        || g.options.recipient_email.is_empty()
        || window.cancelled
        || window.is_not_yet(now)
        || window.is_over(now)
        || lifecycle::may_claim(crate::status_of(store, &g.order_token).await?).is_err()
    {
        return Ok(false);
    }
    store.mark_told(&g.token, now).await?;
    let fact = Fact::GiftOpened {
        recipient_email: g.options.recipient_email.clone(),
        sender_name: g.options.sender_name.clone(),
        greeting: g.options.greeting.clone(),
        claim_token: g.token.clone(),
        expires_at: g.expires_at,
    };
    store.record(&g.order_token, fact, now).await?;
    Ok(true)
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
