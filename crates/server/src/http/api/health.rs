use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::storage::Backend;
use crate::{AppError, AppState};

/// Whether the server and its database answer. Nothing about the shop's business: a
/// competitor must not read the order volume here.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
}

/// Liveness and database check.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health), (status = 500, body = omiyage_api::ErrorBody)))]
pub async fn health<S: Backend>(
    State(state): State<AppState<S>>,
) -> Result<Json<Health>, AppError> {
    state.storage.ping().await?;
    Ok(Json(Health { status: "ok" }))
}
