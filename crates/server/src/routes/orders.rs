use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{ErrorBody, OrderView};

use crate::{AppError, AppState};

/// An order by the token of its private status link.
#[utoipa::path(get, path = "/api/orders/{token}",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn get_order(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    crate::services::orders::load(&state, &token)
        .await
        .map(Json)
}

/// The sender cancels their gift: every unclaimed unit is refunded and its stock returned.
#[utoipa::path(post, path = "/api/orders/{token}/cancel-gift",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Nothing left to cancel")))]
pub async fn cancel_gift(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    crate::services::payments::cancel_gift(&state, &token).await?;
    crate::services::orders::load(&state, &token)
        .await
        .map(Json)
}
