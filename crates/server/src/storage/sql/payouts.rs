//! Promoters' commission ledgers and payouts (rules in `omiyage_core::payout`). Whatever changes
//! an attributed order (shipping, a claim, a refund) calls [`settle`] in its own transaction:
//! the order's confirmed commission, less its refunds' share, is compared with what the ledger
//! holds for the order and the difference is booked, so the ledger always adds up to what the
//! orders earned, however their changes interleave.

use omiyage_api::{ApiError, Money, OrderStatus, Payout, PayoutInput, UnitState};
use omiyage_core::payout::{self, Entry};
use omiyage_core::promotion::{self, CommissionSplit};
use sqlx::Row;

use super::{Conn, Store};
use crate::storage::{Ledger, StorageError};

/// An attributed order's commission split by state, its refunds' share taken back.
pub(super) async fn commission_split(
    conn: &mut Conn,
    order_token: &str,
    commission: Money,
    status: OrderStatus,
    (total, refunded): (i64, i64),
) -> Result<CommissionSplit, StorageError> {
    let units: Vec<UnitState> = sqlx::query_scalar::<_, String>(
        "SELECT u.state FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
         WHERE g.order_token = $1 ORDER BY u.idx",
    )
    .bind(order_token)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|s| UnitState::try_from(s).ok())
    .collect();
    let split = promotion::split(
        commission,
        status == OrderStatus::Shipped,
        status == OrderStatus::Cancelled,
        (!units.is_empty()).then_some(units.as_slice()),
    );
    let reversal = payout::refund_reversal(commission, Money::jpy(total), Money::jpy(refunded));
    Ok(payout::after_refunds(split, reversal))
}

/// The SQL of an attributed order's refunded amount (the admin's card refunds).
pub(super) const REFUNDED: &str = "COALESCE((SELECT c.refunded_by_admin FROM card_payments c \
     WHERE c.order_token = a.order_token), 0)";

/// Books the difference between an attributed order's confirmed commission (after refunds)
/// and what the ledgers of its promoter (and their agency, by its share) hold for it, in the
/// caller's transaction; a growth of the promoter's part records `commission.confirmed`. Nothing happens for an order no promoter is credited with.
pub(super) async fn settle(
    conn: &mut Conn,
    order_token: &str,
    now: i64,
) -> Result<(), StorageError> {
    if let Some(lock) = super::dialect::LOCK_KEY {
        sqlx::query(lock)
            .bind(format!("commission:{order_token}"))
            .execute(&mut *conn)
            .await?;
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT a.promoter_id, a.commission, a.agency_id, a.agency_share_bps, acc.email, \
           o.reference, o.status, o.total, {REFUNDED} AS refunded \
         FROM attributions a JOIN accounts acc ON acc.id = a.promoter_id \
         JOIN orders o ON o.token = a.order_token WHERE a.order_token = $1"
    ));
    let Some(row) = sqlx::query(sql)
        .bind(order_token)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(());
    };
    let status =
        OrderStatus::try_from(row.try_get::<String, _>("status")?).map_err(StorageError::Failed)?;
    let split = commission_split(
        conn,
        order_token,
        Money::jpy(row.try_get("commission")?),
        status,
        (row.try_get("total")?, row.try_get("refunded")?),
    )
    .await?;
    // The confirmed commission, split with the promoter's agency (when the order came while
    // they worked with one): each account's ledger is brought to its part.
    let promoter_id: String = row.try_get("promoter_id")?;
    let agency_id: Option<String> = row.try_get("agency_id")?;
    let share = u32::try_from(row.try_get::<i64, _>("agency_share_bps")?).unwrap_or(0);
    let (agency_part, promoter_part) = match &agency_id {
        Some(_) => omiyage_core::agency::split(split.confirmed.amount, share),
        None => (0, split.confirmed.amount),
    };
    let mut parts = vec![(promoter_id.as_str(), promoter_part)];
    if let Some(agency) = &agency_id {
        parts.push((agency.as_str(), agency_part));
    }
    let mut promoter_delta = 0;
    for (account, part) in parts {
        let booked: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM commission_entries \
             WHERE order_token = $1 AND account_id = $2",
        )
        .bind(order_token)
        .bind(account)
        .fetch_one(&mut *conn)
        .await?;
        let delta = part - booked;
        if delta == 0 {
            continue;
        }
        sqlx::query(
            "INSERT INTO commission_entries (id, account_id, order_token, amount, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(account)
        .bind(order_token)
        .bind(delta)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if account == promoter_id {
            promoter_delta = delta;
            // Confirmed sales moved: the promoter's level may have too.
            super::levels::refresh(conn, &promoter_id, now).await?;
        }
    }
    if promoter_delta <= 0 {
        return Ok(());
    }
    let event = crate::outbox::event::Event::CommissionConfirmed {
        promoter_id,
        email: row.try_get("email")?,
        order_reference: row.try_get("reference")?,
        amount: Money::jpy(promoter_delta),
        confirmed: Money::jpy(promoter_part),
    };
    super::outbox::record(conn, &event, now).await
}

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

    pub(super) async fn insert_payout(
        &self,
        input: &PayoutInput,
        id: &str,
        hold_secs: i64,
        now: i64,
    ) -> Result<Payout, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock)
                .bind(format!("payout:{}", input.account_id))
                .execute(&mut *tx)
                .await?;
        }
        let Some(ledger) = ledger(&mut tx, &input.account_id).await? else {
            return Err(ApiError::not_found("This promoter or agency").into());
        };
        let owed = ledger.balance(hold_secs, now).balance;
        let reference = payout::validate_payout(input.amount, &input.reference, owed)?;
        let payout = Payout {
            id: id.to_string(),
            account_id: input.account_id.clone(),
            amount: Money::jpy(input.amount),
            reference,
            paid_at: now,
        };
        sqlx::query(
            "INSERT INTO payouts (id, account_id, amount, reference, paid_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&payout.id)
        .bind(&payout.account_id)
        .bind(payout.amount.amount)
        .bind(&payout.reference)
        .bind(payout.paid_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(payout)
    }
}
