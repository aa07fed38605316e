use serde::{Deserialize, Serialize};

use crate::Money;
use crate::wire_name::wire_names;

/// How a coupon takes money off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum DiscountKind {
    /// A fixed amount of yen off the lines it covers.
    Fixed,
    /// A percentage (1–100) off the lines it covers, rounded down to whole yen.
    Percent,
}

wire_names!(DiscountKind {
    Fixed => "fixed",
    Percent => "percent",
});

/// A coupon as the admin creates or edits it. Dates are shop days, `YYYY-MM-DD`, both
/// inclusive. No products and no categories: it covers everything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponInput {
    /// Letters and digits; spaces and hyphens are ignored and case does not matter.
    pub code: String,
    pub kind: DiscountKind,
    /// Yen off (`fixed`) or percent off (`percent`).
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub value: i64,
    /// What the covered items must come to before the coupon applies (yen).
    #[serde(default, deserialize_with = "crate::whole::deserialize")]
    pub min_spend: i64,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub product_ids: Vec<String>,
    #[serde(default)]
    pub category_ids: Vec<String>,
    /// Uses in all; absent or `null`: no limit.
    #[serde(default, deserialize_with = "crate::whole::optional")]
    pub max_uses: Option<i64>,
    /// Uses per buyer email; absent or `null`: no limit.
    #[serde(default, deserialize_with = "crate::whole::optional")]
    pub per_email: Option<i64>,
    /// The promoter whose code it is: orders using it are credited to them as a share link's
    /// would be.
    #[serde(default)]
    pub promoter_id: Option<String>,
    /// Switched off: the code stops working at once; its history stays.
    #[serde(default)]
    pub disabled: bool,
}

/// A coupon with what it has done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponView {
    pub code: String,
    pub kind: DiscountKind,
    pub value: i64,
    pub min_spend: i64,
    /// Unix seconds: usable from `starts_at` up to (not including) `ends_at`.
    pub starts_at: i64,
    pub ends_at: i64,
    pub product_ids: Vec<String>,
    pub category_ids: Vec<String>,
    pub max_uses: Option<u32>,
    pub per_email: Option<u32>,
    pub promoter_id: Option<String>,
    /// The promoter's name, for the admin's list.
    pub promoter_name: Option<String>,
    pub disabled: bool,
    /// Orders placed with it.
    pub uses: u32,
    /// What it took off those orders in all.
    pub discounted: Money,
}

/// A promoter's own coupon codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromoterCoupon {
    pub code: String,
    pub kind: DiscountKind,
    pub value: i64,
    pub ends_at: i64,
    pub uses: u32,
}
