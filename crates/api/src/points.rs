//! Members' points and ranks: the shop's rules (what an order earns, how long points last, the
//! ranks by the last twelve months' spend and their benefits) and a member's standing.

use serde::{Deserialize, Serialize};

use crate::{ApiError, FieldError, Money};

pub(crate) fn is_zero(n: &u32) -> bool {
    *n == 0
}

pub(crate) fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// The most ranks a shop defines.
pub const MAX_RANKS: usize = 8;
/// The highest points rate: 50 % (basis points).
pub const MAX_RATE_BPS: u32 = 5_000;
/// The longest rank name, in characters.
pub const RANK_NAME_MAX: usize = 30;

/// One rank: reached by spending `from_spend` yen or more over the last twelve months.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rank {
    /// As members see it (e.g. `ゴールド`).
    pub name: String,
    /// The twelve months' spend (yen) that reaches it.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub from_spend: i64,
    /// The points an order earns, in basis points of what it paid (100 = 1 %).
    pub rate_bps: u32,
    /// Orders of this rank's members ship free from this much (yen), if lower than the shop's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_shipping_from: Option<i64>,
    /// A coupon of this many yen, once a year in the member's birth month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_coupon: Option<i64>,
}

/// The shop's points rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointSettings {
    /// What an order earns a member of no rank, in basis points (100 = 1 %).
    pub rate_bps: u32,
    /// Points expire this many days after the member last earned or spent any.
    pub expiry_days: u32,
    /// The member is emailed this many days before their points expire.
    pub notice_days: u32,
    /// Lowest first.
    #[serde(default)]
    pub ranks: Vec<Rank>,
}

impl Default for PointSettings {
    fn default() -> Self {
        PointSettings {
            rate_bps: 100,
            expiry_days: 365,
            notice_days: 30,
            ranks: Vec::new(),
        }
    }
}

impl PointSettings {
    /// Every problem at once (422); the ranks sorted lowest first.
    pub fn check(mut self) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        if self.rate_bps > MAX_RATE_BPS {
            errors.push(FieldError::new("rate_bps", "At most 5,000 (50 %)."));
        }
        if !(1..=3650).contains(&self.expiry_days) {
            errors.push(FieldError::new(
                "expiry_days",
                "From 1 day to 3,650 days (ten years).",
            ));
        }
        if self.notice_days == 0 || self.notice_days >= self.expiry_days {
            errors.push(FieldError::new(
                "notice_days",
                "At least 1 day, and fewer days than points last.",
            ));
        }
        if self.ranks.len() > MAX_RANKS {
            errors.push(FieldError::new("ranks", "At most 8 ranks."));
        }
        for (i, r) in self.ranks.iter_mut().enumerate() {
            r.name = r.name.trim().to_string();
            let n = r.name.chars().count();
            if n == 0 || n > RANK_NAME_MAX {
                errors.push(FieldError::new(
                    format!("ranks[{i}].name"),
                    "Name the rank (up to 30 characters).",
                ));
            }
            if !(1..=100_000_000).contains(&r.from_spend) {
                errors.push(FieldError::new(
                    format!("ranks[{i}].from_spend"),
                    "From 1 yen to 100,000,000 yen.",
                ));
            }
            if r.rate_bps > MAX_RATE_BPS {
                errors.push(FieldError::new(
                    format!("ranks[{i}].rate_bps"),
                    "At most 5,000 (50 %).",
                ));
            }
            if r.free_shipping_from
                .is_some_and(|f| !(0..=100_000_000).contains(&f))
            {
                errors.push(FieldError::new(
                    format!("ranks[{i}].free_shipping_from"),
                    "From 0 yen to 100,000,000 yen.",
                ));
            }
            if r.birthday_coupon
                .is_some_and(|c| !(1..=100_000).contains(&c))
            {
                errors.push(FieldError::new(
                    format!("ranks[{i}].birthday_coupon"),
                    "From 1 yen to 100,000 yen.",
                ));
            }
        }
        self.ranks.sort_by_key(|r| r.from_spend);
        if self
            .ranks
            .windows(2)
            .any(|w| w[0].from_spend == w[1].from_spend)
        {
            errors.push(FieldError::new(
                "ranks",
                "Two ranks cannot start at the same spend.",
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(ApiError::invalid(errors))
        }
    }
}

/// Why a member's points moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// An order shipped or a gift's unit was claimed (negative: a refund took it back).
    Earn,
    /// Spent at checkout.
    Spend,
    /// Spent points given back (the order was cancelled or refunded).
    Return,
    /// Expired.
    Expire,
}

impl PointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Earn => "earn",
            PointKind::Spend => "spend",
            PointKind::Return => "return",
            PointKind::Expire => "expire",
        }
    }

    pub fn of(s: &str) -> Option<Self> {
        [Self::Earn, Self::Spend, Self::Return, Self::Expire]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One movement of a member's points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointEntry {
    pub kind: PointKind,
    /// Points added (positive) or taken (negative).
    pub amount: i64,
    /// The order's reference, when an order moved them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_reference: Option<String>,
    /// Seconds since the Unix epoch.
    pub at: i64,
}

/// A member's points and rank, as My page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointStanding {
    /// Points to spend (1 point = 1 yen).
    pub balance: i64,
    /// When they expire unless the member earns or spends some before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// What the member paid over the last twelve months (shipped orders and claimed gifts,
    /// less refunds).
    pub spend: Money,
    /// Their rank (`None`: below the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
    /// What their orders earn now (basis points).
    pub rate_bps: u32,
    /// Where their orders ship free from (yen).
    pub free_shipping_from: i64,
    /// The next rank and what is still to spend to reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextRank>,
    /// The latest movements, newest first.
    #[serde(default)]
    pub entries: Vec<PointEntry>,
}

/// The rank after a member's, and what is still to spend to reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextRank {
    pub rank: Rank,
    pub to_spend: Money,
}
