//! Promoter commerce rules: promotion plans, share-link attribution (last click wins, inside the
//! plan's window, never for the promoter's own purchase) and commission, computed from what was
//! actually paid and reversed with refunds. Both the server and any other backend call these.

use omiyage_api::{ApiError, FieldError, Money, OrderLine, UnitState};

use crate::sales;

/// Highest commission rate: 50 %.
pub const MAX_BPS: u32 = 5_000;
/// Default attribution window.
pub const DEFAULT_WINDOW_DAYS: u32 = 7;
pub const MAX_WINDOW_DAYS: u32 = 90;
const DAY: i64 = 86_400;

/// A promotion plan as the merchant sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    /// Commission in basis points of the amount paid (1 bp = 0.01 %).
    pub commission_bps: u32,
    /// The rate on a new buyer's order (no earlier order with their email), when higher.
    pub new_buyer_bps: Option<u32>,
    pub product_ids: Vec<String>,
    pub window_days: u32,
    /// Unix seconds; the plan runs from `starts_at` (inclusive) to `ends_at` (exclusive).
    pub starts_at: i64,
    pub ends_at: i64,
    /// Pausing stops new attribution; commissions already earned stay.
    pub paused: bool,
}

impl Plan {
    /// Whether the plan attributes clicks and orders at `at`.
    pub fn is_active(&self, at: i64) -> bool {
        !self.paused && self.starts_at <= at && at < self.ends_at
    }

    pub fn covers(&self, product_id: &str) -> bool {
        self.product_ids.iter().any(|p| p == product_id)
    }

    pub fn window_secs(&self) -> i64 {
        i64::from(self.window_days) * DAY
    }
}

/// A plan's checked numbers: rate, new-buyer rate, window, and its start and end (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanTerms {
    pub commission_bps: u32,
    pub new_buyer_bps: Option<u32>,
    pub window_days: u32,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Checks a plan's numbers: rate 0–50 %, a new-buyer rate (optional) from the rate up to 50 %,
/// window 1–90 days, at least one product, and an end after the start (dates in the shop's
/// time zone, end day inclusive).
pub fn validate_plan(
    commission_bps: i64,
    new_buyer_bps: Option<i64>,
    window_days: i64,
    product_ids: &[String],
    starts_on: &str,
    ends_on: &str,
) -> Result<PlanTerms, ApiError> {
    let mut errors = Vec::new();
    let rates = 0..=i64::from(MAX_BPS);
    if !rates.contains(&commission_bps) {
        errors.push(FieldError::new(
            "commission_bps",
            "Set a commission from 0 to 50 %.",
        ));
    }
    if let Some(n) = new_buyer_bps
        && (!rates.contains(&n) || n < commission_bps)
    {
        errors.push(FieldError::new(
            "new_buyer_bps",
            "Set the new-buyer rate from the plan's rate up to 50 %.",
        ));
    }
    if !(1..=i64::from(MAX_WINDOW_DAYS)).contains(&window_days) {
        errors.push(FieldError::new(
            "window_days",
            format!("Set an attribution window of 1 to {MAX_WINDOW_DAYS} days."),
        ));
    }
    if product_ids.is_empty() {
        errors.push(FieldError::new(
            "product_ids",
            "Choose at least one product.",
        ));
    }
    let (start, end) = (
        sales::day_from_date(starts_on),
        sales::day_from_date(ends_on),
    );
    match (start, end) {
        (Some(s), Some(e)) if e >= s => {}
        (Some(_), Some(_)) => errors.push(FieldError::new(
            "ends_on",
            "End the plan on or after its first day.",
        )),
        _ => errors.push(FieldError::new(
            "starts_on",
            "Enter the first and last day as dates.",
        )),
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let (s, e) = (start.unwrap_or(0), end.unwrap_or(0));
    Ok(PlanTerms {
        commission_bps: u32::try_from(commission_bps).unwrap_or(0),
        new_buyer_bps: new_buyer_bps.and_then(|n| u32::try_from(n).ok()),
        window_days: u32::try_from(window_days).unwrap_or(DEFAULT_WINDOW_DAYS),
        starts_at: sales::day_start(s),
        ends_at: sales::day_start(e + 1),
    })
}

/// A recorded click on a promoter's share link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Click {
    pub promoter_id: String,
    pub product_id: String,
    pub clicked_at: i64,
}

/// An order credited to a promoter under a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    pub promoter_id: String,
    pub plan_id: String,
    pub commission_bps: u32,
    /// The plan's rate for a new buyer, if it has one.
    pub new_buyer_bps: Option<u32>,
}

impl Attribution {
    /// The rate the order earns: the new-buyer rate when the buyer is new and the plan has one,
    /// else the plan's rate. A buyer is new when their normalised email has no earlier order
    /// in the shop: decided where the order is written, in its transaction (the first order
    /// to claim the email is the new buyer's, also when several race).
    pub fn rate(&self, new_buyer: bool) -> u32 {
        rate(self.commission_bps, self.new_buyer_bps, new_buyer)
    }
}

/// The rate of a plan (`commission_bps`, with its new-buyer rate if any) for a new or a
/// returning buyer (see [`Attribution::rate`]).
pub fn rate(commission_bps: u32, new_buyer_bps: Option<u32>, new_buyer: bool) -> u32 {
    match new_buyer_bps {
        Some(n) if new_buyer => n.max(commission_bps),
        _ => commission_bps,
    }
}

/// The share of new buyers' orders, in basis points of all orders (0 with no orders).
pub fn new_buyer_share_bps(new_buyers: u32, orders: u32) -> u32 {
    if orders == 0 {
        0
    } else {
        (u64::from(new_buyers.min(orders)) * 10_000 / u64::from(orders)) as u32
    }
}

/// Who gets the order: the latest click on a covered product whose plan is active at the click
/// and at the order, placed within the plan's window, by someone other than the buyer. Forged,
/// unknown or stale clicks simply do not count.
pub fn attribute(
    clicks: &[Click],
    plans: &[Plan],
    ordered_products: &[&str],
    buyer_id: Option<&str>,
    now: i64,
) -> Option<Attribution> {
    clicks
        .iter()
        .filter(|c| c.clicked_at <= now && Some(c.promoter_id.as_str()) != buyer_id)
        .filter(|c| ordered_products.contains(&c.product_id.as_str()))
        .filter_map(|c| {
            let plan = plans.iter().find(|p| {
                p.covers(&c.product_id)
                    && p.is_active(c.clicked_at)
                    && p.is_active(now)
                    && now < c.clicked_at + p.window_secs()
            })?;
            Some((c, plan))
        })
        .max_by_key(|(c, _)| c.clicked_at)
        .map(|(c, plan)| Attribution {
            promoter_id: c.promoter_id.clone(),
            plan_id: plan.id.clone(),
            commission_bps: plan.commission_bps,
            new_buyer_bps: plan.new_buyer_bps,
        })
}

/// The commission on an amount paid, rounded down to whole yen.
pub fn commission(paid: Money, bps: u32) -> Money {
    Money::jpy(paid.amount.max(0) * i64::from(bps) / 10_000)
}

/// What the plan's products in an order paid after any coupon (shipping earns nothing).
pub fn commissionable(lines: &[OrderLine], plan: &Plan) -> Money {
    Money::jpy(
        lines
            .iter()
            .filter(|l| plan.covers(&l.product_id))
            .map(|l| crate::coupon::paid(l).amount)
            .sum(),
    )
}

/// Where a commission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommissionSplit {
    /// Earned: the goods shipped, or the gift unit was claimed.
    pub confirmed: Money,
    /// Waiting for shipping or a claim.
    pub pending: Money,
    /// Taken back: refunded, cancelled, declined or expired.
    pub reversed: Money,
}

/// Splits an order's commission. Plain orders: pending until shipped, all reversed if cancelled.
/// Gifts: per unit, confirmed once claimed (or shipped), reversed once refunded, pending
/// otherwise. The parts always add up to the whole commission.
pub fn split(
    total: Money,
    shipped: bool,
    cancelled: bool,
    units: Option<&[UnitState]>,
) -> CommissionSplit {
    let zero = Money::jpy(0);
    match units {
        None if cancelled => CommissionSplit {
            confirmed: zero,
            pending: zero,
            reversed: total,
        },
        None if shipped => CommissionSplit {
            confirmed: total,
            pending: zero,
            reversed: zero,
        },
        None => CommissionSplit {
            confirmed: zero,
            pending: total,
            reversed: zero,
        },
        Some(units) => {
            let n = units.len().max(1) as i64;
            let count = |f: fn(UnitState) -> bool| units.iter().filter(|&&u| f(u)).count() as i64;
            let confirmed = count(|u| matches!(u, UnitState::Claimed | UnitState::Shipped));
            let reversed = count(|u| u == UnitState::Refunded);
            // Whole yen per unit; the remainder of the division goes with the pending share,
            // or the last settled share, so the parts add up exactly.
            let per = total.amount / n;
            let mut c = per * confirmed;
            let mut r = per * reversed;
            let mut p = total.amount - c - r;
            if confirmed + reversed == n {
                if reversed > 0 {
                    r += p;
                } else {
                    c += p;
                }
                p = 0;
            }
            CommissionSplit {
                confirmed: Money::jpy(c),
                pending: Money::jpy(p),
                reversed: Money::jpy(r),
            }
        }
    }
}

/// The key that makes clicks count once per visitor, product and shop day.
pub fn click_key(promoter_id: &str, product_id: &str, visitor: &str, at: i64) -> String {
    format!("{promoter_id}|{product_id}|{visitor}|{}", sales::day_of(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(window_days: u32) -> Plan {
        Plan {
            id: "spring".into(),
            commission_bps: 1_000,
            new_buyer_bps: None,
            product_ids: vec!["matcha".into(), "sake".into()],
            window_days,
            starts_at: 0,
            ends_at: 1_000 * DAY,
            paused: false,
        }
    }

    fn click(promoter: &str, product: &str, at: i64) -> Click {
        Click {
            promoter_id: promoter.into(),
            product_id: product.into(),
            clicked_at: at,
        }
    }

    #[test]
    fn an_order_inside_the_window_is_attributed_and_one_second_later_is_not() {
        let plans = [plan(7)];
        let clicks = [click("aya", "matcha", 100)];
        let at_edge = 100 + 7 * DAY - 1;
        assert_eq!(
            attribute(&clicks, &plans, &["matcha"], None, at_edge)
                .unwrap()
                .promoter_id,
            "aya"
        );
        assert_eq!(
            attribute(&clicks, &plans, &["matcha"], None, at_edge + 1),
            None
        );
    }

    #[test]
    fn the_last_click_wins_and_self_referral_earns_nothing() {
        let plans = [plan(7)];
        let clicks = [
            click("aya", "matcha", 100),
            click("ben", "matcha", 200),
            click("cai", "tofu", 300),
        ];
        assert_eq!(
            attribute(&clicks, &plans, &["matcha"], None, 400)
                .unwrap()
                .promoter_id,
            "ben"
        );
        // Ben buys through his own link: Aya's earlier click still counts, Ben's does not.
        assert_eq!(
            attribute(&clicks, &plans, &["matcha"], Some("ben"), 400)
                .unwrap()
                .promoter_id,
            "aya"
        );
        assert_eq!(
            attribute(&clicks, &plans, &["sake"], None, 400),
            None,
            "a click on another product"
        );
    }

    #[test]
    fn paused_or_ended_plans_stop_new_attribution() {
        let mut paused = plan(7);
        paused.paused = true;
        assert_eq!(
            attribute(
                &[click("aya", "matcha", 100)],
                &[paused],
                &["matcha"],
                None,
                200
            ),
            None
        );
        let mut ended = plan(7);
        ended.ends_at = 150;
        assert_eq!(
            attribute(
                &[click("aya", "matcha", 100)],
                &[ended],
                &["matcha"],
                None,
                200
            ),
            None
        );
    }

    #[test]
    fn commission_is_rate_times_what_was_paid_rounded_down() {
        assert_eq!(commission(Money::jpy(1_999), 1_000), Money::jpy(199));
        assert_eq!(commission(Money::jpy(5_000), 250), Money::jpy(125));
        assert_eq!(commission(Money::jpy(-5), 1_000), Money::jpy(0));
    }

    #[test]
    fn plans_are_checked_field_by_field() {
        let ok = validate_plan(
            1_000,
            Some(2_000),
            7,
            &["matcha".into()],
            "2026-12-01",
            "2026-12-31",
        )
        .unwrap();
        assert_eq!(
            (ok.commission_bps, ok.new_buyer_bps, ok.window_days),
            (1_000, Some(2_000), 7)
        );
        assert_eq!(ok.ends_at - ok.starts_at, 31 * DAY);
        let e = validate_plan(6_000, Some(9_000), 0, &[], "2026-12-31", "2026-12-01").unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "commission_bps",
                "new_buyer_bps",
                "window_days",
                "product_ids",
                "ends_on"
            ]
        );
        // A new-buyer rate below the plan's own is refused; equal is allowed.
        let low = validate_plan(
            1_000,
            Some(999),
            7,
            &["m".into()],
            "2026-12-01",
            "2026-12-01",
        );
        assert_eq!(low.unwrap_err().fields[0].field, "new_buyer_bps");
        assert!(
            validate_plan(
                1_000,
                Some(1_000),
                7,
                &["m".into()],
                "2026-12-01",
                "2026-12-01"
            )
            .is_ok()
        );
    }

    #[test]
    fn a_new_buyer_earns_the_new_buyer_rate_and_a_returning_one_the_plan_rate() {
        let with = Attribution {
            promoter_id: "aya".into(),
            plan_id: "spring".into(),
            commission_bps: 1_000,
            new_buyer_bps: Some(2_500),
        };
        assert_eq!(with.rate(true), 2_500);
        assert_eq!(with.rate(false), 1_000);
        let without = Attribution {
            new_buyer_bps: None,
            ..with
        };
        assert_eq!(without.rate(true), 1_000);
        assert_eq!(new_buyer_share_bps(1, 4), 2_500);
        assert_eq!(new_buyer_share_bps(0, 0), 0);
    }

    #[test]
    fn a_cancelled_order_reverses_and_a_shipped_one_confirms() {
        let t = Money::jpy(300);
        assert_eq!(split(t, false, false, None).pending, t);
        assert_eq!(split(t, true, false, None).confirmed, t);
        assert_eq!(split(t, false, true, None).reversed, t);
    }

    fn unit_state() -> impl Strategy<Value = UnitState> {
        prop_oneof![
            Just(UnitState::Unclaimed),
            Just(UnitState::Claimed),
            Just(UnitState::Shipped),
            Just(UnitState::Refunded)
        ]
    }

    proptest! {
        #[test]
        fn gift_commission_parts_always_add_up(total in 0i64..1_000_000, units in proptest::collection::vec(unit_state(), 1..12)) {
            let s = split(Money::jpy(total), false, false, Some(&units));
            prop_assert_eq!(s.confirmed.amount + s.pending.amount + s.reversed.amount, total);
            if units.iter().all(|&u| u == UnitState::Refunded) {
                prop_assert_eq!(s.reversed.amount, total);
            }
            if units.iter().all(|&u| u == UnitState::Unclaimed) {
                prop_assert_eq!(s.pending.amount, total);
            }
        }

        #[test]
        fn attribution_goes_to_the_latest_eligible_click_never_the_buyer(
            times in proptest::collection::vec(0i64..20 * DAY, 1..10),
            now in 0i64..30 * DAY,
            buyer in 0usize..10,
        ) {
            let plans = [plan(7)];
            let clicks: Vec<Click> = times.iter().enumerate().map(|(i, &t)| click(&format!("p{i}"), "matcha", t)).collect();
            let buyer_id = format!("p{buyer}");
            let got = attribute(&clicks, &plans, &["matcha"], Some(&buyer_id), now);
            let eligible: Vec<&Click> = clicks.iter()
                .filter(|c| c.promoter_id != buyer_id && c.clicked_at <= now && now < c.clicked_at + 7 * DAY)
                .collect();
            match got {
                None => prop_assert!(eligible.is_empty()),
                Some(a) => {
                    prop_assert_ne!(&a.promoter_id, &buyer_id);
                    let latest = eligible.iter().map(|c| c.clicked_at).max().unwrap();
                    let winner = clicks.iter().find(|c| c.promoter_id == a.promoter_id).unwrap();
                    prop_assert_eq!(winner.clicked_at, latest);
                }
            }
        }

        #[test]
        fn a_new_buyer_rate_never_pays_less_than_the_plan_and_never_past_half(
            bps in 0u32..=MAX_BPS, extra in 0u32..=MAX_BPS, new in any::<bool>(), paid in 0i64..10_000_000,
        ) {
            let n = (bps + extra).min(MAX_BPS);
            let a = Attribution { promoter_id: "p".into(), plan_id: "x".into(), commission_bps: bps, new_buyer_bps: Some(n) };
            let rate = a.rate(new);
            prop_assert!(rate >= bps && rate <= MAX_BPS);
            prop_assert!(commission(Money::jpy(paid), rate).amount * 2 <= paid);
        }

        #[test]
        fn the_new_buyer_share_is_a_share(new in 0u32..1_000, orders in 0u32..1_000) {
            let s = new_buyer_share_bps(new, orders);
            prop_assert!(s <= 10_000);
            if new >= orders && orders > 0 { prop_assert_eq!(s, 10_000); }
        }

        #[test]
        fn commission_never_exceeds_half_of_what_was_paid(paid in 0i64..100_000_000, bps in 0u32..=MAX_BPS) {
            let c = commission(Money::jpy(paid), bps);
            prop_assert!(c.amount >= 0 && c.amount * 2 <= paid);
        }
    }
}
