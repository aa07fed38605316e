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

/// Basis points as a percentage: 1,000 → "10 %", 1,250 → "12.5 %" (the console, the emails).
pub fn percent(bps: u32) -> String {
    let fraction = format!("{:02}", bps % 100);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{} %", bps / 100)
    } else {
        format!("{}.{fraction} %", bps / 100)
    }
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
mod tests;
