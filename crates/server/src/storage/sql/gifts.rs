//! Gifts in SQL: the gift flows (`omiyage_flows::gift`) run on a write transaction through
//! [`Tx`]; reads that change nothing are answered from a reader without queueing for the
//! writer. Every unit update is conditional on the state it was read in.

use omiyage_api::{
    ClaimConfirmation, GiftOptions, GiftUnit, GiftView, Money, OrderStatus, RefundReason,
    SenderGift, UnitState,
};
use omiyage_core::gift::GiftRecord;
use omiyage_flows::gift::{self as flows, unknown_gift};
use sqlx::Row;

use super::Conn;
use super::flow_store::Tx;
use super::{Store, load_product};
use crate::outbox::event::Event;
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
     u.idx, u.state, u.refund_reason, u.claimed_at, u.shipped_at, u.refunded_at \
     FROM gifts g JOIN gift_units u ON u.gift_token = g.token";

/// A gift and its units, in one query. `lock`: the caller's write transaction is about to
/// change the gift, so its rows are locked until the commit (another instance deciding about
/// the same gift waits, then reads the result).
pub(super) async fn load(
    conn: &mut Conn,
    by_order: bool,
    token: &str,
    lock: bool,
) -> Result<Option<GiftRecord>, StorageError> {
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
    Ok(Some(record))
}

/// The state of the order that bought a gift.
pub(super) async fn order_status(
    conn: &mut Conn,
    order_token: &str,
) -> Result<OrderStatus, StorageError> {
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE token = $1")
        .bind(order_token)
        .fetch_one(&mut *conn)
        .await?;
    OrderStatus::try_from(status).map_err(StorageError::Failed)
}

/// One claim's answer, and whether it moved stock (refunds or a variant swap).
pub(super) struct ClaimOutcome {
    pub answer: Result<ClaimConfirmation, omiyage_api::ApiError>,
    pub stock_changed: bool,
}

/// Claims one unit inside the caller's write transaction (`omiyage_flows::gift::claim`).
/// Refusals (409, 410, 422…) happen before the claim writes anything, so they never undo the
/// other claims of a batch; only refunds of an expired gift are written and kept.
pub(super) async fn claim_in(
    tx: &mut Tx<'_>,
    job: &super::claim_writer::ClaimJob,
) -> Result<ClaimOutcome, StorageError> {
    tx.moved_stock = false;
    let claim = flows::Claim {
        token: &job.token,
        key: &job.key,
        fingerprint: &job.fingerprint,
        claim: &job.claim,
        lang: job.lang,
    };
    let answer = flows::claim(tx, claim, job.now).await?;
    Ok(ClaimOutcome {
        answer,
        stock_changed: tx.moved_stock,
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
            let g = load(&mut conn, false, token, false)
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
        let mut store = Tx::new(&mut tx);
        let view = flows::view(&mut store, token, now, mark_opened).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        self.after_flow(moved);
        Ok(view)
    }

    /// The sender's view of the gift bought by an order (no recipient data), settled.
    async fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> Result<Option<SenderGift>, StorageError> {
        {
            let mut conn = self.readers.acquire().await?;
            match load(&mut conn, true, order_token, false).await? {
                None => return Ok(None),
                Some(g) if !g.is_due(now) => return Ok(Some(g.sender_view())),
                Some(_) => {}
            }
        }
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = Tx::new(&mut tx);
        let view = flows::sender_view(&mut store, order_token, now).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        self.after_flow(moved);
        Ok(view)
    }

    /// Claims one unit for a recipient. Retrying with the same key returns the same claim.
    /// Claims are queued and group-committed (see `claim_writer`).
    async fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &omiyage_core::checkout::ValidClaim,
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
        let mut store = Tx::new(&mut tx);
        let answer = flows::decline(&mut store, token, now).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        self.after_flow(moved);
        answer.map_err(Into::into)
    }

    /// The sender cancels: every unclaimed unit is refunded and the gift closes (an unpaid
    /// order is cancelled instead).
    async fn cancel_gift(&self, order_token: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = Tx::new(&mut tx);
        let answer = flows::cancel(&mut store, order_token, now).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        self.after_flow(moved);
        answer.map_err(Into::into)
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
            flows::expire(&mut Tx::new(&mut tx), token, now).await?;
            tx.commit().await?;
        }
        if !due.is_empty() {
            self.catalog_changed();
        }
        self.remind_due(now).await?;
        Ok(due.len())
    }
}

impl Store {
    /// After a flow committed: stock it moved shows in the cached catalog.
    pub(super) fn after_flow(&self, moved_stock: bool) {
        if moved_stock {
            self.catalog_changed();
        }
    }

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
