//! Paying promoters. Each promoter has a ledger: every time an order's confirmed commission
//! grows (shipped, a gift unit claimed) an entry adds the difference; every refund after that
//! takes its share back with a negative entry. A positive entry is held for the return window
//! (the hold), then payable. A reversal first cancels the same order's amounts still held; the
//! rest comes off what is payable at once. The admin pays out up to the balance (payable −
//! paid) with a reference; a reversal after a payout leaves the balance negative, and the next
//! payout waits until earnings cover it.

use omiyage_api::{ApiError, FieldError, Money};

use crate::promotion::CommissionSplit;

/// The default hold: the return window, in days.
pub const DEFAULT_HOLD_DAYS: u32 = 14;
/// The longest payout reference (a bank transfer's number or note).
pub const MAX_REFERENCE: usize = 120;

/// One line of a ledger: an order's confirmed commission grew (+) or was refunded (−) at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub order: String,
    pub amount: i64,
    pub at: i64,
}

/// A ledger's figures at one moment, in yen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balance {
    /// Confirmed, still inside the hold (never negative).
    pub held: i64,
    /// Released from the hold, less reversals.
    pub payable: i64,
    pub paid: i64,
    /// `payable` − `paid`: what is owed now; negative after a reversal that followed a payout.
    pub balance: i64,
    /// When the next held amount is released.
    pub next_release_at: Option<i64>,
}

/// The ledger's figures at `now`, with entries held for `hold_secs` and `paid` paid out.
pub fn balance(entries: &[Entry], paid: i64, hold_secs: i64, now: i64) -> Balance {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    // What each order earned and not yet reversed: (order, amount, released at).
    let mut parts: Vec<(&str, i64, i64)> = Vec::new();
    let mut payable = 0;
    for e in sorted {
        if e.amount >= 0 {
            parts.push((&e.order, e.amount, e.at.saturating_add(hold_secs.max(0))));
            continue;
        }
        // A reversal cancels what the order still has held at that moment, latest first.
        let mut left = -e.amount;
        for part in parts.iter_mut().rev() {
            if left == 0 {
                break;
            }
            if part.0 == e.order && part.2 > e.at {
                let taken = part.1.min(left);
                part.1 -= taken;
                left -= taken;
            }
        }
        payable -= left;
    }
    let mut held = 0;
    let mut next_release_at: Option<i64> = None;
    for (_, amount, released) in parts.into_iter().filter(|p| p.1 > 0) {
        if released <= now {
            payable += amount;
        } else {
            held += amount;
            next_release_at = Some(next_release_at.map_or(released, |n| n.min(released)));
        }
    }
    Balance {
        held,
        payable,
        paid,
        balance: payable - paid,
        next_release_at,
    }
}

/// The part of an order's commission that its refunds take back: the commission times the
/// share of the order refunded, rounded down (all of it once the order is refunded in full).
/// Computed from the refunds' running total, so any sequence of refunds adds up exactly.
pub fn refund_reversal(commission: Money, order_total: Money, refunded: Money) -> Money {
    let (c, t, r) = (
        commission.amount.max(0),
        order_total.amount,
        refunded.amount.max(0),
    );
    if t <= 0 || r >= t {
        return Money::jpy(if r > 0 { c } else { 0 });
    }
    Money::jpy((i128::from(c) * i128::from(r) / i128::from(t)) as i64)
}

/// An order's commission split once its refunds' share is taken back: from what is confirmed
/// first (goods returned), then from what is pending. The parts still add up to the whole.
pub fn after_refunds(split: CommissionSplit, reversal: Money) -> CommissionSplit {
    let mut s = split;
    let from_confirmed = reversal.amount.clamp(0, s.confirmed.amount);
    let from_pending = (reversal.amount - from_confirmed).clamp(0, s.pending.amount);
    s.confirmed.amount -= from_confirmed;
    s.pending.amount -= from_pending;
    s.reversed.amount += from_confirmed + from_pending;
    s
}

/// An attributed order's commission split by where the order stands (its gift units', if it
/// bought a gift), its refunds' share taken back. `refunded` of `total` (yen).
pub fn order_split(
    commission: Money,
    status: omiyage_api::OrderStatus,
    units: &[omiyage_api::UnitState],
    (total, refunded): (i64, i64),
) -> CommissionSplit {
    use omiyage_api::OrderStatus;
    let split = crate::promotion::split(
        commission,
        status == OrderStatus::Shipped,
        status == OrderStatus::Cancelled,
        (!units.is_empty()).then_some(units),
    );
    after_refunds(
        split,
        refund_reversal(commission, Money::jpy(total), Money::jpy(refunded)),
    )
}

/// Checks a payout: a reference, and 1 yen up to what is owed. Returns the trimmed reference.
pub fn validate_payout(amount: i64, reference: &str, owed: i64) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    if owed <= 0 {
        errors.push(FieldError::new(
            "amount",
            format!("Nothing is owed now: the balance is {owed} yen."),
        ));
    } else if !(1..=owed).contains(&amount) {
        errors.push(FieldError::new(
            "amount",
            format!("Pay from 1 yen up to the balance, {owed} yen."),
        ));
    }
    let reference = reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_REFERENCE {
        errors.push(FieldError::new(
            "reference",
            format!("Enter the payment's reference (up to {MAX_REFERENCE} characters)."),
        ));
    }
    if errors.is_empty() {
        Ok(reference.to_string())
    } else {
        Err(ApiError::invalid(errors))
    }
}

/// A promoter's commission ledger and payouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    pub account_id: String,
    pub email: String,
    /// Oldest first, each with its order's reference.
    pub entries: Vec<(Entry, String)>,
    /// Newest first.
    pub payouts: Vec<omiyage_api::Payout>,
}

impl Ledger {
    /// The figures at `now`, with earnings held for `hold_secs`.
    pub fn balance(&self, hold_secs: i64, now: i64) -> Balance {
        let entries: Vec<_> = self.entries.iter().map(|(e, _)| e.clone()).collect();
        let paid = self.payouts.iter().map(|p| p.amount.amount).sum();
        balance(&entries, paid, hold_secs, now)
    }

    /// The ledger as its promoter and the admin see it.
    pub fn view(&self, hold_secs: i64, now: i64) -> omiyage_api::PayoutBalance {
        let b = self.balance(hold_secs, now);
        omiyage_api::PayoutBalance {
            account_id: self.account_id.clone(),
            email: self.email.clone(),
            held: omiyage_api::Money::jpy(b.held),
            payable: omiyage_api::Money::jpy(b.payable),
            paid: omiyage_api::Money::jpy(b.paid),
            balance: omiyage_api::Money::jpy(b.balance),
            next_release_at: b.next_release_at,
            payouts: self.payouts.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOLD: i64 = 14 * 86_400;

    fn entry(order: &str, amount: i64, at: i64) -> Entry {
        Entry {
            order: order.into(),
            amount,
            at,
        }
    }

    #[test]
    fn confirmed_commission_is_held_then_payable() {
        let ledger = [entry("a", 300, 0), entry("b", 200, 86_400)];
        let b = balance(&ledger, 0, HOLD, HOLD - 1);
        assert_eq!((b.held, b.payable, b.balance), (500, 0, 0));
        assert_eq!(b.next_release_at, Some(HOLD));
        let b = balance(&ledger, 0, HOLD, HOLD);
        assert_eq!((b.held, b.payable), (200, 300));
        assert_eq!(b.next_release_at, Some(HOLD + 86_400));
        let b = balance(&ledger, 300, HOLD, HOLD + 86_400);
        assert_eq!((b.held, b.payable, b.paid, b.balance), (0, 500, 300, 200));
        assert_eq!(b.next_release_at, None);
    }

    #[test]
    fn a_refund_inside_the_hold_cancels_the_held_amount_and_never_goes_negative() {
        let ledger = [entry("a", 300, 0), entry("a", -300, 3 * 86_400)];
        for now in [3 * 86_400, HOLD, 10 * HOLD] {
            let b = balance(&ledger, 0, HOLD, now);
            assert_eq!((b.held, b.payable, b.balance), (0, 0, 0), "at {now}");
        }
    }

    #[test]
    fn a_reversal_after_a_payout_leaves_a_negative_balance_carried_forward() {
        let mut ledger = vec![entry("a", 300, 0)];
        let paid = 300;
        ledger.push(entry("a", -100, HOLD + 5));
        let b = balance(&ledger, paid, HOLD, HOLD + 5);
        assert_eq!((b.payable, b.balance), (200, -100));
        // The next earnings pay the debt first.
        ledger.push(entry("b", 250, HOLD + 10));
        let b = balance(&ledger, paid, HOLD, 2 * HOLD + 10);
        assert_eq!(b.balance, 150);
    }

    #[test]
    fn refunds_take_back_their_share_and_a_full_refund_all_of_it() {
        let (c, t) = (Money::jpy(333), Money::jpy(1_000));
        assert_eq!(refund_reversal(c, t, Money::jpy(0)), Money::jpy(0));
        assert_eq!(refund_reversal(c, t, Money::jpy(500)), Money::jpy(166));
        assert_eq!(refund_reversal(c, t, t), c);
        assert_eq!(refund_reversal(c, t, Money::jpy(5_000)), c);
    }

    #[test]
    fn payouts_need_a_reference_and_an_amount_within_the_balance() {
        assert_eq!(validate_payout(500, " TX-1 ", 500).unwrap(), "TX-1");
        for (amount, reference, owed, field) in [
            (0, "TX", 500, "amount"),
            (501, "TX", 500, "amount"),
            (1, "TX", 0, "amount"),
            (1, "TX", -20, "amount"),
            (100, "  ", 500, "reference"),
        ] {
            let e = validate_payout(amount, reference, owed).unwrap_err();
            assert_eq!(e.fields[0].field, field, "{amount} {reference:?} {owed}");
        }
        let long = "x".repeat(MAX_REFERENCE + 1);
        assert!(validate_payout(1, &long, 5).is_err());
    }

    fn ledger() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec((0..4u8, -500i64..2_000, 0i64..60 * 86_400), 0..24).prop_map(|v| {
            v.into_iter()
                .map(|(o, amount, at)| entry(&format!("o{o}"), amount, at))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn balances_are_payable_less_paid_held_is_never_negative_and_nothing_is_lost(
            entries in ledger(),
            paid in 0i64..5_000,
            hold in 0i64..30 * 86_400,
            later in 0i64..90 * 86_400,
        ) {
            let now = entries.iter().map(|e| e.at).max().unwrap_or(0) + later;
            let b = balance(&entries, paid, hold, now);
            prop_assert!(b.held >= 0);
            prop_assert_eq!(b.balance, b.payable - b.paid);
            prop_assert_eq!(b.held + b.payable, entries.iter().map(|e| e.amount).sum::<i64>());
            // Time only releases money: what is payable never shrinks as the clock moves on.
            let after = balance(&entries, paid, hold, now + 86_400);
            prop_assert!(after.payable >= b.payable);
            prop_assert!(after.held <= b.held);
        }

        #[test]
        fn refund_reversals_add_up_exactly_and_never_pass_the_commission(
            commission in 0i64..100_000,
            total in 1i64..1_000_000,
            steps in prop::collection::vec(1i64..400_000, 1..6),
        ) {
            let (c, t) = (Money::jpy(commission), Money::jpy(total));
            let mut refunded = 0;
            let mut reversed = 0;
            for s in steps {
                let next = (refunded + s).min(total);
                let delta = refund_reversal(c, t, Money::jpy(next)).amount
                    - refund_reversal(c, t, Money::jpy(refunded)).amount;
                prop_assert!(delta >= 0);
                reversed += delta;
                refunded = next;
            }
            prop_assert!(reversed <= commission);
            let rest = refund_reversal(c, t, t).amount - refund_reversal(c, t, Money::jpy(refunded)).amount;
            prop_assert_eq!(reversed + rest, commission);
        }

        #[test]
        fn after_refunds_keeps_the_whole_and_every_part_non_negative(
            confirmed in 0i64..10_000,
            pending in 0i64..10_000,
            reversed in 0i64..10_000,
            reversal in 0i64..40_000,
        ) {
            let split = CommissionSplit {
                confirmed: Money::jpy(confirmed),
                pending: Money::jpy(pending),
                reversed: Money::jpy(reversed),
            };
            let s = after_refunds(split, Money::jpy(reversal));
            prop_assert!(s.confirmed.amount >= 0 && s.pending.amount >= 0);
            prop_assert_eq!(
                s.confirmed.amount + s.pending.amount + s.reversed.amount,
                confirmed + pending + reversed
            );
            prop_assert!(s.confirmed.amount <= confirmed);
        }
    }
}
