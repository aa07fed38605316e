//! Gifts that bring new customers: the admin's reward rule and the report of what gifts
//! brought.

use axum::Json;
use axum::extract::State;
use omiyage_api::{ErrorBody, GiftReport, GiftRewardSettings};

use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The reward a gift's sender earns when a recipient who came from their gift page places their
/// own first order within the window.
#[utoipa::path(get, path = "/api/admin/gift-rewards",
    responses((status = 200, body = GiftRewardSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_reward_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<GiftRewardSettings>, AppError> {
    Ok(Json(state.storage.reward_settings().await?))
}

/// Sets the reward rule (orders already credited are rewarded by the rule in force when they
/// are paid).
#[utoipa::path(put, path = "/api/admin/gift-rewards", request_body = GiftRewardSettings,
    responses((status = 200, body = GiftRewardSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_reward_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<GiftRewardSettings>,
) -> Result<Json<GiftRewardSettings>, AppError> {
    omiyage_core::reward::check_settings(&input)?;
    state
        .storage
        .set_reward_settings(&input, state.clock.now())
        .await?;
    Ok(Json(input))
}

/// What the shop's gifts brought: gifts and units sent and claimed, recipients who came to the
/// shop and became customers, their revenue, the rewards given and used.
#[utoipa::path(get, path = "/api/admin/gift-report",
    responses((status = 200, body = GiftReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn gift_report<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<GiftReport>, AppError> {
    Ok(Json(state.storage.gift_report().await?))
}
