//! Coupons (rules in `omiyage_core::coupon`): the admin's codes, and their uses. A use is
//! claimed in the order's own transaction by conditional updates — the coupon's `uses` below
//! its cap, the email's `uses` below the per-email cap — so the caps are exact however many
//! checkouts race; a refused or failed order gives its claim back in the same transaction.

use omiyage_api::{CouponView, DiscountKind, Money, PromoterCoupon};
use omiyage_core::coupon::Coupon;
use sqlx::Row;

use super::{Conn, DbRow, Store};
use crate::storage::{CouponClaim, CouponStorage, StorageError, StoredCoupon};

/// A coupon's columns (`c`), spliced into the queries at compile time.
macro_rules! columns {
    () => {
        "c.code, c.kind, c.value, c.min_spend, c.starts_at, c.ends_at, c.product_ids, \
         c.category_ids, c.max_uses, c.per_email, c.promoter_id, c.disabled, c.uses"
    };
}

fn ids(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn count(n: Option<i64>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

fn coupon_of(r: &DbRow) -> Result<Coupon, StorageError> {
    let kind: String = r.try_get("kind")?;
    Ok(Coupon {
        code: r.try_get("code")?,
        kind: DiscountKind::try_from(kind).unwrap_or(DiscountKind::Fixed),
        value: r.try_get("value")?,
        min_spend: r.try_get("min_spend")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        product_ids: ids(&r.try_get::<String, _>("product_ids")?),
        category_ids: ids(&r.try_get::<String, _>("category_ids")?),
        max_uses: count(r.try_get("max_uses")?),
        per_email: count(r.try_get("per_email")?),
        promoter_id: r.try_get("promoter_id")?,
        disabled: r.try_get("disabled")?,
    })
}

/// Records what the coupon took off a written order.
pub(super) async fn record_use(
    conn: &mut Conn,
    order_token: &str,
    claim: &CouponClaim,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO coupon_uses (order_token, code, email, discount, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_token)
    .bind(&claim.code)
    .bind(&claim.email)
    .bind(claim.discount)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn view(r: &DbRow) -> Result<CouponView, StorageError> {
    let c = coupon_of(r)?;
    Ok(CouponView {
        code: c.code,
        kind: c.kind,
        value: c.value,
        min_spend: c.min_spend,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        product_ids: c.product_ids,
        category_ids: c.category_ids,
        max_uses: c.max_uses,
        per_email: c.per_email,
        promoter_id: c.promoter_id,
        promoter_name: r.try_get("promoter_name")?,
        disabled: c.disabled,
        uses: count(Some(r.try_get("uses")?)).unwrap_or(0),
        discounted: Money::jpy(r.try_get("discounted")?),
    })
}

impl CouponStorage for Store {
    async fn save_coupon(
        &self,
        coupon: &Coupon,
        create: bool,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let answer = omiyage_flows::coupon::save(&mut store, coupon, create, now).await?;
        tx.commit().await?;
        answer.map_err(Into::into)
    }

    async fn coupons(&self, code: Option<&str>) -> Result<Vec<CouponView>, StorageError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            ", a.name AS promoter_name, \
               CAST(COALESCE((SELECT SUM(u.discount) FROM coupon_uses u WHERE u.code = c.code), 0) AS BIGINT) AS discounted \
             FROM coupons c LEFT JOIN accounts a ON a.id = c.promoter_id \
             WHERE $1 IS NULL OR c.code = $1 ORDER BY c.created_at DESC, c.code"
        ))
        .bind(code)
        .fetch_all(&self.readers)
        .await?;
        rows.iter().map(view).collect()
    }

    async fn coupon(&self, code: &str) -> Result<Option<StoredCoupon>, StorageError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            ", a.email AS promoter_email FROM coupons c \
             LEFT JOIN accounts a ON a.id = c.promoter_id WHERE c.code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| {
            Ok(StoredCoupon {
                coupon: coupon_of(&r)?,
                uses: count(Some(r.try_get("uses")?)).unwrap_or(0),
                promoter_email: r.try_get("promoter_email")?,
            })
        })
        .transpose()
    }

    async fn coupon_uses_by(&self, code: &str, email: &str) -> Result<u32, StorageError> {
        let uses: Option<i64> =
            sqlx::query_scalar("SELECT uses FROM coupon_emails WHERE code = $1 AND email = $2")
                .bind(code)
                .bind(email)
                .fetch_optional(&self.readers)
                .await?;
        Ok(count(uses).unwrap_or(0))
    }

    async fn promoter_coupons(
        &self,
        promoter_id: &str,
    ) -> Result<Vec<PromoterCoupon>, StorageError> {
        let rows = sqlx::query(
            "SELECT code, kind, value, ends_at, uses FROM coupons \
             WHERE promoter_id = $1 AND disabled = FALSE ORDER BY created_at DESC, code",
        )
        .bind(promoter_id)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PromoterCoupon {
                    code: r.try_get("code")?,
                    kind: DiscountKind::try_from(r.try_get::<String, _>("kind")?)
                        .unwrap_or(DiscountKind::Fixed),
                    value: r.try_get("value")?,
                    ends_at: r.try_get("ends_at")?,
                    uses: count(Some(r.try_get("uses")?)).unwrap_or(0),
                })
            })
            .collect()
    }
}
