//! Gifts on SQLite. Every change runs in one write transaction: load the gift, apply the rule
//! from `omiyage_core::gift`, write back only the units that changed with a conditional
//! `UPDATE … WHERE state = <state it was read in>`, and move stock (refunds put the held unit
//! back; a variant swap takes one of the chosen variant, never below zero).

use omiyage_api::{
    ApiError, ClaimConfirmation, ErrorCode, GiftOptions, GiftUnit, GiftView, Money, OrderStatus,
    RefundReason, SenderGift, UnitState,
};
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift::{self, GiftRecord};
use omiyage_core::lifecycle;
use omiyage_core::stock;
use std::collections::HashMap;

use super::Conn;
use omiyage_api::Product;
use sqlx::Row;

use super::{Store, load_product};
use crate::outbox::event::{Event, RecipientNote, ShippingTo};
use crate::storage::GiftStorage;
use crate::storage::StorageError;

fn parse_state(s: &str) -> UnitState {
    UnitState::try_from(s.to_string()).unwrap_or(UnitState::Unclaimed)
}

/// Writes a new gift and its units (inside the order's transaction).
pub(super) async fn insert(conn: &mut Conn, g: &GiftRecord) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO gifts (token, order_token, sender_name, greeting, allow_variant_choice, product_id, \
         variant_id, unit_price, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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

const GIFT_SELECT: &str = "SELECT g.token, g.order_token, g.sender_name, g.greeting, g.allow_variant_choice, \
     g.product_id, g.variant_id, g.unit_price, g.expires_at, g.cancelled, g.opened_at, \
     u.idx, u.state, u.refund_reason, u.claimed_at, u.shipped_at, u.refunded_at, u.claim_key \
     FROM gifts g JOIN gift_units u ON u.gift_token = g.token";

/// A gift and its units, in one query (to read, not to change).
async fn load(
    conn: &mut Conn,
    by_order: bool,
    token: &str,
) -> Result<Option<GiftRecord>, StorageError> {
    Ok(load_with_keys(conn, by_order, token, false)
        .await?
        .map(|(g, _)| g))
}

/// A gift, its units and each unit's claim idempotency key (if claimed through one).
/// `lock`: the caller's write transaction is about to change the gift, so its rows are locked
/// until the commit (another instance deciding about the same gift waits, then reads the result).
async fn load_with_keys(
    conn: &mut Conn,
    by_order: bool,
    token: &str,
    lock: bool,
) -> Result<Option<(GiftRecord, Vec<Option<String>>)>, StorageError> {
    let column = if by_order { "g.order_token" } else { "g.token" };
    let lock = if lock { super::dialect::FOR_UPDATE } else { "" };
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
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    let keys = rows
        .iter()
        .map(|u| u.try_get("claim_key"))
        .collect::<Result<Vec<Option<String>>, _>>()?;
    let record = GiftRecord {
        token: row.try_get("token")?,
        order_token: row.try_get("order_token")?,
        options: GiftOptions {
            sender_name: row.try_get("sender_name")?,
            greeting: row.try_get("greeting")?,
            allow_variant_choice: row.try_get("allow_variant_choice")?,
        },
        product_id: row.try_get("product_id")?,
        variant_id: row.try_get("variant_id")?,
        unit_price: Money::jpy(row.try_get("unit_price")?),
        expires_at: row.try_get("expires_at")?,
        cancelled: row.try_get("cancelled")?,
        opened_at: row.try_get("opened_at")?,
        units,
    };
    Ok(Some((record, keys)))
}

/// Writes the units that changed; each update only applies to the state it was read in.
async fn save_units(
    conn: &mut Conn,
    token: &str,
    before: &[GiftUnit],
    after: &[GiftUnit],
) -> Result<(), StorageError> {
    for (b, a) in before.iter().zip(after).filter(|(b, a)| b != a) {
        let done = sqlx::query(
            "UPDATE gift_units SET state = $1, refund_reason = $2, claimed_at = $3, shipped_at = $4, refunded_at = $5 \
             WHERE gift_token = $6 AND idx = $7 AND state = $8",
        )
        .bind(a.state.as_str())
        .bind(a.refund_reason.map(RefundReason::as_str))
        .bind(a.claimed_at)
        .bind(a.shipped_at)
        .bind(a.refunded_at)
        .bind(token)
        .bind(i64::from(a.index))
        .bind(b.state.as_str())
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Failed(format!(
                "gift unit {token}/{} changed under us",
                a.index
            )));
        }
    }
    Ok(())
}

async fn restock(conn: &mut Conn, variant_id: &str, units: usize) -> Result<(), StorageError> {
    if units > 0 {
        sqlx::query("UPDATE variants SET stock = stock + $1 WHERE id = $2")
            .bind(units as i64)
            .bind(variant_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn refunded_units(before: &[GiftUnit], after: &[GiftUnit]) -> usize {
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| b.state != UnitState::Refunded && a.state == UnitState::Refunded)
        .count()
}

/// Saves a rule's changes and puts refunded units' stock back.
async fn commit_units(
    conn: &mut Conn,
    g: &GiftRecord,
    after: &[GiftUnit],
) -> Result<bool, StorageError> {
    save_units(conn, &g.token, &g.units, after).await?;
    let refunded = refunded_units(&g.units, after);
    restock(conn, &g.variant_id, refunded).await?;
    if refunded > 0 {
        record_refund(conn, g, after).await?;
    }
    Ok(refunded > 0)
}

/// Tells the sender which units were refunded now, why, and how much.
async fn record_refund(
    conn: &mut Conn,
    g: &GiftRecord,
    after: &[GiftUnit],
) -> Result<(), StorageError> {
    let now_refunded: Vec<&GiftUnit> = g
        .units
        .iter()
        .zip(after)
        .filter(|(b, a)| b.state != UnitState::Refunded && a.state == UnitState::Refunded)
        .map(|(_, a)| a)
        .collect();
    let Some(first) = now_refunded.first() else {
        return Ok(());
    };
    let Some(order) = super::outbox::order_party(conn, &g.order_token).await? else {
        return Ok(());
    };
    let refunded = Event::GiftRefunded {
        order,
        reason: first.refund_reason.unwrap_or(RefundReason::Expired),
        units: now_refunded.iter().map(|u| u.index).collect(),
        refund: Money::jpy(g.unit_price.amount * now_refunded.len() as i64),
    };
    let at = first.refunded_at.unwrap_or(g.expires_at);
    super::outbox::record(conn, &refunded, at).await
}

/// Loads a gift in a write transaction and settles its claim window (refunds what expired).
/// Returns the gift and whether anything was refunded.
async fn settled(
    tx: &mut Conn,
    by_order: bool,
    token: &str,
    now: i64,
) -> Result<Option<(GiftRecord, bool)>, StorageError> {
    let Some((g, _)) = load_with_keys(tx, by_order, token, true).await? else {
        return Ok(None);
    };
    Ok(Some(settle(tx, g, now).await?))
}

/// Settles a loaded gift's claim window; returns it and whether anything was refunded.
async fn settle(
    tx: &mut Conn,
    mut g: GiftRecord,
    now: i64,
) -> Result<(GiftRecord, bool), StorageError> {
    if !lifecycle::may_expire(order_status(tx, &g.order_token).await?) {
        return Ok((g, false));
    }
    let mut units = g.units.clone();
    let expired = !gift::expire(&mut units, g.window(), now).is_empty();
    if expired {
        commit_units(tx, &g, &units).await?;
        g.units = units;
    }
    Ok((g, expired))
}

/// The state of the order that bought a gift.
async fn order_status(conn: &mut Conn, order_token: &str) -> Result<OrderStatus, StorageError> {
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE token = $1")
        .bind(order_token)
        .fetch_one(&mut *conn)
        .await?;
    OrderStatus::try_from(status).map_err(StorageError::Failed)
}

/// Closes the gift of an unpaid order being cancelled (in its transaction): its units still
/// unclaimed go back to stock (a refunded unit returned its own), and it can no longer be
/// claimed. `false` when the order is no gift.
pub(super) async fn close_unpaid(
    tx: &mut Conn,
    order_token: &str,
    _now: i64,
) -> Result<bool, StorageError> {
    let Some((g, _)) = load_with_keys(tx, true, order_token, true).await? else {
        return Ok(false);
    };
    restock(tx, &g.variant_id, lifecycle::units_back_on_cancel(&g.units)).await?;
    sqlx::query("UPDATE gifts SET cancelled = TRUE WHERE token = $1")
        .bind(&g.token)
        .execute(&mut *tx)
        .await?;
    Ok(true)
}

fn unknown_gift() -> ApiError {
    // One answer for every unknown or malformed token: nothing tells whether a token exists.
    ApiError::not_found("This gift link")
}

/// One claim's answer, and whether it moved stock (refunds or a variant swap).
pub(super) struct ClaimOutcome {
    pub answer: Result<ClaimConfirmation, ApiError>,
    pub stock_changed: bool,
}

/// Products read by one batch of claims, so claims of the same product read it once. An entry
/// is dropped when a claim moves that product's stock (a refund or a variant swap).
pub(super) type ProductCache = HashMap<String, Product>;

async fn cached_product(
    tx: &mut Conn,
    products: &mut ProductCache,
    id: &str,
) -> Result<Option<Product>, StorageError> {
    if let Some(p) = products.get(id) {
        return Ok(Some(p.clone()));
    }
    let product = load_product(tx, id).await?;
    if let Some(p) = &product {
        products.insert(id.to_string(), p.clone());
    }
    Ok(product)
}

/// Claims one unit inside the caller's write transaction. Refusals (409, 410, 422…) happen
/// before this claim writes anything, so they never undo the other claims of a batch; only
/// refunds of an expired gift are written and kept.
pub(super) async fn claim_in(
    tx: &mut Conn,
    products: &mut ProductCache,
    job: &super::claim_writer::ClaimJob,
) -> Result<ClaimOutcome, StorageError> {
    let (token, key, fingerprint) = (&job.token, &job.key, &job.fingerprint);
    let (claim, now) = (&job.claim, job.now);
    let refuse = |e: ApiError, stock_changed: bool| {
        Ok(ClaimOutcome {
            answer: Err(e),
            stock_changed,
        })
    };
    let Some((g, keys)) = load_with_keys(tx, false, token, true).await? else {
        return refuse(unknown_gift(), false);
    };
    // A retry of a claim that already won: the first answer again (or 422 for another body).
    if let Some(idx) = keys.iter().position(|k| k.as_deref() == Some(key)) {
        return replay(tx, products, g, idx, fingerprint).await;
    }
    // Only a paid order's units are claimed (a counter order's once staff confirm it).
    if let Err(e) = lifecycle::may_claim(order_status(tx, &g.order_token).await?) {
        return refuse(e, false);
    }
    let (g, expired) = settle(tx, g, now).await?;
    if expired {
        products.remove(&g.product_id);
        return refuse(gift::closed_error(omiyage_api::GiftState::Expired), true);
    }
    let Some(product) = cached_product(tx, products, &g.product_id).await? else {
        return refuse(unknown_gift(), false);
    };
    let decision = match gift::decide_claim(&g, &product, claim.variant_id.as_deref(), now) {
        Ok(d) => d,
        Err(e) => return refuse(e, false),
    };
    let (unit, chosen) = (decision.unit, decision.variant);
    let swapped = decision.swap;
    if swapped {
        products.remove(&g.product_id);
        let took =
            sqlx::query("UPDATE variants SET stock = stock - 1 WHERE id = $1 AND stock >= 1")
                .bind(&chosen.id)
                .execute(&mut *tx)
                .await?;
        if took.rows_affected() != 1 {
            let message = stock::out_of_stock_message(&product.name, &chosen.name, 0);
            return refuse(ApiError::new(ErrorCode::OutOfStock, message), false);
        }
        restock(tx, &g.variant_id, 1).await?;
    }
    // The claimed unit and who claimed it, in one conditional update.
    let done = sqlx::query(
        "UPDATE gift_units SET state = 'claimed', claimed_at = $1, shipped_variant = $2, recipient_name = $3, \
         recipient_phone = $4, recipient_address = $5, claim_key = $6, claim_fingerprint = $7, \
         recipient_email = $10, recipient_lang = $11 \
         WHERE gift_token = $8 AND idx = $9 AND state = 'unclaimed'",
    )
    .bind(now)
    .bind(&chosen.id)
    .bind(&claim.name)
    .bind(&claim.phone)
    .bind(serde_json::to_string(&claim.address)?)
    .bind(key)
    .bind(fingerprint)
    .bind(&g.token)
    .bind(unit as i64)
    .bind(omiyage_core::account::normalise_email(&claim.email))
    .bind(job.lang)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StorageError::Failed(format!(
            "gift unit {}/{unit} changed under us",
            g.token
        )));
    }
    super::payouts::settle(tx, &g.order_token, now).await?;
    if let Some(order) = super::outbox::order_party(tx, &g.order_token).await? {
        let claimed = Event::GiftClaimed {
            order,
            unit: unit as u32,
            units: u32::try_from(g.units.len()).unwrap_or(0),
            claimed_at: now,
            product_name: product.name.clone(),
            variant_name: chosen.name.clone(),
            shipping: ShippingTo {
                name: claim.name.clone(),
                phone: claim.phone.clone(),
                address: claim.address.clone(),
            },
        };
        super::outbox::record(tx, &claimed, now).await?;
    }
    Ok(ClaimOutcome {
        answer: Ok(ClaimConfirmation {
            gift_token: g.token,
            unit_index: unit as u32,
            product_name: product.name,
            variant_name: chosen.name,
            name: claim.name.clone(),
            address: claim.address.clone(),
            claimed_at: now,
        }),
        stock_changed: swapped,
    })
}

/// The answer to a retried claim whose key already claimed unit `idx` of `g`.
async fn replay(
    tx: &mut Conn,
    products: &mut ProductCache,
    g: GiftRecord,
    idx: usize,
    fingerprint: &str,
) -> Result<ClaimOutcome, StorageError> {
    let row = sqlx::query(
        "SELECT claim_fingerprint, recipient_name, recipient_address, claimed_at, shipped_variant \
         FROM gift_units WHERE gift_token = $1 AND idx = $2",
    )
    .bind(&g.token)
    .bind(idx as i64)
    .fetch_one(&mut *tx)
    .await?;
    let answer = if row.try_get::<String, _>("claim_fingerprint")? != fingerprint {
        Err(omiyage_core::idempotency::mismatch())
    } else if let Some(product) = cached_product(tx, products, &g.product_id).await? {
        let variant: String = row.try_get("shipped_variant")?;
        Ok(ClaimConfirmation {
            gift_token: g.token,
            unit_index: u32::try_from(idx).unwrap_or(0),
            variant_name: product
                .variant(&variant)
                .map(|v| v.name.clone())
                .unwrap_or_default(),
            product_name: product.name,
            name: row.try_get("recipient_name")?,
            address: serde_json::from_str(&row.try_get::<String, _>("recipient_address")?)?,
            claimed_at: row.try_get("claimed_at")?,
        })
    } else {
        Err(unknown_gift())
    };
    Ok(ClaimOutcome {
        answer,
        stock_changed: false,
    })
}

impl GiftStorage for Store {
    /// The recipient's view; settles the claim window first.
    async fn gift_view(
        &self,
        token: &str,
        now: i64,
        mark_opened: bool,
    ) -> Result<GiftView, StorageError> {
        // Most views change nothing: answer them from a reader, without queueing for the writer.
        {
            let mut conn = self.readers.acquire().await?;
            let g = load(&mut conn, false, token)
                .await?
                .ok_or_else(unknown_gift)?;
            let must_write = g.is_due(now) || (mark_opened && g.opened_at.is_none());
            if !must_write {
                let product = load_product(&mut conn, &g.product_id)
                    .await?
                    .ok_or_else(unknown_gift)?;
                let order = order_status(&mut conn, &g.order_token).await?;
                return Ok(g.recipient_view(product, order, now));
            }
        }
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let (mut g, changed) = settled(&mut tx, false, token, now)
            .await?
            .ok_or_else(unknown_gift)?;
        if mark_opened && g.opened_at.is_none() {
            sqlx::query("UPDATE gifts SET opened_at = $1 WHERE token = $2 AND opened_at IS NULL")
                .bind(now)
                .bind(&g.token)
                .execute(&mut *tx)
                .await?;
            g.opened_at = Some(now);
        }
        let product = load_product(&mut tx, &g.product_id)
            .await?
            .ok_or_else(unknown_gift)?;
        let order = order_status(&mut tx, &g.order_token).await?;
        tx.commit().await?;
        if changed {
            self.catalog_changed();
        }
        Ok(g.recipient_view(product, order, now))
    }

    /// The sender's view of the gift bought by an order (no recipient data), settled.
    async fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> Result<Option<SenderGift>, StorageError> {
        {
            let mut conn = self.readers.acquire().await?;
            match load(&mut conn, true, order_token).await? {
                None => return Ok(None),
                Some(g) if !g.is_due(now) => return Ok(Some(g.sender_view())),
                Some(_) => {}
            }
        }
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let settled = settled(&mut tx, true, order_token, now).await?;
        tx.commit().await?;
        Ok(settled.map(|(g, changed)| {
            if changed {
                self.catalog_changed();
            }
            g.sender_view()
        }))
    }

    /// Claims one unit for a recipient. Retrying with the same key returns the same claim.
    /// Claims are queued and group-committed (see `claim_writer`).
    async fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &ValidClaim,
        lang: &'static str,
        now: i64,
    ) -> Result<ClaimConfirmation, StorageError> {
        let job = super::claim_writer::ClaimJob {
            token: token.to_string(),
            key: key.to_string(),
            fingerprint: fingerprint.to_string(),
            claim: claim.clone(),
            lang,
            now,
        };
        self.claims
            .submit(job)
            .await?
            .answer
            .map_err(StorageError::Refused)
    }

    /// The recipient declines one unit: it is refunded and its stock returned.
    async fn decline_gift(&self, token: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let (g, expired) = settled(&mut tx, false, token, now)
            .await?
            .ok_or_else(unknown_gift)?;
        lifecycle::may_claim(order_status(&mut tx, &g.order_token).await?)?;
        let mut units = g.units.clone();
        let result = gift::decline(&mut units, g.window(), now);
        if result.is_ok() {
            commit_units(&mut tx, &g, &units).await?;
        }
        tx.commit().await?;
        if expired || result.is_ok() {
            self.catalog_changed();
        }
        result.map(|_| ()).map_err(Into::into)
    }

    /// The sender cancels: every unclaimed unit is refunded and the gift closes.
    async fn cancel_gift(&self, order_token: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let (g, expired) = settled(&mut tx, true, order_token, now)
            .await?
            .ok_or_else(|| ApiError::not_found("A gift for this order"))?;
        let result = match lifecycle::gift_cancel(order_status(&mut tx, order_token).await?) {
            lifecycle::GiftCancel::RefundUnits => {
                let mut units = g.units.clone();
                let result = gift::cancel(&mut units, g.window(), now).map(|_| ());
                if result.is_ok() {
                    commit_units(&mut tx, &g, &units).await?;
                    sqlx::query("UPDATE gifts SET cancelled = TRUE WHERE token = $1")
                        .bind(&g.token)
                        .execute(&mut *tx)
                        .await?;
                }
                result
            }
            // Not paid: the order itself is cancelled, its stock back once.
            lifecycle::GiftCancel::CancelOrder => {
                super::payments::cancel_waiting(
                    &mut tx,
                    order_token,
                    omiyage_api::CancelReason::BySender,
                    now,
                )
                .await?;
                Ok(())
            }
            lifecycle::GiftCancel::Refused => {
                Err(gift::closed_error(omiyage_api::GiftState::Cancelled))
            }
        };
        tx.commit().await?;
        if expired || result.is_ok() {
            self.catalog_changed();
        }
        result.map_err(Into::into)
    }

    /// Refunds every gift whose claim window has passed. Safe to run on several instances at
    /// once: each unit update only applies to a still-unclaimed unit.
    async fn expire_due(&self, now: i64) -> Result<usize, StorageError> {
        let due: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT g.token FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
             JOIN orders o ON o.token = g.order_token \
             WHERE g.expires_at <= $1 AND g.cancelled = FALSE AND u.state = 'unclaimed' \
             AND o.status IN ('paid', 'shipped')",
        )
        .bind(now)
        .fetch_all(&self.readers)
        .await?;
        for token in &due {
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            settled(&mut tx, false, token, now).await?;
            tx.commit().await?;
        }
        if !due.is_empty() {
            self.catalog_changed();
        }
        self.remind_due(now).await?;
        Ok(due.len())
    }
}

/// What shipping a gift's claimed units did.
pub(super) struct Shipped {
    /// Every unit is now settled (the order is done).
    pub done: bool,
    /// The units shipped now.
    pub units: Vec<u32>,
    /// Their recipients who left an email.
    pub recipients: Vec<RecipientNote>,
    pub sender_name: String,
}

impl Store {
    /// Tells each sender once, a day before the deadline, that units are still unclaimed.
    async fn remind_due(&self, now: i64) -> Result<(), StorageError> {
        use omiyage_core::outbox::{REMIND_BEFORE_SECS, reminder_due};
        let rows = sqlx::query(
            "SELECT g.token, g.order_token, g.expires_at, o.created_at AS placed_at \
             FROM gifts g JOIN orders o ON o.token = g.order_token \
             WHERE g.reminded = FALSE AND g.cancelled = FALSE AND g.expires_at > $1 \
             AND o.status IN ('paid', 'shipped') \
             AND g.expires_at <= $2 AND EXISTS (SELECT 1 FROM gift_units u \
             WHERE u.gift_token = g.token AND u.state = 'unclaimed')",
        )
        .bind(now)
        .bind(now + REMIND_BEFORE_SECS)
        .fetch_all(&self.readers)
        .await?;
        for r in &rows {
            let (placed_at, expires_at): (i64, i64) =
                (r.try_get("placed_at")?, r.try_get("expires_at")?);
            if !reminder_due(placed_at, expires_at, now) {
                continue;
            }
            let token: String = r.try_get("token")?;
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            let marked = sqlx::query(
                "UPDATE gifts SET reminded = TRUE WHERE token = $1 AND reminded = FALSE",
            )
            .bind(&token)
            .execute(&mut *tx)
            .await?;
            if marked.rows_affected() != 1 {
                continue;
            }
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM gift_units WHERE gift_token = $1 AND state = 'unclaimed'",
            )
            .bind(&token)
            .fetch_one(&mut *tx)
            .await?;
            let order_token: String = r.try_get("order_token")?;
            if let Some(order) = super::outbox::order_party(&mut tx, &order_token).await? {
                let reminder = Event::GiftExpiring {
                    order,
                    expires_at,
                    open_units: u32::try_from(open).unwrap_or(0),
                };
                super::outbox::record(&mut tx, &reminder, now).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Ships every claimed unit of an order's gift (in the caller's transaction). `None` when the
/// order is not a gift.
pub(super) async fn ship_units(
    tx: &mut Conn,
    order_token: &str,
    now: i64,
) -> Result<Option<Shipped>, StorageError> {
    let Some((g, _)) = settled(tx, true, order_token, now).await? else {
        return Ok(None);
    };
    let mut units = g.units.clone();
    gift::ship(&mut units, now)?;
    commit_units(tx, &g, &units).await?;
    let shipped: Vec<u32> = g
        .units
        .iter()
        .zip(&units)
        .filter(|(b, a)| b.state != UnitState::Shipped && a.state == UnitState::Shipped)
        .map(|(_, a)| a.index)
        .collect();
    let rows = sqlx::query(
        "SELECT idx, recipient_email, recipient_lang FROM gift_units \
         WHERE gift_token = $1 AND recipient_email <> '' ORDER BY idx",
    )
    .bind(&g.token)
    .fetch_all(&mut *tx)
    .await?;
    let mut recipients = Vec::new();
    for r in &rows {
        let unit = u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0);
        if shipped.contains(&unit) {
            recipients.push(RecipientNote {
                unit,
                email: r.try_get("recipient_email")?,
                lang: r.try_get("recipient_lang")?,
            });
        }
    }
    Ok(Some(Shipped {
        done: gift::all_settled(&units),
        units: shipped,
        recipients,
        sender_name: g.options.sender_name,
    }))
}

/// Where each claimed unit of an order's gift ships: for the admin, never the sender.
pub(super) async fn recipients(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Vec<omiyage_api::GiftRecipient>, StorageError> {
    let rows = sqlx::query(
        "SELECT u.idx, COALESCE(v.name, u.shipped_variant) AS variant_name, u.recipient_name, u.recipient_address \
         FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
         LEFT JOIN variants v ON v.id = u.shipped_variant \
         WHERE g.order_token = $1 AND u.state IN ('claimed', 'shipped') ORDER BY u.idx",
    )
    .bind(order_token)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(omiyage_api::GiftRecipient {
                unit_index: u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0),
                variant_name: r.try_get("variant_name")?,
                name: r.try_get("recipient_name")?,
                address: serde_json::from_str(&r.try_get::<String, _>("recipient_address")?)?,
            })
        })
        .collect()
}
