//! Card payments: the PaymentIntent behind each card order (written with the order, in
//! `order_writer`), settling an order once its payment is known (paid exactly once; a failed
//! payment cancels the order and puts its stock back), and the provider events already handled.

use super::Store;
use crate::outbox::event::Event;
use crate::storage::{CardOutcome, PaymentStorage, Settled, StorageError};

impl PaymentStorage for Store {
    async fn card_order(&self, intent_id: &str) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT order_token FROM card_payments WHERE intent_id = $1")
                .bind(intent_id)
                .fetch_optional(&self.readers)
                .await?,
        )
    }

    async fn card_intent(&self, order_token: &str) -> Result<Option<String>, StorageError> {
        let intent: Option<Option<String>> =
            sqlx::query_scalar("SELECT intent_id FROM card_payments WHERE order_token = $1")
                .bind(order_token)
                .fetch_optional(&self.readers)
                .await?;
        Ok(intent.flatten())
    }

    async fn set_card_intent(
        &self,
        order_token: &str,
        intent_id: &str,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE card_payments SET intent_id = $2 WHERE order_token = $1 \
             AND order_token IN (SELECT token FROM orders WHERE status = 'awaiting_payment')",
        )
        .bind(order_token)
        .bind(intent_id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn settle_card(
        &self,
        order_token: Option<&str>,
        outcome: CardOutcome,
        event: Option<(&str, &str)>,
        now: i64,
    ) -> Result<Settled, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        if let Some((id, kind)) = event {
            // The event's id is the key: a second delivery inserts nothing and changes nothing.
            let fresh = sqlx::query(
                "INSERT INTO payment_events (id, kind, received_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(kind)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !fresh {
                return Ok(Settled::Duplicate);
            }
        }
        let changed = match order_token {
            None => false,
            Some(token) => match outcome {
                CardOutcome::Paid => mark_paid(&mut tx, token, now).await?,
                CardOutcome::Failed => cancel_unpaid(&mut tx, token).await?,
                CardOutcome::Refunded => mark_refunded(&mut tx, token).await?,
                CardOutcome::Noted => false,
            },
        };
        tx.commit().await?;
        if changed && outcome == CardOutcome::Failed {
            self.catalog_changed();
        }
        Ok(if changed {
            Settled::Changed
        } else {
            Settled::Unchanged
        })
    }

    async fn waiting_card_orders(
        &self,
        placed_before: i64,
    ) -> Result<Vec<(String, Option<String>)>, StorageError> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT c.order_token, c.intent_id FROM card_payments c \
             JOIN orders o ON o.token = c.order_token \
             WHERE o.status = 'awaiting_payment' AND c.created_at < $1 ORDER BY c.created_at",
        )
        .bind(placed_before)
        .fetch_all(&self.readers)
        .await?;
        Ok(rows)
    }
}

/// Awaiting payment → paid, for a card order; its `order.paid` event goes in the same
/// transaction. `false` when it was not waiting (already paid, cancelled, unknown).
async fn mark_paid(tx: &mut super::Conn, token: &str, now: i64) -> Result<bool, StorageError> {
    if !leave_waiting(tx, token, "paid", super::dialect::PAID_VIEW).await? {
        return Ok(false);
    }
    let total: i64 = sqlx::query_scalar("SELECT total FROM orders WHERE token = $1")
        .bind(token)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(order) = super::outbox::order_party(tx, token).await? {
        let paid = Event::OrderPaid {
            order,
            total: omiyage_api::Money::jpy(total),
        };
        super::outbox::record(tx, &paid, now).await?;
    }
    Ok(true)
}

/// Awaiting payment → cancelled, for a card order whose payment failed or was abandoned; its
/// stock goes back. `false` when it was not waiting.
async fn cancel_unpaid(tx: &mut super::Conn, token: &str) -> Result<bool, StorageError> {
    if !leave_waiting(tx, token, "cancelled", super::dialect::CANCELLED_VIEW).await? {
        return Ok(false);
    }
    let lines: Vec<(String, i64)> = sqlx::query_as(
        "SELECT variant_id, quantity FROM order_lines WHERE order_token = $1 ORDER BY position",
    )
    .bind(token)
    .fetch_all(&mut *tx)
    .await?;
    for (variant, quantity) in lines {
        sqlx::query("UPDATE variants SET stock = stock + $1 WHERE id = $2")
            .bind(quantity)
            .bind(variant)
            .execute(&mut *tx)
            .await?;
    }
    Ok(true)
}

/// A paid card order's payment → refunded (once).
async fn mark_refunded(tx: &mut super::Conn, token: &str) -> Result<bool, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE orders SET view_json = {} WHERE token = $1 AND status <> 'awaiting_payment' \
         AND token IN (SELECT order_token FROM card_payments)",
        super::dialect::REFUNDED_VIEW
    ));
    let done = sqlx::query(sql).bind(token).execute(&mut *tx).await?;
    Ok(done.rows_affected() == 1)
}

/// A card order awaiting payment → `status` (its stored view rewritten by `view`), in one
/// conditional update: `false` when it was not waiting, so each change happens once.
async fn leave_waiting(
    tx: &mut super::Conn,
    token: &str,
    status: &str,
    view: &str,
) -> Result<bool, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE orders SET status = $2, view_json = {view} \
         WHERE token = $1 AND status = 'awaiting_payment' \
         AND token IN (SELECT order_token FROM card_payments)"
    ));
    let done = sqlx::query(sql)
        .bind(token)
        .bind(status)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
