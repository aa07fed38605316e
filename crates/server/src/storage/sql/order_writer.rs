//! Orders, group-committed (see `batch`): every order waiting is written in one transaction: each order's stock take is still its own
//! conditional `UPDATE … WHERE stock >= ?` (all or nothing per order, never below zero), and the
//! orders, lines and idempotency keys go in with one multi-row INSERT each. Replies are sent only
//! after the commit. Under load this turns ~7 statements per order into ~1.

use super::Pool;
use super::{Conn, Db};
use omiyage_api::OrderView;
use omiyage_core::gift::GiftRecord;
use sqlx::{QueryBuilder, Row};

use super::batch::Batch;
use crate::storage::StorageError;
use crate::storage::{PlaceOutcome, StockTake, StoredKey};

pub(super) struct OrderJob {
    pub key: String,
    pub fingerprint: String,
    pub order: OrderView,
    pub takes: Vec<StockTake>,
    pub gift: Option<GiftRecord>,
    pub attribution: Option<crate::storage::AttributionRecord>,
}

pub(super) struct Orders;

impl Batch for Orders {
    type Job = OrderJob;
    type Outcome = PlaceOutcome;

    async fn write(pool: &Pool, jobs: &[OrderJob]) -> Result<Vec<PlaceOutcome>, StorageError> {
        write_batch(pool, jobs).await
    }

    fn changed_catalog(outcome: &PlaceOutcome) -> bool {
        *outcome == PlaceOutcome::Placed
    }
}

async fn write_batch(pool: &Pool, batch: &[OrderJob]) -> Result<Vec<PlaceOutcome>, StorageError> {
    let mut tx = pool.begin_with(super::dialect::BEGIN_WRITE).await?;
    // Keys are claimed before their orders are written (the order is checked at commit).
    sqlx::query(super::dialect::DEFER_FOREIGN_KEYS)
        .execute(&mut *tx)
        .await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut placed: Vec<&OrderJob> = Vec::new();
    for p in batch {
        // A key already stored (by an earlier job of this batch, or by any instance: its unique
        // index makes this insert wait for a racing transaction) answers with that order.
        if let Some(seen) = claim_key(&mut tx, p).await? {
            outcomes.push(PlaceOutcome::KeyExists(seen));
            continue;
        }
        match take_stock(&mut tx, &p.takes).await? {
            None => {
                placed.push(p);
                outcomes.push(PlaceOutcome::Placed);
            }
            Some(short) => {
                sqlx::query("DELETE FROM idempotency_keys WHERE key = $1")
                    .bind(&p.key)
                    .execute(&mut *tx)
                    .await?;
                outcomes.push(short);
            }
        }
    }

    if !placed.is_empty() {
        insert_orders(&mut tx, &placed).await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// Stores the job's idempotency key for its order; `Some` with the stored key when the key is
/// taken already.
async fn claim_key(conn: &mut Conn, p: &OrderJob) -> Result<Option<StoredKey>, StorageError> {
    let done = sqlx::query(
        "INSERT INTO idempotency_keys (key, fingerprint, order_token, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&p.key)
    .bind(&p.fingerprint)
    .bind(&p.order.token)
    .bind(p.order.created_at)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(None);
    }
    let row = sqlx::query("SELECT fingerprint, order_token FROM idempotency_keys WHERE key = $1")
        .bind(&p.key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(StoredKey {
        fingerprint: row.try_get("fingerprint")?,
        order_token: row.try_get("order_token")?,
    }))
}

/// Takes every line's units, or none: on a short line the lines already taken are put back.
pub(super) async fn take_stock(
    conn: &mut Conn,
    takes: &[StockTake],
) -> Result<Option<PlaceOutcome>, StorageError> {
    // Variants are taken in one order (by id), so two transactions taking the same variants
    // never wait for each other crosswise.
    let mut takes = takes.to_vec();
    takes.sort_by(|a, b| a.variant_id.cmp(&b.variant_id));
    for (i, take) in takes.iter().enumerate() {
        let done =
            sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                .bind(i64::from(take.quantity))
                .bind(&take.variant_id)
                .execute(&mut *conn)
                .await?;
        if done.rows_affected() == 1 {
            continue;
        }
        for taken in &takes[..i] {
            sqlx::query("UPDATE variants SET stock = stock + $1 WHERE id = $2")
                .bind(i64::from(taken.quantity))
                .bind(&taken.variant_id)
                .execute(&mut *conn)
                .await?;
        }
        let available: Option<i64> = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
            .bind(&take.variant_id)
            .fetch_optional(&mut *conn)
            .await?;
        return Ok(Some(PlaceOutcome::OutOfStock {
            variant_id: take.variant_id.clone(),
            available: available.and_then(|a| u32::try_from(a).ok()).unwrap_or(0),
        }));
    }
    Ok(None)
}

async fn insert_orders(conn: &mut Conn, placed: &[&OrderJob]) -> Result<(), StorageError> {
    let mut rows = Vec::with_capacity(placed.len());
    for p in placed {
        rows.push((p, serde_json::to_string(&p.order)?));
    }
    QueryBuilder::<Db>::new(
        "INSERT INTO orders (token, reference, status, total, currency, created_at, view_json) ",
    )
    .push_values(&rows, |mut b, (p, json)| {
        b.push_bind(p.order.token.clone())
            .push_bind(p.order.reference.clone())
            .push_bind(p.order.status.as_str())
            .push_bind(p.order.total.amount)
            .push_bind("JPY")
            .push_bind(p.order.created_at)
            .push_bind(json.clone());
    })
    .build()
    .execute(&mut *conn)
    .await?;

    let lines = placed.iter().flat_map(|p| {
        p.order
            .lines
            .iter()
            .enumerate()
            .map(move |(i, l)| (&p.order.token, i, l))
    });
    QueryBuilder::<Db>::new(
        "INSERT INTO order_lines (order_token, position, product_id, variant_id, unit_price, quantity) ",
    )
    .push_values(lines, |mut b, (token, i, line)| {
        b.push_bind(token.clone())
            .push_bind(i as i64)
            .push_bind(line.product_id.clone())
            .push_bind(line.variant_id.clone())
            .push_bind(line.unit_price.amount)
            .push_bind(i64::from(line.quantity));
    })
    .build()
    .execute(&mut *conn)
    .await?;

    for gift in placed.iter().filter_map(|p| p.gift.as_ref()) {
        super::gifts::insert(conn, gift).await?;
    }
    for credit in placed.iter().filter_map(|p| p.attribution.as_ref()) {
        super::promotions::insert_attribution(conn, credit).await?;
    }
    Ok(())
}
