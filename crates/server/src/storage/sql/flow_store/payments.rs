//! The payment steps of the flows (`omiyage_flows::payment`): card payments and their events,
//! counter payments, the admin's refunds.

use omiyage_flows::payment::{CardOrder, CardSuccess, PaidBy, SendPaymentStore};
use sqlx::Row;

use super::Tx;
use crate::storage::StorageError;

impl SendPaymentStore for Tx<'_> {
    async fn first_delivery(
        &mut self,
        id: &str,
        kind: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let fresh = sqlx::query(
            "INSERT INTO payment_events (id, kind, received_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(fresh.rows_affected() == 1)
    }

    async fn count_success(
        &mut self,
        order_token: &str,
        intent: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let first = sqlx::query(
            "UPDATE card_intents SET succeeded_at = $3 \
             WHERE intent_id = $1 AND order_token = $2 AND succeeded_at IS NULL",
        )
        .bind(intent)
        .bind(order_token)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(first.rows_affected() == 1)
    }

    async fn card_success(
        &mut self,
        order_token: &str,
        intent: &str,
    ) -> Result<Option<CardSuccess>, StorageError> {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT o.status, c.paid_intent, i.amount FROM orders o \
             JOIN card_payments c ON c.order_token = o.token \
             JOIN card_intents i ON i.intent_id = $2 AND i.order_token = o.token \
             WHERE o.token = $1{}",
            super::super::dialect::FOR_UPDATE
        )))
        .bind(order_token)
        .bind(intent)
        .fetch_optional(&mut *self.conn)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(CardSuccess {
            status: super::status_of(&row)?,
            paid_by: row.try_get("paid_intent")?,
            amount: row.try_get("amount")?,
        }))
    }

    async fn latest_intent(
        &mut self,
        order_token: &str,
    ) -> Result<Option<Option<String>>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT intent_id FROM card_payments WHERE order_token = $1")
                .bind(order_token)
                .fetch_optional(&mut *self.conn)
                .await?,
        )
    }

    async fn mark_paid(&mut self, order_token: &str, by: PaidBy<'_>) -> Result<bool, StorageError> {
        let (card, view) = (
            match by {
                PaidBy::Card(_) => "AND token IN (SELECT order_token FROM card_payments)",
                PaidBy::Counter => "AND token NOT IN (SELECT order_token FROM card_payments)",
            },
            super::super::dialect::PAID_VIEW,
        );
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status = 'paid', view_json = {view} \
             WHERE token = $1 AND status = 'awaiting_payment' {card}"
        ));
        let done = sqlx::query(sql)
            .bind(order_token)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if let PaidBy::Card(intent) = by {
            sqlx::query(
                "UPDATE card_payments SET intent_id = $2, paid_intent = $2 WHERE order_token = $1",
            )
            .bind(order_token)
            .bind(intent)
            .execute(&mut *self.conn)
            .await?;
        }
        Ok(true)
    }

    async fn mark_refunded(&mut self, order_token: &str) -> Result<bool, StorageError> {
        super::payments::refunded_view(self.conn, order_token).await
    }

    async fn card_order(&mut self, order_token: &str) -> Result<Option<CardOrder>, StorageError> {
        let Some(row) = sqlx::query(
            "SELECT o.status, c.intent_id, c.amount, \
             EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = o.token) AS gift, \
             (SELECT l.unit_price - l.discount / l.quantity FROM order_lines l \
              WHERE l.order_token = o.token ORDER BY l.position LIMIT 1) \
             + (SELECT CAST(COALESCE(SUM(x.unit_price), 0) AS BIGINT) FROM order_options x \
              WHERE x.order_token = o.token AND x.line = 0) AS unit_paid \
             FROM orders o LEFT JOIN card_payments c ON c.order_token = o.token \
             WHERE o.token = $1",
        )
        .bind(order_token)
        .fetch_optional(&mut *self.conn)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(CardOrder {
            status: super::status_of(&row)?,
            intent: row.try_get("intent_id")?,
            amount: row.try_get("amount")?,
            gift: row.try_get("gift")?,
            unit_paid: row.try_get("unit_paid")?,
        }))
    }

    async fn add_admin_refund(
        &mut self,
        order_token: &str,
        amount: i64,
        held: i64,
        exact: bool,
    ) -> Result<bool, StorageError> {
        let sql = match exact {
            true => {
                "UPDATE card_payments SET refunded_by_admin = refunded_by_admin + $2 \
                 WHERE order_token = $1 AND refunded_by_admin + $2 = amount - $3"
            }
            false => {
                "UPDATE card_payments SET refunded_by_admin = refunded_by_admin + $2 \
                 WHERE order_token = $1 AND refunded_by_admin + $2 <= amount - $3"
            }
        };
        let raised = sqlx::query(sql)
            .bind(order_token)
            .bind(amount)
            .bind(held)
            .execute(&mut *self.conn)
            .await?;
        Ok(raised.rows_affected() == 1)
    }

    async fn admin_refunded(&mut self, order_token: &str) -> Result<i64, StorageError> {
        Ok(
            sqlx::query_scalar(
                "SELECT refunded_by_admin FROM card_payments WHERE order_token = $1",
            )
            .bind(order_token)
            .fetch_one(&mut *self.conn)
            .await?,
        )
    }

    async fn cancel_paid(&mut self, order_token: &str) -> Result<(), StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status = 'cancelled', view_json = {} WHERE token = $1",
            super::super::dialect::CANCELLED_VIEW
        ));
        sqlx::query(sql)
            .bind(order_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn order_total(&mut self, order_token: &str) -> Result<Option<i64>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT total FROM orders WHERE token = $1")
                .bind(order_token)
                .fetch_optional(&mut *self.conn)
                .await?,
        )
    }
}

/// A paid card order's payment → refunded (once).
pub(crate) async fn refunded_view(
    tx: &mut super::super::Conn,
    token: &str,
) -> Result<bool, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE orders SET view_json = {} WHERE token = $1 AND status <> 'awaiting_payment' \
         AND token IN (SELECT order_token FROM card_payments)",
        super::super::dialect::REFUNDED_VIEW
    ));
    let done = sqlx::query(sql).bind(token).execute(&mut *tx).await?;
    Ok(done.rows_affected() == 1)
}
