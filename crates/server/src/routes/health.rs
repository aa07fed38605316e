use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::{AppError, AppState};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
    orders: i64,
}

/// Liveness and database check.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let orders = state.storage.order_count().await?;
    Ok(Json(Health {
        status: "ok",
        orders,
    }))
}
