//! A counter batch's rows (`omiyage_flows::batch::create`): one paid order and one
//! single-unit gift per code, with its short code, written in the transaction that took the
//! stock, and the `batch.created` event.

use omiyage_api::OrderView;

use super::super::Conn;
use crate::storage::{NewBatch, StorageError};

async fn insert_order(conn: &mut Conn, order: &OrderView) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO orders (token, reference, status, total, currency, created_at, view_json) \
         VALUES ($1, $2, $3, $4, 'JPY', $5, $6)",
    )
    .bind(&order.token)
    .bind(&order.reference)
    .bind(order.status.as_str())
    .bind(order.total.amount)
    .bind(order.created_at)
    .bind(serde_json::to_string(order)?)
    .execute(&mut *conn)
    .await?;
    for (i, line) in order.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_token, position, product_id, variant_id, unit_price, quantity) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&order.token)
        .bind(i as i64)
        .bind(&line.product_id)
        .bind(&line.variant_id)
        .bind(line.unit_price.amount)
        .bind(i64::from(line.quantity))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Writes a batch whose stock is taken (`omiyage_flows::batch::create`), and tells of it.
pub(crate) async fn write(conn: &mut Conn, batch: &NewBatch, now: i64) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO batches (id, shop_id, product_id, variant_id, allow_variant_choice, greeting, count, \
         expires_at, expires_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&batch.id)
    .bind(&batch.shop_id)
    .bind(&batch.valid.product_id)
    .bind(&batch.valid.variant_id)
    .bind(batch.valid.allow_variant_choice)
    .bind(&batch.valid.greeting)
    .bind(batch.codes.len() as i64)
    .bind(batch.valid.expires_at)
    .bind(&batch.valid.expires_on)
    .bind(&batch.created_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for (order, gift, code) in &batch.codes {
        insert_order(conn, order).await?;
        super::gift_rows::insert(conn, gift).await?;
        sqlx::query("UPDATE gifts SET batch_id = $1, short_code = $2 WHERE token = $3")
            .bind(&batch.id)
            .bind(code)
            .bind(&gift.token)
            .execute(&mut *conn)
            .await?;
    }
    let created = crate::events::Event::BatchCreated {
        batch_id: batch.id.clone(),
        shop_id: batch.shop_id.clone(),
        product_id: batch.valid.product_id.clone(),
        variant_id: batch.valid.variant_id.clone(),
        codes: batch.codes.len() as u32,
        created_by: batch.created_by.clone(),
    };
    super::super::outbox::record(conn, &created, now).await
}
