//! The shop's settings kept as one JSON document per key in `shop_settings` (`delivery`); a
//! key never saved reads as its defaults.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Conn;
use crate::storage::StorageError;

/// The delivery rules' key.
pub(super) const DELIVERY: &str = "delivery";

pub(super) async fn load<T: DeserializeOwned>(
    conn: &mut Conn,
    key: &str,
    default: impl FnOnce() -> T,
) -> Result<T, StorageError> {
    let json: Option<String> = sqlx::query_scalar("SELECT json FROM shop_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match json {
        Some(json) => serde_json::from_str(&json)?,
        None => default(),
    })
}

pub(super) async fn save<T: Serialize>(
    conn: &mut Conn,
    key: &str,
    value: &T,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO shop_settings (key, json, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET json = $2, updated_at = $3",
    )
    .bind(key)
    .bind(serde_json::to_string(value)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
