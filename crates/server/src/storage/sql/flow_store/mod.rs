//! The flows' store (`omiyage_flows::SendStore`) over one open transaction: each step is one
//! query or a conditional update, and decides nothing. The caller begins the transaction, runs a
//! flow on [`Tx`], commits on `Ok` and tells the catalog when [`Tx::moved_stock`]. The gift and
//! order steps are here; payments', orders' and commissions' in their own files; what a flow
//! records becomes an outbox event in `facts`.

pub(crate) mod batch_rows;
pub(crate) mod coupon_rows;
mod facts;
pub(crate) mod gift_rows;
mod orders;
pub(crate) mod payments;
pub(crate) mod point_rows;

use std::collections::HashMap;

use omiyage_api::{GiftUnit, OrderStatus, Product, RefundReason};
use omiyage_core::gift::GiftRecord;
use omiyage_flows::{Fact, GiftBy, NewClaim, PastClaim, SendStore};
use sqlx::Row;

use super::{Conn, load_product};
use crate::storage::StorageError;

/// One transaction, as the flows see it.
pub(super) struct Tx<'c> {
    conn: &'c mut Conn,
    /// Products read in this transaction (claims of one batch read each once); emptied when
    /// stock moves.
    products: HashMap<String, Product>,
    /// Some step put stock back or took it: the cached catalog must be told.
    pub moved_stock: bool,
    /// The unpaid counter orders of each email read in this transaction (a batch of orders
    /// reads each once, then keeps it up to date as it places more).
    held: HashMap<String, Vec<String>>,
}

impl<'c> Tx<'c> {
    pub fn new(conn: &'c mut Conn) -> Self {
        Tx {
            conn,
            products: HashMap::new(),
            moved_stock: false,
            held: HashMap::new(),
        }
    }

    /// The transaction itself, for what is no flow's step (idempotency keys, batch inserts).
    pub fn conn(&mut self) -> &mut Conn {
        self.conn
    }

    fn stock_moves(&mut self) {
        self.moved_stock = true;
        self.products.clear();
    }
}

impl SendStore for Tx<'_> {
    type Error = StorageError;

    async fn gift(&mut self, by: GiftBy<'_>) -> Result<Option<GiftRecord>, StorageError> {
        let (by_order, token) = match by {
            GiftBy::Token(t) => (false, t),
            GiftBy::Order(t) => (true, t),
        };
        gift_rows::load(self.conn, by_order, token, true).await
    }

    async fn order_status(
        &mut self,
        order_token: &str,
    ) -> Result<Option<OrderStatus>, StorageError> {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM orders WHERE token = $1")
                .bind(order_token)
                .fetch_optional(&mut *self.conn)
                .await?;
        status
            .map(|s| OrderStatus::try_from(s).map_err(StorageError::Failed))
            .transpose()
    }

    async fn product(&mut self, id: &str) -> Result<Option<Product>, StorageError> {
        if let Some(p) = self.products.get(id) {
            return Ok(Some(p.clone()));
        }
        let product = load_product(self.conn, id).await?;
        if let Some(p) = &product {
            self.products.insert(id.to_string(), p.clone());
        }
        Ok(product)
    }

    async fn save_units(
        &mut self,
        gift_token: &str,
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
            .bind(gift_token)
            .bind(i64::from(a.index))
            .bind(b.state.as_str())
            .execute(&mut *self.conn)
            .await?;
            if done.rows_affected() != 1 {
                return Err(changed_under_us(gift_token, a.index));
            }
        }
        Ok(())
    }

    async fn put_back(&mut self, variant_id: &str, units: u32) -> Result<(), StorageError> {
        if units > 0 {
            sqlx::query("UPDATE variants SET stock = stock + $1 WHERE id = $2")
                .bind(i64::from(units))
                .bind(variant_id)
                .execute(&mut *self.conn)
                .await?;
            self.stock_moves();
        }
        Ok(())
    }

    async fn take(&mut self, variant_id: &str, units: u32) -> Result<bool, StorageError> {
        let took =
            sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                .bind(i64::from(units))
                .bind(variant_id)
                .execute(&mut *self.conn)
                .await?;
        let taken = took.rows_affected() == 1;
        if taken {
            self.stock_moves();
        }
        Ok(taken)
    }

    async fn close_gift(&mut self, gift_token: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE gifts SET cancelled = TRUE WHERE token = $1")
            .bind(gift_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn mark_opened(&mut self, gift_token: &str, now: i64) -> Result<(), StorageError> {
        sqlx::query("UPDATE gifts SET opened_at = $1 WHERE token = $2 AND opened_at IS NULL")
            .bind(now)
            .bind(gift_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn reschedule(
        &mut self,
        gift_token: &str,
        opens_at: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        sqlx::query("UPDATE gifts SET opens_at = $1, expires_at = $2 WHERE token = $3")
            .bind(opens_at)
            .bind(expires_at)
            .bind(gift_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn mark_told(&mut self, gift_token: &str, now: i64) -> Result<(), StorageError> {
        let done =
            sqlx::query("UPDATE gifts SET told_at = $1 WHERE token = $2 AND told_at IS NULL")
                .bind(now)
                .bind(gift_token)
                .execute(&mut *self.conn)
                .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Failed(format!(
                "gift {gift_token} was told about meanwhile"
            )));
        }
        Ok(())
    }

    async fn past_claim(
        &mut self,
        gift_token: &str,
        key: &str,
    ) -> Result<Option<PastClaim>, StorageError> {
        let row = sqlx::query(
            "SELECT idx, claim_fingerprint, recipient_name, recipient_address, claimed_at, shipped_variant \
             FROM gift_units WHERE gift_token = $1 AND claim_key = $2",
        )
        .bind(gift_token)
        .bind(key)
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(PastClaim {
            unit: u32::try_from(row.try_get::<i64, _>("idx")?).unwrap_or(0),
            fingerprint: row.try_get("claim_fingerprint")?,
            name: row.try_get("recipient_name")?,
            address: serde_json::from_str(&row.try_get::<String, _>("recipient_address")?)?,
            claimed_at: row.try_get("claimed_at")?,
            variant_id: row.try_get("shipped_variant")?,
        }))
    }

    async fn write_claim(
        &mut self,
        gift_token: &str,
        c: &NewClaim<'_>,
    ) -> Result<(), StorageError> {
        let (delivery_date, delivery_slot) = gift_rows::delivery_columns(c.unit.delivery.as_ref());
        let done = sqlx::query(
            "UPDATE gift_units SET state = 'claimed', claimed_at = $1, shipped_variant = $2, recipient_name = $3, \
             recipient_phone = $4, recipient_address = $5, claim_key = $6, claim_fingerprint = $7, \
             recipient_email = $10, recipient_lang = $11, delivery_date = $12, delivery_slot = $13 \
             WHERE gift_token = $8 AND idx = $9 AND state = 'unclaimed'",
        )
        .bind(c.unit.claimed_at)
        .bind(c.variant_id)
        .bind(&c.claim.name)
        .bind(&c.claim.phone)
        .bind(serde_json::to_string(&c.claim.address)?)
        .bind(c.key)
        .bind(c.fingerprint)
        .bind(gift_token)
        .bind(i64::from(c.unit.index))
        .bind(omiyage_core::account::normalise_email(&c.claim.email))
        .bind(c.lang)
        .bind(delivery_date)
        .bind(delivery_slot)
        .execute(&mut *self.conn)
        .await?;
        if done.rows_affected() != 1 {
            return Err(changed_under_us(gift_token, c.unit.index));
        }
        Ok(())
    }

    async fn cancel_waiting(&mut self, order_token: &str) -> Result<bool, StorageError> {
        // One conditional update: `false` when it was not waiting, so it happens once.
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status = 'cancelled', view_json = {} \
             WHERE token = $1 AND status = 'awaiting_payment'",
            super::dialect::CANCELLED_VIEW
        ));
        let done = sqlx::query(sql)
            .bind(order_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn put_back_lines(&mut self, order_token: &str) -> Result<(), StorageError> {
        let lines: Vec<(String, i64)> = sqlx::query_as(
            "SELECT variant_id, quantity FROM order_lines WHERE order_token = $1 ORDER BY position",
        )
        .bind(order_token)
        .fetch_all(&mut *self.conn)
        .await?;
        for (variant, quantity) in lines {
            self.put_back(&variant, u32::try_from(quantity).unwrap_or(0))
                .await?;
        }
        Ok(())
    }

    async fn release_coupon(&mut self, order_token: &str) -> Result<(), StorageError> {
        coupon_rows::release_unpaid(self.conn, order_token).await
    }

    async fn mark_shipped(
        &mut self,
        order_token: &str,
        done: bool,
        tracking: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status = $1, tracking_number = $2, shipped_at = $3, view_json = {} \
             WHERE token = $4",
            super::dialect::SHIPPED_VIEW
        ));
        sqlx::query(sql)
            .bind(if done { "shipped" } else { "paid" })
            .bind(tracking)
            .bind(now)
            .bind(order_token)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
    async fn record(&mut self, order_token: &str, fact: Fact, at: i64) -> Result<(), StorageError> {
        facts::record(self.conn, order_token, fact, at).await
    }

    async fn delivery_settings(&mut self) -> Result<omiyage_api::DeliverySettings, StorageError> {
        super::settings::load(
            self.conn,
            super::settings::DELIVERY,
            omiyage_core::delivery::default_settings,
        )
        .await
    }

    async fn order_points(
        &mut self,
        order_token: &str,
    ) -> Result<Option<omiyage_flows::points::PointsAccount>, StorageError> {
        point_rows::order_points(self.conn, order_token).await
    }

    async fn book_points(
        &mut self,
        booking: &omiyage_flows::points::Booking<'_>,
        now: i64,
    ) -> Result<(), StorageError> {
        point_rows::book(self.conn, booking, now).await
    }
}

/// An order's `status` column, read.
fn status_of(row: &super::DbRow) -> Result<OrderStatus, StorageError> {
    OrderStatus::try_from(row.try_get::<String, _>("status")?).map_err(StorageError::Failed)
}

fn changed_under_us(gift_token: &str, unit: u32) -> StorageError {
    StorageError::Failed(format!("gift unit {gift_token}/{unit} changed under us"))
}
