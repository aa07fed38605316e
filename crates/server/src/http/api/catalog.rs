use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, VARY};
use axum::response::{IntoResponse, Response};
use omiyage_api::{ApiError, Catalog, CatalogQuery, ErrorBody, Product};
use omiyage_core::catalog;

use crate::http::extract::PageLang;
use crate::services::catalog::{Localized, localized_product};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The catalog: categories and the products matching the filters.
#[utoipa::path(get, path = "/api/products", params(CatalogQuery),
    responses((status = 200, body = Catalog)))]
pub async fn list_products<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    crate::http::extract::ApiQuery(query): crate::http::extract::ApiQuery<CatalogQuery>,
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
pub async fn get_product<S: Backend>(
    State(state): State<AppState<S>>,
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
