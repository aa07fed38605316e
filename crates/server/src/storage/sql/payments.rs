//! Card payments: the PaymentIntent behind each card order (written with the order, in
//! `order_writer`), settling an order once its payment is known (paid exactly once; a failed
//! payment cancels the order and puts its stock back), and the provider events already handled.

use omiyage_api::{CancelReason, CardRefund, MessageStatus, Money, PaymentRules, RefundRequest};
use omiyage_core::hold;
use sqlx::Row;

use super::Store;
use crate::storage::{CardOutcome, PaymentStorage, Settled, StorageError, StoredCardPayment};

impl PaymentStorage for Store {
    async fn card_order(&self, intent_id: &str) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT order_token FROM card_intents WHERE intent_id = $1 UNION \
                 SELECT order_token FROM card_payments WHERE intent_id = $1",
        )
        .bind(intent_id)
        .fetch_optional(&self.readers)
        .await?)
    }

    async fn card_intent(&self, order_token: &str) -> Result<Option<String>, StorageError> {
        let intent: Option<Option<String>> =
            sqlx::query_scalar("SELECT intent_id FROM card_payments WHERE order_token = $1")
                .bind(order_token)
                .fetch_optional(&self.readers)
                .await?;
        Ok(intent.flatten())
    }

    async fn order_intents(
        &self,
        order_token: &str,
    ) -> Result<Vec<(String, i64, bool)>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT intent_id, amount, succeeded_at IS NOT NULL FROM card_intents \
             WHERE order_token = $1 \
             ORDER BY created_at, intent_id",
        )
        .bind(order_token)
        .fetch_all(&self.readers)
        .await?)
    }

    async fn intents_made(&self, order_token: &str) -> Result<i64, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM card_intents WHERE order_token = $1")
                .bind(order_token)
                .fetch_one(&self.readers)
                .await?,
        )
    }

    async fn swap_card_intent(
        &self,
        order_token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        if let Some((intent, amount)) = to {
            record_intent(&mut tx, order_token, intent, amount, now, false).await?;
        }
        let done = sqlx::query(
            "UPDATE card_payments SET intent_id = $3 WHERE order_token = $1 \
             AND COALESCE(intent_id, '') = $2 \
             AND order_token IN (SELECT token FROM orders WHERE status = 'awaiting_payment')",
        )
        .bind(order_token)
        .bind(from.unwrap_or(""))
        .bind(to.map(|(intent, _)| intent))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn cancel_unpaid(
        &self,
        order_token: &str,
        reason: CancelReason,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let changed = cancel_waiting(&mut tx, order_token, reason, now).await?;
        tx.commit().await?;
        if changed {
            self.catalog_changed();
        }
        Ok(changed)
    }

    async fn lapsed_holds(&self, now: i64) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT token FROM orders WHERE pay_by IS NOT NULL AND pay_by <= $1 \
             AND status = 'awaiting_payment' ORDER BY pay_by, token",
        )
        .bind(now)
        .fetch_all(&self.readers)
        .await?)
    }

    async fn payment_rules(&self) -> Result<PaymentRules, StorageError> {
        let hours: Option<i64> =
            sqlx::query_scalar("SELECT pay_in_shop_hold_hours FROM payment_rules WHERE id = 1")
                .fetch_optional(&self.readers)
                .await?;
        Ok(match hours {
            Some(h) => PaymentRules {
                pay_in_shop_hold_hours: h,
            },
            None => hold::default_rules(),
        })
    }

    async fn set_payment_rules(&self, rules: &PaymentRules, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO payment_rules (id, pay_in_shop_hold_hours, updated_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET pay_in_shop_hold_hours = $1, updated_at = $2",
        )
        .bind(rules.pay_in_shop_hold_hours)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn settle_card(
        &self,
        order_token: Option<&str>,
        outcome: CardOutcome,
        intent: Option<&str>,
        event: Option<(&str, &str)>,
        now: i64,
    ) -> Result<Settled, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let settled = omiyage_flows::payment::settle_card(
            &mut store,
            order_token,
            outcome,
            intent,
            event,
            now,
        )
        .await?;
        let moved = store.moved_stock;
        if settled != Settled::Duplicate {
            tx.commit().await?;
        }
        if moved {
            self.catalog_changed();
        }
        Ok(settled)
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

    async fn card_record(
        &self,
        order_token: &str,
    ) -> Result<Option<StoredCardPayment>, StorageError> {
        let row: Option<(Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT intent_id, amount, refunded_by_admin FROM card_payments WHERE order_token = $1",
        )
        .bind(order_token)
        .fetch_optional(&self.readers)
        .await?;
        Ok(
            row.map(|(intent_id, amount, refunded_by_admin)| StoredCardPayment {
                intent_id,
                amount,
                refunded_by_admin,
            }),
        )
    }

    async fn card_refunds(&self, intent_id: &str) -> Result<Vec<CardRefund>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, topic, text_body, status, created_at, last_error FROM outbox_messages \
             WHERE channel = 'refund' AND recipient = $1 ORDER BY created_at DESC, id",
        )
        .bind(intent_id)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                let amount: String = r.try_get("text_body")?;
                Ok(CardRefund {
                    id: r.try_get("id")?,
                    amount: Money::jpy(amount.parse().map_err(|_| {
                        StorageError::Failed(format!("a refund of {amount:?} yen"))
                    })?),
                    reason: r.try_get("topic")?,
                    status: MessageStatus::try_from(status).map_err(StorageError::Failed)?,
                    created_at: r.try_get("created_at")?,
                    last_error: r.try_get("last_error")?,
                })
            })
            .collect()
    }

    async fn refund_card(
        &self,
        order_token: &str,
        refund: &RefundRequest,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let request = omiyage_flows::payment::AdminRefund {
            amount: refund.amount,
            reason: &refund.reason,
            cancel: refund.cancel,
        };
        omiyage_flows::payment::refund_by_admin(&mut store, order_token, request, now).await??;
        let moved = store.moved_stock;
        tx.commit().await?;
        if moved {
            self.catalog_changed();
        }
        Ok(())
    }
}

/// Writes one of an order's intents (once); `succeeded`: it paid the order as it was written.
pub(super) async fn record_intent(
    tx: &mut super::Conn,
    order_token: &str,
    intent: &str,
    amount: i64,
    now: i64,
    succeeded: bool,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO card_intents (intent_id, order_token, amount, created_at, succeeded_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (intent_id) DO NOTHING",
    )
    .bind(intent)
    .bind(order_token)
    .bind(amount)
    .bind(now)
    .bind(succeeded.then_some(now))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Awaiting payment → cancelled (`omiyage_flows::order::cancel_unpaid`), for any order whose
/// payment failed, was abandoned, lapsed or that was cancelled before it was paid. `false`
/// when it was not waiting.
pub(super) async fn cancel_waiting(
    tx: &mut super::Conn,
    token: &str,
    reason: CancelReason,
    now: i64,
) -> Result<bool, StorageError> {
    let mut store = super::flow_store::Tx::new(tx);
    omiyage_flows::order::cancel_unpaid(&mut store, token, reason, now).await
}
