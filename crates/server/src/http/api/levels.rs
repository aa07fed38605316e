//! Promoter levels (admin): the ladder, replaced as a whole. Saving it recomputes every
//! promoter's level; levels are also recomputed when commission is confirmed and daily.

use axum::Json;
use axum::extract::State;
use omiyage_api::{ErrorBody, Ladder, LadderInput};
use omiyage_core::level::{self, Level};

use crate::auth::Admin;
use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::{AppError, AppState};

#[utoipa::path(get, path = "/api/admin/levels", responses((status = 200, body = Ladder)))]
pub async fn get_levels<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Ladder>, AppError> {
    Ok(Json(state.storage.ladder().await?))
}

/// Replaces the ladder: lowest level first, each asking for more than the one below.
#[utoipa::path(put, path = "/api/admin/levels", request_body = LadderInput,
    responses((status = 200, body = Ladder), (status = 422, body = ErrorBody)))]
pub async fn set_levels<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<LadderInput>,
) -> Result<Json<Ladder>, AppError> {
    let clamp = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let ladder: Vec<Level> = input
        .levels
        .iter()
        .map(|l| Level {
            name: l.name.trim().to_string(),
            min_sales: l.min_sales,
            min_orders: if l.min_orders < 0 {
                u32::MAX
            } else {
                clamp(l.min_orders)
            },
            bonus_bps: if l.bonus_bps < 0 {
                u32::MAX
            } else {
                clamp(l.bonus_bps)
            },
        })
        .collect();
    level::validate(&ladder, input.window_days)?;
    let window = u32::try_from(input.window_days).unwrap_or(level::DEFAULT_WINDOW_DAYS);
    state
        .storage
        .set_ladder(window, &ladder, state.clock.now())
        .await?;
    Ok(Json(state.storage.ladder().await?))
}
