use serde::{Deserialize, Serialize};

use crate::GiftOptions;

/// One cart line as the client sends it. Prices are never sent: the server prices every line.
/// `quantity` is signed on the wire so that a negative number gets a clear 422, not a parse error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutLine {
    pub product_id: String,
    pub variant_id: String,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub quantity: i64,
    /// Gift options for this line (a product that offers them). Left out of the shopper's
    /// app's build (`lean-client`) until it can choose them: first-load bytes.
    #[cfg(not(feature = "lean-client"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<crate::LineOptions>,
    /// The same, as the gift-options page (`/options/…`) handed it to the cart: an opaque
    /// token. `options` wins when both are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options_token: Option<String>,
}

impl CheckoutLine {
    /// The line's gift options, read.
    pub fn options(&self) -> Result<Option<crate::LineOptions>, crate::ApiError> {
        #[cfg(not(feature = "lean-client"))]
        return Ok(self.options.clone());
        #[cfg(feature = "lean-client")]
        Ok(None)
    }
}

/// Who to contact about the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: String,
    /// (The shopper's app reads only the name back: first-load bytes.)
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub phone: String,
}

/// A shipping address in Japan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// `123-4567` or `1234567`.
    pub postal_code: String,
    pub prefecture: String,
    pub city: String,
    /// Street, block and number.
    pub line1: String,
    /// Building, floor, room (optional).
    #[serde(default)]
    pub line2: String,
}

/// How the shopper pays. `Card` is left out of the shopper app's build (`lean-client`): the
/// app sends `CardPage`, and each variant costs first-load bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum PaymentChoice {
    /// The clearly labelled test card provider: 4242 4242 4242 4242 succeeds,
    /// 4000 0000 0000 0002 is declined. No real money moves.
    TestCard { card_number: String },
    /// Pay at the shop counter; staff confirms the payment.
    PayInShop,
    /// A card collected by Stripe.js in the browser: the id of what Stripe.js made of it
    /// (`pm_…`, or `card_…` from a token). The card's number never reaches this server.
    #[cfg(not(feature = "lean-client"))]
    Card { payment_method: String },
    /// Pay by card on the shop's card page (`/pay/<order>`) once the order is placed: the
    /// order waits for its card there, its stock held.
    CardPage,
}

/// The body of `POST /api/checkout`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutRequest {
    pub lines: Vec<CheckoutLine>,
    pub contact: Contact,
    /// Required, unless the order is a gift (the recipient enters the address).
    #[serde(default)]
    pub address: Address,
    pub payment: PaymentChoice,
    /// Buy "as a gift": one line, its quantity is the number of claimable units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift: Option<GiftOptions>,
    /// A coupon code, as typed (spaces, hyphens and case do not matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// A plain order's delivery day and slot (absent: no preference); a gift's recipient
    /// chooses theirs when claiming (its sender may fix the day: `gift.delivery_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<crate::DeliveryChoice>,
    /// Points a signed-in member spends on it (1 point = 1 yen off the goods).
    #[serde(default, skip_serializing_if = "crate::points::is_zero")]
    pub points: u32,
}

/// An address a member saved on their page, offered at checkout and when claiming a gift.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAddress {
    pub id: String,
    /// Who receives parcels there.
    pub name: String,
    #[serde(default)]
    pub phone: String,
    pub address: Address,
}
