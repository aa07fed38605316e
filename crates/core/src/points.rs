//! Members' points and ranks, the rules alone.
//!
//! - An order earns `rate × what it paid for its goods and options` (after its coupon and the
//!   points spent on it, before shipping), at the rate of its member's rank when it was placed.
//!   Like a promoter's commission it is confirmed when the order ships or, for a gift, unit by
//!   unit as they are claimed; refunds take their share back ([`targets`]).
//! - Points spent at checkout are a discount for tax purposes: spread over the goods' lines
//!   ([`spread`]), so each rate's tax is worked out on what is paid. They go back when the order
//!   is cancelled, and in the share of what its refunds give back.
//! - A ledger entry never leaves a negative balance: a reversal takes at most what is there.
//! - Points expire `expiry_days` after the member last earned or spent any.
//! - A member's rank is decided by what they paid over the last twelve months.

use omiyage_api::{
    ApiError, FieldError, Money, NextRank, OrderStatus, PointSettings, Rank, UnitState,
};

use crate::lang::Lang;
use crate::pricing::{FREE_SHIPPING_FROM, PricedOrder};

/// What is left to pay after points, at least: a card cannot be charged less.
pub const MIN_TO_PAY: i64 = 50;
/// The twelve months a rank looks back over, in seconds.
pub const RANK_PERIOD_SECS: i64 = 365 * 86_400;

/// The rank a twelve months' spend reaches (`None`: below the first).
pub fn rank_of(settings: &PointSettings, spend: i64) -> Option<&Rank> {
    settings
        .ranks
        .iter()
        .filter(|r| spend >= r.from_spend)
        .max_by_key(|r| r.from_spend)
}

/// The next rank above a spend, and what is still to spend to reach it.
pub fn next_rank(settings: &PointSettings, spend: i64) -> Option<NextRank> {
    settings
        .ranks
        .iter()
        .filter(|r| r.from_spend > spend)
        .min_by_key(|r| r.from_spend)
        .map(|r| NextRank {
            rank: r.clone(),
            to_spend: Money::jpy(r.from_spend - spend),
        })
}

/// What a member of `rank` earns (basis points).
pub fn rate_bps(settings: &PointSettings, rank: Option<&Rank>) -> u32 {
    rank.map_or(settings.rate_bps, |r| r.rate_bps)
}

/// Where a member of `rank` ships free from (yen): their rank's threshold when lower.
pub fn free_shipping_from(rank: Option<&Rank>) -> i64 {
    rank.and_then(|r| r.free_shipping_from)
        .map_or(FREE_SHIPPING_FROM.amount, |f| {
            f.min(FREE_SHIPPING_FROM.amount)
        })
}

/// Ships an order free when what it pays before shipping reaches a member's threshold (only
/// ever lowers the shipping fee).
pub fn ship_free_from(priced: &mut PricedOrder, threshold: i64) {
    let discount: i64 = priced.lines.iter().map(|l| l.discount).sum();
    let before = priced.subtotal.amount - discount;
    if priced.shipping.amount > 0 && before >= threshold {
        priced.total = Money::new(
            priced.total.amount - priced.shipping.amount,
            priced.total.currency,
        );
        priced.shipping = Money::zero(priced.shipping.currency);
    }
}

/// The most points an order may take: what its goods pay (after the coupon), leaving at least
/// [`MIN_TO_PAY`] of the total to pay.
pub fn most_for(priced: &PricedOrder) -> i64 {
    let goods: i64 = priced
        .lines
        .iter()
        .map(|l| l.line_total.amount - l.discount)
        .sum();
    goods.min(priced.total.amount - MIN_TO_PAY).max(0)
}

/// Why points cannot be spent on an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed in: only a member spends points.
    NotMember,
    /// More than the member has.
    MoreThanHeld(i64),
    /// More than the order may take.
    MoreThanAllowed(i64),
}

impl Refusal {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::NotMember, Lang::Ja) => "ポイントを使うにはログインしてください。".into(),
            (Refusal::NotMember, Lang::ZhHans) => "请先登录再使用积分。".into(),
            (Refusal::NotMember, Lang::En) => "Sign in to spend your points.".into(),
            (Refusal::MoreThanHeld(n), Lang::Ja) => format!("使えるポイントは {n} ポイントです。"),
            (Refusal::MoreThanHeld(n), Lang::ZhHans) => format!("您可使用的积分为 {n} 分。"),
            (Refusal::MoreThanHeld(n), Lang::En) => format!("You have {n} points to spend."),
            (Refusal::MoreThanAllowed(n), Lang::Ja) => {
                format!("このご注文に使えるのは {n} ポイントまでです。")
            }
            (Refusal::MoreThanAllowed(n), Lang::ZhHans) => {
                format!("本订单最多可使用 {n} 积分。")
            }
            (Refusal::MoreThanAllowed(n), Lang::En) => {
                format!("This order can take at most {n} points.")
            }
        }
    }

    /// 422 on `points`; a balance that fell meanwhile (another checkout spent them) is 409.
    pub fn to_error(self, lang: Lang) -> ApiError {
        let mut e = ApiError::invalid(vec![FieldError::new("points", self.message(lang))]);
        if matches!(self, Refusal::MoreThanHeld(_)) {
            e.code = omiyage_api::ErrorCode::Conflict;
        }
        e
    }
}

/// Checks `points` against the member's balance (`None`: not signed in) and the order.
pub fn check(points: i64, balance: Option<i64>, priced: &PricedOrder) -> Result<(), Refusal> {
    let Some(balance) = balance else {
        return Err(Refusal::NotMember);
    };
    if points > balance {
        return Err(Refusal::MoreThanHeld(balance));
    }
    let most = most_for(priced);
    if points > most {
        return Err(Refusal::MoreThanAllowed(most.min(balance)));
    }
    Ok(())
}

/// Takes `points` off the goods' lines, each its share of what it pays (the remainders to the
/// largest lines first), so every tax rate is worked out on what is paid. Shipping stays as
/// decided before points.
pub fn spread(priced: &mut PricedOrder, points: i64) {
    let paid: Vec<i64> = priced
        .lines
        .iter()
        .map(|l| (l.line_total.amount - l.discount).max(0))
        .collect();
    let whole: i64 = paid.iter().sum();
    if points <= 0 || whole <= 0 {
        return;
    }
    let points = points.min(whole);
    let mut shares: Vec<i64> = paid
        .iter()
        .map(|p| (i128::from(points) * i128::from(*p) / i128::from(whole)) as i64)
        .collect();
    let mut left = points - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..paid.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(paid[i]));
    for i in order.into_iter().cycle().take(paid.len() * 2) {
        if left == 0 {
            break;
        }
        if shares[i] < paid[i] {
            shares[i] += 1;
            left -= 1;
        }
    }
    for (line, share) in priced.lines.iter_mut().zip(shares) {
        line.discount += share;
    }
    priced.total = Money::new(priced.total.amount - points, priced.total.currency);
}

/// An order as settling its points reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderPoints {
    pub status: OrderStatus,
    /// Its gift's units (none for an order that is no gift).
    pub units: Vec<UnitState>,
    pub total: i64,
    pub shipping: i64,
    /// What the admin refunded of it (yen).
    pub refunded: i64,
    /// Points spent on it.
    pub spent: i64,
    /// The rate it earns at (basis points).
    pub rate_bps: u32,
}

/// What an order's entries should add up to now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// Points earned and confirmed.
    pub earned: i64,
    /// The spend they were earned on (yen): what counts towards the member's rank.
    pub basis: i64,
    /// Spent points given back.
    pub returned: i64,
}

/// What an order has earned and given back, by where it stands: earned on what was paid for
/// its goods and options once confirmed (shipped; a gift's claimed units), its refunds' share
/// taken back; spent points back in full when it is cancelled, else in its refunds' share.
pub fn targets(o: &OrderPoints) -> Targets {
    let paid = (o.total - o.shipping).max(0);
    let split = |amount: i64| {
        crate::payout::order_split(
            Money::jpy(amount),
            o.status,
            &o.units,
            (o.total, o.refunded),
        )
    };
    let basis = split(paid).confirmed.amount;
    let earned = (i128::from(basis) * i128::from(o.rate_bps) / 10_000) as i64;
    let returned = if o.status == OrderStatus::Cancelled {
        o.spent
    } else {
        split(o.spent).reversed.amount
    };
    Targets {
        earned,
        basis,
        returned,
    }
}

/// What to book to move from `booked` to `target`, never taking more than `balance` holds.
pub fn delta(target: i64, booked: i64, balance: i64) -> i64 {
    let d = target - booked;
    if d < 0 { -(-d).min(balance.max(0)) } else { d }
}

/// When a balance last moved at `active_at` expires.
pub fn expires_at(settings: &PointSettings, active_at: i64) -> i64 {
    active_at + i64::from(settings.expiry_days) * 86_400
}

/// Whether the member should be told now that their points expire soon: inside the notice
/// period, and not told since they last moved.
pub fn due_notice(
    settings: &PointSettings,
    active_at: i64,
    told_at: Option<i64>,
    now: i64,
) -> bool {
    let expires = expires_at(settings, active_at);
    now < expires
        && now >= expires - i64::from(settings.notice_days) * 86_400
        && told_at.is_none_or(|t| t < active_at)
}

/// How long a birthday coupon lasts, in days.
pub const BIRTHDAY_COUPON_DAYS: i64 = 30;

/// A birthday that is no date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADate;

/// A birthday as the form gives it (month and day, both empty: none): `MM-DD`, 29 February
/// allowed; `Err` for a date that does not exist.
pub fn birthday(month: &str, day: &str) -> Result<Option<String>, NotADate> {
    let (month, day) = (month.trim(), day.trim());
    if month.is_empty() && day.is_empty() {
        return Ok(None);
    }
    let (Ok(m), Ok(d)) = (month.parse::<u32>(), day.parse::<u32>()) else {
        return Err(NotADate);
    };
    let days = match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return Err(NotADate),
    };
    if !(1..=days).contains(&d) {
        return Err(NotADate);
    }
    Ok(Some(format!("{m:02}-{d:02}")))
}

/// The year whose birthday coupon is due at `now` (the shop's date in the birth month, and none
/// given this year), if any.
pub fn birthday_due(birthday: &str, given_year: Option<i64>, now: i64) -> Option<i64> {
    let (year, month, _) = crate::sales::civil(crate::sales::day_of(now));
    let born: i64 = birthday.get(..2)?.parse().ok()?;
    (born == month && given_year.is_none_or(|y| y < year)).then_some(year)
}

/// A birthday coupon's code, from a random string: `BDAY` and 12 letters or digits.
pub fn birthday_code(random: &str) -> String {
    crate::coupon::given_code("BDAY", random)
}

/// A rank's birthday coupon, given at `now`: `amount` yen off anything, once, for
/// [`BIRTHDAY_COUPON_DAYS`].
pub fn birthday_coupon(code: String, amount: i64, now: i64) -> crate::coupon::Coupon {
    crate::coupon::given(code, amount, now, BIRTHDAY_COUPON_DAYS)
}

#[cfg(test)]
mod tests;
