//! The flows' store (`omiyage_flows::Store`) over the in-memory state, so the mock runs the very
//! same use cases as the server. A flow runs as one transaction ([`MockState::run`]): the state
//! is copied first and put back when the flow fails, as a database rolls back.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use omiyage_api::{ApiError, ErrorCode, GiftUnit, OrderStatus, Product, UnitState};
use omiyage_core::gift::GiftRecord;
use omiyage_flows::commission::{Attributed, CommissionStore};
use omiyage_flows::order::{CouponClaim, CouponRefusal, OrderStore};
use omiyage_flows::{Fact, GiftBy, NewClaim, PastClaim, Store};

use crate::MockState;
use crate::gift::Claim;

/// One flow's view of the state.
pub(crate) struct MockTx<'a> {
    state: &'a mut MockState,
}

impl MockState {
    /// Runs a flow on the state as one transaction: an `Err` leaves the state as it was.
    pub(crate) fn run<T>(
        &mut self,
        flow: impl AsyncFnOnce(&mut MockTx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let before = self.clone();
        let result = ready(flow(&mut MockTx { state: self })).unwrap_or_else(|| {
            Err(ApiError::new(
                ErrorCode::Internal,
                "The in-memory store waited for something.",
            ))
        });
        if result.is_err() {
            *self = before;
        }
        result
    }

    fn gift_mut(&mut self, token: &str) -> Result<&mut crate::MockGift, ApiError> {
        self.gifts
            .iter_mut()
            .find(|g| g.record.token == token)
            .ok_or_else(|| ApiError::not_found("This gift link"))
    }

    fn order_mut(&mut self, token: &str) -> Option<&mut omiyage_api::OrderView> {
        self.orders.iter_mut().find(|o| o.token == token)
    }
}

/// Polls a future once: the in-memory store never waits, so every flow on it is ready at once
/// (`None` would mean a step waited, which no step here does).
pub(crate) fn ready<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

fn changed_under_us() -> ApiError {
    ApiError::new(ErrorCode::Conflict, "This gift changed meanwhile.")
}

impl Store for MockTx<'_> {
    type Error = ApiError;

    async fn gift(&mut self, by: GiftBy<'_>) -> Result<Option<GiftRecord>, ApiError> {
        Ok(self
            .state
            .gifts
            .iter()
            .find(|g| match by {
                GiftBy::Token(t) => g.record.token == t,
                GiftBy::Order(t) => g.record.order_token == t,
            })
            .map(|g| g.record.clone()))
    }

    async fn order_status(&mut self, order_token: &str) -> Result<Option<OrderStatus>, ApiError> {
        Ok(self
            .state
            .orders
            .iter()
            .find(|o| o.token == order_token)
            .map(|o| o.status))
    }

    async fn product(&mut self, id: &str) -> Result<Option<Product>, ApiError> {
        Ok(self.state.product(id).ok())
    }

    async fn save_units(
        &mut self,
        gift_token: &str,
        before: &[GiftUnit],
        after: &[GiftUnit],
    ) -> Result<(), ApiError> {
        let units = &mut self.state.gift_mut(gift_token)?.record.units;
        for (b, a) in before.iter().zip(after).filter(|(b, a)| b != a) {
            let unit = units
                .get_mut(a.index as usize)
                .filter(|u| u.state == b.state)
                .ok_or_else(changed_under_us)?;
            *unit = a.clone();
        }
        Ok(())
    }

    async fn put_back(&mut self, variant_id: &str, units: u32) -> Result<(), ApiError> {
        if let Some(v) = self.state.variant_mut(variant_id) {
            v.stock += units;
        }
        Ok(())
    }

    async fn take(&mut self, variant_id: &str, units: u32) -> Result<bool, ApiError> {
        Ok(match self.state.variant_mut(variant_id) {
            Some(v) if v.stock >= units => {
                v.stock -= units;
                true
            }
            _ => false,
        })
    }

    async fn close_gift(&mut self, gift_token: &str) -> Result<(), ApiError> {
        self.state.gift_mut(gift_token)?.record.cancelled = true;
        Ok(())
    }

    async fn mark_opened(&mut self, gift_token: &str, now: i64) -> Result<(), ApiError> {
        self.state
            .gift_mut(gift_token)?
            .record
            .opened_at
            .get_or_insert(now);
        Ok(())
    }

    async fn reschedule(
        &mut self,
        gift_token: &str,
        opens_at: i64,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        let record = &mut self.state.gift_mut(gift_token)?.record;
        record.options.opens_at = Some(opens_at);
        record.expires_at = expires_at;
        Ok(())
    }

    async fn mark_told(&mut self, gift_token: &str, now: i64) -> Result<(), ApiError> {
        self.state.gift_mut(gift_token)?.record.told_at = Some(now);
        Ok(())
    }

    async fn past_claim(
        &mut self,
        gift_token: &str,
        key: &str,
    ) -> Result<Option<PastClaim>, ApiError> {
        let g = self.state.gift_mut(gift_token)?;
        Ok(g.claims.iter().enumerate().find_map(|(i, c)| {
            let c = c.as_ref().filter(|c| c.key == key)?;
            Some(PastClaim {
                unit: i as u32,
                fingerprint: c.fingerprint.clone(),
                name: c.name.clone(),
                address: c.address.clone(),
                claimed_at: g.record.units[i].claimed_at.unwrap_or_default(),
                variant_id: c.variant_id.clone(),
            })
        }))
    }

    async fn write_claim(&mut self, gift_token: &str, c: &NewClaim<'_>) -> Result<(), ApiError> {
        let g = self.state.gift_mut(gift_token)?;
        let i = c.unit.index as usize;
        match g.record.units.get_mut(i) {
            Some(u) if u.state == UnitState::Unclaimed => *u = c.unit.clone(),
            _ => return Err(changed_under_us()),
        }
        g.claims[i] = Some(Claim {
            key: c.key.to_string(),
            fingerprint: c.fingerprint.to_string(),
            name: c.claim.name.clone(),
            address: c.claim.address.clone(),
            variant_id: c.variant_id.to_string(),
        });
        Ok(())
    }

    async fn cancel_waiting(&mut self, order_token: &str) -> Result<bool, ApiError> {
        Ok(match self.state.order_mut(order_token) {
            Some(o) if o.status == OrderStatus::AwaitingPayment => {
                o.status = OrderStatus::Cancelled;
                true
            }
            _ => false,
        })
    }

    async fn put_back_lines(&mut self, order_token: &str) -> Result<(), ApiError> {
        let lines = match self.state.order_mut(order_token) {
            Some(o) => o.lines.clone(),
            None => return Ok(()),
        };
        for line in &lines {
            self.put_back(&line.variant_id, line.quantity).await?;
        }
        Ok(())
    }

    async fn release_coupon(&mut self, order_token: &str) -> Result<(), ApiError> {
        let Some(o) = self.state.order_mut(order_token) else {
            return Ok(());
        };
        let Some(code) = o.coupon.clone() else {
            return Ok(());
        };
        let used = CouponClaim {
            code,
            email: omiyage_core::account::normalise_email(&o.contact.email),
            per_email: None,
            discount: o.discount().amount,
        };
        self.give_back_coupon(&used).await
    }

    async fn mark_shipped(
        &mut self,
        order_token: &str,
        done: bool,
        tracking: &str,
        now: i64,
    ) -> Result<(), ApiError> {
        let order = self
            .state
            .order_mut(order_token)
            .ok_or_else(|| ApiError::not_found("This order"))?;
        if done {
            order.status = OrderStatus::Shipped;
        }
        order.shipment = Some(omiyage_api::Shipment {
            tracking_number: tracking.to_string(),
            shipped_at: now,
        });
        Ok(())
    }

    /// The mock sends no message; it keeps what it would have told, in order.
    async fn record(&mut self, order_token: &str, fact: Fact, at: i64) -> Result<(), ApiError> {
        self.state.told.push((order_token.to_string(), fact, at));
        Ok(())
    }

    /// The mock shop keeps the default rules (as its checkout does).
    async fn delivery_settings(&mut self) -> Result<omiyage_api::DeliverySettings, ApiError> {
        Ok(omiyage_core::delivery::default_settings())
    }
    /// The mock has no members: no order has points to settle.
    async fn order_points(
        &mut self,
        _order_token: &str,
    ) -> Result<Option<omiyage_flows::points::PointsAccount>, ApiError> {
        Ok(None)
    }
    async fn book_points(
        &mut self,
        _booking: &omiyage_flows::points::Booking<'_>,
        _now: i64,
    ) -> Result<(), ApiError> {
        Err(ApiError::new(
            ErrorCode::Conflict,
            "The demo shop has no members.",
        ))
    }
}

impl OrderStore for MockTx<'_> {
    async fn held_orders(&mut self, email: &str) -> Result<Vec<String>, ApiError> {
        Ok(self
            .state
            .orders
            .iter()
            .filter(|o| {
                o.status == OrderStatus::AwaitingPayment
                    && o.payment.pay_by.is_some()
                    && omiyage_core::account::normalise_email(&o.contact.email) == email
            })
            .map(|o| o.reference.clone())
            .collect())
    }

    /// The mock has no members (checkout refuses points before this).
    async fn take_points(
        &mut self,
        _member: &str,
        _points: i64,
    ) -> Result<Result<(), i64>, ApiError> {
        Ok(Err(0))
    }
    async fn give_back_points(&mut self, _member: &str, _points: i64) -> Result<(), ApiError> {
        Ok(())
    }

    /// The order joins the others once it is written: nothing to note before.
    async fn hold(&mut self, _email: &str, _reference: &str) -> Result<(), ApiError> {
        Ok(())
    }

    async fn claim_coupon(
        &mut self,
        claim: &CouponClaim,
    ) -> Result<Option<CouponRefusal>, ApiError> {
        let Some(coupon) = crate::coupons().into_iter().find(|c| c.code == claim.code) else {
            return Ok(Some(CouponRefusal::UsedUp));
        };
        let uses = &mut self.state.coupon_uses;
        let i = match uses.iter().position(|(c, _)| *c == claim.code) {
            Some(i) => i,
            None => {
                uses.push((claim.code.clone(), Vec::new()));
                uses.len() - 1
            }
        };
        let emails = &mut uses[i].1;
        let total: u32 = emails.iter().map(|(_, n)| n).sum();
        if coupon.disabled || coupon.max_uses.is_some_and(|max| total >= max) {
            return Ok(Some(CouponRefusal::UsedUp));
        }
        let mine = match emails.iter().position(|(e, _)| *e == claim.email) {
            Some(j) => &mut emails[j].1,
            None => {
                emails.push((claim.email.clone(), 0));
                &mut emails.last_mut().expect("just pushed").1
            }
        };
        if claim.per_email.is_some_and(|per| *mine >= per) {
            return Ok(Some(CouponRefusal::UsedByYou));
        }
        *mine += 1;
        Ok(None)
    }

    async fn give_back_coupon(&mut self, claim: &CouponClaim) -> Result<(), ApiError> {
        let uses = self
            .state
            .coupon_uses
            .iter_mut()
            .find(|(c, _)| *c == claim.code);
        if let Some((_, n)) =
            uses.and_then(|(_, emails)| emails.iter_mut().find(|(e, _)| *e == claim.email))
        {
            *n = n.saturating_sub(1);
        }
        Ok(())
    }

    async fn stock_of(&mut self, variant_id: &str) -> Result<u32, ApiError> {
        Ok(self.state.variant_mut(variant_id).map_or(0, |v| v.stock))
    }
}

/// The mock credits no promoter (it has no share links): no order has an attribution, so
/// settling a commission finds nothing to book.
impl CommissionStore for MockTx<'_> {
    async fn attribution(&mut self, _order_token: &str) -> Result<Option<Attributed>, ApiError> {
        Ok(None)
    }

    async fn unit_states(&mut self, order_token: &str) -> Result<Vec<UnitState>, ApiError> {
        Ok(self
            .state
            .gifts
            .iter()
            .find(|g| g.record.order_token == order_token)
            .map(|g| g.record.units.iter().map(|u| u.state).collect())
            .unwrap_or_default())
    }

    async fn booked(&mut self, _order_token: &str, _account: &str) -> Result<i64, ApiError> {
        Ok(0)
    }

    async fn book(&mut self, _: &str, _: &str, _: i64, _: i64) -> Result<(), ApiError> {
        Err(no_promoters())
    }

    async fn refresh_level(&mut self, _promoter_id: &str, _now: i64) -> Result<(), ApiError> {
        Err(no_promoters())
    }
}

fn no_promoters() -> ApiError {
    ApiError::new(ErrorCode::Internal, "The mock credits no promoter.")
}
