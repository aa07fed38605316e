//! Orders, group-committed (see `batch`): every order waiting is written in one transaction: each order's stock take is still its own
//! conditional `UPDATE … WHERE stock >= ?` (all or nothing per order, never below zero), and the
//! orders, lines and idempotency keys go in with one multi-row INSERT each. Replies are sent only
//! after the commit. Under load this turns ~7 statements per order into ~1.

use super::Pool;
use super::{Conn, Db};
use std::collections::HashMap;

use omiyage_api::OrderView;
use omiyage_core::gift::GiftRecord;
use sqlx::{QueryBuilder, Row};

use super::batch::Batch;
use super::flow_store::Tx;
use crate::storage::StorageError;
use crate::storage::{PlaceOutcome, StockTake, StoredKey};
use omiyage_flows::order::Admit;

pub(super) struct OrderJob {
    pub key: String,
    pub fingerprint: String,
    pub order: OrderView,
    pub lang: &'static str,
    pub takes: Vec<StockTake>,
    pub gift: Option<GiftRecord>,
    pub attribution: Option<crate::storage::AttributionRecord>,
    pub card: Option<crate::storage::CardRecord>,
    pub coupon: Option<crate::storage::CouponClaim>,
    pub points: omiyage_flows::points::PointsTerms,
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
    let keys_first = super::dialect::KEYS_FIRST;
    let mut known = if keys_first {
        // Keys are claimed before their orders are written (the order is checked at commit).
        sqlx::query("SET CONSTRAINTS ALL DEFERRED")
            .execute(&mut *tx)
            .await?;
        HashMap::new()
    } else {
        stored_keys(&mut tx, batch).await?
    };
    lock_held(&mut tx, batch).await?;
    let mut store = Tx::new(&mut tx);
    let mut held_others: HashMap<String, Vec<String>> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut placed: Vec<&OrderJob> = Vec::new();
    for p in batch {
        // A key seen in the database, or earlier in this batch, answers with that order. With
        // several writers, the key is stored first: a racing transaction's unique index entry
        // makes this insert wait, then answer with the order that won.
        if let Some(seen) = known.get(&p.key) {
            outcomes.push(PlaceOutcome::KeyExists(seen.clone()));
            continue;
        }
        if keys_first && let Some(seen) = claim_key(store.conn(), p).await? {
            outcomes.push(PlaceOutcome::KeyExists(seen));
            continue;
        }
        // The hold, the coupon's use and the stock (`omiyage_flows::order::admit`): an order
        // refused by any leaves the others as they were.
        let holder = held_email(p);
        let admit = Admit {
            reference: &p.order.reference,
            takes: &p.takes,
            coupon: p.coupon.as_ref(),
            holder: holder.as_deref(),
            points: p
                .points
                .member_id
                .as_deref()
                .filter(|_| p.points.spent > 0)
                .map(|m| (m, p.points.spent)),
        };
        match omiyage_flows::order::admit(&mut store, admit).await? {
            Ok(admitted) => {
                known.insert(
                    p.key.clone(),
                    StoredKey {
                        fingerprint: p.fingerprint.clone(),
                        order_token: p.order.token.clone(),
                    },
                );
                if holder.is_some() {
                    held_others.insert(p.order.token.clone(), admitted.held_others);
                }
                placed.push(p);
                outcomes.push(PlaceOutcome::Placed);
            }
            Err(refused) => {
                if keys_first {
                    sqlx::query("DELETE FROM idempotency_keys WHERE key = $1")
                        .bind(&p.key)
                        .execute(store.conn())
                        .await?;
                }
                outcomes.push(PlaceOutcome::Refused(refused));
            }
        }
    }

    if !placed.is_empty() {
        insert_orders(&mut tx, &placed, !keys_first, &mut held_others).await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// The email whose held orders count against this order: a counter order waiting for payment
/// with an email.
fn held_email(p: &OrderJob) -> Option<String> {
    let email = omiyage_core::account::normalise_email(&p.order.contact.email);
    (p.order.payment.pay_by.is_some() && !email.is_empty()).then_some(email)
}

/// With several writers, the emails of the batch's counter orders are locked (in one order,
/// so two batches never wait on each other) before their held orders are counted.
async fn lock_held(conn: &mut Conn, batch: &[OrderJob]) -> Result<(), StorageError> {
    if let Some(lock) = super::dialect::LOCK_KEY {
        let mut emails: Vec<String> = batch.iter().filter_map(held_email).collect();
        emails.sort();
        emails.dedup();
        for email in emails {
            sqlx::query(lock)
                .bind(format!("held:{email}"))
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// The keys of a batch already stored (one query; with a single writer nobody adds one meanwhile).
async fn stored_keys(
    conn: &mut Conn,
    batch: &[OrderJob],
) -> Result<HashMap<String, StoredKey>, StorageError> {
    let mut select = QueryBuilder::<Db>::new(
        "SELECT key, fingerprint, order_token FROM idempotency_keys WHERE key IN (",
    );
    let mut keys = select.separated(", ");
    for p in batch {
        keys.push_bind(p.key.clone());
    }
    keys.push_unseparated(")");
    let mut known = HashMap::new();
    for row in select.build().fetch_all(&mut *conn).await? {
        known.insert(
            row.try_get("key")?,
            StoredKey {
                fingerprint: row.try_get("fingerprint")?,
                order_token: row.try_get("order_token")?,
            },
        );
    }
    Ok(known)
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

/// Claims each order's buyer email (normalised) unless an earlier order holds it: the orders
/// that did are their buyers' first in the shop, returned by token. One statement; within it
/// the first row of an email wins, and a racing transaction's claim waits on the key.
async fn claim_buyers(
    conn: &mut Conn,
    placed: &[&OrderJob],
) -> Result<std::collections::HashSet<String>, StorageError> {
    let claims: Vec<(String, &OrderJob)> = placed
        .iter()
        .map(|p| {
            let email = omiyage_core::account::normalise_email(&p.order.contact.email);
            (email, *p)
        })
        .filter(|(email, _)| !email.is_empty())
        .collect();
    if claims.is_empty() {
        return Ok(Default::default());
    }
    let tokens: Vec<String> =
        QueryBuilder::<Db>::new("INSERT INTO buyers (email, first_order, created_at) ")
            .push_values(&claims, |mut b, (email, p)| {
                b.push_bind(email.clone())
                    .push_bind(p.order.token.clone())
                    .push_bind(p.order.created_at);
            })
            .push(" ON CONFLICT (email) DO NOTHING RETURNING first_order")
            .build_query_scalar()
            .fetch_all(&mut *conn)
            .await?;
    Ok(tokens.into_iter().collect())
}

/// Writes the placed orders, their lines (and keys, unless each was stored first), gifts and credits.
async fn insert_orders(
    conn: &mut Conn,
    placed: &[&OrderJob],
    with_keys: bool,
    held_others: &mut HashMap<String, Vec<String>>,
) -> Result<(), StorageError> {
    let mut rows = Vec::with_capacity(placed.len());
    for p in placed {
        rows.push((p, serde_json::to_string(&p.order)?));
    }
    QueryBuilder::<Db>::new(
        "INSERT INTO orders (token, reference, status, total, currency, created_at, view_json, lang, email, pay_by, delivery_date, delivery_slot, member_id, points_used, points_rate_bps) ",
    )
    .push_values(&rows, |mut b, (p, json)| {
        b.push_bind(p.order.token.clone())
            .push_bind(p.order.reference.clone())
            .push_bind(p.order.status.as_str())
            .push_bind(p.order.total.amount)
            .push_bind("JPY")
            .push_bind(p.order.created_at)
            .push_bind(json.clone())
            .push_bind(p.lang)
            .push_bind(omiyage_core::account::normalise_email(
                &p.order.contact.email,
            ))
            .push_bind(p.order.payment.pay_by);
        let (date, slot) = super::flow_store::gift_rows::delivery_columns(p.order.delivery.as_ref());
        b.push_bind(date.to_string())
            .push_bind(slot)
            .push_bind(p.points.member_id.clone())
            .push_bind(p.points.spent)
            .push_bind(i64::from(p.points.rate_bps));
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
        "INSERT INTO order_lines (order_token, position, product_id, variant_id, unit_price, quantity, discount) ",
    )
    .push_values(lines, |mut b, (token, i, line)| {
        b.push_bind(token.clone())
            .push_bind(i as i64)
            .push_bind(line.product_id.clone())
            .push_bind(line.variant_id.clone())
            .push_bind(line.unit_price.amount)
            .push_bind(i64::from(line.quantity))
            .push_bind(line.discount);
    })
    .build()
    .execute(&mut *conn)
    .await?;

    if with_keys {
        QueryBuilder::<Db>::new(
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
    }
    for p in placed {
        super::gift_options::insert_order_options(conn, &p.order.token, &p.order.options).await?;
        super::flow_store::point_rows::record_spend(conn, &p.order, &p.points).await?;
    }
    for gift in placed.iter().filter_map(|p| p.gift.as_ref()) {
        super::flow_store::gift_rows::insert(conn, gift).await?;
    }
    for p in placed {
        if let Some(card) = &p.card {
            // Paid at checkout (no 3-D Secure): the intent that paid it is the one written.
            let paid = p.order.status == omiyage_api::OrderStatus::Paid;
            sqlx::query(
                "INSERT INTO card_payments (order_token, intent_id, amount, created_at, paid_intent) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&p.order.token)
            .bind(&card.intent_id)
            .bind(card.amount)
            .bind(p.order.created_at)
            .bind(card.intent_id.as_ref().filter(|_| paid))
            .execute(&mut *conn)
            .await?;
            if let Some(intent) = &card.intent_id {
                super::payments::record_intent(
                    conn,
                    &p.order.token,
                    intent,
                    card.amount,
                    p.order.created_at,
                    paid,
                )
                .await?;
            }
        }
    }
    for p in placed {
        if let Some(claim) = &p.coupon {
            super::coupons::record_use(conn, &p.order.token, claim, p.order.created_at).await?;
        }
    }
    let first_orders = claim_buyers(conn, placed).await?;
    for p in placed {
        if let Some(credit) = &p.attribution {
            let credit = credit.earned(first_orders.contains(&p.order.token));
            super::promotions::insert_attribution(conn, &credit).await?;
        }
    }
    for p in placed {
        let placed = crate::events::Event::OrderPlaced {
            order: Box::new(p.order.clone()),
            lang: p.lang.to_string(),
            held_others: held_others.remove(&p.order.token).unwrap_or_default(),
        };
        super::outbox::record(conn, &placed, p.order.created_at).await?;
    }
    Ok(())
}
