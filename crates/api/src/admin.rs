//! The back office's wire types: products as the merchant edits them, stock changes, orders
//! with fulfilment.

use serde::{Deserialize, Serialize};

use crate::{Address, Money, OrderView};

/// A variant as the admin sees and edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminVariant {
    pub id: String,
    pub name: String,
    pub sku: String,
    pub price: Money,
    pub stock: u32,
    pub tax_class: crate::TaxClass,
    /// The name in the shop's other languages (Japanese is `name`).
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
    /// The product photo that shows it (its `src`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// A product photo as the back office edits it: its alt text in Japanese (required) and in
/// the shop's other languages (`translations`, in `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminPhoto {
    pub src: String,
    #[serde(default)]
    pub alt: String,
    /// The point a card's crop keeps, per cent from the left (0–100).
    #[serde(default = "crate::catalog::centre")]
    pub focus_x: u8,
    /// The same, per cent from the top.
    #[serde(default = "crate::catalog::centre")]
    pub focus_y: u8,
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
}

impl AdminPhoto {
    /// A photo with its focus in the centre and no translations.
    pub fn new(src: impl Into<String>, alt: impl Into<String>) -> AdminPhoto {
        crate::Photo::new(src, alt).into()
    }

    /// As a shopper reads it in Japanese.
    pub fn photo(&self) -> crate::Photo {
        crate::Photo {
            src: self.src.clone(),
            alt: self.alt.clone(),
            focus_x: self.focus_x,
            focus_y: self.focus_y,
        }
    }
}

impl From<crate::Photo> for AdminPhoto {
    /// Without translations.
    fn from(p: crate::Photo) -> AdminPhoto {
        AdminPhoto {
            src: p.src,
            alt: p.alt,
            focus_x: p.focus_x,
            focus_y: p.focus_y,
            translations: crate::Translations::new(),
        }
    }
}

/// A product as the admin sees it, archived ones included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminProduct {
    pub id: String,
    pub name: String,
    pub description: String,
    pub category: String,
    /// The first photo's `src` (empty without photos).
    pub image: String,
    /// Its photos in order, with their alt texts in every language.
    #[serde(default)]
    pub photos: Vec<AdminPhoto>,
    pub archived: bool,
    pub variants: Vec<AdminVariant>,
    /// Which gift options it offers.
    #[serde(default)]
    pub gift_options: crate::ProductGiftOptions,
    /// Name and description in the shop's other languages (Japanese is the product itself).
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
}

/// One variant in a product form. Without `id` it is a new variant; prices are in the
/// currency's minor units (yen). Stock is set only when the variant is created; afterwards it
/// changes through [`StockChange`], so an edit never overwrites sales made meanwhile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub sku: String,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub price: i64,
    #[serde(default)]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub stock: i64,
    /// Standard (10 %) unless the variant is food or a non-alcoholic drink (8 %).
    #[serde(default)]
    pub tax_class: crate::TaxClass,
    /// The name in English and Chinese; an empty or missing one falls back to Japanese.
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
    /// One of the product's photos (its `src`) that shows this variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// The product form: create (no id yet) or edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: String,
    /// A single image's path, as before photos: used only when `photos` is empty (it becomes
    /// the only photo, described by the product's name).
    #[serde(default)]
    pub image: String,
    /// The photos in order (at most 12), each with a Japanese alt text; the first is the card's.
    #[serde(default)]
    pub photos: Vec<AdminPhoto>,
    pub variants: Vec<VariantInput>,
    /// Which gift options it offers (none when left out).
    #[serde(default)]
    pub gift_options: crate::ProductGiftOptions,
    /// Name and description in English and Chinese (`en`, `zh-Hans`); Japanese, in `name` and
    /// `description`, is required, and every other language falls back to it.
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
}

/// A category as the admin edits it: the Japanese name and its translations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminCategory {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
}

/// The category form (create or rename).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "crate::Translations::is_empty")]
    pub translations: crate::Translations,
}

/// How the admin changes a variant's stock. Two explicit rules, so two admins and running
/// checkouts never lose an update: `set` applies only if the stock is still what the admin
/// saw (`expected`; otherwise 409 with the current figure), `adjust` adds or removes units
/// relative to whatever the stock is now (never below zero).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum StockChange {
    Set {
        #[serde(deserialize_with = "crate::whole::deserialize")]
        stock: i64,
        #[serde(deserialize_with = "crate::whole::deserialize")]
        expected: i64,
    },
    Adjust {
        #[serde(deserialize_with = "crate::whole::deserialize")]
        delta: i64,
    },
}

/// One row of the admin's order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub token: String,
    pub reference: String,
    pub status: crate::OrderStatus,
    pub total: Money,
    pub created_at: i64,
    pub is_gift: bool,
    pub items: u32,
}

/// Where one claimed gift unit ships: for the admin only, never for the sender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftRecipient {
    pub unit_index: u32,
    pub variant_name: String,
    pub name: String,
    pub address: Address,
    /// As the recipient gave it (may be empty).
    #[serde(default)]
    pub phone: String,
    /// The delivery day and slot the unit was claimed with (absent: no preference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<crate::DeliveryChoice>,
}

/// An order as the admin works on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOrder {
    pub order: OrderView,
    /// For gift orders: where each claimed unit goes.
    pub recipients: Vec<GiftRecipient>,
    /// For orders paid by card online: the payment at the provider and its refunds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardPaymentRecord>,
    /// Problems reported about its items and what the shop did, the oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_sales: Vec<crate::AfterSalesRequest>,
}

/// A card order's payment as the admin follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPaymentRecord {
    /// The provider's id of the payment (Stripe's PaymentIntent `pi_…`); none before a card
    /// was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent_id: Option<String>,
    /// What the card was charged (or is to be).
    pub amount: Money,
    /// `awaiting_card`, `succeeded`, `refunded` (in full) or `canceled`.
    pub status: String,
    /// Refunds asked of the provider so far (the gift rules' and the admin's).
    pub refunded: Money,
    /// What the admin may still refund: the amount less every refund so far and less what the
    /// gift rules may still refund (unclaimed units).
    pub refundable: Money,
    /// Newest first.
    pub refunds: Vec<CardRefund>,
}

/// One refund through the card provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardRefund {
    /// Also the provider's idempotency key for it.
    pub id: String,
    pub amount: Money,
    /// Why: `gift_declined`, `gift_expired`, `gift_cancelled`, `admin_refund`, `order_cancelled`.
    pub reason: String,
    /// `pending` (being sent), `sent` (the provider took it) or `failed` (after its retries).
    pub status: crate::MessageStatus,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_error: String,
}

/// The admin gives money back for a card-paid order, in part or in full; with `cancel`, the
/// order is cancelled too (paid and not shipped, not a gift; everything still paid is refunded
/// and the stock goes back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundRequest {
    /// Yen (no minor unit): at least 1, at most what is still refundable.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub amount: i64,
    /// Told to the buyer; 1–200 characters.
    pub reason: String,
    #[serde(default)]
    pub cancel: bool,
}

/// Marks an order shipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipRequest {
    pub tracking_number: String,
}

/// The parcel, as the shopper's order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipment {
    pub tracking_number: String,
    #[cfg_attr(feature = "lean-client", serde(skip_deserializing))]
    pub shipped_at: i64,
}

/// One day of the sales overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySales {
    /// The day's date in the shop's time zone, `YYYY-MM-DD`.
    pub date: String,
    pub orders: u32,
    pub revenue: Money,
}

/// A best seller of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopProduct {
    pub product_id: String,
    pub name: String,
    pub units: u32,
    pub revenue: Money,
}

/// Orders and revenue per day for the last 30 days (oldest first), and the top products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesOverview {
    pub days: Vec<DaySales>,
    pub top_products: Vec<TopProduct>,
}

/// Where an uploaded image is served (use it as a product's `image`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedImage {
    pub path: String,
}
