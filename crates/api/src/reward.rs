//! Gifts that bring new customers: a recipient who opens the shop from their gift page and
//! places their own first order within the shop's window earns the gift's sender a coupon
//! (`/api/admin/gift-rewards`), and the merchant's report of what gifts brought
//! (`/api/admin/gift-report`).

use serde::{Deserialize, Serialize};

use crate::Money;

/// The shop's rule for rewarding senders whose gifts bring new customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftRewardSettings {
    /// Off: no reward is earned (visits are still counted).
    pub enabled: bool,
    /// The recipient's first order counts within this many days of their visit from the gift
    /// page (1–365).
    pub within_days: u32,
    /// What the sender's coupon takes off their next order, in yen (1–1,000,000).
    pub amount: i64,
    /// How long the coupon is valid, in days from when it is earned (1–365).
    pub valid_days: u32,
}

impl Default for GiftRewardSettings {
    fn default() -> Self {
        GiftRewardSettings {
            enabled: false,
            within_days: 30,
            amount: 500,
            valid_days: 90,
        }
    }
}

/// What the shop's gifts brought, for the merchant (all time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftReport {
    /// Gifts bought (orders sent as gifts, counter codes included).
    pub gifts_sent: u32,
    /// Their units, and how many were claimed (or shipped).
    pub units_sent: u32,
    pub units_claimed: u32,
    /// Recipients who opened the shop from their gift page.
    pub visits: u32,
    /// Of them, how many placed their own first order (paid) within the window.
    pub new_customers: u32,
    /// What those new customers' paid orders came to.
    pub new_customer_revenue: Money,
    /// Coupons earned by senders, and how many were used.
    pub rewards_given: u32,
    pub rewards_used: u32,
}
