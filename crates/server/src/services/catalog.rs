//! The catalog in the reader's language: one cached, serialised copy per language, rebuilt when
//! the storage's catalog version moves, and the texts to lay over a product read on its own,
//! kept until the storage's texts version moves (orders move stock, not texts).

use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use omiyage_api::{Catalog, Product};
use omiyage_core::catalog::Overlay;
use omiyage_core::lang::Lang;

use crate::storage::Storage;
use crate::{AppError, AppState};

/// The last catalog read, in each language with its JSON, reused while the storage's catalog
/// version is unchanged. It decides nothing: every write bumps the version, and checkout reads
/// stock from the database.
#[derive(Default)]
pub struct CatalogCache(RwLock<Option<CachedCatalog>>, RwLock<Option<CachedTexts>>);

/// The texts in each language, kept while the storage's texts version is unchanged: a checkout
/// lays them over the products it prices, and orders (which move stock every time) leave them.
struct CachedTexts {
    version: u64,
    /// Indexed like [`Lang::ALL`].
    langs: [Option<Arc<Overlay>>; 3],
}

struct CachedCatalog {
    version: u64,
    /// Indexed like [`Lang::ALL`].
    langs: [Option<Localized>; 3],
}

#[derive(Clone)]
pub struct Localized {
    pub catalog: Arc<Catalog>,
    pub json: Bytes,
}

fn slot(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

impl CatalogCache {
    pub async fn get(&self, storage: &impl Storage, lang: Lang) -> Result<Localized, AppError> {
        // Read the version before loading: a write racing the load makes the entry stale at
        // once, never newer than its label.
        let version = storage.catalog_version();
        if let Some(hit) = self
            .0
            .read()
            .expect("catalog cache lock")
            .as_ref()
            .filter(|c| c.version == version)
            .and_then(|c| c.langs[slot(lang)].clone())
        {
            return Ok(hit);
        }
        let overlay = self.overlay(storage, lang).await?;
        let mut fresh = storage.catalog().await?;
        overlay.catalog(&mut fresh);
        let localized = Localized {
            json: Bytes::from(serde_json::to_vec(&fresh)?),
            catalog: Arc::new(fresh),
        };
        let mut cache = self.0.write().expect("catalog cache lock");
        if cache.as_ref().is_none_or(|c| c.version != version) {
            *cache = Some(CachedCatalog {
                version,
                langs: Default::default(),
            });
        }
        if let Some(c) = cache.as_mut() {
            c.langs[slot(lang)] = Some(localized.clone());
        }
        Ok(localized)
    }

    /// The catalog's texts in `lang`, to lay over a product read from storage.
    pub async fn overlay(
        &self,
        storage: &impl Storage,
        lang: Lang,
    ) -> Result<Arc<Overlay>, AppError> {
        let version = storage.texts_version();
        if let Some(hit) = self
            .1
            .read()
            .expect("texts cache lock")
            .as_ref()
            .filter(|c| c.version == version)
            .and_then(|c| c.langs[slot(lang)].clone())
        {
            return Ok(hit);
        }
        let texts = storage.catalog_texts().await?;
        let overlay = Arc::new(Overlay::of(lang, texts.iter().map(|t| t.row())));
        let mut cache = self.1.write().expect("texts cache lock");
        if cache.as_ref().is_none_or(|c| c.version != version) {
            *cache = Some(CachedTexts {
                version,
                langs: Default::default(),
            });
        }
        if let Some(c) = cache.as_mut() {
            c.langs[slot(lang)] = Some(overlay.clone());
        }
        Ok(overlay)
    }
}

/// The catalog's texts in the reader's language.
pub async fn overlay(state: &AppState, lang: Lang) -> Result<Arc<Overlay>, AppError> {
    state
        .catalog_cache
        .overlay(state.storage.as_ref(), lang)
        .await
}

/// A product in the reader's language; `None` when it does not exist or is archived.
pub async fn localized_product(
    state: &AppState,
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
