//! Counter gift batches: prepaid gift codes a shop prints as cards, each claimable once by
//! whoever scans its QR code or types its short code.

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// A batch as shop staff create it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchInput {
    /// The admin names the shop; staff always create for their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<String>,
    pub product_id: String,
    pub variant_id: String,
    /// Let the recipient choose another variant at the same price.
    #[serde(default)]
    pub allow_variant_choice: bool,
    /// 1 to 500 codes.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub count: i64,
    #[serde(default)]
    pub greeting: String,
    /// The last day the codes can be claimed, `YYYY-MM-DD` in the shop's time zone.
    pub expires_on: String,
}

/// Where one printed code stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum CodeState {
    Unclaimed,
    Claimed,
    Shipped,
    /// Voided by staff; its unit went back to stock.
    Voided,
    /// Not claimed in time; its unit went back to stock.
    Expired,
}

wire_names!(CodeState {
    Unclaimed => "unclaimed",
    Claimed => "claimed",
    Shipped => "shipped",
    Voided => "voided",
    Expired => "expired",
});

/// One code of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchCode {
    /// The short code, grouped: `XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
    /// The claim link's token (`/g/<token>`), for the QR code.
    pub claim_token: String,
    pub state: CodeState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<i64>,
}

/// A batch with every code, as its shop's staff (and the admin) see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchView {
    pub id: String,
    pub shop_id: String,
    pub shop_name: String,
    pub product_id: String,
    pub product_name: String,
    pub product_image: String,
    pub variant_name: String,
    pub allow_variant_choice: bool,
    pub greeting: String,
    /// Codes can be claimed until this moment (end of the expiry day).
    pub expires_at: i64,
    /// The expiry day as printed, `YYYY-MM-DD`.
    pub expires_on: String,
    pub created_at: i64,
    pub codes: Vec<BatchCode>,
}

/// One row of a shop's batch list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchSummary {
    pub id: String,
    pub shop_id: String,
    pub product_name: String,
    pub variant_name: String,
    pub count: u32,
    pub claimed: u32,
    pub created_at: i64,
    pub expires_on: String,
}

/// A typed short code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeLookup {
    pub code: String,
}

/// Where a short code's gift is claimed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeTarget {
    pub claim_token: String,
}
