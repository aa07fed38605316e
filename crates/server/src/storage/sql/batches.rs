//! Counter gift batches: what `omiyage_flows::batch` writes (one paid order and one
//! single-unit gift per code, with its short code, in the transaction that took the stock)
//! and what the console reads.

use super::Conn;
use omiyage_api::{BatchCode, BatchSummary, BatchView, GiftUnit, UnitState};
use omiyage_core::batch::code_state;
use sqlx::Row;

use super::Store;
use super::flow_store::Tx;
use crate::storage::StorageError;
use crate::storage::{BatchStorage, NewBatch};

async fn load_view(conn: &mut Conn, id: &str, now: i64) -> Result<Option<BatchView>, StorageError> {
    let Some(b) = sqlx::query(
        "SELECT b.id, b.shop_id, s.name AS shop_name, b.product_id, COALESCE(p.name, b.product_id) AS product_name, \
           COALESCE(p.image, '') AS product_image, COALESCE(v.name, b.variant_id) AS variant_name, \
           b.allow_variant_choice, b.greeting, b.expires_at, b.expires_on, b.created_at \
         FROM batches b JOIN shops s ON s.id = b.shop_id \
         LEFT JOIN products p ON p.id = b.product_id LEFT JOIN variants v ON v.id = b.variant_id \
         WHERE b.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let expires_at: i64 = b.try_get("expires_at")?;
    let rows = sqlx::query(
        "SELECT g.token, g.short_code, u.state, u.refund_reason, u.claimed_at \
         FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
         WHERE g.batch_id = $1 ORDER BY g.rowid",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let codes = rows
        .iter()
        .map(|r| {
            let unit = GiftUnit {
                index: 0,
                state: UnitState::try_from(r.try_get::<String, _>("state")?)
                    .map_err(StorageError::Failed)?,
                refund_reason: r
                    .try_get::<Option<String>, _>("refund_reason")?
                    .and_then(|s| omiyage_api::RefundReason::try_from(s).ok()),
                claimed_at: r.try_get("claimed_at")?,
                shipped_at: None,
                refunded_at: None,
                delivery: None,
                delivery_text: String::new(),
            };
            let code: String = r.try_get("short_code")?;
            Ok(BatchCode {
                code: omiyage_core::shortcode::ShortCode::parse(&code)
                    .map(|c| c.grouped())
                    .unwrap_or(code),
                claim_token: r.try_get("token")?,
                state: code_state(&unit, expires_at, now),
                claimed_at: unit.claimed_at,
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(Some(BatchView {
        id: b.try_get("id")?,
        shop_id: b.try_get("shop_id")?,
        shop_name: b.try_get("shop_name")?,
        product_id: b.try_get("product_id")?,
        product_name: b.try_get("product_name")?,
        product_image: b.try_get("product_image")?,
        variant_name: b.try_get("variant_name")?,
        allow_variant_choice: b.try_get("allow_variant_choice")?,
        greeting: b.try_get("greeting")?,
        expires_at,
        expires_on: b.try_get("expires_on")?,
        created_at: b.try_get("created_at")?,
        codes,
    }))
}

impl BatchStorage for Store {
    async fn create_batch(&self, batch: &NewBatch, now: i64) -> Result<BatchView, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let answer = omiyage_flows::batch::create(&mut Tx::new(&mut tx), batch, now).await?;
        answer?;
        let view = load_view(&mut tx, &batch.id, now).await?;
        tx.commit().await?;
        self.catalog_changed();
        view.ok_or_else(|| StorageError::Failed("a created batch vanished".into()))
    }

    async fn batches(&self, shop_id: Option<&str>) -> Result<Vec<BatchSummary>, StorageError> {
        let rows = sqlx::query(
            "SELECT b.id, b.shop_id, COALESCE(p.name, b.product_id) AS product_name, \
               COALESCE(v.name, b.variant_id) AS variant_name, b.count, b.created_at, b.expires_on, \
               (SELECT COUNT(*) FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
                  WHERE g.batch_id = b.id AND u.state IN ('claimed', 'shipped')) AS claimed \
             FROM batches b LEFT JOIN products p ON p.id = b.product_id LEFT JOIN variants v ON v.id = b.variant_id \
             WHERE $1 IS NULL OR b.shop_id = $1 ORDER BY b.created_at DESC, b.id",
        )
        .bind(shop_id)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BatchSummary {
                    id: r.try_get("id")?,
                    shop_id: r.try_get("shop_id")?,
                    product_name: r.try_get("product_name")?,
                    variant_name: r.try_get("variant_name")?,
                    count: u32::try_from(r.try_get::<i64, _>("count")?).unwrap_or(0),
                    claimed: u32::try_from(r.try_get::<i64, _>("claimed")?).unwrap_or(0),
                    created_at: r.try_get("created_at")?,
                    expires_on: r.try_get("expires_on")?,
                })
            })
            .collect()
    }

    async fn batch(&self, id: &str, now: i64) -> Result<Option<BatchView>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_view(&mut conn, id, now).await
    }

    async fn void_code(&self, batch_id: &str, code: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = Tx::new(&mut tx);
        let answer = omiyage_flows::batch::void(&mut store, batch_id, code, now).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        self.after_flow(moved);
        answer.map_err(Into::into)
    }

    async fn gift_for_code(&self, code: &str) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT token FROM gifts WHERE short_code = $1")
                .bind(code)
                .fetch_optional(&self.readers)
                .await?,
        )
    }
}
