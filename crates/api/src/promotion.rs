//! Promoter commerce on the wire: plans (merchant), joining and share links (promoter), and the
//! promoter's own numbers.

use serde::{Deserialize, Serialize};

use crate::Money;

/// A promotion plan as the admin creates it. Dates are shop days, `YYYY-MM-DD`, both inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    pub name: String,
    /// Commission in basis points of the amount paid (1,000 = 10 %).
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub commission_bps: i64,
    /// A higher rate for a new buyer's order (no earlier order with their email in the shop);
    /// absent or `null`: the same rate for everyone.
    #[serde(default, deserialize_with = "crate::whole::optional")]
    pub new_buyer_bps: Option<i64>,
    #[serde(default = "default_window")]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub window_days: i64,
    pub product_ids: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    /// Open to every promoter; otherwise invite-only.
    #[serde(default = "yes")]
    pub open: bool,
}

fn default_window() -> i64 {
    7
}

fn yes() -> bool {
    true
}

/// A plan as the admin and promoters see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanView {
    pub id: String,
    pub name: String,
    pub commission_bps: u32,
    /// The rate on a new buyer's order, when the plan pays more for one.
    #[serde(default)]
    pub new_buyer_bps: Option<u32>,
    pub window_days: u32,
    pub product_ids: Vec<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub open: bool,
    pub paused: bool,
    /// For a promoter: whether they joined it.
    #[serde(default)]
    pub joined: bool,
    /// For the admin: the orders credited under the plan, and of those the new buyers'.
    #[serde(default)]
    pub orders: u32,
    #[serde(default)]
    pub new_buyer_orders: u32,
}

/// A product's share link for a promoter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareLink {
    pub product_id: String,
    pub product_name: String,
    pub image: String,
    /// The lowest price of the product.
    pub price: Money,
    /// Path and query of the share link: `/p/<product>?ref=<code>`.
    pub path: String,
    pub commission_bps: u32,
    /// The plan's rate on a new buyer's order, when higher.
    #[serde(default)]
    pub new_buyer_bps: Option<u32>,
}

/// Commission by state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commission {
    pub pending: Money,
    pub confirmed: Money,
    pub reversed: Money,
}

/// One product's numbers for a promoter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductStats {
    pub product_id: String,
    #[serde(default)]
    pub product_name: String,
    pub clicks: u32,
    pub orders: u32,
    pub commission: Commission,
}

/// One day for a promoter's chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayStats {
    pub date: String,
    pub clicks: u32,
    pub orders: u32,
    pub commission: Money,
}

/// A promoter's own numbers (never anyone else's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromoterStats {
    pub ref_code: String,
    pub clicks: u32,
    pub orders: u32,
    /// Of those orders, the ones by new buyers (no earlier order with their email).
    #[serde(default)]
    pub new_buyer_orders: u32,
    /// New buyers' orders per order in basis points: the programme's headline figure.
    #[serde(default)]
    pub new_buyer_share_bps: u32,
    /// Orders per click in basis points (orders through links only: a code has no click).
    pub conversion_bps: u32,
    /// Of the orders, the ones credited through the promoter's coupon codes.
    #[serde(default)]
    pub coupon_orders: u32,
    pub commission: Commission,
    pub products: Vec<ProductStats>,
    /// The last 30 days, oldest first.
    pub days: Vec<DayStats>,
    /// The promoter's level and what the next one needs (none while the shop has no levels).
    #[serde(default)]
    pub level: Option<LevelStatus>,
    /// The agency the promoter works with, which takes its share of each commission.
    #[serde(default)]
    pub agency: Option<AgencyTie>,
}

/// A promoter's agency as the promoter sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyTie {
    pub agency_id: String,
    pub name: String,
    /// The agency's share of each commission, in basis points.
    pub share_bps: u32,
}

/// The admin creates an agency account with its share of its promoters' commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyInput {
    pub email: String,
    pub name: String,
    pub password: String,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub share_bps: i64,
}

/// An agency as the admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub share_bps: u32,
    pub promoters: u32,
}

/// An agency invites a promoter by email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyInviteInput {
    pub email: String,
}

/// An invitation to work with an agency, as the invited promoter and the agency see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyInvite {
    pub id: String,
    pub agency_id: String,
    pub agency_name: String,
    pub email: String,
    pub share_bps: u32,
    pub created_at: i64,
    #[serde(default)]
    pub accepted_at: Option<i64>,
}

/// One of an agency's promoters with their numbers: the commission their links earned, split
/// between the agency and the promoter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyPromoter {
    pub account_id: String,
    pub name: String,
    pub email: String,
    pub orders: u32,
    pub new_buyer_orders: u32,
    pub new_buyer_share_bps: u32,
    /// Commission on the orders placed while with the agency (pending, confirmed, reversed).
    pub commission: Commission,
    /// Of the confirmed commission: the agency's part and the promoter's.
    pub agency_part: Money,
    pub promoter_part: Money,
}

/// A level of the promoters' ladder: what it asks for over the window, and the bonus it adds to
/// every plan's rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelView {
    pub name: String,
    /// Confirmed sales over the window.
    pub min_sales: Money,
    /// Confirmed orders over the window.
    pub min_orders: u32,
    pub bonus_bps: u32,
}

/// The ladder, lowest level first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ladder {
    /// The rolling window the requirements are counted over, in days.
    pub window_days: u32,
    pub levels: Vec<LevelView>,
}

/// The admin replaces the ladder (an empty list removes every level).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LadderInput {
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub window_days: i64,
    pub levels: Vec<LevelInput>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelInput {
    pub name: String,
    /// Yen of confirmed sales over the window.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub min_sales: i64,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub min_orders: i64,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub bonus_bps: i64,
}

/// Where a promoter stands on the ladder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelStatus {
    pub window_days: u32,
    /// Confirmed sales and orders over the window, as last computed.
    pub sales: Money,
    pub orders: u32,
    pub level: Option<LevelView>,
    pub next: Option<LevelView>,
    /// What the next level still needs.
    pub needs_sales: Money,
    pub needs_orders: u32,
}

/// Where a promoter's money stands. Confirmed commission is held for the return window, then
/// payable; reversals (refunds after confirmation) take it back. `balance` = `payable` − `paid`:
/// negative when a reversal came after a payout, carried to the next payout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutBalance {
    pub account_id: String,
    pub email: String,
    /// Confirmed but still inside the hold.
    pub held: Money,
    /// Released from the hold, less reversals: everything ever payable.
    pub payable: Money,
    pub paid: Money,
    /// What is owed now (`payable` − `paid`); may be negative.
    pub balance: Money,
    /// When the next held amount is released (Unix seconds), if any is held.
    #[serde(default)]
    pub next_release_at: Option<i64>,
    /// Payouts made, newest first.
    #[serde(default)]
    pub payouts: Vec<Payout>,
}

/// Money the merchant paid a promoter, with their reference (a bank transfer's number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payout {
    pub id: String,
    pub account_id: String,
    pub amount: Money,
    pub reference: String,
    pub paid_at: i64,
}

/// The admin marks an amount paid: 1 yen up to the balance, with a reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutInput {
    pub account_id: String,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub amount: i64,
    pub reference: String,
}
