//! `copy-to`: moves a shop from its SQLite file to an empty PostgreSQL database, every table in
//! one PostgreSQL transaction, then checks that each table holds as many rows on both sides.

use std::path::Path;
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row};

use super::postgres::PgStorage;
use super::sqlite::SqliteStorage;
use super::{Backend as _, StorageError};

/// Every table worth moving, parents before children (foreign keys hold at each insert).
/// `rate_limit_hits` stays behind: attempts counted minutes ago are not worth moving.
pub const TABLES: [&str; 58] = [
    "categories",
    "products",
    "product_photos",
    "variants",
    "catalog_texts",
    "images",
    "shops",
    "accounts",
    "pending_sign_ups",
    "sessions",
    "trusted_devices",
    "agencies",
    "agency_members",
    "agency_invites",
    "orders",
    "order_lines",
    "order_options",
    "idempotency_keys",
    "buyers",
    "card_payments",
    "card_intents",
    "payment_events",
    "batches",
    "gifts",
    "gift_units",
    "gift_thanks",
    "gift_visits",
    "gift_rewards",
    "after_sales",
    "after_sales_photos",
    "members",
    "member_links",
    "member_sessions",
    "member_passkeys",
    "passkey_challenges",
    "member_addresses",
    "fan_messages",
    "point_entries",
    "plans",
    "plan_products",
    "plan_invites",
    "plan_members",
    "clicks",
    "attributions",
    "commission_entries",
    "payouts",
    "coupons",
    "coupon_emails",
    "coupon_uses",
    "levels",
    "promoter_levels",
    "invoice_issuer",
    "payment_rules",
    "gift_option_settings",
    "shop_settings",
    "webhook_endpoints",
    "outbox_events",
    "outbox_messages",
];

/// Rows copied per table, in [`TABLES`] order.
pub type Copied = Vec<(&'static str, i64)>;

/// Copies the SQLite file at `from` into the PostgreSQL database at `url` (migrated first; it
/// must hold no rows yet). Returns the row count of each table, equal on both sides.
pub async fn copy_to_postgres(from: &Path, url: &str) -> Result<Copied, StorageError> {
    if !from.exists() {
        return Err(StorageError::Failed(format!(
            "{} does not exist: nothing to copy",
            from.display()
        )));
    }
    // Both schemas brought up to date, so that every column exists on both sides.
    SqliteStorage::open(from).await?.close().await;
    PgStorage::open(url).await?.close().await;

    let mut source = sqlx::SqliteConnection::connect_with(
        &SqliteConnectOptions::new().filename(from).read_only(true),
    )
    .await?;
    let mut target = sqlx::PgConnection::connect_with(&PgConnectOptions::from_str(url)?).await?;
    for table in TABLES {
        let rows: i64 = sqlx::query_scalar(count_rows(table))
            .fetch_one(&mut target)
            .await?;
        if rows > 0 {
            return Err(StorageError::Failed(format!(
                "the PostgreSQL database already has rows in {table}: copy-to only fills an \
                 empty database"
            )));
        }
    }
    let mut tx = target.begin().await?;
    for table in TABLES {
        copy_table(&mut source, &mut tx, table).await?;
    }
    tx.commit().await?;

    let mut copied = Vec::new();
    for table in TABLES {
        let here: i64 = sqlx::query_scalar(count_rows(table))
            .fetch_one(&mut source)
            .await?;
        let there: i64 = sqlx::query_scalar(count_rows(table))
            .fetch_one(&mut target)
            .await?;
        if here != there {
            return Err(StorageError::Failed(format!(
                "{table}: {here} rows in SQLite but {there} in PostgreSQL"
            )));
        }
        copied.push((table, there));
    }
    Ok(copied)
}

fn count_rows(table: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"))
}

/// A PostgreSQL column's type, as the copy binds it.
enum Kind {
    Integer,
    Flag,
    Text,
    Bytes,
}

async fn copy_table(
    source: &mut sqlx::SqliteConnection,
    target: &mut sqlx::PgConnection,
    table: &'static str,
) -> Result<(), StorageError> {
    // The target's columns (PostgreSQL's identity column `gifts.rowid` fills itself, in the
    // order rows arrive: they are read in SQLite's rowid order).
    let columns: Vec<(String, Kind)> = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' \
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?
    .iter()
    .map(|r| {
        let kind = match r.try_get::<String, _>("kind")?.as_str() {
            "bigint" | "integer" => Kind::Integer,
            "boolean" => Kind::Flag,
            "bytea" => Kind::Bytes,
            _ => Kind::Text,
        };
        Ok((r.try_get("name")?, kind))
    })
    .collect::<Result<_, StorageError>>()?;
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let select = sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM {table} ORDER BY rowid",
        names.join(", ")
    ));
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let rows = sqlx::query(select).fetch_all(&mut *source).await?;
    for row in &rows {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(insert.clone()));
        for (i, (_, kind)) in columns.iter().enumerate() {
            query = match kind {
                Kind::Integer => query.bind(row.try_get::<Option<i64>, _>(i)?),
                Kind::Flag => query.bind(row.try_get::<Option<i64>, _>(i)?.map(|v| v != 0)),
                Kind::Text => query.bind(row.try_get::<Option<String>, _>(i)?),
                Kind::Bytes => query.bind(row.try_get::<Option<Vec<u8>>, _>(i)?),
            };
        }
        query.execute(&mut *target).await?;
    }
    Ok(())
}
