//! Members' points: the balance (`members.points`) moves in the same statement sequence as each
//! ledger entry (`point_entries`), inside the caller's transaction; spending is one conditional
//! update (`points >= n`), so two checkouts spending the same points cannot both succeed; a
//! member's settlements are serialised (SQLite's single writer; an advisory lock per member
//! on PostgreSQL). The shop's rules are the `points` settings document.

use omiyage_api::{OrderStatus, OrderView, PointEntry, PointKind, PointSettings};
use omiyage_core::points::{OrderPoints, Targets};
use omiyage_flows::points::{Booking, PointsAccount};
use sqlx::Row;

use super::{Conn, Store};
use crate::events::Event;
use crate::storage::{PointStorage, PointsRow, StorageError};

/// The points rules' key in `shop_settings`.
const SETTINGS: &str = "points";

async fn lock_member(conn: &mut Conn, member_id: &str) -> Result<(), StorageError> {
    if let Some(lock) = super::dialect::LOCK_KEY {
        sqlx::query(lock)
            .bind(format!("points:{member_id}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An order's points and its member (the one who placed it signed in, else the member with
/// its email), their balance held; `None` when no member spent or earns on it.
pub(super) async fn order_points(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Option<PointsAccount>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT o.status, o.total, o.view_json, o.points_used, o.points_rate_bps, \
           COALESCE(o.member_id, (SELECT m.id FROM members m WHERE m.email = o.email)) AS member, \
           {} AS refunded \
         FROM orders o WHERE o.token = $1",
        super::payouts::REFUNDED.replace("a.order_token", "o.token")
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
        units: super::payouts::unit_states(conn, order_token).await?,
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
pub(super) async fn book(
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
pub(super) async fn take(
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
pub(super) async fn give_back(
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
pub(super) async fn record_spend(
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

/// What a member paid since `since` (the spend their points were earned on, less refunds).
async fn spend_since(conn: &mut Conn, member_id: &str, since: i64) -> Result<i64, StorageError> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(basis), 0) AS BIGINT) FROM point_entries \
         WHERE member_id = $1 AND kind = 'earn' AND created_at > $2",
    )
    .bind(member_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

impl PointStorage for Store {
    async fn birthday_coupons(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> Result<usize, StorageError> {
        use omiyage_core::points;
        if settings.ranks.iter().all(|r| r.birthday_coupon.is_none()) {
            return Ok(0);
        }
        let (year, month, _) = omiyage_core::sales::civil(omiyage_core::sales::day_of(now));
        let rows = sqlx::query(
            "SELECT id, email, lang, birthday, birthday_year FROM members \
             WHERE birthday LIKE $1 AND (birthday_year IS NULL OR birthday_year < $2)",
        )
        .bind(format!("{month:02}-%"))
        .bind(year)
        .fetch_all(&self.readers)
        .await?;
        let mut given = 0;
        for r in rows {
            let id: String = r.try_get("id")?;
            let birthday: String = r.try_get("birthday")?;
            let Some(year) = points::birthday_due(&birthday, r.try_get("birthday_year")?, now)
            else {
                continue;
            };
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            let spend = spend_since(&mut tx, &id, now - points::RANK_PERIOD_SECS).await?;
            let Some(amount) = points::rank_of(settings, spend).and_then(|r| r.birthday_coupon)
            else {
                continue;
            };
            // Once a year: of racing sweeps, one marks the year.
            let marked = sqlx::query(
                "UPDATE members SET birthday_year = $2 WHERE id = $1 \
                 AND (birthday_year IS NULL OR birthday_year < $2)",
            )
            .bind(&id)
            .bind(year)
            .execute(&mut *tx)
            .await?;
            if marked.rows_affected() == 0 {
                continue;
            }
            let code = points::birthday_code(&uuid::Uuid::new_v4().simple().to_string());
            let coupon = points::birthday_coupon(code, amount, now);
            super::flow_store::coupon_rows::write(&mut tx, &coupon, Some(now)).await?;
            let event = Event::BirthdayCoupon {
                email: r.try_get("email")?,
                lang: r.try_get("lang")?,
                code: coupon.code.clone(),
                amount,
                ends_at: coupon.ends_at,
            };
            super::outbox::record(&mut tx, &event, now).await?;
            tx.commit().await?;
            given += 1;
        }
        Ok(given)
    }

    async fn point_settings(&self) -> Result<PointSettings, StorageError> {
        let mut conn = self.readers.acquire().await?;
        super::settings::load(&mut conn, SETTINGS, PointSettings::default).await
    }

    async fn save_point_settings(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        super::settings::save(&mut conn, SETTINGS, settings, now).await
    }

    async fn member_points(
        &self,
        member_id: &str,
        since: i64,
        latest: u32,
    ) -> Result<Option<PointsRow>, StorageError> {
        let Some(row) = sqlx::query("SELECT points, points_moved_at FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(&self.readers)
            .await?
        else {
            return Ok(None);
        };
        let mut conn = self.readers.acquire().await?;
        let spend = spend_since(&mut conn, member_id, since).await?;
        let mut entries = Vec::new();
        for r in sqlx::query(
            "SELECT e.kind, e.amount, e.created_at, o.reference FROM point_entries e \
             LEFT JOIN orders o ON o.token = e.order_token \
             WHERE e.member_id = $1 AND e.amount <> 0 ORDER BY e.created_at DESC, e.id DESC LIMIT $2",
        )
        .bind(member_id)
        .bind(i64::from(latest))
        .fetch_all(&self.readers)
        .await?
        {
            let Some(kind) = PointKind::of(&r.try_get::<String, _>("kind")?) else {
                continue;
            };
            entries.push(PointEntry {
                kind,
                amount: r.try_get("amount")?,
                order_reference: r.try_get("reference")?,
                at: r.try_get("created_at")?,
            });
        }
        Ok(Some(PointsRow {
            balance: row.try_get("points")?,
            moved_at: row.try_get("points_moved_at")?,
            spend,
            entries,
        }))
    }

    async fn expire_points(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> Result<(usize, usize), StorageError> {
        let rows = sqlx::query(
            "SELECT id, email, lang, points, points_moved_at, points_told_at FROM members \
             WHERE points > 0 AND points_moved_at IS NOT NULL",
        )
        .fetch_all(&self.readers)
        .await?;
        let (mut expired, mut told) = (0, 0);
        for r in rows {
            let id: String = r.try_get("id")?;
            let moved: i64 = r.try_get("points_moved_at")?;
            let told_at: Option<i64> = r.try_get("points_told_at")?;
            let expires = omiyage_core::points::expires_at(settings, moved);
            let due = omiyage_core::points::due_notice(settings, moved, told_at, now);
            if now < expires && !due {
                continue;
            }
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            lock_member(&mut tx, &id).await?;
            // Read again in the transaction: an order may have moved them meanwhile.
            let row = sqlx::query(
                "SELECT points, points_moved_at, points_told_at FROM members WHERE id = $1",
            )
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
            let points: i64 = row.try_get("points")?;
            let moved: Option<i64> = row.try_get("points_moved_at")?;
            let told_at: Option<i64> = row.try_get("points_told_at")?;
            let Some(moved) = moved.filter(|_| points > 0) else {
                continue;
            };
            let expires = omiyage_core::points::expires_at(settings, moved);
            if now >= expires {
                let booking = Booking {
                    member_id: &id,
                    order_token: None,
                    kind: PointKind::Expire,
                    amount: -points,
                    basis: 0,
                };
                book(&mut tx, &booking, now).await?;
                expired += 1;
            } else if omiyage_core::points::due_notice(settings, moved, told_at, now) {
                let email: String = r.try_get("email")?;
                let lang: String = r.try_get("lang")?;
                let event = Event::PointsExpiring {
                    email,
                    lang,
                    points,
                    expires_at: expires,
                };
                super::outbox::record(&mut tx, &event, now).await?;
                sqlx::query("UPDATE members SET points_told_at = $2 WHERE id = $1")
                    .bind(&id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                told += 1;
            }
            tx.commit().await?;
        }
        Ok((expired, told))
    }
}
