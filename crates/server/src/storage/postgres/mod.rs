//! PostgreSQL storage, for several server instances on one database: the queries are the
//! shared ones of `storage/sql/`, compiled here over PostgreSQL. Every rule is enforced by the
//! database (conditional updates, CHECK constraints, unique keys, row locks), never by a lock in
//! this process, so any number of instances may write at once. The catalog's cache versions
//! follow every instance's commits through LISTEN/NOTIFY (triggers in the schema).

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};

use crate::storage::StorageError;

/// The shared SQL's types and dialect for PostgreSQL.
type Db = sqlx::Postgres;
type Pool = sqlx::PgPool;
type Conn = sqlx::PgConnection;
type DbRow = sqlx::postgres::PgRow;

mod dialect {
    /// The backend's name, for logs and health answers.
    pub const KIND: &str = "postgres";
    /// Starts a write transaction (READ COMMITTED): concurrent writers are ordered by the row
    /// locks of their conditional updates and of [`FOR_UPDATE`] reads.
    pub const BEGIN_WRITE: &str = "BEGIN";
    /// Locks the rows a rule reads before it writes them (a gift and its units), so two
    /// instances deciding about the same gift take turns.
    pub const FOR_UPDATE: &str = " FOR UPDATE";
    /// The stored order view, paid (`UPDATE orders SET view_json = …`).
    pub const PAID_VIEW: &str = "jsonb_set(jsonb_set(view_json::jsonb, '{status}', '\"paid\"'), \
         '{payment,status}', '\"captured\"')::text";
    /// The stored order view, its payment refunded in full.
    pub const REFUNDED_VIEW: &str =
        "jsonb_set(view_json::jsonb, '{payment,status}', '\"refunded\"')::text";
    /// The stored order view, cancelled before it was paid.
    pub const CANCELLED_VIEW: &str =
        "jsonb_set(view_json::jsonb, '{status}', '\"cancelled\"')::text";
    /// The stored order view with status `$1` and a shipment (tracking `$2`, time `$3`).
    pub const SHIPPED_VIEW: &str = "jsonb_set(jsonb_set(view_json::jsonb, '{status}', \
         to_jsonb($1::text)), '{shipment}', \
         jsonb_build_object('tracking_number', $2::text, 'shipped_at', $3::bigint))::text";
    /// Each order stores its idempotency key before anything else: another instance racing
    /// with the same key waits on the key's unique index, then answers with the order that won
    /// (the key's foreign key to its order is deferred to the commit).
    pub const KEYS_FIRST: bool = true;
    /// Serialises the transactions about one key (`$1`) until they commit, on every instance.
    pub const LOCK_KEY: Option<&str> =
        Some("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
    /// Leaves rows another instance has locked to it (outbox messages being leased).
    pub const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
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
pub type PgStorage = Store;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Channels the schema's triggers notify on commit.
const CATALOG_CHANNEL: &str = "omiyage_catalog";
const TEXTS_CHANNEL: &str = "omiyage_texts";

impl Store {
    /// Connects to `url` (`postgres://user@host/db`), runs the migrations, and starts
    /// following other instances' catalog changes.
    pub async fn open(url: &str) -> Result<PgStorage, StorageError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(32)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        // One instance migrates at a time (sqlx takes an advisory lock on PostgreSQL).
        MIGRATOR.run(&pool).await?;
        let catalog_version = Arc::new(AtomicU64::new(0));
        let texts_version = Arc::new(AtomicU64::new(0));
        // Its own connection, outside the pool (closing the pool must not wait for it).
        let mut listener = PgListener::connect(url).await?;
        listener
            .listen_all([CATALOG_CHANNEL, TEXTS_CHANNEL])
            .await?;
        let follower = tokio::spawn(follow(
            listener,
            catalog_version.clone(),
            texts_version.clone(),
        ));
        let orders = batch::BatchWriter::spawn(pool.clone(), catalog_version.clone());
        let claims = batch::BatchWriter::spawn(pool.clone(), catalog_version.clone());
        Ok(Store {
            writer: pool.clone(),
            readers: pool,
            catalog_version,
            texts_version,
            orders,
            claims,
            followers: vec![follower.abort_handle()],
            in_use: std::sync::Mutex::new(None),
        })
    }
}

/// Moves the cache versions whenever any instance commits a catalog change. After a lost
/// connection (notifications may have been missed) both move, and the listener reconnects.
async fn follow(mut listener: PgListener, catalog: Arc<AtomicU64>, texts: Arc<AtomicU64>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(n)) => {
                if n.channel() == TEXTS_CHANNEL {
                    texts.fetch_add(1, Ordering::Release);
                }
                catalog.fetch_add(1, Ordering::Release);
            }
            Ok(None) => {
                tracing::warn!("lost the catalog notifications; reconnecting");
                texts.fetch_add(1, Ordering::Release);
                catalog.fetch_add(1, Ordering::Release);
            }
            Err(e) => {
                tracing::error!(error = %e, "catalog notifications failed; retrying");
                texts.fetch_add(1, Ordering::Release);
                catalog.fetch_add(1, Ordering::Release);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Creates an empty database named `omiyage_<random>` in the cluster `admin_url` reaches and
/// returns its URL (test suites run each test on its own database).
pub async fn scratch_database(admin_url: &str) -> Result<String, StorageError> {
    use sqlx::Connection;
    let options = PgConnectOptions::from_str(admin_url)?;
    let name = format!("omiyage_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect_with(&options).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    let mut url = url_without_database(admin_url);
    url.push('/');
    url.push_str(&name);
    Ok(url)
}

/// `postgres://user@host:port` of a URL naming a database (query parameters dropped).
fn url_without_database(url: &str) -> String {
    let url = url.split('?').next().unwrap_or(url);
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    match url[scheme_end..].find('/') {
        Some(slash) => url[..scheme_end + slash].to_string(),
        None => url.to_string(),
    }
}
