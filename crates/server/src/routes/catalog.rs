use std::sync::{Arc, RwLock};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use omiyage_api::{ApiError, Catalog, CatalogQuery, ErrorBody, Product};
use omiyage_core::catalog;

use crate::storage::Storage;
use crate::{AppError, AppState};

/// The last catalog read and its JSON, reused while the storage's catalog version is unchanged.
/// It decides nothing: every write bumps the version, and checkout reads stock from the database.
#[derive(Default)]
pub struct CatalogCache(RwLock<Option<CachedCatalog>>);

struct CachedCatalog {
    version: u64,
    catalog: Arc<Catalog>,
    json: Bytes,
}

impl CatalogCache {
    async fn get(&self, storage: &impl Storage) -> Result<(Arc<Catalog>, Bytes), AppError> {
        // Read the version before loading: a write racing the load makes the entry stale at
        // once, never newer than its label.
        let version = storage.catalog_version();
        if let Some(hit) = self
            .0
            .read()
            .expect("catalog cache lock")
            .as_ref()
            .filter(|c| c.version == version)
        {
            return Ok((hit.catalog.clone(), hit.json.clone()));
        }
        let fresh = storage.catalog().await?;
        let json = Bytes::from(serde_json::to_vec(&fresh)?);
        let catalog = Arc::new(fresh);
        *self.0.write().expect("catalog cache lock") = Some(CachedCatalog {
            version,
            catalog: catalog.clone(),
            json: json.clone(),
        });
        Ok((catalog, json))
    }
}

/// The catalog: categories and the products matching the filters.
#[utoipa::path(get, path = "/api/products", params(CatalogQuery),
    responses((status = 200, body = Catalog)))]
pub async fn list_products(
    State(state): State<AppState>,
    Query(query): Query<CatalogQuery>,
) -> Result<Response, AppError> {
    let (all, json) = state.catalog_cache.get(state.storage.as_ref()).await?;
    if query == CatalogQuery::default() {
        return Ok(([(CONTENT_TYPE, "application/json")], json).into_response());
    }
    let filtered = Catalog {
        categories: all.categories.clone(),
        products: catalog::filter(all.products.clone(), &query),
    };
    Ok(Json(filtered).into_response())
}

/// One product with its variants and stock.
#[utoipa::path(get, path = "/api/products/{id}",
    params(("id" = String, Path, description = "Product id (slug)")),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Product>, AppError> {
    state
        .storage
        .product(&id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This product").into())
}
