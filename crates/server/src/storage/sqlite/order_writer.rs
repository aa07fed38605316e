//! Group commit for orders. Checkouts queue here; one task takes every order waiting (up to
//! [`MAX_BATCH`]) and writes them in one transaction: each order's stock take is still its own
//! conditional `UPDATE … WHERE stock >= ?` (all or nothing per order, never below zero), and the
//! orders, lines and idempotency keys go in with one multi-row INSERT each. Replies are sent only
//! after the commit. Under load this turns ~7 statements per order into ~1.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use omiyage_api::OrderView;
use omiyage_core::gift::GiftRecord;
use sqlx::sqlite::SqlitePool;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use super::status_name;
use crate::AppError;
use crate::storage::{PlaceOutcome, StockTake, StoredKey};

/// Most orders in one transaction (keeps every multi-row INSERT far below SQLite's 32,766
/// bound parameters: 64 orders × 50 lines × 6 values).
const MAX_BATCH: usize = 64;

struct Pending {
    key: String,
    fingerprint: String,
    order: OrderView,
    takes: Vec<StockTake>,
    gift: Option<GiftRecord>,
    reply: oneshot::Sender<Result<PlaceOutcome, String>>,
}

pub(super) struct OrderWriter {
    queue: mpsc::Sender<Pending>,
}

impl OrderWriter {
    /// Starts the writer task on `pool` (the single-connection writer pool).
    pub(super) fn spawn(pool: SqlitePool, catalog_version: Arc<AtomicU64>) -> Self {
        let (queue, rx) = mpsc::channel(4 * 1024);
        tokio::spawn(run(pool, rx, catalog_version));
        OrderWriter { queue }
    }

    pub(super) async fn place(
        &self,
        key: String,
        fingerprint: String,
        order: OrderView,
        takes: Vec<StockTake>,
        gift: Option<GiftRecord>,
    ) -> Result<PlaceOutcome, AppError> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            key,
            fingerprint,
            order,
            takes,
            gift,
            reply,
        };
        self.queue
            .send(pending)
            .await
            .map_err(|_| AppError::Storage("the order writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Storage("the order writer dropped a reply".into()))?
            .map_err(AppError::Storage)
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Pending>, catalog_version: Arc<AtomicU64>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        match write_batch(&pool, &batch).await {
            Ok(outcomes) => {
                if outcomes.contains(&PlaceOutcome::Placed) {
                    catalog_version.fetch_add(1, Ordering::Release);
                }
                for (pending, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = pending.reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, orders = batch.len(), "order batch failed; rolled back");
                for pending in batch {
                    let _ = pending.reply.send(Err(e.to_string()));
                }
            }
        }
    }
}

async fn write_batch(pool: &SqlitePool, batch: &[Pending]) -> Result<Vec<PlaceOutcome>, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;

    let mut known: HashMap<String, StoredKey> = HashMap::new();
    let mut select = QueryBuilder::<Sqlite>::new(
        "SELECT key, fingerprint, order_token FROM idempotency_keys WHERE key IN (",
    );
    let mut keys = select.separated(", ");
    for p in batch {
        keys.push_bind(p.key.clone());
    }
    keys.push_unseparated(")");
    for row in select.build().fetch_all(&mut *tx).await? {
        known.insert(
            row.try_get("key")?,
            StoredKey {
                fingerprint: row.try_get("fingerprint")?,
                order_token: row.try_get("order_token")?,
            },
        );
    }

    let mut outcomes = Vec::with_capacity(batch.len());
    let mut placed: Vec<&Pending> = Vec::new();
    for p in batch {
        // A key seen in the database, or earlier in this batch, answers with that order.
        if let Some(seen) = known.get(&p.key) {
            outcomes.push(PlaceOutcome::KeyExists(seen.clone()));
            continue;
        }
        match take_stock(&mut tx, &p.takes).await? {
            None => {
                known.insert(
                    p.key.clone(),
                    StoredKey {
                        fingerprint: p.fingerprint.clone(),
                        order_token: p.order.token.clone(),
                    },
                );
                placed.push(p);
                outcomes.push(PlaceOutcome::Placed);
            }
            Some(short) => outcomes.push(short),
        }
    }

    if !placed.is_empty() {
        insert_orders(&mut tx, &placed).await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// Takes every line's units, or none: on a short line the lines already taken are put back.
async fn take_stock(
    conn: &mut SqliteConnection,
    takes: &[StockTake],
) -> Result<Option<PlaceOutcome>, AppError> {
    for (i, take) in takes.iter().enumerate() {
        let done =
            sqlx::query("UPDATE variants SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1")
                .bind(i64::from(take.quantity))
                .bind(&take.variant_id)
                .execute(&mut *conn)
                .await?;
        if done.rows_affected() == 1 {
            continue;
        }
        for taken in &takes[..i] {
            sqlx::query("UPDATE variants SET stock = stock + ? WHERE id = ?")
                .bind(i64::from(taken.quantity))
                .bind(&taken.variant_id)
                .execute(&mut *conn)
                .await?;
        }
        let available: Option<i64> = sqlx::query_scalar("SELECT stock FROM variants WHERE id = ?")
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

async fn insert_orders(conn: &mut SqliteConnection, placed: &[&Pending]) -> Result<(), AppError> {
    let mut rows = Vec::with_capacity(placed.len());
    for p in placed {
        rows.push((p, serde_json::to_string(&p.order)?));
    }
    QueryBuilder::<Sqlite>::new(
        "INSERT INTO orders (token, reference, status, total, currency, created_at, view_json) ",
    )
    .push_values(&rows, |mut b, (p, json)| {
        b.push_bind(p.order.token.clone())
            .push_bind(p.order.reference.clone())
            .push_bind(status_name(p.order.status))
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
    QueryBuilder::<Sqlite>::new(
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

    QueryBuilder::<Sqlite>::new(
        "INSERT INTO idempotency_keys (key, fingerprint, order_token, created_at) ",
    )
    .push_values(placed, |mut b, p| {
        b.push_bind(p.key.clone())
            .push_bind(p.fingerprint.clone())
            .push_bind(p.order.token.clone())
            .push_bind(p.order.created_at);
    })
    .build()
    .execute(&mut *conn)
    .await?;
    for gift in placed.iter().filter_map(|p| p.gift.as_ref()) {
        super::gifts::insert(conn, gift).await?;
    }
    Ok(())
}
