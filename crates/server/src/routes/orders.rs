use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{ApiError, ErrorBody, OrderView};

use super::checkout::now;
use crate::storage::{GiftStorage, Storage};
use crate::{AppError, AppState};

/// An order with its gift (if any) settled as of now; the gift part never holds recipient data.
pub(crate) async fn load(state: &AppState, token: &str) -> Result<OrderView, AppError> {
    let mut order = state
        .storage
        .order(token)
        .await?
        .ok_or_else(|| ApiError::not_found("This order"))?;
    if order.gift.is_some() {
        order.gift = state.storage.sender_gift(token, now()).await?;
    }
    Ok(order)
}

/// An order by the token of its private status link.
#[utoipa::path(get, path = "/api/orders/{token}",
    params(("token" = String, Path, description = "The order's private token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
pub async fn get_order(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    load(&state, &token).await.map(Json)
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
    state.storage.cancel_gift(&token, now()).await?;
    load(&state, &token).await.map(Json)
}
