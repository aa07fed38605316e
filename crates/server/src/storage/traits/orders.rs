//! The catalog and orders: the storefront's reads and the order's write.

use std::future::Future;

use omiyage_api::{Catalog, OrderView, Product};
use omiyage_core::catalog::CatalogText;
use omiyage_core::gift::GiftRecord;

use crate::storage::{
    AttributionRecord, CouponClaim, PlaceOutcome, StockTake, StorageError, StoredKey,
};

/// An order ready to write, with what it brings along.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub view: OrderView,
    /// The checkout's language tag: every message about the order is written in it.
    pub lang: &'static str,
    pub gift: Option<GiftRecord>,
    pub attribution: Option<AttributionRecord>,
    /// A card order's PaymentIntent (`card_payments`), written with the order.
    pub card: Option<CardRecord>,
    /// The coupon use the order claims (its caps checked in the order's transaction).
    pub coupon: Option<CouponClaim>,
    /// Its member, the rate it earns at and the points it spends (taken when it is admitted).
    pub points: omiyage_flows::points::PointsTerms,
}

/// The PaymentIntent a card order is paid with.
#[derive(Clone, Debug)]
pub struct CardRecord {
    /// `None` until the shopper enters a card on the card page.
    pub intent_id: Option<String>,
    pub amount: i64,
}

pub trait Storage: Send + Sync + 'static {
    /// A number that changes whenever anything the catalog shows (products, prices, stock)
    /// changes, so a serialised catalog can be reused until then.
    fn catalog_version(&self) -> u64;
    /// A number that changes whenever the catalog's texts (names, descriptions, translations)
    /// may have changed; stock moving does not change it.
    fn texts_version(&self) -> u64;
    /// Categories and every live product, in catalog order.
    fn catalog(&self) -> impl Future<Output = Result<Catalog, StorageError>> + Send;
    fn product(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<Product>, StorageError>> + Send;
    /// Every translated text of the catalog (Chinese and English; Japanese is the catalog).
    fn catalog_texts(&self) -> impl Future<Output = Result<Vec<CatalogText>, StorageError>> + Send;
    fn find_key(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<StoredKey>, StorageError>> + Send;
    /// In one transaction: checks the key, takes every line's stock (all or nothing, never
    /// below zero), and writes the order, its key and its `order.placed` event.
    fn place_order(
        &self,
        key: &str,
        fingerprint: &str,
        order: NewOrder,
        takes: &[StockTake],
    ) -> impl Future<Output = Result<PlaceOutcome, StorageError>> + Send;
    fn order(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Option<OrderView>, StorageError>> + Send;
}
