use axum::Json;
use axum::extract::{Path, Query, State};
use omiyage_api::{ApiError, Catalog, CatalogQuery, ErrorBody, Product};
use omiyage_core::catalog;

use crate::storage::Storage;
use crate::{AppError, AppState};

/// The catalog: categories and the products matching the filters.
#[utoipa::path(get, path = "/api/products", params(CatalogQuery),
    responses((status = 200, body = Catalog)))]
pub async fn list_products(
    State(state): State<AppState>,
    Query(query): Query<CatalogQuery>,
) -> Result<Json<Catalog>, AppError> {
    let mut all = state.storage.catalog().await?;
    all.products = catalog::filter(all.products, &query);
    Ok(Json(all))
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
