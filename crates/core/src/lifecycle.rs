//! The life of an order, its card payment and its gift units, decided in one place.
//!
//! Every path that changes an order (checkout, card attempt, 3-D Secure return, webhook,
//! timeout, claim, decline, cancel, expiry, ship, refund) asks these pure functions what the
//! state it read allows, and stores what they answer. The rules they keep:
//!
//! - a gift unit is claimed or declined only when its order is paid (a counter order: once staff
//!   confirm its payment); a unit of an unpaid order never expires into a refund;
//! - stock is returned exactly once per unit (gift) or line (other orders), whichever path
//!   returns it: a gift's units each return theirs when they leave `Unclaimed` for `Refunded`,
//!   and cancelling an unpaid gift returns only the units still unclaimed;
//! - money leaves only through refunds of what a card intent was charged: a payment that
//!   succeeds on an order that is not waiting for it (cancelled, or paid by another intent) is
//!   refunded at once, in full;
//! - a new card attempt first cancels the order's open intent; if that one succeeded meanwhile,
//!   the order is paid by it and the new attempt is refused.

use omiyage_api::{ApiError, GiftUnit, OrderStatus, UnitState};

/// Where a card intent stands, as the provider reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntentStanding {
    /// Waiting for a card or for the 3-D Secure challenge: it may still be charged.
    Open,
    Succeeded,
    /// Declined, cancelled or failed: it will never be charged.
    Closed,
}

/// Whether an order's payment is settled in the shop's favour: only then can its gift units be
/// claimed, declined or refunded by the gift rules.
pub fn is_paid(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Paid | OrderStatus::Shipped)
}

/// The answer to a recipient who opens a gift whose order is not paid.
pub fn unpaid_gift() -> ApiError {
    crate::gift::closed_error(omiyage_api::GiftState::AwaitingPayment)
}

/// A recipient may claim or decline a unit only of a paid order.
pub fn may_claim(status: OrderStatus) -> Result<(), ApiError> {
    match status {
        OrderStatus::Paid | OrderStatus::Shipped => Ok(()),
        OrderStatus::Cancelled => Err(crate::gift::closed_error(omiyage_api::GiftState::Cancelled)),
        OrderStatus::AwaitingPayment => Err(unpaid_gift()),
    }
}

/// The claim window refunds unclaimed units only of a paid order (an unpaid one has nothing to
/// refund: its stock goes back when the order is cancelled).
pub fn may_expire(status: OrderStatus) -> bool {
    is_paid(status)
}

/// What a sender's "cancel this gift" does, by the order's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiftCancel {
    /// Paid: every unclaimed unit is refunded (and its stock returned).
    RefundUnits,
    /// Not paid yet: the order itself is cancelled (its open intent first), stock back once.
    CancelOrder,
    /// Already cancelled: nothing left to do.
    Refused,
}

pub fn gift_cancel(status: OrderStatus) -> GiftCancel {
    match status {
        OrderStatus::Paid | OrderStatus::Shipped => GiftCancel::RefundUnits,
        OrderStatus::AwaitingPayment => GiftCancel::CancelOrder,
        OrderStatus::Cancelled => GiftCancel::Refused,
    }
}

/// What a payment that succeeded does to its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Succeeded {
    /// The order was waiting: it is paid, by this intent.
    MarkPaid,
    /// This intent was already counted (a repeated webhook, or the webhook after the return).
    AlreadyCounted,
    /// The order is not waiting for this money (cancelled, or paid by another intent): the
    /// intent is refunded at once, in full.
    ReturnAtOnce,
}

/// `paid_by`: the intent the order was paid by, if it was.
pub fn on_succeeded(status: OrderStatus, paid_by: Option<&str>, intent: &str) -> Succeeded {
    match (status, paid_by) {
        (OrderStatus::AwaitingPayment, _) => Succeeded::MarkPaid,
        (_, Some(by)) if by == intent => Succeeded::AlreadyCounted,
        _ => Succeeded::ReturnAtOnce,
    }
}

/// What a new card attempt must do first, given the order's latest intent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// No intent that could still be charged: go ahead.
    Go,
    /// Cancel this open intent at the provider first; go ahead only once it is closed.
    CancelFirst(String),
    /// The latest intent succeeded meanwhile: the order is paid by it, the attempt is refused.
    PaidMeanwhile(String),
}

pub fn before_attempt(latest: Option<(&str, IntentStanding)>) -> Attempt {
    match latest {
        None | Some((_, IntentStanding::Closed)) => Attempt::Go,
        Some((id, IntentStanding::Open)) => Attempt::CancelFirst(id.to_string()),
        Some((id, IntentStanding::Succeeded)) => Attempt::PaidMeanwhile(id.to_string()),
    }
}

/// How many units of a gift go back to stock when its unpaid order is cancelled: the ones
/// still unclaimed (a refunded unit already returned its own).
pub fn units_back_on_cancel(units: &[GiftUnit]) -> usize {
    units
        .iter()
        .filter(|u| u.state == UnitState::Unclaimed)
        .count()
}

/// The invariants a sequence of steps must keep, checked against what was observed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Books {
    /// Units of stock at the start.
    pub start: i64,
    /// Units in stock now.
    pub stock: i64,
    /// Units sold (kept by a paid order, or a claimed or shipped gift unit) or held (an unpaid
    /// order, an unclaimed unit).
    pub sold_or_held: i64,
    /// What the provider charged and refunded, for one order.
    pub charged: i64,
    pub refunded: i64,
    /// What the order says it kept.
    pub kept: i64,
}

impl Books {
    /// The broken invariants, described.
    pub fn broken(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.stock + self.sold_or_held != self.start {
            out.push(format!(
                "stock {} + sold or held {} ≠ starting stock {}",
                self.stock, self.sold_or_held, self.start
            ));
        }
        if self.refunded > self.charged {
            out.push(format!(
                "refunded {} > charged {}",
                self.refunded, self.charged
            ));
        }
        if self.charged - self.refunded != self.kept {
            out.push(format!(
                "charged {} − refunded {} ≠ kept {}",
                self.charged, self.refunded, self.kept
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;
    use omiyage_api::ErrorCode;

    const ALL: [OrderStatus; 4] = [AwaitingPayment, Paid, Shipped, Cancelled];

    #[test]
    fn only_units_of_paid_orders_are_claimed() {
        for s in ALL {
            assert_eq!(may_claim(s).is_ok(), is_paid(s), "{s:?}");
            assert_eq!(may_expire(s), is_paid(s), "{s:?}");
        }
        assert_eq!(
            may_claim(AwaitingPayment).unwrap_err().code,
            ErrorCode::Conflict
        );
        assert_eq!(
            may_claim(Cancelled).unwrap_err().code,
            ErrorCode::GiftCancelled
        );
    }

    #[test]
    fn a_payment_counts_once_and_a_late_one_goes_back() {
        assert_eq!(
            on_succeeded(AwaitingPayment, None, "pi_a"),
            Succeeded::MarkPaid
        );
        assert_eq!(
            on_succeeded(Paid, Some("pi_a"), "pi_a"),
            Succeeded::AlreadyCounted
        );
        assert_eq!(
            on_succeeded(Paid, Some("pi_a"), "pi_b"),
            Succeeded::ReturnAtOnce
        );
        assert_eq!(
            on_succeeded(Cancelled, None, "pi_a"),
            Succeeded::ReturnAtOnce
        );
        assert_eq!(
            on_succeeded(Cancelled, Some("pi_a"), "pi_a"),
            Succeeded::AlreadyCounted
        );
        assert_eq!(
            on_succeeded(Shipped, Some("pi_a"), "pi_b"),
            Succeeded::ReturnAtOnce
        );
    }

    #[test]
    fn a_new_attempt_closes_the_open_one_first() {
        assert_eq!(before_attempt(None), Attempt::Go);
        assert_eq!(
            before_attempt(Some(("pi_a", IntentStanding::Closed))),
            Attempt::Go
        );
        assert_eq!(
            before_attempt(Some(("pi_a", IntentStanding::Open))),
            Attempt::CancelFirst("pi_a".into())
        );
        assert_eq!(
            before_attempt(Some(("pi_a", IntentStanding::Succeeded))),
            Attempt::PaidMeanwhile("pi_a".into())
        );
    }

    #[test]
    fn cancelling_an_unpaid_gift_cancels_its_order() {
        assert_eq!(gift_cancel(AwaitingPayment), GiftCancel::CancelOrder);
        assert_eq!(gift_cancel(Paid), GiftCancel::RefundUnits);
        assert_eq!(gift_cancel(Shipped), GiftCancel::RefundUnits);
        assert_eq!(gift_cancel(Cancelled), GiftCancel::Refused);
    }

    /// A small model of one card gift of 3 units in stock 10, driven through every sequence of
    /// up to 6 steps: after each, stock + units held or sold = 10 and charged − refunded = kept.
    #[test]
    fn every_sequence_of_steps_keeps_the_books() {
        #[derive(Clone, Copy, Debug)]
        enum Step {
            Pay,
            LatePay,
            Timeout,
            Claim,
            Decline,
            Cancel,
            Expire,
        }
        const STEPS: [Step; 7] = [
            Step::Pay,
            Step::LatePay,
            Step::Timeout,
            Step::Claim,
            Step::Decline,
            Step::Cancel,
            Step::Expire,
        ];
        const PRICE: i64 = 1_000;
        #[derive(Clone)]
        struct World {
            status: OrderStatus,
            paid_by: Option<&'static str>,
            units: Vec<GiftUnit>,
            stock: i64,
            charged: i64,
            refunded: i64,
            gift_cancelled: bool,
            succeeded: Vec<&'static str>,
        }
        fn kept(w: &World) -> i64 {
            if w.paid_by.is_none() {
                return 0;
            }
            let refunded_units = w
                .units
                .iter()
                .filter(|u| u.state == UnitState::Refunded)
                .count() as i64;
            (w.units.len() as i64 - refunded_units) * PRICE
        }
        fn succeed(w: &mut World, intent: &'static str) {
            // An intent is charged once, whatever happens to its order meanwhile.
            if w.succeeded.contains(&intent) {
                return;
            }
            w.succeeded.push(intent);
            w.charged += PRICE * 3;
            match on_succeeded(w.status, w.paid_by, intent) {
                Succeeded::MarkPaid => {
                    w.status = Paid;
                    w.paid_by = Some(intent);
                }
                Succeeded::AlreadyCounted => {}
                Succeeded::ReturnAtOnce => w.refunded += PRICE * 3,
            }
        }
        fn refund_units(w: &mut World, units: &[usize]) {
            w.stock += units.len() as i64;
            if w.paid_by.is_some() {
                w.refunded += PRICE * units.len() as i64;
            }
        }
        fn apply(w: &mut World, step: Step, now: i64) {
            let window = crate::gift::Window {
                expires_at: 100,
                cancelled: w.gift_cancelled,
                opens_at: 0,
            };
            match step {
                Step::Pay => succeed(w, "pi_a"),
                // A second intent (another card, or one that succeeded after a cancel).
                Step::LatePay => succeed(w, "pi_b"),
                Step::Timeout => {
                    if w.status == AwaitingPayment {
                        w.stock += units_back_on_cancel(&w.units) as i64;
                        w.status = Cancelled;
                        w.gift_cancelled = true;
                    }
                }
                Step::Claim => {
                    if may_claim(w.status).is_ok() {
                        let _ = crate::gift::claim(&mut w.units, window, now);
                    }
                }
                Step::Decline => {
                    if may_claim(w.status).is_ok()
                        && let Ok(i) = crate::gift::decline(&mut w.units, window, now)
                    {
                        refund_units(w, &[i]);
                    }
                }
                Step::Cancel => match gift_cancel(w.status) {
                    GiftCancel::RefundUnits => {
                        if let Ok(due) = crate::gift::cancel(&mut w.units, window, now) {
                            refund_units(w, &due);
                            w.gift_cancelled = true;
                        }
                    }
                    GiftCancel::CancelOrder => {
                        w.stock += units_back_on_cancel(&w.units) as i64;
                        w.status = Cancelled;
                        w.gift_cancelled = true;
                    }
                    GiftCancel::Refused => {}
                },
                Step::Expire => {
                    if may_expire(w.status) {
                        let due = crate::gift::expire(&mut w.units, window, 100);
                        refund_units(w, &due);
                    }
                }
            }
        }
        fn check(w: &World, trail: &[Step]) {
            let held = match w.status {
                Cancelled if w.paid_by.is_none() => 0,
                _ => w
                    .units
                    .iter()
                    .filter(|u| u.state != UnitState::Refunded)
                    .count() as i64,
            };
            let books = Books {
                start: 10,
                stock: w.stock,
                sold_or_held: held,
                charged: w.charged,
                refunded: w.refunded,
                kept: kept(w),
            };
            assert!(books.broken().is_empty(), "{trail:?}: {:?}", books.broken());
            if !is_paid(w.status) {
                assert!(
                    w.units.iter().all(|u| u.state != UnitState::Claimed),
                    "{trail:?}: a unit of an unpaid order was claimed"
                );
            }
        }
        fn explore(w: &World, trail: &mut Vec<Step>, depth: usize, tried: &mut usize) {
            check(w, trail);
            *tried += 1;
            if depth == 0 {
                return;
            }
            for step in STEPS {
                let mut next = w.clone();
                trail.push(step);
                apply(&mut next, step, trail.len() as i64);
                explore(&next, trail, depth - 1, tried);
                trail.pop();
            }
        }
        let start = World {
            status: AwaitingPayment,
            paid_by: None,
            units: crate::gift::new_units(3),
            stock: 7,
            charged: 0,
            refunded: 0,
            gift_cancelled: false,
            succeeded: Vec::new(),
        };
        let mut tried = 0;
        explore(&start, &mut Vec::new(), 6, &mut tried);
        assert_eq!(tried, (0..=6).map(|d| 7usize.pow(d)).sum::<usize>());
    }
}
