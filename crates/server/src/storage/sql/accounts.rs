//! Accounts, sessions, shops and rate-limit counts.

use super::DbRow;
use omiyage_api::{AccountView, Role, Shop, ShopInput};
use sqlx::Row;

use super::Store;
use crate::storage::StorageError;
use crate::storage::{AccountStorage, NewAccountRecord, NotCreated, NotSignedUp, PendingSignUp};

/// Counted attempts older than this are pruned (longer than any limit's window).
const LIMIT_HITS_KEPT_SECS: i64 = 24 * 3600;

const ACCOUNT_COLUMNS: &str = "id, email, name, role, shop_id, disabled";

fn account_from(row: &DbRow) -> Result<AccountView, StorageError> {
    let role: String = row.try_get("role")?;
    Ok(AccountView {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::try_from(role).map_err(StorageError::Failed)?,
        shop_id: row.try_get("shop_id")?,
        disabled: row.try_get("disabled")?,
    })
}

fn shop_from(row: &DbRow) -> Result<Shop, StorageError> {
    Ok(Shop {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        address: row.try_get("address")?,
        claim_window_secs: row.try_get("claim_window_secs")?,
    })
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_foreign_key_violation())
}

impl AccountStorage for Store {
    async fn create_account(
        &self,
        a: &NewAccountRecord,
        now: i64,
    ) -> Result<Result<AccountView, NotCreated>, StorageError> {
        let done = sqlx::query(
            "INSERT INTO accounts (id, email, name, role, shop_id, password_hash, demo, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&a.id)
        .bind(&a.email)
        .bind(&a.name)
        .bind(a.role.as_str())
        .bind(&a.shop_id)
        .bind(&a.password_hash)
        .bind(a.demo)
        .bind(now)
        .execute(&self.writer)
        .await;
        match done {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(Err(NotCreated::EmailTaken)),
            Err(e) if is_foreign_key_violation(&e) => return Ok(Err(NotCreated::NoSuchShop)),
            Err(e) => return Err(e.into()),
        }
        Ok(Ok(AccountView {
            id: a.id.clone(),
            email: a.email.clone(),
            name: a.name.clone(),
            role: a.role,
            shop_id: a.shop_id.clone(),
            disabled: false,
        }))
    }

    async fn start_sign_up(
        &self,
        p: &PendingSignUp,
        event: &crate::events::Event,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        sqlx::query("DELETE FROM pending_sign_ups WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO pending_sign_ups (token_hash, email, name, password_hash, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&p.token_hash)
        .bind(&p.email)
        .bind(&p.name)
        .bind(&p.password_hash)
        .bind(now)
        .bind(p.expires_at)
        .execute(&mut *tx)
        .await?;
        super::outbox::record(&mut tx, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn finish_sign_up(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
    ) -> Result<Result<AccountView, NotSignedUp>, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // One email's sign-ups are finished one at a time (two of its links opened at once
        // would otherwise each wait for the other's rows).
        let email: Option<String> = sqlx::query_scalar(
            "SELECT email FROM pending_sign_ups WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(Err(NotSignedUp::NoSuchLink));
        };
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock)
                .bind(format!("omiyage:sign-up:{email}"))
                .execute(&mut *tx)
                .await?;
        }
        // Taken out as it is read: a link opened twice at once makes one account.
        let row = sqlx::query(
            "DELETE FROM pending_sign_ups WHERE token_hash = $1 AND expires_at > $2 \
             RETURNING email, name, password_hash",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(NotSignedUp::NoSuchLink));
        };
        let (email, name, password_hash): (String, String, String) = (
            row.try_get("email")?,
            row.try_get("name")?,
            row.try_get("password_hash")?,
        );
        sqlx::query("DELETE FROM pending_sign_ups WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            tx.commit().await?;
            return Ok(Err(NotSignedUp::EmailTaken));
        }
        let done = sqlx::query(
            "INSERT INTO accounts (id, email, name, role, shop_id, password_hash, demo, created_at) \
             VALUES ($1, $2, $3, $4, NULL, $5, FALSE, $6)",
        )
        .bind(account_id)
        .bind(&email)
        .bind(&name)
        .bind(Role::Promoter.as_str())
        .bind(&password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match done {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(Err(NotSignedUp::EmailTaken)),
            Err(e) => return Err(e.into()),
        }
        tx.commit().await?;
        Ok(Ok(AccountView {
            id: account_id.to_string(),
            email,
            name,
            role: Role::Promoter,
            shop_id: None,
            disabled: false,
        }))
    }

    async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(AccountView, String)>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE email = $1"
        ));
        let row = sqlx::query(sql)
            .bind(email)
            .fetch_optional(&self.readers)
            .await?;
        row.map(|r| Ok((account_from(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    async fn trust_device(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, account_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn device_account(&self, token_hash: &str) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT account_id FROM trusted_devices WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.readers)
                .await?,
        )
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin().await?;
        // Sign-in is a good moment to forget expired sessions.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<AccountView>, StorageError> {
        let row = sqlx::query(
            "SELECT a.id, a.email, a.name, a.role, a.shop_id, a.disabled FROM sessions s \
             JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = FALSE",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.readers)
        .await?;
        row.as_ref().map(account_from).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn accounts(&self) -> Result<Vec<AccountView>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY role, email"
        ));
        sqlx::query(sql)
            .fetch_all(&self.readers)
            .await?
            .iter()
            .map(account_from)
            .collect()
    }

    async fn demo_accounts(&self) -> Result<Vec<AccountView>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE demo = TRUE AND disabled = FALSE ORDER BY role"
        ));
        sqlx::query(sql)
            .fetch_all(&self.readers)
            .await?
            .iter()
            .map(account_from)
            .collect()
    }

    async fn set_disabled(
        &self,
        id: &str,
        disabled: bool,
    ) -> Result<Option<AccountView>, StorageError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE accounts SET disabled = $1 WHERE id = $2")
            .bind(disabled)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ));
        let row = sqlx::query(sql).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(account_from(&row)?))
    }

    async fn hit_limit(
        &self,
        key: &str,
        limit: omiyage_core::account::Limit,
        now: i64,
    ) -> Result<Result<(), i64>, StorageError> {
        // Over the limit already: refused without writing (attempts only ever age out).
        let counted: Vec<i64> =
            sqlx::query_scalar("SELECT at FROM rate_limit_hits WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(now - limit.secs)
                .fetch_all(&self.readers)
                .await?;
        let counted: Vec<i64> = counted.into_iter().map(|t| t.min(now)).collect();
        if let Err(wait) = omiyage_core::account::check_limit(&counted, limit, now) {
            return Ok(Err(wait));
        }
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // One key's attempts are counted one transaction at a time, on every instance.
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock).bind(key).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM rate_limit_hits WHERE (key = $1 AND at <= $2) OR at <= $3")
            .bind(key)
            .bind(now - limit.secs)
            .bind(now - LIMIT_HITS_KEPT_SECS)
            .execute(&mut *tx)
            .await?;
        let times: Vec<i64> = sqlx::query_scalar("SELECT at FROM rate_limit_hits WHERE key = $1")
            .bind(key)
            .fetch_all(&mut *tx)
            .await?;
        // A request's `now` was read before it waited for the lock: attempts another request
        // (or instance) recorded meanwhile may carry a later second, and still count.
        let times: Vec<i64> = times.into_iter().map(|t| t.min(now)).collect();
        let allowed = omiyage_core::account::check_limit(&times, limit, now);
        if allowed.is_ok() {
            sqlx::query("INSERT INTO rate_limit_hits (key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(allowed)
    }

    async fn clear_limit(&self, key: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM rate_limit_hits WHERE key = $1")
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn shops(&self) -> Result<Vec<Shop>, StorageError> {
        sqlx::query("SELECT id, name, address, claim_window_secs FROM shops ORDER BY name")
            .fetch_all(&self.readers)
            .await?
            .iter()
            .map(shop_from)
            .collect()
    }

    async fn shop(&self, id: &str) -> Result<Option<Shop>, StorageError> {
        let row =
            sqlx::query("SELECT id, name, address, claim_window_secs FROM shops WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.readers)
                .await?;
        row.as_ref().map(shop_from).transpose()
    }

    async fn create_shop(
        &self,
        id: &str,
        shop: &ShopInput,
        now: i64,
    ) -> Result<Shop, StorageError> {
        sqlx::query(
            "INSERT INTO shops (id, name, address, claim_window_secs, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&shop.name)
        .bind(&shop.address)
        .bind(shop.claim_window_secs)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(Shop {
            id: id.to_string(),
            name: shop.name.clone(),
            address: shop.address.clone(),
            claim_window_secs: shop.claim_window_secs,
        })
    }

    async fn update_shop(&self, id: &str, shop: &ShopInput) -> Result<Option<Shop>, StorageError> {
        let done = sqlx::query(
            "UPDATE shops SET name = $1, address = $2, claim_window_secs = $3 WHERE id = $4",
        )
        .bind(&shop.name)
        .bind(&shop.address)
        .bind(shop.claim_window_secs)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok((done.rows_affected() == 1).then(|| Shop {
            id: id.to_string(),
            name: shop.name.clone(),
            address: shop.address.clone(),
            claim_window_secs: shop.claim_window_secs,
        }))
    }
}
