//! The back office: catalog editing, orders, sales, the invoice issuer.

use std::future::Future;

use omiyage_api::{
    AdminCategory, AdminOrder, AdminProduct, AdminVariant, CategoryInput, OrderStatus,
    OrderSummary, ProductInput, SalesOverview, StockChange,
};

use crate::storage::StorageError;

/// Filters of the admin's order list.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub gift: Option<bool>,
    /// Seconds since the epoch, inclusive.
    pub from: Option<i64>,
    /// Seconds since the epoch, exclusive.
    pub to: Option<i64>,
}

/// Why a product was not written (nothing of it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadProduct {
    /// Its category is not one of the shop's.
    UnknownCategory,
    /// The variant at this index names an id that is not one of the product's.
    ForeignVariant(usize),
}

/// The back office's catalog and order work.
pub trait AdminStorage: Send + Sync + 'static {
    /// Every category with its translations, in catalog order.
    fn admin_categories(
        &self,
    ) -> impl Future<Output = Result<Vec<AdminCategory>, StorageError>> + Send;
    /// Adds a category at the end (id from its English or Japanese name, made unique).
    fn create_category(
        &self,
        input: &CategoryInput,
    ) -> impl Future<Output = Result<AdminCategory, StorageError>> + Send;
    /// Renames a category; `None` when there is no such category.
    fn update_category(
        &self,
        id: &str,
        input: &CategoryInput,
    ) -> impl Future<Output = Result<Option<AdminCategory>, StorageError>> + Send;
    /// Every product, archived ones included, in catalog order.
    fn admin_products(
        &self,
    ) -> impl Future<Output = Result<Vec<AdminProduct>, StorageError>> + Send;
    fn admin_product(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<AdminProduct>, StorageError>> + Send;
    /// Creates a product (id from its name, made unique).
    fn create_product(
        &self,
        input: &ProductInput,
    ) -> impl Future<Output = Result<Result<AdminProduct, BadProduct>, StorageError>> + Send;
    /// Edits names, prices, SKUs, category, image; adds new variants (`None`: no such
    /// product). Stock changes only through [`AdminStorage::change_stock`].
    fn update_product(
        &self,
        id: &str,
        input: &ProductInput,
    ) -> impl Future<Output = Result<Result<Option<AdminProduct>, BadProduct>, StorageError>> + Send;
    /// The shop's gift options (the defaults until the admin saves them).
    fn gift_option_settings(
        &self,
    ) -> impl Future<Output = Result<omiyage_api::GiftOptionSettings, StorageError>> + Send;
    fn set_gift_option_settings(
        &self,
        settings: &omiyage_api::GiftOptionSettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The shop's delivery rules (the defaults until the admin saves them).
    fn delivery_settings(
        &self,
    ) -> impl Future<Output = Result<omiyage_api::DeliverySettings, StorageError>> + Send;
    fn set_delivery_settings(
        &self,
        settings: &omiyage_api::DeliverySettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Which gift options a product offers (`None`: no such product).
    fn product_gift_options(
        &self,
        product_id: &str,
    ) -> impl Future<Output = Result<Option<omiyage_api::ProductGiftOptions>, StorageError>> + Send;
    fn set_archived(
        &self,
        id: &str,
        archived: bool,
    ) -> impl Future<Output = Result<Option<AdminProduct>, StorageError>> + Send;
    /// Applies a stock change atomically (compare-and-set or relative, never below zero):
    /// the variant as it is then, and whether the change applied; `None`: no such variant.
    fn change_stock(
        &self,
        variant_id: &str,
        change: &StockChange,
    ) -> impl Future<Output = Result<Option<(AdminVariant, bool)>, StorageError>> + Send;
    fn orders(
        &self,
        filter: &OrderFilter,
    ) -> impl Future<Output = Result<Vec<OrderSummary>, StorageError>> + Send;
    /// An order with where its gift units ship (admin only).
    fn admin_order(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<AdminOrder>, StorageError>> + Send;
    /// Every paid order not shipped yet, newest first, with where its gift units ship: what
    /// the labels are printed from. Read in two queries, however many orders wait.
    fn orders_to_ship(&self) -> impl Future<Output = Result<Vec<AdminOrder>, StorageError>> + Send;
    /// Pay-in-shop orders: staff confirm the payment (awaiting payment → paid).
    fn confirm_payment(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Marks a paid order (or a gift's claimed units) shipped with a tracking number.
    fn ship_order(
        &self,
        token: &str,
        tracking_number: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Stores an uploaded image under its id (the same bytes twice keep one copy).
    fn save_image(
        &self,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// An image's type and bytes.
    fn image(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StorageError>> + Send;
    /// Whether a product shows the photo `src` with its focus at (`x`, `y`) per cent.
    fn photo_focus_in_use(
        &self,
        src: &str,
        x: u8,
        y: u8,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Orders and revenue per shop day for the `days` days up to `now`, and the top products.
    fn sales(
        &self,
        now: i64,
        days: i64,
    ) -> impl Future<Output = Result<SalesOverview, StorageError>> + Send;
    /// The shop's qualified-invoice issuer, once the admin has set it.
    fn invoice_issuer(
        &self,
    ) -> impl Future<Output = Result<Option<omiyage_api::InvoiceIssuer>, StorageError>> + Send;
    /// Sets the issuer (already validated).
    fn set_invoice_issuer(
        &self,
        issuer: &omiyage_api::InvoiceIssuer,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}
