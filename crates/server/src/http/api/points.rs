//! Members' points and ranks: the shop's rules (admin) and the signed-in member's standing.

use axum::Json;
use axum::extract::State;
use omiyage_api::{ErrorBody, PointSettings, PointStanding};

use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The shop's points rules: the rate orders earn, how long points last, the notice before they
/// expire, the ranks with their benefits.
#[utoipa::path(get, path = "/api/admin/points",
    responses((status = 200, body = PointSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn point_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<PointSettings>, AppError> {
    Ok(Json(state.storage.point_settings().await?))
}

/// Saves the points rules (every problem at once: 422). A new rate counts for orders placed
/// from now on; ranks are decided again from each member's last twelve months.
#[utoipa::path(put, path = "/api/admin/points", request_body = PointSettings,
    responses((status = 200, body = PointSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn save_point_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<PointSettings>,
) -> Result<Json<PointSettings>, AppError> {
    let settings = input.check()?;
    let now = state.clock.now();
    state.storage.save_point_settings(&settings, now).await?;
    Ok(Json(settings))
}

/// The signed-in member's points and rank: balance, when they expire, the twelve months'
/// spend, the rank's benefits, the next rank and the latest movements.
#[utoipa::path(get, path = "/api/me/points",
    responses((status = 200, body = PointStanding), (status = 401, body = ErrorBody)))]
pub async fn my_points<S: Backend>(
    State(state): State<AppState<S>>,
    headers: axum::http::HeaderMap,
) -> Result<Json<PointStanding>, AppError> {
    let unauthorized = || {
        AppError::from(omiyage_api::ApiError::new(
            omiyage_api::ErrorCode::Unauthorized,
            "Sign in on My page first.",
        ))
    };
    let member = crate::services::members::signed_in(&state, &headers)
        .await?
        .ok_or_else(unauthorized)?;
    let now = state.clock.now();
    crate::services::points::standing(&state, &member.id, now, crate::services::points::LATEST)
        .await?
        .map(Json)
        .ok_or_else(unauthorized)
}
