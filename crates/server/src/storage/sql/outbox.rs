//! The outbox: events written inside the transactions that cause them (`record`), turned into
//! messages once (`store_messages` marks the event done in the same transaction), and leased to
//! one sender at a time (`lease_due`: a message whose sender crashed comes due again when its
//! lease ends, and goes out with the same Message-ID).

use omiyage_api::{Money, OutboxMessage};
use sqlx::Row;

use super::{Conn, DbRow, Store};
use crate::events::{
    Channel, Endpoint, Event, FoundOrder, Message, Open, OrderParty, Outgoing, StoredEvent,
};
use crate::storage::{OutboxStorage, StorageError};

/// Writes an event in the caller's transaction.
pub(super) async fn record(conn: &mut Conn, event: &Event, now: i64) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO outbox_events (id, kind, payload, created_at, dispatched) \
         VALUES ($1, $2, $3, $4, FALSE)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(event.kind())
    .bind(serde_json::to_string(event)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The order a message is about, as stored (`None` for an unknown token).
pub(super) async fn order_party(
    conn: &mut Conn,
    token: &str,
) -> Result<Option<OrderParty>, StorageError> {
    let Some(row) =
        sqlx::query("SELECT reference, email, lang, view_json FROM orders WHERE token = $1")
            .bind(token)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let view: serde_json::Value = serde_json::from_str(&row.try_get::<String, _>("view_json")?)?;
    Ok(Some(OrderParty {
        token: token.to_string(),
        reference: row.try_get("reference")?,
        email: row.try_get("email")?,
        name: view["contact"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        lang: row.try_get("lang")?,
    }))
}

fn endpoint_from(r: &DbRow) -> Result<Endpoint, StorageError> {
    Ok(Endpoint {
        view: omiyage_api::WebhookEndpoint {
            id: r.try_get("id")?,
            url: r.try_get("url")?,
            events: serde_json::from_str(&r.try_get::<String, _>("events")?)?,
            secret: r.try_get("secret")?,
            previous_secret_until: r.try_get("previous_until")?,
            created_at: r.try_get("created_at")?,
        },
        previous_secret: r.try_get("previous_secret")?,
    })
}

const ENDPOINT_SELECT: &str = "SELECT id, url, events, secret, previous_secret, previous_until, created_at FROM webhook_endpoints";

fn message_from(r: &DbRow) -> Result<OutboxMessage, StorageError> {
    let status: String = r.try_get("status")?;
    Ok(OutboxMessage {
        id: r.try_get("id")?,
        topic: r.try_get("topic")?,
        recipient: r.try_get("recipient")?,
        lang: r.try_get("lang")?,
        subject: r.try_get("subject")?,
        status: omiyage_api::MessageStatus::try_from(status).map_err(StorageError::Failed)?,
        attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(0),
        last_error: r.try_get("last_error")?,
        created_at: r.try_get("created_at")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        sent_at: r.try_get("sent_at")?,
    })
}

impl OutboxStorage for Store {
    async fn record_event(&self, event: &Event, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        record(&mut tx, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn waiting_events(&self, limit: i64) -> Result<Vec<StoredEvent>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, payload, created_at FROM outbox_events WHERE dispatched = FALSE \
             ORDER BY created_at, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredEvent {
                    id: r.try_get("id")?,
                    created_at: r.try_get("created_at")?,
                    event: serde_json::from_str(&r.try_get::<String, _>("payload")?)?,
                })
            })
            .collect()
    }

    async fn store_messages(
        &self,
        event_id: &str,
        emails: &[Message],
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // Whoever marks the event first writes its messages; anyone else writes nothing.
        let done = sqlx::query(
            "UPDATE outbox_events SET dispatched = TRUE WHERE id = $1 AND dispatched = FALSE",
        )
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for e in emails {
            sqlx::query(
                "INSERT INTO outbox_messages (id, event_id, channel, topic, recipient, lang, subject, \
                 text_body, html_body, status, attempts, next_attempt_at, created_at, \
                 list_unsubscribe) \
                 VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8, 'pending', 0, $11, $9, $12)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(event_id)
            .bind(e.topic)
            .bind(&e.recipient)
            .bind(&e.lang)
            .bind(&e.subject)
            .bind(&e.text)
            .bind(&e.html)
            .bind(now)
            .bind(e.channel.as_str())
            .bind(e.not_before.map_or(now, |at| at.max(now)))
            .bind(&e.list_unsubscribe)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn lease_due(
        &self,
        now: i64,
        until: i64,
        limit: i64,
        open: &Open,
    ) -> Result<Vec<Outgoing>, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // Deliveries to busy endpoints stay in line: placeholders from $5, one per endpoint.
        let busy = match open.busy_endpoints.len() {
            0 => String::new(),
            n => format!(
                " AND NOT (channel = 'webhook' AND recipient IN ({}))",
                (5..5 + n)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT id, channel, recipient, subject, text_body, html_body, attempts, created_at, \
             list_unsubscribe \
             FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= $1 \
             AND (channel <> 'email' OR $3) AND (channel <> 'refund' OR $4){busy} \
             ORDER BY next_attempt_at, id LIMIT $2{}",
            super::dialect::SKIP_LOCKED
        ));
        let mut query = sqlx::query(sql)
            .bind(now)
            .bind(limit)
            .bind(open.email)
            .bind(open.refund);
        for endpoint in &open.busy_endpoints {
            query = query.bind(endpoint);
        }
        let rows = query.fetch_all(&mut *tx).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: String = r.try_get("id")?;
            let channel: String = r.try_get("channel")?;
            let channel = Channel::parse(&channel).ok_or_else(|| {
                StorageError::Failed(format!("message {id}: no channel {channel}"))
            })?;
            sqlx::query("UPDATE outbox_messages SET next_attempt_at = $1 WHERE id = $2")
                .bind(until)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            out.push(Outgoing {
                id,
                channel,
                to: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                text: r.try_get("text_body")?,
                html: r.try_get("html_body")?,
                attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(0),
                created_at: r.try_get("created_at")?,
                list_unsubscribe: r.try_get("list_unsubscribe")?,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn release(&self, ids: &[String], now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        for id in ids {
            sqlx::query(
                "UPDATE outbox_messages SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mark_sent(&self, id: &str, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE outbox_messages SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
             last_error = '' WHERE id = $2 AND status = 'pending'",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn mark_attempt_failed(
        &self,
        id: &str,
        attempts: u32,
        next_attempt_at: Option<i64>,
        error: &str,
    ) -> Result<(), StorageError> {
        let (status, next) = match next_attempt_at {
            Some(at) => ("pending", at),
            None => ("failed", 0),
        };
        sqlx::query(
            "UPDATE outbox_messages SET status = $1, attempts = $2, \
             next_attempt_at = CASE WHEN $1 = 'failed' THEN next_attempt_at ELSE $3 END, \
             last_error = $4 WHERE id = $5 AND status = 'pending'",
        )
        .bind(status)
        .bind(i64::from(attempts))
        .bind(next)
        .bind(error.chars().take(500).collect::<String>())
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn messages(
        &self,
        channel: &str,
        recipient: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, topic, recipient, lang, subject, status, attempts, last_error, created_at, \
             next_attempt_at, sent_at FROM outbox_messages WHERE channel = $1 \
             AND ($2 = '' OR recipient = $2) ORDER BY created_at DESC, id LIMIT $3",
        )
        .bind(channel)
        .bind(recipient.unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.readers)
        .await?;
        rows.iter().map(message_from).collect()
    }

    async fn resend(&self, id: &str, now: i64) -> Result<Option<OutboxMessage>, StorageError> {
        sqlx::query(
            "UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = $1, \
             last_error = '' WHERE id = $2 AND status = 'failed'",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        let row = sqlx::query(
            "SELECT id, topic, recipient, lang, subject, status, attempts, last_error, created_at, \
             next_attempt_at, sent_at FROM outbox_messages WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(message_from).transpose()
    }

    async fn orders_by_email(&self, email: &str) -> Result<Vec<FoundOrder>, StorageError> {
        let rows = sqlx::query(
            "SELECT token, reference, created_at, total FROM orders WHERE email = $1 \
             ORDER BY created_at DESC LIMIT 50",
        )
        .bind(email)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FoundOrder {
                    token: r.try_get("token")?,
                    reference: r.try_get("reference")?,
                    created_at: r.try_get("created_at")?,
                    total: Money::jpy(r.try_get("total")?),
                })
            })
            .collect()
    }

    async fn create_endpoint(&self, e: &omiyage_api::WebhookEndpoint) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, url, events, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&e.id)
        .bind(&e.url)
        .bind(serde_json::to_string(&e.events)?)
        .bind(&e.secret)
        .bind(e.created_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn endpoints(&self) -> Result<Vec<Endpoint>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!("{ENDPOINT_SELECT} ORDER BY created_at, id"));
        let rows = sqlx::query(sql).fetch_all(&self.readers).await?;
        rows.iter().map(endpoint_from).collect()
    }

    async fn endpoint(&self, id: &str) -> Result<Option<Endpoint>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!("{ENDPOINT_SELECT} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id)
            .fetch_optional(&self.writer)
            .await?;
        row.as_ref().map(endpoint_from).transpose()
    }

    async fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        previous_until: i64,
    ) -> Result<Option<Endpoint>, StorageError> {
        sqlx::query(
            "UPDATE webhook_endpoints SET previous_secret = secret, previous_until = $1, secret = $2 \
             WHERE id = $3",
        )
        .bind(previous_until)
        .bind(secret)
        .bind(id)
        .execute(&self.writer)
        .await?;
        self.endpoint(id).await
    }

    async fn delete_endpoint(&self, id: &str) -> Result<bool, StorageError> {
        let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
