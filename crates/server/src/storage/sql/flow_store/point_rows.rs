//! Members' points ledger rows, inside the caller's transaction: the balance
//! (`members.points`) moves in the same statements as each entry (`point_entries`); spending is
//! one conditional update (`points >= n`); a member's settlements are serialised (SQLite's
//! single writer; an advisory lock per member on PostgreSQL). The flows' steps
//! (`omiyage_flows::points`) and the expiry sweep (`storage/sql/points.rs`) both use these.

use omiyage_api::{OrderStatus, OrderView, PointKind};
use omiyage_core::points::{OrderPoints, Targets};
use omiyage_flows::points::{Booking, PointsAccount};
use sqlx::Row;

use super::super::Conn;
use crate::storage::StorageError;

pub(crate) async fn lock_member(conn: &mut Conn, member_id: &str) -> Result<(), StorageError> {
    if let Some(lock) = super::super::dialect::LOCK_KEY {
        sqlx::query(lock)
            .bind(format!("points:{member_id}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An order's points and its member (the one who placed it signed in, else the member with
/// its email), their balance held; `None` when no member spent or earns on it.
pub(crate) async fn order_points(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Option<PointsAccount>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT o.status, o.total, o.view_json, o.points_used, o.points_rate_bps, \
           COALESCE(o.member_id, (SELECT m.id FROM members m WHERE m.email = o.email)) AS member, \
           {} AS refunded \
         FROM orders o WHERE o.token = $1",
        super::super::payouts::REFUNDED.replace("a.order_token", "o.token")
    ));
    let Some(row) = sqlx::query(sql)
        .bind(order_token)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(member_id) = row.try_get::<Option<String>, _>("member")? else {
        return Ok(None);
    };
    let spent: i64 = row.try_get("points_used")?;
    let rate_bps = u32::try_from(row.try_get::<i64, _>("points_rate_bps")?).unwrap_or(0);
    if spent == 0 && rate_bps == 0 {
        return Ok(None);
    }
    let view: OrderView = serde_json::from_str(&row.try_get::<String, _>("view_json")?)?;
    let status =
        OrderStatus::try_from(row.try_get::<String, _>("status")?).map_err(StorageError::Failed)?;
    let order = OrderPoints {
        status,
        units: super::super::payouts::unit_states(conn, order_token).await?,
        total: row.try_get("total")?,
        shipping: view.shipping.amount,
        refunded: row.try_get("refunded")?,
        spent,
        rate_bps,
    };
    lock_member(conn, &member_id).await?;
    let balance: i64 = sqlx::query_scalar("SELECT points FROM members WHERE id = $1")
        .bind(&member_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut booked = Targets::default();
    let rows = sqlx::query(
        "SELECT kind, CAST(SUM(amount) AS BIGINT) AS amount, CAST(SUM(basis) AS BIGINT) AS basis \
         FROM point_entries WHERE order_token = $1 AND member_id = $2 GROUP BY kind",
    )
    .bind(order_token)
    .bind(&member_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let amount: i64 = r.try_get("amount")?;
        match PointKind::of(&r.try_get::<String, _>("kind")?) {
            Some(PointKind::Earn) => {
                booked.earned = amount;
                booked.basis = r.try_get("basis")?;
            }
            Some(PointKind::Return) => booked.returned = amount,
            _ => {}
        }
    }
    Ok(Some(PointsAccount {
        member_id,
        order,
        booked,
        balance,
    }))
}

async fn insert_entry(
    conn: &mut Conn,
    booking: &Booking<'_>,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO point_entries (id, member_id, order_token, kind, amount, basis, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    // Time-ordered: entries of the same second list in the order they were booked.
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(booking.member_id)
    .bind(booking.order_token)
    .bind(booking.kind.as_str())
    .bind(booking.amount)
    .bind(booking.basis)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Books an entry and moves the balance with it (the CHECK refuses a negative balance: the
/// flows never ask for one). Earning points starts their expiry period again.
pub(crate) async fn book(
    conn: &mut Conn,
    booking: &Booking<'_>,
    now: i64,
) -> Result<(), StorageError> {
    insert_entry(conn, booking, now).await?;
    let renews = booking.kind == PointKind::Earn && booking.amount > 0;
    sqlx::query(
        "UPDATE members SET points = points + $2, \
         points_moved_at = CASE WHEN $3 THEN $4 ELSE points_moved_at END WHERE id = $1",
    )
    .bind(booking.member_id)
    .bind(booking.amount)
    .bind(renews)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes points for an order being admitted unless fewer are left (`Err` with the balance).
pub(crate) async fn take(
    conn: &mut Conn,
    member_id: &str,
    points: i64,
) -> Result<Result<(), i64>, StorageError> {
    let done =
        sqlx::query("UPDATE members SET points = points - $2 WHERE id = $1 AND points >= $2")
            .bind(member_id)
            .bind(points)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() == 1 {
        return Ok(Ok(()));
    }
    let left: Option<i64> = sqlx::query_scalar("SELECT points FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(Err(left.unwrap_or(0)))
}

/// Gives back points taken for an order that was not written after all.
pub(crate) async fn give_back(
    conn: &mut Conn,
    member_id: &str,
    points: i64,
) -> Result<(), StorageError> {
    sqlx::query("UPDATE members SET points = points + $2 WHERE id = $1")
        .bind(member_id)
        .bind(points)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes the entry of the points a placed order spent (taken from the balance when it was
/// admitted; its member and rate are columns of the order).
pub(crate) async fn record_spend(
    conn: &mut Conn,
    order: &OrderView,
    terms: &omiyage_flows::points::PointsTerms,
) -> Result<(), StorageError> {
    if let (Some(member_id), true) = (&terms.member_id, terms.spent > 0) {
        let booking = Booking {
            member_id,
            order_token: Some(&order.token),
            kind: PointKind::Spend,
            amount: -terms.spent,
            basis: 0,
        };
        insert_entry(conn, &booking, order.created_at).await?;
        sqlx::query("UPDATE members SET points_moved_at = $2 WHERE id = $1")
            .bind(member_id)
            .bind(order.created_at)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
