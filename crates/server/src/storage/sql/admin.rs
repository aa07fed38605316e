//! The back office: products as the merchant edits them (their rows in `catalog_rows`), stock
//! changes that cannot lose an update, orders and fulfilment, images, sales, the invoice
//! issuer. Every catalog write bumps the catalog version, so the storefront shows it on the
//! next request.

use crate::storage::AfterSalesStorage;
use omiyage_api::{
    AdminCategory, AdminOrder, AdminProduct, AdminVariant, CategoryInput, InvoiceIssuer, Money,
    OrderStatus, OrderSummary, ProductInput, SalesOverview, StockChange, TopProduct,
};
use omiyage_core::catalog::Entry;
use omiyage_core::sales;
use sqlx::Row;

use super::catalog_rows::{
    Table, category_exists, insert_variant, load_admin_products, load_categories, new_id,
    variant_from,
};
use super::{Store, gifts, replace_texts};
use crate::storage::StorageError;
use crate::storage::{AdminStorage, BadProduct, GiftStorage, OrderFilter, Storage};

impl AdminStorage for Store {
    async fn gift_option_settings(&self) -> Result<omiyage_api::GiftOptionSettings, StorageError> {
        let mut conn = self.readers.acquire().await?;
        super::gift_options::load_settings(&mut conn).await
    }

    async fn set_gift_option_settings(
        &self,
        settings: &omiyage_api::GiftOptionSettings,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        super::gift_options::save_settings(&mut conn, settings, now).await
    }

    async fn delivery_settings(&self) -> Result<omiyage_api::DeliverySettings, StorageError> {
        let mut conn = self.readers.acquire().await?;
        super::settings::load(
            &mut conn,
            super::settings::DELIVERY,
            omiyage_core::delivery::default_settings,
        )
        .await
    }

    async fn set_delivery_settings(
        &self,
        settings: &omiyage_api::DeliverySettings,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        super::settings::save(&mut conn, super::settings::DELIVERY, settings, now).await
    }

    async fn product_gift_options(
        &self,
        product_id: &str,
    ) -> Result<Option<omiyage_api::ProductGiftOptions>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        super::gift_options::product_options(&mut conn, product_id).await
    }

    async fn admin_categories(&self) -> Result<Vec<AdminCategory>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_categories(&mut conn, None).await
    }

    async fn create_category(&self, input: &CategoryInput) -> Result<AdminCategory, StorageError> {
        let mut tx = self.writer.begin().await?;
        let id = new_id(&mut tx, Table::Categories, &input.name, &input.translations).await?;
        sqlx::query(
            "INSERT INTO categories (id, name, position)              VALUES ($1, $2, (SELECT COALESCE(MAX(position) + 1, 0) FROM categories))",
        )
        .bind(&id)
        .bind(&input.name)
        .execute(&mut *tx)
        .await?;
        replace_texts(&mut tx, Entry::Category, &id, &input.translations).await?;
        let made = load_categories(&mut tx, Some(&id)).await?.pop();
        tx.commit().await?;
        self.catalog_and_texts_changed();
        made.ok_or_else(|| StorageError::Failed("a created category vanished".into()))
    }

    async fn update_category(
        &self,
        id: &str,
        input: &CategoryInput,
    ) -> Result<Option<AdminCategory>, StorageError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE categories SET name = $1 WHERE id = $2")
            .bind(&input.name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        replace_texts(&mut tx, Entry::Category, id, &input.translations).await?;
        let made = load_categories(&mut tx, Some(id)).await?.pop();
        tx.commit().await?;
        self.catalog_and_texts_changed();
        Ok(made)
    }

    async fn admin_products(&self) -> Result<Vec<AdminProduct>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_admin_products(&mut conn, None).await
    }

    async fn admin_product(&self, id: &str) -> Result<Option<AdminProduct>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        Self::one_admin_product(&mut conn, id).await
    }

    async fn create_product(
        &self,
        input: &ProductInput,
    ) -> Result<Result<AdminProduct, BadProduct>, StorageError> {
        let mut tx = self.writer.begin().await?;
        if !category_exists(&mut tx, &input.category).await? {
            return Ok(Err(BadProduct::UnknownCategory));
        }
        let id = new_id(&mut tx, Table::Products, &input.name, &input.translations).await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM products")
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO products (id, name, description, category_id, image, position, gift_options) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&input.name)
        .bind(&input.description)
        .bind(&input.category)
        .bind(&input.image)
        .bind(position)
        .bind(omiyage_core::gift_options::flags_text(input.gift_options))
        .execute(&mut *tx)
        .await?;
        super::replace_photos(&mut tx, &id, &input.photos).await?;
        for (j, v) in input.variants.iter().enumerate() {
            insert_variant(&mut tx, &id, v, j as i64).await?;
        }
        replace_texts(&mut tx, Entry::Product, &id, &input.translations).await?;
        let product = Self::one_admin_product(&mut tx, &id).await?;
        tx.commit().await?;
        self.catalog_and_texts_changed();
        let product =
            product.ok_or_else(|| StorageError::Failed("a created product vanished".into()))?;
        Ok(Ok(product))
    }

    async fn update_product(
        &self,
        id: &str,
        input: &ProductInput,
    ) -> Result<Result<Option<AdminProduct>, BadProduct>, StorageError> {
        let mut tx = self.writer.begin().await?;
        let Some(before) = Self::one_admin_product(&mut tx, id).await? else {
            return Ok(Ok(None));
        };
        if !category_exists(&mut tx, &input.category).await? {
            return Ok(Err(BadProduct::UnknownCategory));
        }
        sqlx::query(
            "UPDATE products SET name = $1, description = $2, category_id = $3, image = $4, gift_options = $6 WHERE id = $5",
        )
        .bind(&input.name)
        .bind(&input.description)
        .bind(&input.category)
        .bind(&input.image)
        .bind(id)
        .bind(omiyage_core::gift_options::flags_text(input.gift_options))
        .execute(&mut *tx)
        .await?;
        replace_texts(&mut tx, Entry::Product, id, &input.translations).await?;
        super::replace_photos(&mut tx, id, &input.photos).await?;
        let mut position = before.variants.len() as i64;
        for (i, v) in input.variants.iter().enumerate() {
            match &v.id {
                Some(vid) if before.variants.iter().any(|b| &b.id == vid) => {
                    sqlx::query("UPDATE variants SET name = $1, sku = $2, price = $3, tax_class = $4, photo = $6 WHERE id = $5")
                        .bind(&v.name)
                        .bind(&v.sku)
                        .bind(v.price)
                        .bind(v.tax_class.as_str())
                        .bind(vid)
                        .bind(&v.photo)
                        .execute(&mut *tx)
                        .await?;
                    replace_texts(&mut tx, Entry::Variant, vid, &v.translations).await?;
                }
                Some(_) => return Ok(Err(BadProduct::ForeignVariant(i))),
                None => {
                    insert_variant(&mut tx, id, v, position).await?;
                    position += 1;
                }
            }
        }
        // A variant left out of the form keeps pointing at a photo only if the product still has it.
        sqlx::query(
            "UPDATE variants SET photo = NULL WHERE product_id = $1 AND photo IS NOT NULL \
             AND photo NOT IN (SELECT src FROM product_photos WHERE product_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let product = Self::one_admin_product(&mut tx, id).await?;
        tx.commit().await?;
        self.catalog_and_texts_changed();
        Ok(Ok(product))
    }

    async fn set_archived(
        &self,
        id: &str,
        archived: bool,
    ) -> Result<Option<AdminProduct>, StorageError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE products SET archived = $1 WHERE id = $2")
            .bind(archived)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let product = Self::one_admin_product(&mut tx, id).await?;
        tx.commit().await?;
        self.catalog_and_texts_changed();
        Ok(product)
    }

    async fn change_stock(
        &self,
        variant_id: &str,
        change: &StockChange,
    ) -> Result<Option<(AdminVariant, bool)>, StorageError> {
        let mut tx = self.writer.begin().await?;
        let done = match *change {
            // Compare-and-set: applies only to the stock the admin saw.
            StockChange::Set { stock, expected } => {
                sqlx::query("UPDATE variants SET stock = $1 WHERE id = $2 AND stock = $3")
                    .bind(stock)
                    .bind(variant_id)
                    .bind(expected)
                    .execute(&mut *tx)
                    .await?
            }
            // Relative: whatever sold meanwhile stays sold; never below zero.
            StockChange::Adjust { delta } => {
                sqlx::query(
                    "UPDATE variants SET stock = stock + $1 WHERE id = $2 AND stock + $1 >= 0",
                )
                .bind(delta)
                .bind(variant_id)
                .execute(&mut *tx)
                .await?
            }
        };
        let row = sqlx::query(
            "SELECT id, name, sku, price, stock, tax_class, photo FROM variants WHERE id = $1",
        )
        .bind(variant_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let variant = variant_from(&row)?;
        let applied = done.rows_affected() == 1;
        tx.commit().await?;
        if applied {
            self.catalog_and_texts_changed();
        }
        Ok(Some((variant, applied)))
    }

    async fn orders(&self, f: &OrderFilter) -> Result<Vec<OrderSummary>, StorageError> {
        let rows = sqlx::query(
            "SELECT o.token, o.reference, o.status, o.total, o.created_at, \
               EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = o.token) AS is_gift, \
               (SELECT COALESCE(CAST(SUM(l.quantity) AS BIGINT), 0) FROM order_lines l WHERE l.order_token = o.token) AS items \
             FROM orders o \
             WHERE ($1 IS NULL OR o.status = $1) \
               AND ($2 IS NULL OR EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = o.token) = $2) \
               AND ($3 IS NULL OR o.created_at >= $3) AND ($4 IS NULL OR o.created_at < $4) \
             ORDER BY o.created_at DESC, o.token LIMIT 500",
        )
        .bind(f.status.map(OrderStatus::as_str))
        .bind(f.gift)
        .bind(f.from)
        .bind(f.to)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrderSummary {
                    token: r.try_get("token")?,
                    reference: r.try_get("reference")?,
                    status: OrderStatus::try_from(r.try_get::<String, _>("status")?)
                        .map_err(StorageError::Failed)?,
                    total: Money::jpy(r.try_get("total")?),
                    created_at: r.try_get("created_at")?,
                    is_gift: r.try_get("is_gift")?,
                    items: u32::try_from(r.try_get::<i64, _>("items")?).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn admin_order(&self, token: &str, now: i64) -> Result<Option<AdminOrder>, StorageError> {
        let Some(mut order) = self.order(token).await? else {
            return Ok(None);
        };
        if order.gift.is_some() {
            order.gift = self.sender_gift(token, now).await?;
        }
        let mut conn = self.readers.acquire().await?;
        let recipients = gifts::recipients(&mut conn, token).await?;
        drop(conn);
        let after_sales = self.order_after_sales(token).await?;
        Ok(Some(AdminOrder {
            order,
            recipients,
            card: None,
            after_sales,
        }))
    }

    async fn orders_to_ship(&self) -> Result<Vec<AdminOrder>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let rows = sqlx::query(
            "SELECT view_json FROM orders WHERE status = 'paid' ORDER BY created_at DESC, token",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut recipients = gifts::recipients_to_ship(&mut conn).await?;
        rows.iter()
            .map(|r| {
                let order: omiyage_api::OrderView =
                    serde_json::from_str(&r.try_get::<String, _>("view_json")?)?;
                Ok(AdminOrder {
                    recipients: recipients.remove(&order.token).unwrap_or_default(),
                    order,
                    card: None,
                    after_sales: Vec::new(),
                })
            })
            .collect()
    }

    async fn confirm_payment(&self, token: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let answer = omiyage_flows::payment::confirm_counter(&mut store, token, now).await?;
        tx.commit().await?;
        answer.map_err(Into::into)
    }

    async fn ship_order(&self, token: &str, tracking: &str, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let answer = omiyage_flows::order::ship(&mut store, token, tracking, now).await?;
        let moved = store.moved_stock;
        tx.commit().await?;
        if moved {
            self.catalog_changed();
        }
        answer.map_err(Into::into)
    }

    async fn save_image(
        &self,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO images (id, content_type, bytes, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(content_type)
        .bind(bytes)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn image(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        let row = sqlx::query("SELECT content_type, bytes FROM images WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.readers)
            .await?;
        row.map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?)))
            .transpose()
    }

    async fn photo_focus_in_use(&self, src: &str, x: u8, y: u8) -> Result<bool, StorageError> {
        let row = sqlx::query(
            "SELECT 1 AS one FROM product_photos WHERE src = $1 AND focus_x = $2 AND focus_y = $3 \
             LIMIT 1",
        )
        .bind(src)
        .bind(i64::from(x))
        .bind(i64::from(y))
        .fetch_optional(&self.readers)
        .await?;
        Ok(row.is_some())
    }

    async fn invoice_issuer(&self) -> Result<Option<InvoiceIssuer>, StorageError> {
        let row = sqlx::query(
            "SELECT registered_name, registration_number FROM invoice_issuer WHERE id = 1",
        )
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| {
            Ok(InvoiceIssuer {
                registered_name: r.try_get("registered_name")?,
                registration_number: r.try_get("registration_number")?,
            })
        })
        .transpose()
    }

    async fn set_invoice_issuer(
        &self,
        issuer: &InvoiceIssuer,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO invoice_issuer (id, registered_name, registration_number, updated_at) \
             VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET \
             registered_name = $1, registration_number = $2, updated_at = $3",
        )
        .bind(&issuer.registered_name)
        .bind(&issuer.registration_number)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn sales(&self, now: i64, days: i64) -> Result<SalesOverview, StorageError> {
        let today = sales::day_of(now);
        let since = sales::day_start(today - days + 1);
        let offset = sales::SHOP_UTC_OFFSET_SECS;
        let rows = sqlx::query(
            "SELECT (created_at + $1) / 86400 AS day, COUNT(*) AS orders, CAST(SUM(total) AS BIGINT) AS revenue \
             FROM orders WHERE created_at >= $2 AND status != 'cancelled' GROUP BY day",
        )
        .bind(offset)
        .bind(since)
        .fetch_all(&self.readers)
        .await?;
        let totals = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>("day")?,
                    u32::try_from(r.try_get::<i64, _>("orders")?).unwrap_or(0),
                    r.try_get::<i64, _>("revenue")?,
                ))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let top = sqlx::query(
            "SELECT l.product_id, COALESCE(p.name, l.product_id) AS name, CAST(SUM(l.quantity) AS BIGINT) AS units, \
               CAST(SUM(l.quantity * l.unit_price) AS BIGINT) AS revenue \
             FROM order_lines l JOIN orders o ON o.token = l.order_token \
             LEFT JOIN products p ON p.id = l.product_id \
             WHERE o.created_at >= $1 AND o.status != 'cancelled' \
             GROUP BY l.product_id, p.name ORDER BY revenue DESC, units DESC LIMIT 5",
        )
        .bind(since)
        .fetch_all(&self.readers)
        .await?;
        let top_products = top
            .iter()
            .map(|r| {
                Ok(TopProduct {
                    product_id: r.try_get("product_id")?,
                    name: r.try_get("name")?,
                    units: u32::try_from(r.try_get::<i64, _>("units")?).unwrap_or(0),
                    revenue: Money::jpy(r.try_get("revenue")?),
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(SalesOverview {
            days: sales::series(&totals, today, days),
            top_products,
        })
    }
}
