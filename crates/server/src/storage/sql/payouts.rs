//! Promoters' commission ledgers and payouts (rules in `omiyage_core::payout`). An attributed
//! order's commission is settled by `omiyage_flows::commission::settle` wherever it changes;
//! its steps are `flow_store`'s.

use omiyage_api::{Money, OrderStatus, Payout, UnitState};
use omiyage_core::payout::{self, Entry};
use omiyage_core::promotion::CommissionSplit;
use sqlx::Row;

use super::{Conn, Store};
use crate::storage::{Ledger, StorageError};

/// The states of an order's gift units (none for an order that is no gift).
pub(super) async fn unit_states(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Vec<UnitState>, StorageError> {
    Ok(sqlx::query_scalar::<_, String>(
        "SELECT u.state FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
         WHERE g.order_token = $1 ORDER BY u.idx",
    )
    .bind(order_token)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|s| UnitState::try_from(s).ok())
    .collect())
}

/// An attributed order's commission split by state, its refunds' share taken back.
pub(super) async fn commission_split(
    conn: &mut Conn,
    order_token: &str,
    commission: Money,
    status: OrderStatus,
    (total, refunded): (i64, i64),
) -> Result<CommissionSplit, StorageError> {
    let units = unit_states(conn, order_token).await?;
    Ok(payout::order_split(
        commission,
        status,
        &units,
        (total, refunded),
    ))
}

/// The SQL of an attributed order's refunded amount (the admin's card refunds).
pub(super) const REFUNDED: &str = "COALESCE((SELECT c.refunded_by_admin FROM card_payments c \
     WHERE c.order_token = a.order_token), 0)";

/// The ledger of one promoter, if there is one by that id.
async fn ledger(conn: &mut Conn, account_id: &str) -> Result<Option<Ledger>, StorageError> {
    let Some(email) = sqlx::query_scalar::<_, String>(
        "SELECT email FROM accounts WHERE id = $1 AND role IN ('promoter', 'agency')",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let entries = sqlx::query(
        "SELECT e.order_token, e.amount, e.created_at, o.reference FROM commission_entries e \
         JOIN orders o ON o.token = e.order_token WHERE e.account_id = $1 \
         ORDER BY e.created_at, e.id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            Entry {
                order: r.try_get("order_token")?,
                amount: r.try_get("amount")?,
                at: r.try_get("created_at")?,
            },
            r.try_get("reference")?,
        ))
    })
    .collect::<Result<Vec<_>, StorageError>>()?;
    let payouts = sqlx::query(
        "SELECT id, amount, reference, paid_at FROM payouts WHERE account_id = $1 \
         ORDER BY paid_at DESC, id DESC",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Payout {
            id: r.try_get("id")?,
            account_id: account_id.to_string(),
            amount: Money::jpy(r.try_get("amount")?),
            reference: r.try_get("reference")?,
            paid_at: r.try_get("paid_at")?,
        })
    })
    .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(Some(Ledger {
        account_id: account_id.to_string(),
        email,
        entries,
        payouts,
    }))
}

impl Store {
    pub(super) async fn load_ledgers(
        &self,
        account_id: Option<&str>,
    ) -> Result<Vec<Ledger>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let ids: Vec<String> = match account_id {
            Some(id) => vec![id.to_string()],
            None => {
                sqlx::query_scalar(
                    "SELECT id FROM accounts WHERE role IN ('promoter', 'agency') AND (\
                   EXISTS (SELECT 1 FROM commission_entries e WHERE e.account_id = accounts.id) \
                   OR EXISTS (SELECT 1 FROM payouts p WHERE p.account_id = accounts.id)) \
                 ORDER BY email",
                )
                .fetch_all(&mut *conn)
                .await?
            }
        };
        let mut ledgers = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(l) = ledger(&mut conn, id).await? {
                ledgers.push(l);
            }
        }
        Ok(ledgers)
    }
}

/// Holds the promoter's payouts until the transaction ends (PostgreSQL; SQLite's writer
/// holds the database), then reads their ledger.
pub(super) async fn lock_ledger(
    conn: &mut Conn,
    account_id: &str,
) -> Result<Option<Ledger>, StorageError> {
    if let Some(lock) = super::dialect::LOCK_KEY {
        sqlx::query(lock)
            .bind(format!("payout:{account_id}"))
            .execute(&mut *conn)
            .await?;
    }
    ledger(conn, account_id).await
}

/// The payout recorded under `id`.
pub(super) async fn find(conn: &mut Conn, id: &str) -> Result<Option<Payout>, StorageError> {
    let row =
        sqlx::query("SELECT id, account_id, amount, reference, paid_at FROM payouts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        Ok(Payout {
            id: r.try_get("id")?,
            account_id: r.try_get("account_id")?,
            amount: Money::jpy(r.try_get("amount")?),
            reference: r.try_get("reference")?,
            paid_at: r.try_get("paid_at")?,
        })
    })
    .transpose()
}

pub(super) async fn insert(conn: &mut Conn, payout: &Payout) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO payouts (id, account_id, amount, reference, paid_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&payout.id)
    .bind(&payout.account_id)
    .bind(payout.amount.amount)
    .bind(&payout.reference)
    .bind(payout.paid_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
