//! A gift's rows: written with its order, and read back as the flows see it.

use omiyage_api::{DeliveryChoice, GiftOptions, GiftUnit, Money, RefundReason, Slot, UnitState};
use omiyage_core::gift::GiftRecord;
use sqlx::Row;

use super::super::Conn;
use crate::storage::StorageError;

const GIFT_SELECT: &str = "SELECT g.token, g.order_token, g.sender_name, g.greeting, g.allow_variant_choice, \
     g.product_id, g.variant_id, g.unit_price, g.expires_at, g.cancelled, g.opened_at, g.delivery_date AS fixed_date, \
     g.opens_at, g.recipient_email, g.told_at, g.return_for, \
     u.idx, u.state, u.refund_reason, u.claimed_at, u.shipped_at, u.refunded_at, u.delivery_date, u.delivery_slot \
     FROM gifts g JOIN gift_units u ON u.gift_token = g.token";

pub(crate) fn parse_state(s: &str) -> UnitState {
    UnitState::try_from(s.to_string()).unwrap_or(UnitState::Unclaimed)
}

/// A delivery choice as its two columns, `delivery_date` and `delivery_slot` (empty: no
/// preference).
pub(crate) fn delivery_columns(d: Option<&DeliveryChoice>) -> (&str, &'static str) {
    (
        d.map_or("", |d| d.date.as_str()),
        d.and_then(|d| d.slot).map_or("", Slot::as_str),
    )
}

/// The delivery choice two columns hold.
pub(crate) fn delivery_of(date: String, slot: &str) -> Option<DeliveryChoice> {
    let slot = Slot::try_from(slot.to_string()).ok();
    (!date.is_empty() || slot.is_some()).then_some(DeliveryChoice { date, slot })
}

/// Writes a new gift and its units (inside the order's transaction).
pub(crate) async fn insert(conn: &mut Conn, g: &GiftRecord) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO gifts (token, order_token, sender_name, greeting, allow_variant_choice, product_id, \
         variant_id, unit_price, expires_at, delivery_date, opens_at, recipient_email, return_for) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&g.token)
    .bind(&g.order_token)
    .bind(&g.options.sender_name)
    .bind(&g.options.greeting)
    .bind(g.options.allow_variant_choice)
    .bind(&g.product_id)
    .bind(&g.variant_id)
    .bind(g.unit_price.amount)
    .bind(g.expires_at)
    .bind(&g.options.delivery_date)
    .bind(g.options.opens_at)
    .bind(omiyage_core::account::normalise_email(&g.options.recipient_email))
    .bind(&g.options.return_for)
    .execute(&mut *conn)
    .await?;
    for u in &g.units {
        sqlx::query("INSERT INTO gift_units (gift_token, idx, state) VALUES ($1, $2, 'unclaimed')")
            .bind(&g.token)
            .bind(i64::from(u.index))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A gift and its units, in one query. `lock`: the caller's write transaction is about to
/// change the gift, so its rows are locked until the commit (another instance deciding about
/// the same gift waits, then reads the result).
pub(crate) async fn load(
    conn: &mut Conn,
    by_order: bool,
    token: &str,
    lock: bool,
) -> Result<Option<GiftRecord>, StorageError> {
    let column = if by_order { "g.order_token" } else { "g.token" };
    let lock = if lock {
        super::super::dialect::FOR_UPDATE
    } else {
        ""
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "{GIFT_SELECT} WHERE {column} = $1 ORDER BY u.idx{lock}"
    ));
    let rows = sqlx::query(sql).bind(token).fetch_all(&mut *conn).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let units = rows
        .iter()
        .map(|u| {
            Ok(GiftUnit {
                index: u32::try_from(u.try_get::<i64, _>("idx")?).unwrap_or(0),
                state: parse_state(u.try_get("state")?),
                refund_reason: u
                    .try_get::<Option<String>, _>("refund_reason")?
                    .and_then(|r| RefundReason::try_from(r).ok()),
                claimed_at: u.try_get("claimed_at")?,
                shipped_at: u.try_get("shipped_at")?,
                refunded_at: u.try_get("refunded_at")?,
                delivery: delivery_of(u.try_get("delivery_date")?, u.try_get("delivery_slot")?),
                delivery_text: String::new(),
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    let record = GiftRecord {
        token: row.try_get("token")?,
        order_token: row.try_get("order_token")?,
        options: GiftOptions {
            sender_name: row.try_get("sender_name")?,
            greeting: row.try_get("greeting")?,
            allow_variant_choice: row.try_get("allow_variant_choice")?,
            delivery_date: row.try_get("fixed_date")?,
            opens_at: row.try_get("opens_at")?,
            recipient_email: row.try_get("recipient_email")?,
            return_for: row.try_get("return_for")?,
        },
        product_id: row.try_get("product_id")?,
        variant_id: row.try_get("variant_id")?,
        unit_price: Money::jpy(row.try_get("unit_price")?),
        expires_at: row.try_get("expires_at")?,
        cancelled: row.try_get("cancelled")?,
        opened_at: row.try_get("opened_at")?,
        units,
        told_at: row.try_get("told_at")?,
    };
    Ok(Some(record))
}
