//! The catalog's rows as the back office edits them: products with their variants and
//! translations, categories, and ids made from names.

use omiyage_api::{AdminCategory, AdminPhoto, AdminProduct, AdminVariant, Money};
use omiyage_core::admin::slug;
use omiyage_core::catalog::{Entry, photo_key};
use sqlx::Row;

use super::{Conn, DbRow, Store, replace_texts, translations_of};
use crate::storage::StorageError;

pub(super) async fn load_admin_products(
    conn: &mut Conn,
    only: Option<&str>,
) -> Result<Vec<AdminProduct>, StorageError> {
    let products = sqlx::query(
        "SELECT id, name, description, category_id, image, archived, gift_options FROM products \
         WHERE $1 IS NULL OR id = $1 ORDER BY position",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let variants = sqlx::query(
        "SELECT id, product_id, name, sku, price, stock, tax_class, photo FROM variants \
         WHERE $1 IS NULL OR product_id = $1 ORDER BY product_id, position",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let texts = super::load_texts(conn, None).await?;
    let mut out = products
        .iter()
        .map(|r| {
            Ok(AdminProduct {
                gift_options: omiyage_core::gift_options::parse_flags(
                    &r.try_get::<String, _>("gift_options")?,
                ),
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
                category: r.try_get("category_id")?,
                image: r.try_get("image")?,
                photos: Vec::new(),
                archived: r.try_get("archived")?,
                variants: Vec::new(),
                translations: translations_of(
                    &texts,
                    Entry::Product,
                    &r.try_get::<String, _>("id")?,
                ),
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    for r in &variants {
        let product_id: String = r.try_get("product_id")?;
        if let Some(p) = out.iter_mut().find(|p| p.id == product_id) {
            let mut v = variant_from(r)?;
            v.translations = translations_of(&texts, Entry::Variant, &v.id);
            p.variants.push(v);
        }
    }
    let photos: Vec<(String, AdminPhoto)> = super::load_photos(conn, only)
        .await?
        .into_iter()
        .map(|(product, photo)| {
            let key = photo_key(&product, &photo.src);
            let mut photo = AdminPhoto::from(photo);
            photo.translations = translations_of(&texts, Entry::Photo, &key);
            (product, photo)
        })
        .collect();
    super::attach_photos(&mut out, &photos, |p| (&p.id, &mut p.photos));
    Ok(out)
}

pub(super) fn variant_from(r: &DbRow) -> Result<AdminVariant, StorageError> {
    Ok(AdminVariant {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        sku: r.try_get("sku")?,
        price: Money::jpy(r.try_get("price")?),
        stock: u32::try_from(r.try_get::<i64, _>("stock")?).unwrap_or(0),
        tax_class: super::tax_class(r)?,
        translations: Default::default(),
        photo: r.try_get("photo")?,
    })
}

/// Whether the category is one of the shop's.
pub(super) async fn category_exists(conn: &mut Conn, id: &str) -> Result<bool, StorageError> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM categories WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

pub(super) async fn insert_variant(
    conn: &mut Conn,
    product_id: &str,
    v: &omiyage_api::VariantInput,
    position: i64,
) -> Result<(), StorageError> {
    let id = format!("{product_id}-v{}", position + 1);
    sqlx::query(
        "INSERT INTO variants (id, product_id, name, sku, price, currency, stock, position, tax_class, photo) \
         VALUES ($1, $2, $3, $4, $5, 'JPY', $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(product_id)
    .bind(&v.name)
    .bind(&v.sku)
    .bind(v.price)
    .bind(v.stock)
    .bind(position)
    .bind(v.tax_class.as_str())
    .bind(&v.photo)
    .execute(&mut *conn)
    .await?;
    replace_texts(conn, Entry::Variant, &id, &v.translations).await
}

/// The name an id is made from: the English one when there is one (Japanese names have no Latin
/// letters to make a readable id of), else the Japanese.
pub(super) fn id_source<'a>(name: &'a str, t: &'a omiyage_api::Translations) -> &'a str {
    t.get("en").map_or(name, |en| en.name.as_str())
}

/// The tables whose ids are made from names.
pub(super) enum Table {
    Categories,
    Products,
}

/// A readable id for a new category or product (from its English name if it has one, else
/// its Japanese one), with a random suffix when that id is taken.
pub(super) async fn new_id(
    conn: &mut Conn,
    table: Table,
    name: &str,
    translations: &omiyage_api::Translations,
) -> Result<String, StorageError> {
    let source = id_source(name, translations);
    let id = new_product_id(source, false);
    let sql = match table {
        Table::Categories => "SELECT COUNT(*) FROM categories WHERE id = $1",
        Table::Products => "SELECT COUNT(*) FROM products WHERE id = $1",
    };
    let taken: i64 = sqlx::query_scalar(sql)
        .bind(&id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(if taken > 0 {
        new_product_id(source, true)
    } else {
        id
    })
}

pub(super) fn new_product_id(name: &str, taken: bool) -> String {
    let suffix = || uuid::Uuid::new_v4().simple().to_string()[..6].to_string();
    match slug(name) {
        s if s.is_empty() => format!("p-{}", suffix()),
        s if taken => format!("{s}-{}", suffix()),
        s => s,
    }
}

impl Store {
    pub(super) async fn one_admin_product(
        conn: &mut Conn,
        id: &str,
    ) -> Result<Option<AdminProduct>, StorageError> {
        Ok(load_admin_products(conn, Some(id))
            .await?
            .into_iter()
            .next())
    }
}

pub(super) async fn load_categories(
    conn: &mut Conn,
    only: Option<&str>,
) -> Result<Vec<AdminCategory>, StorageError> {
    let texts = super::load_texts(conn, Some(Entry::Category)).await?;
    sqlx::query("SELECT id, name FROM categories WHERE $1 IS NULL OR id = $1 ORDER BY position")
        .bind(only)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            Ok(AdminCategory {
                translations: translations_of(&texts, Entry::Category, &id),
                name: r.try_get("name")?,
                id,
            })
        })
        .collect()
}
