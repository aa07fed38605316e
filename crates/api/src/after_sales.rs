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
    /// What the item cost its buyer (its share of a coupon taken off): the most its refunds
    /// may add up to.
    pub paid: crate::Money,
    /// Refunded from this request so far.
    pub refunded: crate::Money,
    /// Where its refunds go: `card` (back to the card through the provider) or `counter`
    /// (given back at the shop, noted here).
    pub refund_path: String,
    /// The merchant asked for the item back, with these instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_asked_at: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub return_instructions: String,
    /// The item came back: to stock, or written off as damaged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restocked: bool,
    /// The replacement (or the exchange's variant) shipped as a new parcel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_at: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub replacement_tracking: String,
    /// The variant sent as the replacement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub replacement_variant: String,
    /// How many photos came with the report (`GET …/photos/{n}`, from 0).
    #[serde(default)]
    pub photos: u32,
}

/// The merchant asks for the item back (`POST …/return`): how to send it (≤ 500 characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesReturn {
    pub instructions: String,
}

/// The item came back (`POST …/received`): to stock (`restock`), or written off as damaged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesReceived {
    pub restock: bool,
}

/// A refund from a request (`POST …/refund`): any part of what the item still may refund, in
/// yen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesRefund {
    pub amount: i64,
}

/// The replacement ships (`POST …/ship`): its tracking number, and the variant sent (empty:
/// the item's own; another variant of the same product for an exchange).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterSalesShip {
    pub tracking_number: String,
    #[serde(default)]
    pub variant_id: String,
}

/// What became of a problem a gift's recipient reported about a unit, as its sender sees it
/// (never the recipient's words, photos or address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum ProblemOutcome {
    /// Reported, not answered yet.
    Reported,
    /// The shop is putting it right.
    Accepted,
    Declined,
    /// A replacement shipped.
    Replaced,
    /// Refunded to the sender.
    Refunded,
}

wire_names!(ProblemOutcome {
    Reported => "reported",
    Accepted => "accepted",
    Declined => "declined",
    Replaced => "replaced",
    Refunded => "refunded",
});

impl ProblemOutcome {
    /// This outcome's words among `words` (reported, accepted, declined, replaced, refunded).
    pub fn pick<'a>(self, words: &[&'a str; 5]) -> &'a str {
        let i = match self {
            ProblemOutcome::Reported => 0,
            ProblemOutcome::Accepted => 1,
            ProblemOutcome::Declined => 2,
            ProblemOutcome::Replaced => 3,
            ProblemOutcome::Refunded => 4,
        };
        words[i]
    }

    /// A request's outcome as its sender may know it.
    pub fn of(request: &AfterSalesRequest) -> ProblemOutcome {
        match request.state {
            RequestState::Open => ProblemOutcome::Reported,
            RequestState::Declined => ProblemOutcome::Declined,
            RequestState::Accepted if request.refunded.amount > 0 => ProblemOutcome::Refunded,
            RequestState::Accepted if request.replaced_at.is_some() => ProblemOutcome::Replaced,
            RequestState::Accepted => ProblemOutcome::Accepted,
        }
    }
}

/// A problem a plain order's shopper reported about a line, on their order page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineProblem {
    /// The line, from 0.
    pub line: u32,
    pub outcome: ProblemOutcome,
}

/// A problem reported about one of a gift's units, on its sender's order page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitProblem {
    /// The unit, from 0.
    pub unit: u32,
    pub outcome: ProblemOutcome,
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
    /// Periods of their own for some categories (category id → days, 1–365).
    #[serde(default)]
    pub category_days: std::collections::BTreeMap<String, u32>,
}

impl AfterSalesSettings {
    /// The period for an item of this category.
    pub fn days_for(&self, category: &str) -> u32 {
        self.category_days
            .get(category)
            .copied()
            .unwrap_or(self.return_days)
    }
}

impl Default for AfterSalesSettings {
    fn default() -> Self {
        AfterSalesSettings {
            return_days: 14,
            category_days: Default::default(),
        }
    }
}
