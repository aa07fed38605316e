use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

use crate::{Address, Money, Product};

/// What the sender chooses when buying "as a gift" (no shipping address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftOptions {
    /// Shown to the recipient as "from …".
    pub sender_name: String,
    /// At most 100 characters; shown as text, never as HTML.
    #[serde(default)]
    pub greeting: String,
    /// The recipient may pick another variant of the same price.
    #[serde(default)]
    pub allow_variant_choice: bool,
    /// A delivery day the sender fixed (`YYYY-MM-DD`, e.g. a birthday); the recipient then
    /// picks only the time slot. Empty: the recipient chooses the day too.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery_date: String,
    /// When the recipient is told (Unix seconds): the claim link's email goes out then, the
    /// link opened earlier shows when it opens, and the claim window counts from then. Absent:
    /// at once (once paid). The sender may move it until it has passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<i64>,
    /// Where the shop emails the claim link when the gift opens (optional: the sender may hand
    /// the link over themselves). Never shown to the recipient's page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recipient_email: String,
    /// A return gift (お返し): the claim token of a gift the buyer received and claimed. The
    /// shop then emails the claim link to that gift's sender (at the email they left at its
    /// checkout, in their language); `recipient_email` stays empty, and neither side ever
    /// sees the other's email or address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub return_for: String,
}

/// Where one unit of a gift stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum UnitState {
    Unclaimed,
    Claimed,
    Shipped,
    Refunded,
}

/// Why a unit was refunded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum RefundReason {
    /// The recipient declined it.
    Declined,
    /// The sender cancelled it before it was claimed.
    Cancelled,
    /// Nobody claimed it within the claim window.
    Expired,
}

/// One unit as the sender may see it: states and times, never who claimed it or where it ships.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftUnit {
    pub index: u32,
    pub state: UnitState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_reason: Option<RefundReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_at: Option<i64>,
    /// The delivery day and slot of a claimed unit (absent: no preference). The sender sees
    /// them, never the address. (The shopper's app reads `delivery_text`: first-load bytes.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub delivery: Option<crate::DeliveryChoice>,
    /// `delivery` as the reader reads it (`12月9日(水) 14時〜16時`), when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery_text: String,
}

/// The gift as its sender follows it (part of the sender's order view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SenderGift {
    /// Token of the claim link `/g/<token>`.
    pub claim_token: String,
    pub sender_name: String,
    pub greeting: String,
    pub allow_variant_choice: bool,
    pub expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<i64>,
    /// When the gift opens, as the sender scheduled it (absent: at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<i64>,
    /// Where the claim link is emailed when it opens (the sender's own input; empty for a
    /// return gift, whose recipient's email the buyer never sees).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recipient_email: String,
    /// A return gift (お返し): the shop emails the claim link to the sender of the gift it
    /// answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub returns_gift: bool,
    /// When the shop emailed the claim link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub told_at: Option<i64>,
    pub units: Vec<GiftUnit>,
    /// The recipients' thank-you notes, oldest first (their words only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thanks: Vec<GiftThanks>,
    /// Problems its recipients reported, and what became of them (no recipient's data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub problems: Vec<crate::UnitProblem>,
    /// Total refunded so far. (Not read back by the shopper's app: first-load bytes.)
    #[cfg_attr(
        feature = "lean-client",
        serde(skip_deserializing, default = "crate::money::zero_yen")
    )]
    pub refunded: Money,
}

/// Where the gift as a whole stands, for the recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum GiftState {
    /// At least one unit can be claimed.
    Open,
    /// Every unit was claimed (or declined).
    AllClaimed,
    Expired,
    Cancelled,
    /// The sender has not paid yet: it can be claimed once they have.
    AwaitingPayment,
    /// The sender chose when it opens (`opens_at`), and that is still to come.
    NotYet,
}

/// A recipient's thank-you note to the sender (お礼のメッセージ): the words they wrote and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftThanks {
    pub message: String,
    pub sent_at: i64,
}

/// The gift as its recipient sees it at `/g/<token>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftView {
    pub token: String,
    pub sender_name: String,
    pub greeting: String,
    pub state: GiftState,
    /// The product, with only the variants the recipient may choose.
    pub product: Product,
    /// The variant the sender bought (pre-selected).
    pub variant_id: String,
    pub allow_variant_choice: bool,
    pub units_total: u32,
    pub units_left: u32,
    pub expires_at: i64,
    /// What the sender chose to go with it, one option per line, as the recipient reads it
    /// and without prices (`のし: 御歳暮 · 内のし`); the card's text stays in the parcel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub options_text: String,
    /// The delivery day the sender fixed (`YYYY-MM-DD`): the recipient picks only a slot.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery_date: String,
    /// When a gift the sender scheduled opens (Unix seconds). Until then (`not_yet`) the page
    /// shows only who it is from: the product stays wrapped (its fields are empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<i64>,
}

/// The body of `POST /api/gifts/{token}/claim`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRequest {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    pub address: Address,
    /// Another same-price variant, when the sender allowed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<String>,
    /// Optional: where to tell the recipient that the parcel has shipped (and its tracking
    /// number). Never shown to the sender.
    #[serde(default)]
    pub email: String,
    /// The delivery day and slot the recipient asks for (absent: no preference). When the
    /// sender fixed the day, only the slot is chosen: a date, if any, must be that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<crate::DeliveryChoice>,
}

/// What the recipient sees after claiming (their own address, never the sender's data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimConfirmation {
    pub gift_token: String,
    pub unit_index: u32,
    pub product_name: String,
    pub variant_name: String,
    pub name: String,
    /// (The shopper's app reads `address_text` instead: first-load bytes.)
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub address: Address,
    /// The address on one line as Japan writes it (`〒100-0005 東京都 千代田区 …`).
    #[serde(default)]
    pub address_text: String,
    pub claimed_at: i64,
    /// The unit's delivery day and slot (absent: no preference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub delivery: Option<crate::DeliveryChoice>,
    /// `delivery` as the reader reads it, when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery_text: String,
}

wire_names!(UnitState {
    Unclaimed => "unclaimed",
    Claimed => "claimed",
    Shipped => "shipped",
    Refunded => "refunded",
});

wire_names!(RefundReason {
    Declined => "declined",
    Cancelled => "cancelled",
    Expired => "expired",
});

wire_names!(GiftState {
    Open => "open",
    AllClaimed => "all_claimed",
    Expired => "expired",
    Cancelled => "cancelled",
    AwaitingPayment => "awaiting_payment",
    NotYet => "not_yet",
});
