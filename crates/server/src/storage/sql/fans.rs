//! Messages to fans: the message and its readers' events in one transaction; the report counts
//! paid orders that name the message.

use omiyage_api::{FanMessageDraft, FanMessageSummary, FanMessageText, Money};
use sqlx::Row;

use super::Store;
use crate::events::Event;
use crate::storage::{FanStorage, NewsReader, StorageError};

impl FanStorage for Store {
    async fn set_member_preferences(
        &self,
        member_id: &str,
        lang: &str,
        news: bool,
        birthday: Option<&str>,
        new_token: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE members SET lang = $2, news = $3, news_token = COALESCE(news_token, $4), \
             birthday = $5 WHERE id = $1",
        )
        .bind(member_id)
        .bind(lang)
        .bind(news)
        .bind(new_token)
        .bind(birthday)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn news_readers(&self, langs: &[String]) -> Result<Vec<NewsReader>, StorageError> {
        if langs.is_empty() {
            return Ok(Vec::new());
        }
        let mut select = sqlx::QueryBuilder::<super::Db>::new(
            "SELECT id, email, lang, news_token FROM members \
             WHERE news = TRUE AND news_token IS NOT NULL AND lang IN (",
        );
        let mut each = select.separated(", ");
        for lang in langs {
            each.push_bind(lang.clone());
        }
        select.push(") ORDER BY created_at, id");
        let mut readers = Vec::new();
        for r in select.build().fetch_all(&self.readers).await? {
            readers.push(NewsReader {
                member_id: r.try_get("id")?,
                email: r.try_get("email")?,
                lang: r.try_get("lang")?,
                stop_token: r.try_get("news_token")?,
            });
        }
        Ok(readers)
    }

    async fn send_fan_message(
        &self,
        id: &str,
        draft: &FanMessageDraft,
        created_by: &str,
        events: &[Event],
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        sqlx::query(
            "INSERT INTO fan_messages (id, texts, product_ids, langs, recipients, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(serde_json::to_string(&draft.texts)?)
        .bind(serde_json::to_string(&draft.product_ids)?)
        .bind(serde_json::to_string(&draft.langs)?)
        .bind(i64::try_from(events.len()).unwrap_or(i64::MAX))
        .bind(created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for event in events {
            super::outbox::record(&mut tx, event, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn fan_messages(&self) -> Result<Vec<FanMessageSummary>, StorageError> {
        let rows = sqlx::query(
            "SELECT m.id, m.texts, m.product_ids, m.recipients, m.created_at, \
             (SELECT COUNT(*) FROM orders o WHERE o.via_message = m.id \
                AND o.status IN ('paid', 'shipped')) AS orders, \
             (SELECT CAST(COALESCE(SUM(o.total), 0) AS BIGINT) FROM orders o \
                WHERE o.via_message = m.id AND o.status IN ('paid', 'shipped')) AS sales \
             FROM fan_messages m ORDER BY m.created_at DESC, m.id LIMIT 200",
        )
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                let texts: Vec<FanMessageText> =
                    serde_json::from_str(&r.try_get::<String, _>("texts")?)?;
                let products: Vec<String> =
                    serde_json::from_str(&r.try_get::<String, _>("product_ids")?)?;
                Ok(FanMessageSummary {
                    id: r.try_get("id")?,
                    subject: texts.first().map(|t| t.subject.clone()).unwrap_or_default(),
                    created_at: r.try_get("created_at")?,
                    recipients: u32::try_from(r.try_get::<i64, _>("recipients")?).unwrap_or(0),
                    products: u32::try_from(products.len()).unwrap_or(0),
                    orders: u32::try_from(r.try_get::<i64, _>("orders")?).unwrap_or(0),
                    sales: Money::jpy(r.try_get("sales")?),
                })
            })
            .collect()
    }

    async fn stop_news(&self, token: &str) -> Result<bool, StorageError> {
        let found = sqlx::query("UPDATE members SET news = FALSE WHERE news_token = $1")
            .bind(token)
            .execute(&self.writer)
            .await?;
        Ok(found.rows_affected() == 1)
    }

    async fn fan_message_exists(&self, id: &str) -> Result<bool, StorageError> {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM fan_messages WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.readers)
            .await?;
        Ok(found.is_some())
    }

    async fn order_via_message(
        &self,
        order_token: &str,
        message_id: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE orders SET via_message = $2 WHERE token = $1 AND via_message IS NULL \
             AND EXISTS (SELECT 1 FROM fan_messages WHERE id = $2)",
        )
        .bind(order_token)
        .bind(message_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn member_addresses(
        &self,
        member_id: &str,
    ) -> Result<Vec<omiyage_api::SavedAddress>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, name, phone, address FROM member_addresses WHERE member_id = $1 \
             ORDER BY created_at, id",
        )
        .bind(member_id)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(omiyage_api::SavedAddress {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    phone: r.try_get("phone")?,
                    address: serde_json::from_str(&r.try_get::<String, _>("address")?)?,
                })
            })
            .collect()
    }

    async fn add_member_address(
        &self,
        member_id: &str,
        address: &omiyage_api::SavedAddress,
        now: i64,
    ) -> Result<bool, StorageError> {
        // Counted in the insert itself: ten racing saves keep ten.
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM members WHERE id = $1{}",
            super::dialect::FOR_UPDATE
        )))
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let added = sqlx::query(
            "INSERT INTO member_addresses (id, member_id, name, phone, address, created_at) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM members WHERE id = $2) \
             AND (SELECT COUNT(*) FROM member_addresses WHERE member_id = $2) < $7",
        )
        .bind(&address.id)
        .bind(member_id)
        .bind(&address.name)
        .bind(&address.phone)
        .bind(serde_json::to_string(&address.address)?)
        .bind(now)
        .bind(crate::storage::MAX_ADDRESSES)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(added.rows_affected() == 1)
    }

    async fn remove_member_address(&self, member_id: &str, id: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM member_addresses WHERE member_id = $1 AND id = $2")
            .bind(member_id)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
