//! The catalog in the reader's language: one cached, serialised copy per language, rebuilt when
//! the storage's catalog version moves, and the texts to lay over a product read on its own,
//! kept until the storage's texts version moves (orders move stock, not texts).

use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use omiyage_api::{Catalog, Product};
use omiyage_core::catalog::Overlay;
use omiyage_core::lang::Lang;

use crate::storage::Backend;
use crate::storage::Storage;
use crate::{AppError, AppState};

/// The last catalog read, in each language with its JSON, reused while the storage's catalog
/// version is unchanged; and the texts in each language, kept while the storage's texts
/// version is unchanged (a checkout lays them over the products it prices, and orders, which
/// move stock every time, leave them). It decides nothing: every write bumps a version, and
/// checkout reads stock from the database.
#[derive(Default)]
pub struct CatalogCache {
    catalogs: PerLanguage<Localized>,
    texts: PerLanguage<Arc<Overlay>>,
}

/// One value per language, all labelled with the storage version they were built from.
struct PerLanguage<T>(RwLock<Option<(u64, [Option<T>; 3])>>);

impl<T> Default for PerLanguage<T> {
    fn default() -> Self {
        PerLanguage(RwLock::new(None))
    }
}

impl<T: Clone> PerLanguage<T> {
    fn get(&self, version: u64, lang: Lang) -> Option<T> {
        self.0
            .read()
            .expect("catalog cache lock")
            .as_ref()
            .filter(|(v, _)| *v == version)
            .and_then(|(_, langs)| langs[slot(lang)].clone())
    }

    /// Keeps `value`, dropping every value of another version.
    fn put(&self, version: u64, lang: Lang, value: T) {
        let mut cache = self.0.write().expect("catalog cache lock");
        if cache.as_ref().is_none_or(|(v, _)| *v != version) {
            *cache = Some((version, Default::default()));
        }
        if let Some((_, langs)) = cache.as_mut() {
            langs[slot(lang)] = Some(value);
        }
    }
}

#[derive(Clone)]
pub struct Localized {
    pub catalog: Arc<Catalog>,
    pub json: Bytes,
}

/// A language's place, indexed like [`Lang::ALL`].
fn slot(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

impl CatalogCache {
    pub async fn get(&self, storage: &impl Storage, lang: Lang) -> Result<Localized, AppError> {
        // Read the version before loading: a write racing the load makes the entry stale at
        // once, never newer than its label.
        let version = storage.catalog_version();
        if let Some(hit) = self.catalogs.get(version, lang) {
            return Ok(hit);
        }
        let overlay = self.overlay(storage, lang).await?;
        let mut fresh = storage.catalog().await?;
        overlay.catalog(&mut fresh);
        let localized = Localized {
            json: Bytes::from(serde_json::to_vec(&fresh)?),
            catalog: Arc::new(fresh),
        };
        self.catalogs.put(version, lang, localized.clone());
        Ok(localized)
    }

    /// The catalog's texts in `lang`, to lay over a product read from storage.
    pub async fn overlay(
        &self,
        storage: &impl Storage,
        lang: Lang,
    ) -> Result<Arc<Overlay>, AppError> {
        let version = storage.texts_version();
        if let Some(hit) = self.texts.get(version, lang) {
            return Ok(hit);
        }
        let texts = storage.catalog_texts().await?;
        let overlay = Arc::new(Overlay::of(lang, texts.iter().map(|t| t.row())));
        self.texts.put(version, lang, overlay.clone());
        Ok(overlay)
    }
}

/// The catalog's texts in the reader's language.
pub async fn overlay<S: Backend>(
    state: &AppState<S>,
    lang: Lang,
) -> Result<Arc<Overlay>, AppError> {
    state
        .catalog_cache
        .overlay(state.storage.as_ref(), lang)
        .await
}

/// A product in the reader's language; `None` when it does not exist or is archived.
pub async fn localized_product<S: Backend>(
    state: &AppState<S>,
    id: &str,
    lang: Lang,
) -> Result<Option<Product>, AppError> {
    let Some(mut product) = state.storage.product(id).await? else {
        return Ok(None);
    };
    state
        .catalog_cache
        .overlay(state.storage.as_ref(), lang)
        .await?
        .product(&mut product);
    Ok(Some(product))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_per_language_until_the_version_moves() {
        let cache = PerLanguage::<u32>::default();
        assert_eq!(cache.get(1, Lang::Ja), None);
        cache.put(1, Lang::Ja, 10);
        cache.put(1, Lang::En, 11);
        assert_eq!(cache.get(1, Lang::Ja), Some(10));
        assert_eq!(cache.get(1, Lang::En), Some(11));
        assert_eq!(cache.get(1, Lang::ZhHans), None);
        // Another version: nothing of the old one is answered, and storing drops it.
        assert_eq!(cache.get(2, Lang::Ja), None);
        cache.put(2, Lang::Ja, 20);
        assert_eq!(cache.get(2, Lang::Ja), Some(20));
        assert_eq!(cache.get(2, Lang::En), None);
        assert_eq!(cache.get(1, Lang::En), None);
    }
}
