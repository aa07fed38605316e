//! The catalog's translations (`catalog_texts`): a category's, product's, variant's or photo's
//! names and descriptions in the shop's other languages.

use omiyage_api::{LocalText, Translations};
use omiyage_core::catalog::{CatalogText, Entry};
use sqlx::Row;

use super::Conn;
use crate::storage::StorageError;

/// Stores one translated text.
pub(super) async fn insert_text(conn: &mut Conn, t: &CatalogText) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO catalog_texts (entry, id, lang, name, description) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(t.entry.as_str())
    .bind(&t.id)
    .bind(&t.lang)
    .bind(&t.text.name)
    .bind(&t.text.description)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces one entry's translations with `t`.
pub(super) async fn replace_texts(
    conn: &mut Conn,
    entry: Entry,
    id: &str,
    t: &Translations,
) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM catalog_texts WHERE entry = $1 AND id = $2")
        .bind(entry.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for text in CatalogText::of_entry(entry, id, t) {
        insert_text(conn, &text).await?;
    }
    Ok(())
}

/// Translated texts, of every entry or of one kind.
pub(super) async fn load_texts(
    conn: &mut Conn,
    entry: Option<Entry>,
) -> Result<Vec<CatalogText>, StorageError> {
    sqlx::query(
        "SELECT entry, id, lang, name, description FROM catalog_texts WHERE $1 IS NULL OR entry = $1",
    )
    .bind(entry.map(Entry::as_str))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let entry: String = r.try_get("entry")?;
        Ok(CatalogText {
            entry: Entry::parse(&entry)
                .ok_or_else(|| StorageError::Failed(format!("unknown catalog entry {entry}")))?,
            id: r.try_get("id")?,
            lang: r.try_get("lang")?,
            text: LocalText {
                name: r.try_get("name")?,
                description: r.try_get("description")?,
            },
        })
    })
    .collect()
}

/// One entry's translations out of loaded texts.
pub(super) fn translations_of(texts: &[CatalogText], entry: Entry, id: &str) -> Translations {
    texts
        .iter()
        .filter(|t| t.entry == entry && t.id == id)
        .map(|t| (t.lang.clone(), t.text.clone()))
        .collect()
}
