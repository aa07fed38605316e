//! Gifts in SQL: the gift flows (`omiyage_flows::gift`) run on a write transaction through
//! [`Tx`]; reads that change nothing are answered from a reader without queueing for the
//! writer. Every unit update is conditional on the state it was read in.

use omiyage_api::{ClaimConfirmation, GiftThanks, GiftView, OptionLine, OrderStatus, SenderGift};
use omiyage_flows::gift::{self as flows, unknown_gift};
use sqlx::Row;

use super::Conn;
use super::flow_store::Tx;
use super::flow_store::gift_rows::load;
use super::{Store, load_product};
use crate::events::Event;
use crate::storage::StorageError;
use crate::storage::{GiftStorage, Thanked};

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

    async fn gift_opened(&self, token: &str) -> Result<bool, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let opened: Option<Option<i64>> =
            sqlx::query_scalar("SELECT opened_at FROM gifts WHERE token = $1")
                .bind(token)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(matches!(opened, Some(Some(_))))
    }

    async fn gift_options(&self, token: &str) -> Result<Vec<OptionLine>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let view: Option<String> = sqlx::query_scalar(
            "SELECT o.view_json FROM gifts g JOIN orders o ON o.token = g.order_token \
             WHERE g.token = $1",
        )
        .bind(token)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(view) = view else {
            return Ok(Vec::new());
        };
        let view: omiyage_api::OrderView = serde_json::from_str(&view)?;
        Ok(view.options)
    }

    /// The sender's view of the gift bought by an order (no recipient data), settled, with
    /// the recipients' thank-you notes.
    async fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> Result<Option<SenderGift>, StorageError> {
        let Some(mut view) = self.settled_sender_gift(order_token, now).await? else {
            return Ok(None);
        };
        let mut conn = self.readers.acquire().await?;
        view.thanks = thanks(&mut conn, &view.claim_token).await?;
        view.problems = super::after_sales::unit_problems(&mut conn, order_token).await?;
        Ok(Some(view))
    }

    async fn answered_gift(
        &self,
        token: &str,
    ) -> Result<Option<omiyage_flows::checkout::AnsweredGift>, StorageError> {
        let row = sqlx::query(
            "SELECT o.email, EXISTS (SELECT 1 FROM gift_units u WHERE u.gift_token = g.token \
             AND u.state IN ('claimed', 'shipped')) AS claimed \
             FROM gifts g JOIN orders o ON o.token = g.order_token WHERE g.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| {
            Ok(omiyage_flows::checkout::AnsweredGift {
                sender_email: r.try_get("email")?,
                claimed: r.try_get("claimed")?,
            })
        })
        .transpose()
    }

    async fn thank_sender(
        &self,
        token: &str,
        message: &str,
        lang: &'static str,
        key: &str,
        now: i64,
    ) -> Result<Thanked, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // The gift's row locked (PostgreSQL): notes for one gift take turns.
        let order_token: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT order_token FROM gifts WHERE token = $1{}",
            super::dialect::FOR_UPDATE
        )))
        .bind(token)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(order_token) = order_token else {
            return Ok(Thanked::NoSuchGift);
        };
        let sent: Option<String> = sqlx::query_scalar(
            "SELECT message FROM gift_thanks WHERE thank_key = $1 AND gift_token = $2",
        )
        .bind(key)
        .bind(token)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(sent) = sent {
            return Ok(Thanked::Sent(sent));
        }
        let claimed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM gift_units WHERE gift_token = $1 \
             AND state IN ('claimed', 'shipped')",
        )
        .bind(token)
        .fetch_one(&mut *tx)
        .await?;
        let notes: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM gift_thanks WHERE gift_token = $1")
                .bind(token)
                .fetch_one(&mut *tx)
                .await?;
        if claimed == 0 {
            return Ok(Thanked::NotClaimed);
        }
        if notes >= claimed {
            return Ok(Thanked::AllSent);
        }
        sqlx::query(
            "INSERT INTO gift_thanks (gift_token, position, message, lang, thank_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token)
        .bind(notes)
        .bind(message)
        .bind(lang)
        .bind(key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(order) = super::outbox::order_party(&mut tx, &order_token).await? {
            let event = Event::GiftThanked {
                order,
                message: message.to_string(),
                sent_at: now,
            };
            super::outbox::record(&mut tx, &event, now).await?;
        }
        tx.commit().await?;
        Ok(Thanked::Sent(message.to_string()))
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

    async fn reschedule_gift(
        &self,
        order_token: &str,
        to: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let answer = flows::reschedule(&mut Tx::new(&mut tx), order_token, to, now).await?;
        tx.commit().await?;
        answer.map_err(Into::into)
    }

    /// Each gift in a transaction of its own: its `told_at` and its outbox event are written
    /// together, so a crash leaves it either told (the outbox sends it) or not (the next sweep
    /// tells it). Safe on several instances: `told_at` is only set where it was empty.
    async fn tell_due(&self, now: i64) -> Result<usize, StorageError> {
        let due: Vec<String> = sqlx::query_scalar(
            "SELECT g.token FROM gifts g JOIN orders o ON o.token = g.order_token \
             WHERE g.told_at IS NULL AND g.recipient_email <> '' AND COALESCE(g.opens_at, 0) <= $1 \
             AND g.expires_at > $1 AND g.cancelled = FALSE AND o.status IN ('paid', 'shipped')",
        )
        .bind(now)
        .fetch_all(&self.readers)
        .await?;
        let mut told = 0;
        for token in &due {
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            if flows::tell(&mut Tx::new(&mut tx), token, now).await? {
                told += 1;
            }
            tx.commit().await?;
        }
        Ok(told)
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

impl Store {
    /// The sender's view of the gift bought by an order, its claim window settled first.
    async fn settled_sender_gift(
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
}

/// A gift's thank-you notes, oldest first.
async fn thanks(conn: &mut Conn, token: &str) -> Result<Vec<GiftThanks>, StorageError> {
    sqlx::query(
        "SELECT message, created_at FROM gift_thanks WHERE gift_token = $1 ORDER BY position",
    )
    .bind(token)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(GiftThanks {
            message: r.try_get("message")?,
            sent_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// The columns and joins of a claimed unit's recipient.
const RECIPIENT_SELECT: &str = "SELECT g.order_token, u.idx, COALESCE(v.name, u.shipped_variant) AS variant_name, \
     u.recipient_name, u.recipient_address, COALESCE(u.recipient_phone, '') AS recipient_phone, \
     u.delivery_date, u.delivery_slot \
     FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
     LEFT JOIN variants v ON v.id = u.shipped_variant";

/// Where each claimed unit of an order's gift ships: for the admin, never the sender.
pub(super) async fn recipients(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Vec<omiyage_api::GiftRecipient>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{RECIPIENT_SELECT} WHERE g.order_token = $1 AND u.state IN ('claimed', 'shipped') \
         ORDER BY u.idx"
    ));
    let rows = sqlx::query(sql)
        .bind(order_token)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| recipient_from(r).map(|(_, recipient)| recipient))
        .collect()
}

/// Where the claimed units of every paid order's gift wait to ship, by order token.
pub(super) async fn recipients_to_ship(
    conn: &mut Conn,
) -> Result<std::collections::HashMap<String, Vec<omiyage_api::GiftRecipient>>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{RECIPIENT_SELECT} JOIN orders o ON o.token = g.order_token \
         WHERE o.status = 'paid' AND u.state IN ('claimed', 'shipped') \
         ORDER BY g.order_token, u.idx"
    ));
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    let mut out: std::collections::HashMap<String, Vec<omiyage_api::GiftRecipient>> =
        std::collections::HashMap::new();
    for r in &rows {
        let (order, recipient) = recipient_from(r)?;
        out.entry(order).or_default().push(recipient);
    }
    Ok(out)
}

/// A recipient row: its order's token and the recipient.
fn recipient_from(r: &super::DbRow) -> Result<(String, omiyage_api::GiftRecipient), StorageError> {
    Ok((
        r.try_get("order_token")?,
        omiyage_api::GiftRecipient {
            unit_index: u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0),
            variant_name: r.try_get("variant_name")?,
            name: r.try_get("recipient_name")?,
            address: serde_json::from_str(&r.try_get::<String, _>("recipient_address")?)?,
            phone: r.try_get("recipient_phone")?,
            delivery: super::flow_store::gift_rows::delivery_of(
                r.try_get("delivery_date")?,
                r.try_get("delivery_slot")?,
            ),
        },
    ))
}
