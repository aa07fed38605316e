//! The coupon steps of the flows: a use claimed, given back or released with an unpaid order,
//! and the admin's coupons written (`omiyage_flows::coupon`). A use is claimed in the order's
//! own transaction by conditional updates — the coupon's `uses` below its cap, the email's
//! `uses` below the per-email cap — so the caps are exact however many checkouts race.

use omiyage_core::coupon::Coupon;
use omiyage_flows::order::{CouponClaim, CouponRefusal};

use super::super::Conn;
use crate::storage::StorageError;

/// Claims one use of the coupon for `claim.email`, or says why not (nothing changed then).
pub(crate) async fn claim(
    conn: &mut Conn,
    claim: &CouponClaim,
) -> Result<Option<CouponRefusal>, StorageError> {
    let taken = sqlx::query(
        "UPDATE coupons SET uses = uses + 1 \
         WHERE code = $1 AND disabled = FALSE AND (max_uses IS NULL OR uses < max_uses)",
    )
    .bind(&claim.code)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Ok(Some(CouponRefusal::UsedUp));
    }
    let limit = claim.per_email.map_or(i64::MAX, i64::from);
    let mine = sqlx::query(
        "INSERT INTO coupon_emails (code, email, uses) VALUES ($1, $2, 1) \
         ON CONFLICT (code, email) DO UPDATE SET uses = coupon_emails.uses + 1 \
         WHERE coupon_emails.uses < $3",
    )
    .bind(&claim.code)
    .bind(&claim.email)
    .bind(limit)
    .execute(&mut *conn)
    .await?;
    if mine.rows_affected() == 0 {
        sqlx::query("UPDATE coupons SET uses = uses - 1 WHERE code = $1")
            .bind(&claim.code)
            .execute(&mut *conn)
            .await?;
        return Ok(Some(CouponRefusal::UsedByYou));
    }
    Ok(None)
}

/// Gives back a use claimed for an order that was not written after all.
pub(crate) async fn give_back(conn: &mut Conn, claim: &CouponClaim) -> Result<(), StorageError> {
    release(conn, &claim.code, &claim.email).await
}

async fn release(conn: &mut Conn, code: &str, email: &str) -> Result<(), StorageError> {
    sqlx::query("UPDATE coupons SET uses = uses - 1 WHERE code = $1 AND uses > 0")
        .bind(code)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE coupon_emails SET uses = uses - 1 WHERE code = $1 AND email = $2 AND uses > 0",
    )
    .bind(code)
    .bind(email)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives back the use of an order cancelled before it was paid (a card payment that failed or
/// was abandoned): the buyer may use the code again, and it no longer counts as used.
pub(crate) async fn release_unpaid(conn: &mut Conn, order_token: &str) -> Result<(), StorageError> {
    let used: Option<(String, String)> =
        sqlx::query_as("DELETE FROM coupon_uses WHERE order_token = $1 RETURNING code, email")
            .bind(order_token)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((code, email)) = used {
        release(conn, &code, &email).await?;
    }
    Ok(())
}

/// Whether the account is one of the shop's promoters.
pub(crate) async fn is_promoter(conn: &mut Conn, account_id: &str) -> Result<bool, StorageError> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(role.as_deref() == Some("promoter"))
}

/// A coupon's uses so far; `None`: no such coupon.
pub(crate) async fn uses(conn: &mut Conn, code: &str) -> Result<Option<u32>, StorageError> {
    let uses: Option<i64> = sqlx::query_scalar("SELECT uses FROM coupons WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(uses.map(|n| u32::try_from(n).unwrap_or(u32::MAX)))
}

/// Writes a new coupon (`now` given) or a coupon's new terms (only while its uses are within
/// the new cap): `false` when nothing was written.
pub(crate) async fn write(
    conn: &mut Conn,
    c: &Coupon,
    now: Option<i64>,
) -> Result<bool, StorageError> {
    let (products, categories) = (
        serde_json::to_string(&c.product_ids)?,
        serde_json::to_string(&c.category_ids)?,
    );
    let query = match now {
        Some(_) => sqlx::query(
            "INSERT INTO coupons (code, kind, value, min_spend, starts_at, ends_at, product_ids, \
             category_ids, max_uses, per_email, promoter_id, disabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (code) DO NOTHING",
        ),
        None => sqlx::query(
            "UPDATE coupons SET kind = $2, value = $3, min_spend = $4, starts_at = $5, ends_at = $6, \
             product_ids = $7, category_ids = $8, max_uses = $9, per_email = $10, promoter_id = $11, \
             disabled = $12 WHERE code = $1 AND ($9 IS NULL OR uses <= $9)",
        ),
    };
    let query = query
        .bind(&c.code)
        .bind(c.kind.as_str())
        .bind(c.value)
        .bind(c.min_spend)
        .bind(c.starts_at)
        .bind(c.ends_at)
        .bind(products)
        .bind(categories)
        .bind(c.max_uses.map(i64::from))
        .bind(c.per_email.map(i64::from))
        .bind(&c.promoter_id)
        .bind(c.disabled);
    let query = match now {
        Some(now) => query.bind(now),
        None => query,
    };
    Ok(query.execute(&mut *conn).await?.rows_affected() == 1)
}
