//! The SQL storage shared by both databases: this file and its siblings in `storage/sql/` are
//! compiled once inside `storage::sqlite` and once inside `storage::postgres`, each time over that
//! backend's `Db`, `Pool`, `Conn` and `DbRow` and its dialect (`super::dialect`). The SQL is
//! written once in the common subset (`$N` parameters, `ON CONFLICT`, integers for flags);
//! where the two databases differ, the dialect gives the fragment.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use omiyage_api::{AdminPhoto, Catalog, Category, Money, OrderView, Product, TaxClass, Variant};
use omiyage_core::catalog::CatalogText;
use omiyage_core::seed;
use sqlx::Row;

use super::photos::{attach_photos, load_photos, replace_photos};
use super::texts::{insert_text, load_texts};
use super::{Conn, DbRow, Pool};
use super::{batch, claim_writer, order_writer};
use crate::storage::StorageError;
use crate::storage::{Backend, PlaceOutcome, StockTake, Storage, StoredKey};

pub struct Store {
    pub(super) writer: Pool,
    pub(super) readers: Pool,
    /// Bumped after every committed write to catalog tables. Only this process writes the file,
    /// so the counter is exact; a shared database (PostgreSQL) will keep it in a table instead.
    pub(super) catalog_version: Arc<AtomicU64>,
    /// Bumped after every committed write that may change the catalog's texts (the back
    /// office's catalog writes): orders and claims move stock, never texts.
    pub(super) texts_version: Arc<AtomicU64>,
    pub(super) orders: batch::BatchWriter<order_writer::Orders>,
    pub(super) claims: batch::BatchWriter<claim_writer::Claims>,
    /// Tasks that follow the database (PostgreSQL's notifications), stopped by `close`.
    pub(super) followers: Vec<tokio::task::AbortHandle>,
    /// The SQLite file's shared lock (`sqlite::lock_path`), let go by `close`.
    pub(super) in_use: std::sync::Mutex<Option<std::fs::File>>,
}

impl Store {
    pub(super) fn catalog_changed(&self) {
        self.catalog_version.fetch_add(1, Ordering::Release);
    }

    /// A back-office write to the catalog: its texts may have changed too.
    pub(super) fn catalog_and_texts_changed(&self) {
        self.texts_version.fetch_add(1, Ordering::Release);
        self.catalog_changed();
    }
}

impl Backend for Store {
    const KIND: &'static str = super::dialect::KIND;

    async fn close(&self) {
        for task in &self.followers {
            task.abort();
        }
        self.readers.close().await;
        self.writer.close().await;
        if let Ok(mut held) = self.in_use.lock() {
            held.take();
        }
    }

    /// Writes the demo catalog if there are no products yet. Returns whether it did.
    async fn seed_if_empty(&self) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        // Instances starting together on an empty database seed it once.
        if let Some(lock) = super::dialect::LOCK_KEY {
            sqlx::query(lock)
                .bind("omiyage:seed")
                .execute(&mut *tx)
                .await?;
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products")
            .fetch_one(&mut *tx)
            .await?;
        if count > 0 {
            return Ok(false);
        }
        for (i, c) in seed::categories().iter().enumerate() {
            sqlx::query("INSERT INTO categories (id, name, position) VALUES ($1, $2, $3)")
                .bind(&c.id)
                .bind(&c.name)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
        for (i, p) in seed::products().iter().enumerate() {
            insert_product(&mut tx, p, i as i64).await?;
            sqlx::query("UPDATE products SET gift_options = $1 WHERE id = $2")
                .bind(omiyage_core::gift_options::flags_text(seed::gift_options(
                    &p.category,
                )))
                .bind(&p.id)
                .execute(&mut *tx)
                .await?;
        }
        super::gift_options::save_settings(&mut tx, &seed::gift_option_settings(), 0).await?;
        for t in seed::texts() {
            insert_text(&mut tx, &t).await?;
        }
        tx.commit().await?;
        self.catalog_and_texts_changed();
        Ok(true)
    }

    /// Sets a variant's stock outright (arranging tests and benchmarks).
    async fn set_stock(&self, variant_id: &str, units: u32) -> Result<bool, StorageError> {
        let done = sqlx::query("UPDATE variants SET stock = $1 WHERE id = $2")
            .bind(i64::from(units))
            .bind(variant_id)
            .execute(&self.writer)
            .await?;
        self.catalog_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Adds a product (arranging tests and benchmarks).
    async fn add_product(&self, product: &Product) -> Result<(), StorageError> {
        let mut tx = self.writer.begin().await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM products")
                .fetch_one(&mut *tx)
                .await?;
        insert_product(&mut tx, product, position).await?;
        tx.commit().await?;
        self.catalog_and_texts_changed();
        Ok(())
    }

    /// Whether the database answers (the health check).
    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.readers).await?;
        Ok(())
    }

    /// Counts orders (tests and benchmarks).
    async fn order_count(&self) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(&self.readers)
            .await?)
    }

    async fn sqlite_synchronous(&self) -> Result<Option<i64>, StorageError> {
        match super::dialect::KIND {
            "sqlite" => Ok(Some(
                sqlx::query_scalar("PRAGMA synchronous")
                    .fetch_one(&self.writer)
                    .await?,
            )),
            _ => Ok(None),
        }
    }
}

async fn insert_product(conn: &mut Conn, p: &Product, position: i64) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO products (id, name, description, category_id, image, position, gift_options) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&p.id)
    .bind(&p.name)
    .bind(&p.description)
    .bind(&p.category)
    .bind(&p.image)
    .bind(position)
    .bind(match p.offers_gift_options {
        true => omiyage_core::gift_options::flags_text(omiyage_core::gift_options::EVERY_OPTION),
        false => String::new(),
    })
    .execute(&mut *conn)
    .await?;
    let photos: Vec<AdminPhoto> = p.photos.iter().cloned().map(AdminPhoto::from).collect();
    replace_photos(conn, &p.id, &photos).await?;
    for (j, v) in p.variants.iter().enumerate() {
        sqlx::query(
            "INSERT INTO variants (id, product_id, name, price, currency, stock, position, tax_class, photo) VALUES ($1, $2, $3, $4, 'JPY', $5, $6, $7, $8)",
        )
        .bind(&v.id)
        .bind(&p.id)
        .bind(&v.name)
        .bind(v.price.amount)
        .bind(i64::from(v.stock))
        .bind(j as i64)
        .bind(v.tax_class.as_str())
        .bind(&v.photo)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One live product with its variants, on any connection (a reader, or a write transaction),
/// in one query.
pub(super) async fn load_product(
    conn: &mut Conn,
    id: &str,
) -> Result<Option<Product>, StorageError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.description, p.category_id, p.image, p.gift_options, \
                v.id AS variant_id, v.name AS variant_name, v.price, v.stock, v.tax_class, \
                v.photo AS variant_photo \
         FROM products p LEFT JOIN variants v ON v.product_id = p.id \
         WHERE p.id = $1 AND p.archived = FALSE ORDER BY v.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut product = product_from(first)?;
    for row in &rows {
        if let Some(variant_id) = row.try_get::<Option<String>, _>("variant_id")? {
            product.variants.push(Variant {
                id: variant_id,
                name: row.try_get("variant_name")?,
                price: Money::jpy(row.try_get("price")?),
                stock: u32::try_from(row.try_get::<i64, _>("stock")?).unwrap_or(0),
                tax_class: tax_class(row)?,
                photo: row.try_get("variant_photo")?,
            });
        }
    }
    product.photos = load_photos(conn, Some(id))
        .await?
        .into_iter()
        .map(|(_, photo)| photo)
        .collect();
    Ok(Some(product))
}

fn variant_from(row: &DbRow) -> Result<(String, Variant), StorageError> {
    Ok((
        row.try_get("product_id")?,
        Variant {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            price: Money::jpy(row.try_get("price")?),
            stock: u32::try_from(row.try_get::<i64, _>("stock")?).unwrap_or(0),
            tax_class: tax_class(row)?,
            photo: row.try_get("photo")?,
        },
    ))
}

/// A variant row's tax class; an unknown class is an error, never a default.
pub(super) fn tax_class(row: &DbRow) -> Result<TaxClass, StorageError> {
    TaxClass::try_from(row.try_get::<String, _>("tax_class")?).map_err(StorageError::Failed)
}

fn product_from(row: &DbRow) -> Result<Product, StorageError> {
    Ok(Product {
        offers_gift_options: omiyage_core::gift_options::parse_flags(
            &row.try_get::<String, _>("gift_options")?,
        )
        .any(),
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        category: row.try_get("category_id")?,
        image: row.try_get("image")?,
        photos: Vec::new(),
        variants: Vec::new(),
    })
}

impl Storage for Store {
    fn catalog_version(&self) -> u64 {
        self.catalog_version.load(Ordering::Acquire)
    }

    fn texts_version(&self) -> u64 {
        self.texts_version.load(Ordering::Acquire)
    }

    async fn catalog(&self) -> Result<Catalog, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let categories = sqlx::query("SELECT id, name FROM categories ORDER BY position")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(Category {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let mut products = sqlx::query(
            "SELECT id, name, description, category_id, image, gift_options FROM products WHERE archived = FALSE ORDER BY position",
        )
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(product_from)
        .collect::<Result<Vec<_>, _>>()?;
        let variants = sqlx::query(
            "SELECT v.id, v.product_id, v.name, v.price, v.stock, v.tax_class, v.photo FROM variants v \
             JOIN products p ON p.id = v.product_id WHERE p.archived = FALSE ORDER BY v.product_id, v.position",
        )
        .fetch_all(&mut *conn)
        .await?;
        for row in &variants {
            let (product_id, variant) = variant_from(row)?;
            if let Some(p) = products.iter_mut().find(|p| p.id == product_id) {
                p.variants.push(variant);
            }
        }
        let photos = load_photos(&mut conn, None).await?;
        attach_photos(&mut products, &photos, |p| (&p.id, &mut p.photos));
        Ok(Catalog {
            categories,
            products,
        })
    }

    async fn product(&self, id: &str) -> Result<Option<Product>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_product(&mut conn, id).await
    }

    async fn catalog_texts(&self) -> Result<Vec<CatalogText>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_texts(&mut conn, None).await
    }

    async fn find_key(&self, key: &str) -> Result<Option<StoredKey>, StorageError> {
        let row =
            sqlx::query("SELECT fingerprint, order_token FROM idempotency_keys WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.readers)
                .await?;
        row.map(|r| {
            Ok(StoredKey {
                fingerprint: r.try_get("fingerprint")?,
                order_token: r.try_get("order_token")?,
            })
        })
        .transpose()
    }

    async fn place_order(
        &self,
        key: &str,
        fingerprint: &str,
        order: crate::storage::NewOrder,
        takes: &[StockTake],
    ) -> Result<PlaceOutcome, StorageError> {
        self.orders
            .submit(order_writer::OrderJob {
                key: key.to_string(),
                fingerprint: fingerprint.to_string(),
                order: order.view,
                lang: order.lang,
                takes: takes.to_vec(),
                gift: order.gift,
                attribution: order.attribution,
                card: order.card,
                coupon: order.coupon,
                points: order.points,
            })
            .await
    }

    async fn order(&self, token: &str) -> Result<Option<OrderView>, StorageError> {
        let row = sqlx::query("SELECT view_json FROM orders WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.readers)
            .await?;
        row.map(|r| Ok(serde_json::from_str(&r.try_get::<String, _>("view_json")?)?))
            .transpose()
    }
}
