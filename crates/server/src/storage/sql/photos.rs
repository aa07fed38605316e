//! A product's photos in their order, with focus and alt texts (their translations are
//! catalog texts, keyed by `photo_key`).

use omiyage_api::AdminPhoto;
use omiyage_api::Photo;
use omiyage_core::catalog::{CatalogText, Entry, photo_key};
use sqlx::Row;

use super::texts::insert_text;
use super::{Conn, DbRow};
use crate::storage::StorageError;

/// The photos of the products (or of one), in order, each with its product's id; alt texts in
/// Japanese, without translations.
pub(super) async fn load_photos(
    conn: &mut Conn,
    only: Option<&str>,
) -> Result<Vec<(String, Photo)>, StorageError> {
    let focus = |r: &DbRow, column: &str| -> Result<u8, StorageError> {
        Ok(u8::try_from(r.try_get::<i64, _>(column)?).unwrap_or(50))
    };
    sqlx::query(
        "SELECT product_id, src, alt, focus_x, focus_y FROM product_photos \
         WHERE $1 IS NULL OR product_id = $1 ORDER BY product_id, position",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("product_id")?,
            Photo {
                src: r.try_get("src")?,
                alt: r.try_get("alt")?,
                focus_x: focus(r, "focus_x")?,
                focus_y: focus(r, "focus_y")?,
            },
        ))
    })
    .collect()
}

/// Gives each loaded product its photos.
pub(super) fn attach_photos<'a, P: 'a, T: Clone>(
    products: impl IntoIterator<Item = &'a mut P>,
    photos: &[(String, T)],
    parts: impl Fn(&mut P) -> (&str, &mut Vec<T>),
) {
    // Grouped once (in their order): a catalog of n products and m photos costs n + m.
    let mut by_product: std::collections::HashMap<&str, Vec<&T>> = std::collections::HashMap::new();
    for (product, photo) in photos {
        by_product.entry(product.as_str()).or_default().push(photo);
    }
    for p in products {
        let (id, into) = parts(p);
        if let Some(found) = by_product.get(id) {
            into.extend(found.iter().map(|&photo| photo.clone()));
        }
    }
}

/// Replaces a product's photos and their alt texts' translations with `photos`.
pub(super) async fn replace_photos(
    conn: &mut Conn,
    product: &str,
    photos: &[AdminPhoto],
) -> Result<(), StorageError> {
    sqlx::query(
        "DELETE FROM catalog_texts WHERE entry = 'photo' AND substr(id, 1, length($1) + 1) = $1 || ' '",
    )
    .bind(product)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM product_photos WHERE product_id = $1")
        .bind(product)
        .execute(&mut *conn)
        .await?;
    for (i, photo) in photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_photos (product_id, position, src, alt, focus_x, focus_y) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(product)
        .bind(i as i64)
        .bind(&photo.src)
        .bind(&photo.alt)
        .bind(i64::from(photo.focus_x))
        .bind(i64::from(photo.focus_y))
        .execute(&mut *conn)
        .await?;
        let key = photo_key(product, &photo.src);
        for text in CatalogText::of_entry(Entry::Photo, &key, &photo.translations) {
            insert_text(conn, &text).await?;
        }
    }
    Ok(())
}
