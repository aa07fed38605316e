use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{ApiError, ErrorBody, OrderView};

use crate::storage::Storage;
use crate::{AppError, AppState};

/// An order by the token of its private status link.
#[utoipa::path(get, path = "/api/orders/{token}",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn get_order(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    state
        .storage
        .order(&token)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This order").into())
}
