//! Storage behind a trait, one module per database (SQLite now; PostgreSQL later picks the
//! same trait). Stock, claims and idempotency are enforced in SQL, never by a mutex.

pub mod sqlite;

use std::future::Future;

use omiyage_api::{Catalog, ClaimConfirmation, GiftView, OrderView, Product, SenderGift};
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift::GiftRecord;

use crate::AppError;

/// An idempotency key already stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    pub fingerprint: String,
    pub order_token: String,
}

/// Units to take from one variant.
#[derive(Clone, Debug)]
pub struct StockTake {
    pub variant_id: String,
    pub quantity: u32,
}

/// What happened when an order was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceOutcome {
    Placed,
    /// Another request with the same key got there first.
    KeyExists(StoredKey),
    /// A variant no longer has enough stock; nothing was written.
    OutOfStock {
        variant_id: String,
        available: u32,
    },
}

pub trait Storage: Send + Sync + 'static {
    /// A number that changes whenever anything the catalog shows (products, prices, stock)
    /// changes, so a serialised catalog can be reused until then.
    fn catalog_version(&self) -> u64;
    /// Categories and every live product, in catalog order.
    fn catalog(&self) -> impl Future<Output = Result<Catalog, AppError>> + Send;
    fn product(&self, id: &str) -> impl Future<Output = Result<Option<Product>, AppError>> + Send;
    fn find_key(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<StoredKey>, AppError>> + Send;
    /// In one transaction: checks the key, takes every line's stock (all or nothing, never
    /// below zero), and writes the order and its key.
    fn place_order(
        &self,
        key: &str,
        fingerprint: &str,
        order: &OrderView,
        takes: &[StockTake],
        gift: Option<&GiftRecord>,
    ) -> impl Future<Output = Result<PlaceOutcome, AppError>> + Send;
    fn order(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Option<OrderView>, AppError>> + Send;
}

/// Gifts: every change settles the claim window first (refunds what expired), then applies the
/// rule from `omiyage_core::gift` with conditional updates.
pub trait GiftStorage: Send + Sync + 'static {
    /// The recipient's view; `mark_opened` records the first opening for the sender.
    fn gift_view(
        &self,
        token: &str,
        now: i64,
        mark_opened: bool,
    ) -> impl Future<Output = Result<GiftView, AppError>> + Send;
    /// The sender's view of an order's gift: states and times, never recipient data.
    fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SenderGift>, AppError>> + Send;
    /// Claims one unit; the same key returns the same claim.
    fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &ValidClaim,
        now: i64,
    ) -> impl Future<Output = Result<ClaimConfirmation, AppError>> + Send;
    /// Refunds one unclaimed unit (the recipient declines).
    fn decline_gift(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    /// Refunds every unclaimed unit (the sender cancels).
    fn cancel_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    /// Refunds every gift past its window; returns how many gifts it touched.
    fn expire_due(&self, now: i64) -> impl Future<Output = Result<usize, AppError>> + Send;
}
