//! Storage behind a trait, one module per database (SQLite now; PostgreSQL later picks the
//! same trait). Stock, claims and idempotency are enforced in SQL, never by a mutex.

pub mod sqlite;

use std::future::Future;

use omiyage_api::{Catalog, OrderView, Product};
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
