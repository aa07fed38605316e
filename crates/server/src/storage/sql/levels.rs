//! Promoter levels (rules in `omiyage_core::level`): the admin's ladder, and each promoter's
//! level as last computed from their confirmed sales and orders over the ladder's window. An
//! order counts as confirmed while its ledger (`commission_entries`) holds a positive sum, and
//! counts in the window when commission on it was confirmed inside the window.

use omiyage_api::{Ladder, LevelStatus, LevelView, Money};
use omiyage_core::level::{self, Level};
use sqlx::Row;

use super::{Conn, Store};
use crate::storage::StorageError;

/// The ladder, lowest first, and its window.
pub(super) async fn load(conn: &mut Conn) -> Result<(u32, Vec<Level>), StorageError> {
    let rows = sqlx::query(
        "SELECT name, min_sales, min_orders, bonus_bps, window_days FROM levels ORDER BY position",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut window = level::DEFAULT_WINDOW_DAYS;
    let mut ladder = Vec::with_capacity(rows.len());
    for r in &rows {
        window = u32::try_from(r.try_get::<i64, _>("window_days")?).unwrap_or(window);
        ladder.push(Level {
            name: r.try_get("name")?,
            min_sales: r.try_get("min_sales")?,
            min_orders: u32::try_from(r.try_get::<i64, _>("min_orders")?).unwrap_or(0),
            bonus_bps: u32::try_from(r.try_get::<i64, _>("bonus_bps")?).unwrap_or(0),
        });
    }
    Ok((window, ladder))
}

fn view(l: &Level) -> LevelView {
    LevelView {
        name: l.name.clone(),
        min_sales: Money::jpy(l.min_sales),
        min_orders: l.min_orders,
        bonus_bps: l.bonus_bps,
    }
}

/// Recomputes one promoter's level at `now`, in the caller's transaction.
pub(super) async fn refresh(
    conn: &mut Conn,
    account_id: &str,
    now: i64,
) -> Result<(), StorageError> {
    let (window, ladder) = load(conn).await?;
    let since = now - i64::from(window) * 86_400;
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(a.paid), 0) AS BIGINT) AS sales, COUNT(*) AS orders \
         FROM attributions a WHERE a.promoter_id = $1 \
           AND (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e WHERE e.order_token = a.order_token) > 0 \
           AND EXISTS (SELECT 1 FROM commission_entries e WHERE e.order_token = a.order_token \
                       AND e.amount > 0 AND e.created_at >= $2)",
    )
    .bind(account_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let (sales, orders): (i64, i64) = (row.try_get("sales")?, row.try_get("orders")?);
    let orders = u32::try_from(orders).unwrap_or(u32::MAX);
    let position = level::current(&ladder, sales, orders).map(|i| i as i64);
    sqlx::query(
        "INSERT INTO promoter_levels (account_id, position, sales, orders, computed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO UPDATE SET \
         position = excluded.position, sales = excluded.sales, orders = excluded.orders, \
         computed_at = excluded.computed_at",
    )
    .bind(account_id)
    .bind(position)
    .bind(sales)
    .bind(i64::from(orders))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn refresh_all(conn: &mut Conn, now: i64) -> Result<usize, StorageError> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE role = 'promoter'")
        .fetch_all(&mut *conn)
        .await?;
    for id in &ids {
        refresh(conn, id, now).await?;
    }
    Ok(ids.len())
}

/// Where a promoter stands, as last computed (none while the ladder is empty).
pub(super) async fn status(
    conn: &mut Conn,
    account_id: &str,
) -> Result<Option<LevelStatus>, StorageError> {
    let (window, ladder) = load(conn).await?;
    if ladder.is_empty() {
        return Ok(None);
    }
    let row = sqlx::query("SELECT sales, orders FROM promoter_levels WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    let (sales, orders) = match row {
        Some(r) => (
            r.try_get::<i64, _>("sales")?,
            u32::try_from(r.try_get::<i64, _>("orders")?).unwrap_or(0),
        ),
        None => (0, 0),
    };
    let next = level::next(&ladder, sales, orders);
    Ok(Some(LevelStatus {
        window_days: window,
        sales: Money::jpy(sales),
        orders,
        level: level::current(&ladder, sales, orders).map(|i| view(&ladder[i])),
        next: next.map(|(i, _, _)| view(&ladder[i])),
        needs_sales: Money::jpy(next.map_or(0, |n| n.1)),
        needs_orders: next.map_or(0, |n| n.2),
    }))
}

impl Store {
    pub(super) async fn load_ladder(&self) -> Result<Ladder, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let (window_days, ladder) = load(&mut conn).await?;
        Ok(Ladder {
            window_days,
            levels: ladder.iter().map(view).collect(),
        })
    }

    pub(super) async fn replace_ladder(
        &self,
        window_days: u32,
        ladder: &[Level],
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock).bind("levels").execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM levels").execute(&mut *tx).await?;
        for (i, l) in ladder.iter().enumerate() {
            sqlx::query(
                "INSERT INTO levels (position, name, min_sales, min_orders, bonus_bps, window_days) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(i as i64)
            .bind(l.name.trim())
            .bind(l.min_sales)
            .bind(i64::from(l.min_orders))
            .bind(i64::from(l.bonus_bps))
            .bind(i64::from(window_days))
            .execute(&mut *tx)
            .await?;
        }
        refresh_all(&mut tx, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn refresh_every_level(&self, now: i64) -> Result<usize, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let n = refresh_all(&mut tx, now).await?;
        tx.commit().await?;
        Ok(n)
    }

    pub(super) async fn bonus_of(&self, promoter_id: &str) -> Result<u32, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let (_, ladder) = load(&mut conn).await?;
        let position: Option<i64> =
            sqlx::query_scalar("SELECT position FROM promoter_levels WHERE account_id = $1")
                .bind(promoter_id)
                .fetch_optional(&mut *conn)
                .await?
                .flatten();
        Ok(position
            .and_then(|p| usize::try_from(p).ok())
            .and_then(|p| ladder.get(p))
            .map_or(0, |l| l.bonus_bps))
    }
}
