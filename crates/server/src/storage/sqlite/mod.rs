//! SQLite storage: WAL mode, one writer connection (so writers queue in the pool instead of
//! meeting "database is locked"), and a pool of readers that never block on the writer. The
//! queries are the shared ones of `storage/sql/`, compiled here over SQLite.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::storage::StorageError;

pub mod backup;

/// The shared SQL's types and dialect for SQLite.
type Db = sqlx::Sqlite;
type Pool = sqlx::SqlitePool;
type Conn = sqlx::SqliteConnection;
type DbRow = sqlx::sqlite::SqliteRow;

mod dialect {
    /// The backend's name, for logs and health answers.
    pub const KIND: &str = "sqlite";
    /// Starts a write transaction: SQLite takes the database's write lock at once, so every
    /// write transaction runs alone (the rules' read-then-write steps need no row locks).
    pub const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
    /// Row locks for a read that a write will follow; SQLite's write lock already covers it.
    pub const FOR_UPDATE: &str = "";
    /// The stored order view, paid (`UPDATE orders SET view_json = …`).
    pub const PAID_VIEW: &str =
        "json_set(view_json, '$.status', 'paid', '$.payment.status', 'captured')";
    /// The stored order view, its payment refunded in full.
    pub const REFUNDED_VIEW: &str = "json_set(view_json, '$.payment.status', 'refunded')";
    /// The stored order view, cancelled before it was paid.
    pub const CANCELLED_VIEW: &str = "json_set(view_json, '$.status', 'cancelled')";
    /// The stored order view with status `$1` and a shipment (tracking `$2`, time `$3`).
    pub const SHIPPED_VIEW: &str = "json_set(view_json, '$.status', $1, \
         '$.shipment', json_object('tracking_number', $2, 'shipped_at', $3))";
    /// Orders check their batch's idempotency keys in one read and store them with the orders:
    /// with one writer, no other transaction can store a key meanwhile.
    pub const KEYS_FIRST: bool = false;
    /// Serialises one key's transactions; SQLite's write lock already does.
    pub const LOCK_KEY: Option<&str> = None;
    /// Leaves rows another instance has locked to it; with one writer there is none.
    pub const SKIP_LOCKED: &str = "";
}

#[path = "../sql/accounts.rs"]
mod accounts;
#[path = "../sql/admin.rs"]
mod admin;
#[path = "../sql/after_sales.rs"]
mod after_sales;
#[path = "../sql/agencies.rs"]
mod agencies;
#[path = "../sql/batch.rs"]
mod batch;
#[path = "../sql/batches.rs"]
mod batches;
#[path = "../sql/catalog_rows.rs"]
mod catalog_rows;
#[path = "../sql/claim_writer.rs"]
mod claim_writer;
#[path = "../sql/coupons.rs"]
mod coupons;
#[path = "../sql/erasure.rs"]
mod erasure;
#[path = "../sql/fans.rs"]
mod fans;
#[path = "../sql/flow_store/mod.rs"]
mod flow_store;
#[path = "../sql/gift_options.rs"]
mod gift_options;
#[path = "../sql/gifts.rs"]
mod gifts;
#[path = "../sql/levels.rs"]
mod levels;
#[path = "../sql/members.rs"]
mod members;
#[path = "../sql/order_writer.rs"]
mod order_writer;
#[path = "../sql/outbox.rs"]
mod outbox;
#[path = "../sql/payments.rs"]
mod payments;
#[path = "../sql/payouts.rs"]
mod payouts;
#[path = "../sql/photos.rs"]
mod photos;
#[path = "../sql/points.rs"]
mod points;
#[path = "../sql/promotions.rs"]
mod promotions;
#[path = "../sql/rewards.rs"]
mod rewards;
#[path = "../sql/settings.rs"]
mod settings;
#[path = "../sql/store.rs"]
mod store;
#[path = "../sql/texts.rs"]
mod texts;

use photos::{attach_photos, load_photos, replace_photos};
use store::Store;
use store::{load_product, tax_class};
use texts::{load_texts, replace_texts, translations_of};
pub type SqliteStorage = Store;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// When a committed transaction is on disk (SQLite's `PRAGMA synchronous`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// Every commit is synced before it returns: an acknowledged order survives a power cut.
    #[default]
    Full,
    /// Syncs only at checkpoints: faster, but a power cut may lose the last acknowledged
    /// transactions (a process crash loses nothing). For measuring the cost of `Full`.
    Normal,
}

/// The file every process with the database open holds a shared lock on (`flock`, released by
/// the system when the process ends, however it ends); a restore takes it alone.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-lock");
    PathBuf::from(name)
}

fn lock_file(db: &Path) -> Result<std::fs::File, StorageError> {
    Ok(std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(db))?)
}

/// A shared hold on the database, kept while the storage is open.
fn lock_shared(db: &Path) -> Result<std::fs::File, StorageError> {
    let file = lock_file(db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StorageError::Failed(format!(
            "{} is being restored; start again when the restore is done",
            db.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// The database alone: no process has it open (see [`lock_path`]).
fn lock_alone(db: &Path) -> Result<std::fs::File, StorageError> {
    let file = lock_file(db)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StorageError::Failed(format!(
            "a server has {} open (it holds {}); stop it first, then restore",
            db.display(),
            lock_path(db).display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

impl SqliteStorage {
    /// Opens the database file (creating it and its folder), and runs the migrations.
    pub async fn open(path: &Path) -> Result<SqliteStorage, StorageError> {
        SqliteStorage::open_with(path, Durability::Full).await
    }

    /// [`SqliteStorage::open`] with a chosen durability.
    pub async fn open_with(
        path: &Path,
        durability: Durability,
    ) -> Result<SqliteStorage, StorageError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let in_use = lock_shared(path)?;
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a transaction is on disk before its commit returns, so an order confirmed
            // to a shopper survives a power cut too. Group commit pays one sync per batch.
            .synchronous(match durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        let readers = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        let catalog_version = Arc::new(AtomicU64::new(0));
        let orders = batch::BatchWriter::spawn(writer.clone(), catalog_version.clone());
        let claims = batch::BatchWriter::spawn(writer.clone(), catalog_version.clone());
        Ok(SqliteStorage {
            writer,
            readers,
            catalog_version,
            texts_version: Arc::new(AtomicU64::new(0)),
            orders,
            claims,
            followers: Vec::new(),
            in_use: std::sync::Mutex::new(Some(in_use)),
        })
    }
}
