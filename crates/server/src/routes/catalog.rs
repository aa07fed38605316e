use std::sync::{Arc, RwLock};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, VARY};
use axum::response::{IntoResponse, Response};
use omiyage_api::{ApiError, Catalog, CatalogQuery, ErrorBody, Product};
use omiyage_core::catalog::{self, Overlay};
use omiyage_core::lang::Lang;

use crate::extract::PageLang;
use crate::storage::Storage;
use crate::{AppError, AppState};

/// The last catalog read, in each language with its JSON, reused while the storage's catalog
/// version is unchanged. It decides nothing: every write bumps the version, and checkout reads
/// stock from the database.
#[derive(Default)]
pub struct CatalogCache(RwLock<Option<CachedCatalog>>);

struct CachedCatalog {
    version: u64,
    /// Indexed like [`Lang::ALL`].
    langs: [Option<Localized>; 3],
}

#[derive(Clone)]
struct Localized {
    overlay: Arc<Overlay>,
    catalog: Arc<Catalog>,
    json: Bytes,
}

fn slot(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

impl CatalogCache {
    async fn get(&self, storage: &impl Storage, lang: Lang) -> Result<Localized, AppError> {
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
        let texts = storage.catalog_texts().await?;
        let overlay = Overlay::of(lang, texts.iter().map(|t| t.row()));
        let mut fresh = storage.catalog().await?;
        overlay.catalog(&mut fresh);
        let localized = Localized {
            overlay: Arc::new(overlay),
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
        Ok(self.get(storage, lang).await?.overlay)
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

/// The catalog: categories and the products matching the filters.
#[utoipa::path(get, path = "/api/products", params(CatalogQuery),
    responses((status = 200, body = Catalog)))]
pub async fn list_products(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Query(query): Query<CatalogQuery>,
) -> Result<Response, AppError> {
    let Localized {
        catalog: all, json, ..
    } = state
        .catalog_cache
        .get(state.storage.as_ref(), lang)
        .await?;
    let mut response = if query == CatalogQuery::default() {
        ([(CONTENT_TYPE, "application/json")], json).into_response()
    } else {
        Json(Catalog {
            categories: all.categories.clone(),
            products: catalog::filter(all.products.clone(), &query),
        })
        .into_response()
    };
    vary_language(&mut response);
    Ok(response)
}

/// Marks a response as depending on the reader's language.
pub fn vary_language(response: &mut Response) {
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("accept-language"));
}

/// One product with its variants and stock.
#[utoipa::path(get, path = "/api/products/{id}",
    params(("id" = String, Path, description = "Product id (slug)")),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let product = localized_product(&state, &id, lang)
        .await?
        .ok_or_else(|| AppError::from(ApiError::not_found("This product")))?;
    let mut response = Json(product).into_response();
    vary_language(&mut response);
    Ok(response)
}
