//! Members: a sign-in link is used once (a conditional update, so racing uses make one
//! session), the member made on first use, sessions apart from the staff's.

use omiyage_api::Money;
use sqlx::Row;

use super::{DbRow, Store};
use crate::events::Event;
use crate::storage::{
    Member, MemberClaim, MemberGift, MemberOrder, MemberStorage, NewMemberLink, StorageError,
    StoredPasskey, Unfinished,
};

fn member_from(r: &DbRow) -> Result<Member, StorageError> {
    Ok(Member {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        lang: r.try_get("lang")?,
        created_at: r.try_get("created_at")?,
        news: r.try_get("news")?,
        birthday: r.try_get("birthday")?,
    })
}

fn passkey_from(r: &DbRow) -> Result<StoredPasskey, StorageError> {
    Ok(StoredPasskey {
        credential_id: r.try_get("credential_id")?,
        member_id: r.try_get("member_id")?,
        passkey: r.try_get("passkey")?,
        created_at: r.try_get("created_at")?,
        used_at: r.try_get("used_at")?,
    })
}

const PASSKEY: &str =
    "SELECT credential_id, member_id, passkey, created_at, used_at FROM member_passkeys";

/// Starts a member's session in `conn`'s transaction.
async fn start_session(
    conn: &mut super::Conn,
    member_id: &str,
    session_hash: &str,
    session_expires: i64,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO member_sessions (token_hash, member_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(session_hash)
    .bind(member_id)
    .bind(now)
    .bind(session_expires)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl MemberStorage for Store {
    async fn start_member_link(
        &self,
        link: &NewMemberLink,
        event: &Event,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        sqlx::query(
            "INSERT INTO member_links (token_hash, email, lang, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&link.token_hash)
        .bind(&link.email)
        .bind(&link.lang)
        .bind(now)
        .bind(link.expires_at)
        .execute(&mut *tx)
        .await?;
        super::outbox::record(&mut tx, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn use_member_link(
        &self,
        token_hash: &str,
        session_hash: &str,
        session_expires: i64,
        now: i64,
    ) -> Result<Option<Member>, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let used = sqlx::query(
            "UPDATE member_links SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at >= $2",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() == 0 {
            return Ok(None);
        }
        let link = sqlx::query("SELECT email, lang FROM member_links WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_one(&mut *tx)
            .await?;
        let (email, lang): (String, String) = (link.try_get("email")?, link.try_get("lang")?);
        sqlx::query(
            "INSERT INTO members (id, email, lang, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&email)
        .bind(&lang)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT id, email, lang, created_at, news, birthday FROM members WHERE email = $1",
        )
        .bind(&email)
        .fetch_one(&mut *tx)
        .await?;
        let member = member_from(&row)?;
        start_session(&mut tx, &member.id, session_hash, session_expires, now).await?;
        tx.commit().await?;
        Ok(Some(member))
    }

    async fn member_of_session(
        &self,
        session_hash: &str,
        now: i64,
    ) -> Result<Option<Member>, StorageError> {
        let row = sqlx::query(
            "SELECT m.id, m.email, m.lang, m.created_at, m.news, m.birthday FROM member_sessions s \
             JOIN members m ON m.id = s.member_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(session_hash)
        .bind(now)
        .fetch_optional(&self.readers)
        .await?;
        row.as_ref().map(member_from).transpose()
    }

    async fn end_member_session(&self, session_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM member_sessions WHERE token_hash = $1")
            .bind(session_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn member_gifts(&self, email: &str) -> Result<Vec<MemberGift>, StorageError> {
        let rows = sqlx::query(
            "SELECT g.token, g.sender_name, g.product_id, u.state, u.claimed_at AS at \
             FROM gift_units u JOIN gifts g ON g.token = u.gift_token \
             WHERE u.recipient_email = $1 AND u.state IN ('claimed', 'shipped') \
             UNION ALL \
             SELECT g.token, g.sender_name, g.product_id, 'waiting' AS state, g.told_at AS at \
             FROM gifts g WHERE g.recipient_email = $1 AND g.told_at IS NOT NULL \
             AND g.cancelled = FALSE \
             AND EXISTS (SELECT 1 FROM gift_units u WHERE u.gift_token = g.token \
                 AND u.state = 'unclaimed') \
             AND NOT EXISTS (SELECT 1 FROM gift_units u WHERE u.gift_token = g.token \
                 AND u.recipient_email = $1) \
             ORDER BY at DESC LIMIT 200",
        )
        .bind(email)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MemberGift {
                    token: r.try_get("token")?,
                    sender_name: r.try_get("sender_name")?,
                    product_id: r.try_get("product_id")?,
                    state: r.try_get("state")?,
                    at: r.try_get::<Option<i64>, _>("at")?.unwrap_or(0),
                })
            })
            .collect()
    }

    async fn member_claims(&self, email: &str) -> Result<Vec<MemberClaim>, StorageError> {
        let rows = sqlx::query(
            "SELECT gift_token, idx, COALESCE(recipient_name, '') AS name, \
             COALESCE(recipient_phone, '') AS phone, COALESCE(recipient_address, 'null') AS address, \
             claimed_at FROM gift_units WHERE recipient_email = $1 ORDER BY claimed_at, gift_token, idx",
        )
        .bind(email)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MemberClaim {
                    gift_token: r.try_get("gift_token")?,
                    unit: u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0),
                    name: r.try_get("name")?,
                    phone: r.try_get("phone")?,
                    address: serde_json::from_str(&r.try_get::<String, _>("address")?)?,
                    claimed_at: r.try_get("claimed_at")?,
                })
            })
            .collect()
    }

    async fn member_requests(
        &self,
        email: &str,
    ) -> Result<Vec<omiyage_api::AfterSalesRequest>, StorageError> {
        super::after_sales::requests_answered_at(&self.readers, email).await
    }

    async fn member_orders(&self, email: &str) -> Result<Vec<MemberOrder>, StorageError> {
        let rows = sqlx::query(
            "SELECT o.token, o.reference, o.created_at, o.total, o.status, \
             EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = o.token) AS gift \
             FROM orders o WHERE o.email = $1 ORDER BY o.created_at DESC, o.token LIMIT 200",
        )
        .bind(email)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MemberOrder {
                    token: r.try_get("token")?,
                    reference: r.try_get("reference")?,
                    created_at: r.try_get("created_at")?,
                    total: Money::jpy(r.try_get("total")?),
                    status: r.try_get("status")?,
                    gift: r.try_get("gift")?,
                })
            })
            .collect()
    }

    async fn member_unfinished(&self, email: &str) -> Result<Unfinished, StorageError> {
        self.unfinished_of(email).await
    }

    async fn erase_member(&self, member: &Member) -> Result<Option<Unfinished>, StorageError> {
        self.erase(member).await
    }

    async fn start_passkey_ceremony(
        &self,
        id: &str,
        member_id: Option<&str>,
        state: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        // Old ceremonies go as new ones come.
        sqlx::query("DELETE FROM passkey_challenges WHERE expires_at < $1")
            .bind(expires_at - 3600)
            .execute(&self.writer)
            .await?;
        sqlx::query(
            "INSERT INTO passkey_challenges (id, member_id, state, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(member_id)
        .bind(state)
        .bind(expires_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn take_passkey_ceremony(
        &self,
        id: &str,
        now: i64,
    ) -> Result<Option<(Option<String>, String)>, StorageError> {
        let row = sqlx::query(
            "DELETE FROM passkey_challenges WHERE id = $1 RETURNING member_id, state, expires_at",
        )
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        if row.try_get::<i64, _>("expires_at")? < now {
            return Ok(None);
        }
        Ok(Some((row.try_get("member_id")?, row.try_get("state")?)))
    }

    async fn add_passkey(&self, passkey: &StoredPasskey) -> Result<bool, StorageError> {
        let added = sqlx::query(
            "INSERT INTO member_passkeys (credential_id, member_id, passkey, created_at) \
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM members WHERE id = $2) \
             ON CONFLICT (credential_id) DO NOTHING",
        )
        .bind(&passkey.credential_id)
        .bind(&passkey.member_id)
        .bind(&passkey.passkey)
        .bind(passkey.created_at)
        .execute(&self.writer)
        .await?;
        Ok(added.rows_affected() == 1)
    }

    async fn member_passkeys(&self, member_id: &str) -> Result<Vec<StoredPasskey>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{PASSKEY} WHERE member_id = $1 ORDER BY created_at, credential_id"
        ));
        let rows = sqlx::query(sql)
            .bind(member_id)
            .fetch_all(&self.readers)
            .await?;
        rows.iter().map(passkey_from).collect()
    }

    async fn passkey(&self, credential_id: &str) -> Result<Option<StoredPasskey>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!("{PASSKEY} WHERE credential_id = $1"));
        let row = sqlx::query(sql)
            .bind(credential_id)
            .fetch_optional(&self.readers)
            .await?;
        row.as_ref().map(passkey_from).transpose()
    }

    async fn passkey_sign_in(
        &self,
        credential_id: &str,
        passkey: &str,
        session_hash: &str,
        session_expires: i64,
        now: i64,
    ) -> Result<Option<Member>, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let member_id: Option<String> = sqlx::query_scalar(
            "UPDATE member_passkeys SET passkey = $2, used_at = $3 WHERE credential_id = $1 \
             RETURNING member_id",
        )
        .bind(credential_id)
        .bind(passkey)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(member_id) = member_id else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT id, email, lang, created_at, news, birthday FROM members WHERE id = $1",
        )
        .bind(&member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let member = member_from(&row)?;
        start_session(&mut tx, &member.id, session_hash, session_expires, now).await?;
        tx.commit().await?;
        Ok(Some(member))
    }

    async fn remove_passkey(
        &self,
        member_id: &str,
        credential_id: &str,
    ) -> Result<bool, StorageError> {
        let gone =
            sqlx::query("DELETE FROM member_passkeys WHERE member_id = $1 AND credential_id = $2")
                .bind(member_id)
                .bind(credential_id)
                .execute(&self.writer)
                .await?;
        Ok(gone.rows_affected() == 1)
    }
}
