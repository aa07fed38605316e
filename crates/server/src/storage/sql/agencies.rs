//! Agencies: their share, the promoters working with each (joined by accepting an invitation
//! through the link emailed to them), and each agency's promoters with the commission split
//! between them.

use omiyage_api::{
    AgencyInvite, AgencyPromoter, AgencyTie, AgencyView, Commission, Money, OrderStatus,
};
use omiyage_core::{agency, promotion};
use sqlx::Row;

use super::{Conn, Store};
use crate::events::Event;
use crate::storage::{Accepted, AgencyStorage, NewInvite, StorageError};

/// The agency a promoter works with now, if any.
pub(super) async fn tie(
    conn: &mut Conn,
    promoter_id: &str,
) -> Result<Option<AgencyTie>, StorageError> {
    let row = sqlx::query(
        "SELECT m.agency_id, a.name, g.share_bps FROM agency_members m \
         JOIN accounts a ON a.id = m.agency_id JOIN agencies g ON g.account_id = m.agency_id \
         WHERE m.promoter_id = $1 AND a.disabled = FALSE",
    )
    .bind(promoter_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(AgencyTie {
            agency_id: r.try_get("agency_id")?,
            name: r.try_get("name")?,
            share_bps: u32::try_from(r.try_get::<i64, _>("share_bps")?).unwrap_or(0),
        })
    })
    .transpose()
}

fn invite(r: &super::DbRow) -> Result<AgencyInvite, StorageError> {
    Ok(AgencyInvite {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        email: r.try_get("email")?,
        share_bps: u32::try_from(r.try_get::<i64, _>("share_bps")?).unwrap_or(0),
        created_at: r.try_get("created_at")?,
        accepted_at: r.try_get("accepted_at")?,
    })
}

const INVITES: &str = "SELECT i.id, i.agency_id, a.name AS agency_name, i.email, g.share_bps, \
     i.created_at, i.accepted_at FROM agency_invites i JOIN accounts a ON a.id = i.agency_id \
     JOIN agencies g ON g.account_id = i.agency_id";

impl AgencyStorage for Store {
    async fn create_agency(&self, account_id: &str, share_bps: u32) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO agencies (account_id, share_bps) VALUES ($1, $2)")
            .bind(account_id)
            .bind(i64::from(share_bps))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn agencies(&self) -> Result<Vec<AgencyView>, StorageError> {
        let rows = sqlx::query(
            "SELECT a.id, a.email, a.name, g.share_bps, \
               (SELECT COUNT(*) FROM agency_members m WHERE m.agency_id = a.id) AS promoters \
             FROM agencies g JOIN accounts a ON a.id = g.account_id ORDER BY a.name, a.id",
        )
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AgencyView {
                    id: r.try_get("id")?,
                    email: r.try_get("email")?,
                    name: r.try_get("name")?,
                    share_bps: u32::try_from(r.try_get::<i64, _>("share_bps")?).unwrap_or(0),
                    promoters: u32::try_from(r.try_get::<i64, _>("promoters")?).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn invite_promoter(
        &self,
        agency_id: &str,
        new: &NewInvite,
        now: i64,
    ) -> Result<AgencyInvite, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        sqlx::query(
            "INSERT INTO agency_invites (id, agency_id, email, created_at, token_hash) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, email) \
             DO UPDATE SET token_hash = excluded.token_hash WHERE agency_invites.accepted_at IS NULL",
        )
        .bind(&new.id)
        .bind(agency_id)
        .bind(&new.email)
        .bind(now)
        .bind(&new.token_hash)
        .execute(&mut *tx)
        .await?;
        let sql = sqlx::AssertSqlSafe(format!("{INVITES} WHERE i.agency_id = $1 AND i.email = $2"));
        let row = sqlx::query(sql)
            .bind(agency_id)
            .bind(&new.email)
            .fetch_one(&mut *tx)
            .await?;
        let found = invite(&row)?;
        if found.accepted_at.is_none() {
            let sent = Event::AgencyInvited {
                invite_id: found.id.clone(),
                agency_name: found.agency_name.clone(),
                share_bps: found.share_bps,
                email: found.email.clone(),
                lang: new.lang.clone(),
                token: new.token.clone(),
            };
            super::outbox::record(&mut tx, &sent, now).await?;
        }
        tx.commit().await?;
        Ok(found)
    }

    async fn invites(
        &self,
        agency_id: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<AgencyInvite>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{INVITES} WHERE ($1 IS NULL OR i.agency_id = $1) AND ($2 IS NULL OR (i.email = $2 AND i.accepted_at IS NULL)) \
             ORDER BY i.created_at DESC, i.id"
        ));
        let rows = sqlx::query(sql)
            .bind(agency_id)
            .bind(email)
            .fetch_all(&self.readers)
            .await?;
        rows.iter().map(invite).collect()
    }

    async fn accept_invite(
        &self,
        invite_id: &str,
        token_hash: &str,
        promoter_id: &str,
        email: &str,
        now: i64,
    ) -> Result<Accepted, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let agency: Option<String> = sqlx::query_scalar(
            "SELECT agency_id FROM agency_invites WHERE id = $1 AND email = $2 \
             AND token_hash = $3 AND accepted_at IS NULL",
        )
        .bind(invite_id)
        .bind(email)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(agency) = agency else {
            return Ok(Accepted::NoInvitation);
        };
        // One agency per promoter: the primary key refuses a second, also when racing.
        let joined = sqlx::query(
            "INSERT INTO agency_members (promoter_id, agency_id, joined_at) VALUES ($1, $2, $3) \
             ON CONFLICT (promoter_id) DO NOTHING",
        )
        .bind(promoter_id)
        .bind(&agency)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !joined {
            return Ok(Accepted::HasAgency);
        }
        sqlx::query("UPDATE agency_invites SET accepted_at = $1 WHERE id = $2")
            .bind(now)
            .bind(invite_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Accepted::Joined)
    }

    async fn agency_of(&self, promoter_id: &str) -> Result<Option<AgencyTie>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        tie(&mut conn, promoter_id).await
    }

    async fn agency_promoters(
        &self,
        agency_id: &str,
        only: Option<&str>,
    ) -> Result<Vec<AgencyPromoter>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let members = sqlx::query(
            "SELECT a.id, a.name, a.email FROM agency_members m JOIN accounts a ON a.id = m.promoter_id \
             WHERE m.agency_id = $1 AND ($2 IS NULL OR m.promoter_id = $2) ORDER BY a.name, a.id",
        )
        .bind(agency_id)
        .bind(only)
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(members.len());
        for m in &members {
            let id: String = m.try_get("id")?;
            let sql = sqlx::AssertSqlSafe(format!(
                "SELECT a.order_token, a.commission, a.new_buyer, a.agency_share_bps, o.status, o.total, \
                   {} AS refunded \
                 FROM attributions a JOIN orders o ON o.token = a.order_token \
                 WHERE a.promoter_id = $1 AND a.agency_id = $2",
                super::payouts::REFUNDED
            ));
            let orders = sqlx::query(sql)
                .bind(&id)
                .bind(agency_id)
                .fetch_all(&mut *conn)
                .await?;
            let mut commission = Commission {
                pending: Money::jpy(0),
                confirmed: Money::jpy(0),
                reversed: Money::jpy(0),
            };
            let (mut agency_part, mut new_buyers) = (0, 0);
            for o in &orders {
                let status = OrderStatus::try_from(o.try_get::<String, _>("status")?)
                    .map_err(StorageError::Failed)?;
                let token: String = o.try_get("order_token")?;
                let s = super::payouts::commission_split(
                    &mut conn,
                    &token,
                    Money::jpy(o.try_get("commission")?),
                    status,
                    (o.try_get("total")?, o.try_get("refunded")?),
                )
                .await?;
                commission.pending.amount += s.pending.amount;
                commission.confirmed.amount += s.confirmed.amount;
                commission.reversed.amount += s.reversed.amount;
                let share = u32::try_from(o.try_get::<i64, _>("agency_share_bps")?).unwrap_or(0);
                agency_part += agency::split(s.confirmed.amount, share).0;
                if o.try_get::<bool, _>("new_buyer")? {
                    new_buyers += 1;
                }
            }
            let n = u32::try_from(orders.len()).unwrap_or(u32::MAX);
            out.push(AgencyPromoter {
                account_id: id,
                name: m.try_get("name")?,
                email: m.try_get("email")?,
                orders: n,
                new_buyer_orders: new_buyers,
                new_buyer_share_bps: promotion::new_buyer_share_bps(new_buyers, n),
                agency_part: Money::jpy(agency_part),
                promoter_part: Money::jpy(commission.confirmed.amount - agency_part),
                commission,
            });
        }
        Ok(out)
    }
}
