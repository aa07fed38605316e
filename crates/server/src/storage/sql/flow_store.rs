//! The flows' store (`omiyage_flows::SendStore`) over one open transaction: each step is one
//! query or a conditional update, and decides nothing. The caller begins the transaction, runs a
//! flow on [`Tx`], commits on `Ok` and tells the catalog when [`Tx::moved_stock`].

use std::collections::HashMap;

use omiyage_api::{GiftUnit, OrderStatus, Product, RefundReason, UnitState};
use omiyage_core::gift::GiftRecord;
use omiyage_flows::commission::{Attributed, SendCommissionStore};
use omiyage_flows::order::{CouponClaim, CouponRefusal, SendOrderStore};
use omiyage_flows::payment::{CardOrder, CardSuccess, PaidBy, SendPaymentStore};
use omiyage_flows::{Fact, GiftBy, NewClaim, PastClaim, SendStore};
use sqlx::Row;

use super::{Conn, load_product};
use crate::outbox::event::{Event, RecipientNote, ShippingTo};
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
        super::gifts::load(self.conn, by_order, token, true).await
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
        let done = sqlx::query(
            "UPDATE gift_units SET state = 'claimed', claimed_at = $1, shipped_variant = $2, recipient_name = $3, \
             recipient_phone = $4, recipient_address = $5, claim_key = $6, claim_fingerprint = $7, \
             recipient_email = $10, recipient_lang = $11 \
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
        super::coupons::release_unpaid(self.conn, order_token).await
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
        let Some(order) = super::outbox::order_party(self.conn, order_token).await? else {
            return Ok(());
        };
        let event = match fact {
            Fact::GiftRefunded {
                reason,
                units,
                refund,
            } => Event::GiftRefunded {
                order,
                reason,
                units,
                refund,
            },
            Fact::GiftClaimed {
                unit,
                units,
                product_name,
                variant_name,
                shipping,
            } => Event::GiftClaimed {
                order,
                unit,
                units,
                claimed_at: at,
                product_name,
                variant_name,
                shipping: ShippingTo {
                    name: shipping.name,
                    phone: shipping.phone,
                    address: shipping.address,
                },
            },
            Fact::OrderCancelled { reason } => Event::OrderCancelled { order, reason },
            Fact::OrderPaid { total } => Event::OrderPaid { order, total },
            Fact::CommissionConfirmed {
                promoter_id,
                email,
                order_reference,
                amount,
                confirmed,
            } => Event::CommissionConfirmed {
                promoter_id,
                email,
                order_reference,
                amount,
                confirmed,
            },
            Fact::OrderShipped {
                tracking_number,
                gift_units,
                sender_name,
            } => Event::OrderShipped {
                order,
                tracking_number,
                recipients: recipient_notes(self.conn, order_token, &gift_units).await?,
                gift_units,
                sender_name,
            },
            Fact::OrderRefunded {
                refund,
                reason,
                cancelled,
            } => Event::OrderRefunded {
                order,
                refund,
                reason,
                cancelled,
                intent: None,
            },
            Fact::PaymentReturned { intent, refund } => Event::OrderRefunded {
                order,
                refund,
                reason: "This payment arrived when the order no longer waited for it \
                         (it was cancelled or already paid): it is refunded in full."
                    .into(),
                cancelled: false,
                intent: Some(intent),
            },
        };
        super::outbox::record(self.conn, &event, at).await
    }
}

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
            super::dialect::FOR_UPDATE
        )))
        .bind(order_token)
        .bind(intent)
        .fetch_optional(&mut *self.conn)
        .await?
        else {
            return Ok(None);
        };
        let status: String = row.try_get("status")?;
        Ok(Some(CardSuccess {
            status: OrderStatus::try_from(status).map_err(StorageError::Failed)?,
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
            super::dialect::PAID_VIEW,
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
             EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = o.token) AS gift \
             FROM orders o LEFT JOIN card_payments c ON c.order_token = o.token \
             WHERE o.token = $1",
        )
        .bind(order_token)
        .fetch_optional(&mut *self.conn)
        .await?
        else {
            return Ok(None);
        };
        let status: String = row.try_get("status")?;
        Ok(Some(CardOrder {
            status: OrderStatus::try_from(status).map_err(StorageError::Failed)?,
            intent: row.try_get("intent_id")?,
            amount: row.try_get("amount")?,
            gift: row.try_get("gift")?,
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
            super::dialect::CANCELLED_VIEW
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

impl SendOrderStore for Tx<'_> {
    async fn held_orders(&mut self, email: &str) -> Result<Vec<String>, StorageError> {
        if let Some(refs) = self.held.get(email) {
            return Ok(refs.clone());
        }
        let refs: Vec<String> = sqlx::query_scalar(
            "SELECT reference FROM orders WHERE email = $1 AND status = 'awaiting_payment' \
             AND pay_by IS NOT NULL ORDER BY created_at, reference",
        )
        .bind(email)
        .fetch_all(&mut *self.conn)
        .await?;
        self.held.insert(email.to_string(), refs.clone());
        Ok(refs)
    }

    async fn hold(&mut self, email: &str, reference: &str) -> Result<(), StorageError> {
        let refs = self.held_orders(email).await?;
        let mut refs = refs;
        refs.push(reference.to_string());
        self.held.insert(email.to_string(), refs);
        Ok(())
    }

    async fn claim_coupon(
        &mut self,
        claim: &CouponClaim,
    ) -> Result<Option<CouponRefusal>, StorageError> {
        super::coupons::claim(self.conn, claim).await
    }

    async fn give_back_coupon(&mut self, claim: &CouponClaim) -> Result<(), StorageError> {
        super::coupons::give_back(self.conn, claim).await
    }

    async fn stock_of(&mut self, variant_id: &str) -> Result<u32, StorageError> {
        let stock: Option<i64> = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
            .bind(variant_id)
            .fetch_optional(&mut *self.conn)
            .await?;
        Ok(stock.and_then(|s| u32::try_from(s).ok()).unwrap_or(0))
    }
}

impl SendCommissionStore for Tx<'_> {
    async fn attribution(&mut self, order_token: &str) -> Result<Option<Attributed>, StorageError> {
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock)
                .bind(format!("commission:{order_token}"))
                .execute(&mut *self.conn)
                .await?;
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT a.promoter_id, a.commission, a.agency_id, a.agency_share_bps, acc.email, \
               o.reference, o.status, o.total, {} AS refunded \
             FROM attributions a JOIN accounts acc ON acc.id = a.promoter_id \
             JOIN orders o ON o.token = a.order_token WHERE a.order_token = $1",
            super::payouts::REFUNDED
        ));
        let Some(row) = sqlx::query(sql)
            .bind(order_token)
            .fetch_optional(&mut *self.conn)
            .await?
        else {
            return Ok(None);
        };
        let status: String = row.try_get("status")?;
        let agency: Option<String> = row.try_get("agency_id")?;
        let share = u32::try_from(row.try_get::<i64, _>("agency_share_bps")?).unwrap_or(0);
        Ok(Some(Attributed {
            promoter_id: row.try_get("promoter_id")?,
            email: row.try_get("email")?,
            reference: row.try_get("reference")?,
            commission: omiyage_api::Money::jpy(row.try_get("commission")?),
            agency: agency.map(|id| (id, share)),
            status: OrderStatus::try_from(status).map_err(StorageError::Failed)?,
            total: row.try_get("total")?,
            refunded: row.try_get("refunded")?,
        }))
    }

    async fn unit_states(&mut self, order_token: &str) -> Result<Vec<UnitState>, StorageError> {
        super::payouts::unit_states(self.conn, order_token).await
    }

    async fn booked(&mut self, order_token: &str, account: &str) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM commission_entries \
             WHERE order_token = $1 AND account_id = $2",
        )
        .bind(order_token)
        .bind(account)
        .fetch_one(&mut *self.conn)
        .await?)
    }

    async fn book(
        &mut self,
        order_token: &str,
        account: &str,
        amount: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO commission_entries (id, account_id, order_token, amount, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(account)
        .bind(order_token)
        .bind(amount)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn refresh_level(&mut self, promoter_id: &str, now: i64) -> Result<(), StorageError> {
        super::levels::refresh(self.conn, promoter_id, now).await
    }
}

/// The recipients of a gift's `units` who left an email to hear that their parcel shipped.
async fn recipient_notes(
    conn: &mut Conn,
    order_token: &str,
    units: &[u32],
) -> Result<Vec<RecipientNote>, StorageError> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT u.idx, u.recipient_email, u.recipient_lang FROM gift_units u \
         JOIN gifts g ON g.token = u.gift_token \
         WHERE g.order_token = $1 AND u.recipient_email <> '' ORDER BY u.idx",
    )
    .bind(order_token)
    .fetch_all(&mut *conn)
    .await?;
    let mut notes = Vec::new();
    for r in &rows {
        let unit = u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0);
        if units.contains(&unit) {
            notes.push(RecipientNote {
                unit,
                email: r.try_get("recipient_email")?,
                lang: r.try_get("recipient_lang")?,
            });
        }
    }
    Ok(notes)
}

fn changed_under_us(gift_token: &str, unit: u32) -> StorageError {
    StorageError::Failed(format!("gift unit {gift_token}/{unit} changed under us"))
}
