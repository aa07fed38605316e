//! Members' points: the shop's rules (the `points` settings document), a member's balance with
//! their spend and latest movements, the expiry sweep and the birthday coupons. The ledger's
//! rows are written by `flow_store::point_rows`, in the transaction of the change.

use omiyage_api::{PointEntry, PointKind, PointSettings};
use omiyage_flows::points::Booking;
use sqlx::Row;

use super::flow_store::point_rows::{book, lock_member};
use super::{Conn, Store};
use crate::events::Event;
use crate::storage::{PointStorage, PointsRow, StorageError};

/// The points rules' key in `shop_settings`.
const SETTINGS: &str = "points";

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
