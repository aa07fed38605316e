//! The steps of admitting an order (`omiyage_flows::order::admit`), of settling a promoter's
//! commission (`omiyage_flows::commission`) and of the admin's coupons and payouts.

use omiyage_api::Payout;
use omiyage_api::UnitState;
use omiyage_core::coupon::Coupon;
use omiyage_core::payout::Ledger;
use omiyage_flows::batch::{NewBatch, SendBatchStore};
use omiyage_flows::commission::{Attributed, SendCommissionStore};
use omiyage_flows::coupon::SendCouponStore;
use omiyage_flows::order::{CouponClaim, CouponRefusal, SendOrderStore};
use omiyage_flows::payout::SendPayoutStore;
use sqlx::Row;

use super::Tx;
use crate::storage::StorageError;

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
        super::coupon_rows::claim(self.conn, claim).await
    }

    async fn give_back_coupon(&mut self, claim: &CouponClaim) -> Result<(), StorageError> {
        super::coupon_rows::give_back(self.conn, claim).await
    }

    async fn take_points(
        &mut self,
        member_id: &str,
        points: i64,
    ) -> Result<Result<(), i64>, StorageError> {
        super::point_rows::take(self.conn, member_id, points).await
    }

    async fn give_back_points(&mut self, member_id: &str, points: i64) -> Result<(), StorageError> {
        super::point_rows::give_back(self.conn, member_id, points).await
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
        if let Some(lock) = super::super::dialect::LOCK_KEY {
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
            super::super::payouts::REFUNDED
        ));
        let Some(row) = sqlx::query(sql)
            .bind(order_token)
            .fetch_optional(&mut *self.conn)
            .await?
        else {
            return Ok(None);
        };
        let agency: Option<String> = row.try_get("agency_id")?;
        let share = u32::try_from(row.try_get::<i64, _>("agency_share_bps")?).unwrap_or(0);
        Ok(Some(Attributed {
            promoter_id: row.try_get("promoter_id")?,
            email: row.try_get("email")?,
            reference: row.try_get("reference")?,
            commission: omiyage_api::Money::jpy(row.try_get("commission")?),
            agency: agency.map(|id| (id, share)),
            status: super::status_of(&row)?,
            total: row.try_get("total")?,
            refunded: row.try_get("refunded")?,
        }))
    }

    async fn unit_states(&mut self, order_token: &str) -> Result<Vec<UnitState>, StorageError> {
        super::super::payouts::unit_states(self.conn, order_token).await
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
        super::super::levels::refresh(self.conn, promoter_id, now).await
    }
}

impl SendCouponStore for Tx<'_> {
    async fn is_promoter(&mut self, account_id: &str) -> Result<bool, StorageError> {
        super::coupon_rows::is_promoter(self.conn, account_id).await
    }
    async fn coupon_uses(&mut self, code: &str) -> Result<Option<u32>, StorageError> {
        super::coupon_rows::uses(self.conn, code).await
    }
    async fn insert_coupon(&mut self, coupon: &Coupon, now: i64) -> Result<bool, StorageError> {
        super::coupon_rows::write(self.conn, coupon, Some(now)).await
    }
    async fn update_coupon(&mut self, coupon: &Coupon) -> Result<bool, StorageError> {
        super::coupon_rows::write(self.conn, coupon, None).await
    }
}

impl SendPayoutStore for Tx<'_> {
    async fn lock_ledger(&mut self, account_id: &str) -> Result<Option<Ledger>, StorageError> {
        super::super::payouts::lock_ledger(self.conn, account_id).await
    }
    async fn insert_payout(&mut self, payout: &Payout) -> Result<(), StorageError> {
        super::super::payouts::insert(self.conn, payout).await
    }
    async fn payout(&mut self, id: &str) -> Result<Option<Payout>, StorageError> {
        super::super::payouts::find(self.conn, id).await
    }
}

impl SendBatchStore for Tx<'_> {
    async fn write_batch(&mut self, batch: &NewBatch, now: i64) -> Result<(), StorageError> {
        super::batch_rows::write(self.conn, batch, now).await
    }
    async fn code_order(
        &mut self,
        batch_id: &str,
        code: &str,
    ) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT order_token FROM gifts WHERE batch_id = $1 AND short_code = $2",
        )
        .bind(batch_id)
        .bind(code)
        .fetch_optional(&mut *self.conn)
        .await?)
    }
}
