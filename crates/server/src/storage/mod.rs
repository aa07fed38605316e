//! Storage behind traits, on SQLite (the default) or PostgreSQL (`--database-url`): the queries
//! are written once (`sql/`) and compiled for each. The server is generic over its
//! [`Backend`], chosen once at start.
//! Stock, claims and idempotency are enforced in SQL, never by a mutex.

pub mod copy;
// Both backends compile the same query modules (`storage/sql/`) over their own database types:
// loading those files twice is the design, not a slip.
#[allow(clippy::duplicate_mod)]
pub mod postgres;
#[allow(clippy::duplicate_mod)]
pub mod sqlite;

use std::future::Future;

use omiyage_api::Product;

mod traits;
pub use traits::*;

mod error;
pub use error::StorageError;

/// A database the server runs on: every storage trait, and looking after itself. The backend
/// is chosen once at start (`crate::Server::start`); everything after is generic over it.
pub trait Backend:
    Storage
    + GiftStorage
    + AccountStorage
    + AdminStorage
    + BatchStorage
    + PromotionStorage
    + AgencyStorage
    + CouponStorage
    + PaymentStorage
    + OutboxStorage
    + RewardStorage
    + AfterSalesStorage
    + MemberStorage
    + FanStorage
    + PointStorage
{
    /// `postgres` or `sqlite`, for logs and health answers.
    const KIND: &'static str;
    /// [`Backend::KIND`], from a value.
    fn kind(&self) -> &'static str {
        Self::KIND
    }
    /// Stops what follows the database and closes its connections.
    fn close(&self) -> impl Future<Output = ()> + Send;
    /// Writes the demo catalog if there are no products yet. Returns whether it did.
    fn seed_if_empty(&self) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Sets a variant's stock outright (arranging tests and benchmarks).
    fn set_stock(
        &self,
        variant_id: &str,
        units: u32,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Adds a product (arranging tests and benchmarks).
    fn add_product(
        &self,
        product: &Product,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Whether the database answers (the health check).
    fn ping(&self) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Counts orders (tests and benchmarks).
    fn order_count(&self) -> impl Future<Output = Result<i64, StorageError>> + Send;
    /// The SQLite writer's `PRAGMA synchronous` (2 = FULL); `None` on PostgreSQL.
    fn sqlite_synchronous(&self) -> impl Future<Output = Result<Option<i64>, StorageError>> + Send;
}

/// Every storage trait in scope at once (tests and tools calling storage directly).
pub mod prelude {
    pub use super::{
        AccountStorage as _, AdminStorage as _, AgencyStorage as _, Backend as _,
        BatchStorage as _, CouponStorage as _, GiftStorage as _, OutboxStorage as _,
        PaymentStorage as _, PromotionStorage as _, Storage as _,
    };
}

/// Whether a `--database-url` names PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

pub use omiyage_flows::checkout::{PlaceOutcome, StoredCoupon, StoredKey};
pub use omiyage_flows::order::{CouponClaim, StockTake};
