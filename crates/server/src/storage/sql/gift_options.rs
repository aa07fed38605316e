//! Gift options: the shop's settings (one row of JSON), what each product offers, and the
//! options an order bought (for a gift unit's refund).

use omiyage_api::{GiftOptionSettings, OptionLine, ProductGiftOptions};
use sqlx::QueryBuilder;

use super::{Conn, Db};
use crate::storage::StorageError;

pub(super) async fn save_settings(
    conn: &mut Conn,
    settings: &GiftOptionSettings,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO gift_option_settings (id, settings_json, updated_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET settings_json = $1, updated_at = $2",
    )
    .bind(serde_json::to_string(settings)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn load_settings(conn: &mut Conn) -> Result<GiftOptionSettings, StorageError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT settings_json FROM gift_option_settings WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match json {
        Some(json) => serde_json::from_str(&json)?,
        None => omiyage_core::gift_options::default_settings(),
    })
}

pub(super) async fn product_options(
    conn: &mut Conn,
    product_id: &str,
) -> Result<Option<ProductGiftOptions>, StorageError> {
    let flags: Option<String> =
        sqlx::query_scalar("SELECT gift_options FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(flags.map(|f| omiyage_core::gift_options::parse_flags(&f)))
}

/// Writes the options an order bought, in the order's transaction.
pub(super) async fn insert_order_options(
    conn: &mut Conn,
    order_token: &str,
    options: &[OptionLine],
) -> Result<(), StorageError> {
    if options.is_empty() {
        return Ok(());
    }
    QueryBuilder::<Db>::new(
        "INSERT INTO order_options (order_token, position, line, kind, unit_price, quantity, tax_class) ",
    )
    .push_values(options.iter().enumerate(), |mut b, (i, o)| {
        b.push_bind(order_token.to_string())
            .push_bind(i as i64)
            .push_bind(i64::from(o.line))
            .push_bind(o.kind.as_str())
            .push_bind(o.unit_price.amount)
            .push_bind(i64::from(o.quantity))
            .push_bind(o.tax_class.as_str());
    })
    .build()
    .execute(&mut *conn)
    .await?;
    Ok(())
}
