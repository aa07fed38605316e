//! After-sales: a plain order's shopper, or a gift's recipient for their unit, reports a problem
//! within the shop's return period and says what would put it right; the merchant answers.

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// What is wrong with the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum Problem {
    Damaged,
    WrongItem,
    Missing,
    Other,
}

wire_names!(Problem {
    Damaged => "damaged",
    WrongItem => "wrong_item",
    Missing => "missing",
    Other => "other",
});

/// What the requester asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum Remedy {
    /// The money back (to whoever paid: a gift's sender).
    Refund,
    /// The same item again.
    Replacement,
    /// Another variant of the same product.
    Exchange,
}

wire_names!(Remedy {
    Refund => "refund",
    Replacement => "replacement",
    Exchange => "exchange",
});

/// Who asked: the order's shopper (for a line) or a gift's recipient (for their unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum Requester {
    Buyer,
    Recipient,
}

wire_names!(Requester {
    Buyer => "buyer",
    Recipient => "recipient",
});

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum RequestState {
    Open,
    Accepted,
    Declined,
}

wire_names!(RequestState {
    Open => "open",
    Accepted => "accepted",
    Declined => "declined",
});

/// A request as the merchant sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesRequest {
    pub id: String,
    pub order_token: String,
    pub order_reference: String,
    pub requester: Requester,
    /// The order's line (a shopper's request) or the gift's unit (a recipient's), from 0.
    pub item: u32,
    /// The product and variant, as the order names them.
    pub item_name: String,
    pub problem: Problem,
    pub remedy: Remedy,
    /// The variant asked for in exchange (empty otherwise).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exchange_variant: String,
    pub note: String,
    pub state: RequestState,
    /// The merchant's words when answering (to the requester, in their language's email).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The requester's language (their emails).
    pub lang: String,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<i64>,
}

/// The merchant's answer to a request (`POST …/accept`, or `…/decline` with a reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSalesDecision {
    pub accept: bool,
    #[serde(default)]
    pub reason: String,
}

/// Why a request is declined (said to the requester, ≤ 500 characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesDecline {
    pub reason: String,
}

/// The shop's after-sales rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesSettings {
    /// Days after an item ships (or its order is placed, before that) in which a problem may be
    /// reported (1–365).
    pub return_days: u32,
}

impl Default for AfterSalesSettings {
    fn default() -> Self {
        AfterSalesSettings { return_days: 14 }
    }
}
