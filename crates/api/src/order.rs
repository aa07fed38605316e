use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

use crate::{Address, Contact, Money, SenderGift};

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum OrderStatus {
    /// Placed with "pay in shop"; waiting for staff to confirm payment.
    AwaitingPayment,
    /// Paid; being prepared.
    Paid,
    Shipped,
    Cancelled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum PaymentStatus {
    Pending,
    Captured,
    Refunded,
}

/// The payment as the order page shows it (never a full card number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentSummary {
    /// `test_card` or `pay_in_shop`.
    pub method: String,
    #[cfg_attr(
        feature = "lean-client",
        serde(skip_deserializing, default = "pending")
    )]
    pub status: PaymentStatus,
    /// Last four digits for card payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_last4: Option<String>,
    /// A pay-in-shop order waiting for payment is held until then (seconds since the Unix
    /// epoch), and cancelled if still unpaid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_by: Option<i64>,
}

/// Why an order that was never paid was cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum CancelReason {
    /// The card payment failed or was abandoned.
    PaymentFailed,
    /// A pay-in-shop order was not paid by its `pay_by` time.
    NotPaidInTime,
    /// Shop staff cancelled it.
    ByShop,
    /// The sender cancelled the gift before paying for it.
    BySender,
}

/// How long an order paid at the counter holds its stock before it is cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRules {
    /// Hours, from 1 to 720 (30 days).
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub pay_in_shop_hold_hours: i64,
}

/// One priced line of an order, as the server priced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// (The shopper's app reads neither ids nor the unit price back: first-load bytes.)
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub product_id: String,
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub variant_id: String,
    #[cfg_attr(feature = "lean-client", serde(alias = "name"))]
    pub product_name: String,
    #[cfg_attr(feature = "lean-client", serde(alias = "detail"))]
    pub variant_name: String,
    /// Path or URL of the product image (orders placed before it existed have none).
    #[serde(default)]
    pub image: String,
    #[cfg_attr(
        feature = "lean-client",
        serde(skip_deserializing, default = "crate::money::zero_yen")
    )]
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    /// The variant's tax class when the order was placed.
    #[serde(default)]
    pub tax_class: crate::TaxClass,
    /// What a coupon took off this line (yen); the line paid `line_total − discount`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// An order as its private status link (`/o/<token>`) shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// Unguessable token (UUID v4) of the order's private link.
    pub token: String,
    /// Short reference a person can read out, e.g. `A1B2C3D4`.
    pub reference: String,
    pub status: OrderStatus,
    pub lines: Vec<OrderLine>,
    /// Gift options bought with the lines (のし, wrapping, cards), each its own priced line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<crate::OptionRow>,
    /// Lines and options, before a coupon and shipping.
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
    /// The consumption tax inside `total`, per rate (orders placed before tax records have none).
    #[serde(default)]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub taxes: Vec<crate::TaxTotal>,
    pub payment: PaymentSummary,
    /// (The shopper's app reads `ship_to` instead of `contact` and `address`: first-load bytes.)
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub contact: Contact,
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub address: Address,
    /// Where the order ships, as a label writes it: the name, a line break, then the address on
    /// one line as Japan writes it (`佐藤 花子\n〒100-0005 東京都 千代田区 …`); empty for a gift.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ship_to: String,
    /// Seconds since the Unix epoch.
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub created_at: i64,
    /// For gift orders: the gift as its sender follows it (no recipient data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift: Option<SenderGift>,
    /// Once shipped: the tracking number (for a gift, its first parcel's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<crate::Shipment>,
    /// The coupon code the order used; its lines carry what it took off (the shopper's app
    /// shows the discount from those, not the code: first-load bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub coupon: Option<String>,
    /// A plain order's delivery day and slot, as chosen at checkout (absent: no preference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub delivery: Option<crate::DeliveryChoice>,
    /// `delivery` as the reader reads it (`12月9日(水) 14時〜16時`), when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub delivery_text: String,
    /// A plain order's problems its shopper reported, and what became of each (a gift's are
    /// its units', in `gift.problems`). (Not read back by the shopper's app: its order page
    /// is the server's.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub problems: Vec<crate::LineProblem>,
    /// Points its member spent on it: part of the lines' `discount` (the rest is the coupon's).
    #[serde(default, skip_serializing_if = "crate::points::is_zero_i64")]
    pub points: i64,
}

impl OrderView {
    /// The lines as a page lists them: the goods, then the gift options as lines (named by
    /// what they are, detailed by what was chosen).
    pub fn shown_lines(&mut self) -> Vec<OrderLine> {
        let options = std::mem::take(&mut self.options);
        #[cfg(not(feature = "lean-client"))]
        let options = options.into_iter().map(OrderLine::from);
        std::mem::take(&mut self.lines)
            .into_iter()
            .chain(options)
            .collect()
    }

    /// What the coupon took off (the lines' discounts less the points spent).
    pub fn coupon_discount(&self) -> Money {
        Money::new(self.discount().amount - self.points, self.total.currency)
    }

    /// What was taken off the lines in all: the coupon and the points.
    pub fn discount(&self) -> Money {
        Money::new(
            self.lines.iter().map(|l| l.discount).sum(),
            self.total.currency,
        )
    }
}

/// A card order's payment, for the page that finishes it with Stripe.js (3-D Secure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPaymentView {
    /// Stripe's PaymentIntent status, e.g. `requires_action`, `succeeded`.
    pub status: String,
    /// What Stripe.js needs to finish the payment; only while it is not finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The shop's publishable key (`pk_…`).
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub js_url: String,
}

wire_names!(OrderStatus {
    AwaitingPayment => "awaiting_payment",
    Paid => "paid",
    Shipped => "shipped",
    Cancelled => "cancelled",
});

wire_names!(CancelReason {
    PaymentFailed => "payment_failed",
    NotPaidInTime => "not_paid_in_time",
    ByShop => "by_shop",
    BySender => "by_sender",
});

wire_names!(PaymentStatus {
    Pending => "pending",
    Captured => "captured",
    Refunded => "refunded",
});

#[cfg(feature = "lean-client")]
fn pending() -> PaymentStatus {
    PaymentStatus::Pending
}
