//! Messages to the shop's fans (admin): send one, and the list of those sent with what their
//! product cards sold; a member's saved addresses for the checkout and claim forms.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use omiyage_api::{ErrorBody, FanMessageDraft, FanMessageSummary};

use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Sends a message to the members who asked for the shop's news (those reading `langs`, or
/// all): one email each in their language, through the outbox, spread over time, each with a
/// one-click unsubscribe.
#[utoipa::path(post, path = "/api/admin/fan-messages", request_body = FanMessageDraft,
    responses((status = 201, body = FanMessageSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn send_fan_message<S: Backend>(
    crate::auth::Admin(admin): crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(draft): ApiJson<FanMessageDraft>,
) -> Result<(StatusCode, Json<FanMessageSummary>), AppError> {
    let sent = crate::services::fans::send(&state, &admin.id, &draft).await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

/// The messages sent, the newest first: to how many, and the paid orders their product cards
/// brought with their total.
#[utoipa::path(get, path = "/api/admin/fan-messages",
    responses((status = 200, body = Vec<FanMessageSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn fan_messages<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<FanMessageSummary>>, AppError> {
    Ok(Json(state.storage.fan_messages().await?))
}

/// The signed-in member's saved addresses, offered at checkout and when claiming a gift.
#[utoipa::path(get, path = "/api/me/addresses",
    responses((status = 200, body = Vec<omiyage_api::SavedAddress>), (status = 401, body = ErrorBody)))]
pub async fn my_addresses<S: Backend>(
    State(state): State<AppState<S>>,
    headers: axum::http::HeaderMap,
) -> Result<Json<Vec<omiyage_api::SavedAddress>>, AppError> {
    let Some(member) = crate::services::members::signed_in(&state, &headers).await? else {
        return Err(omiyage_api::ApiError::new(
            omiyage_api::ErrorCode::Unauthorized,
            "Sign in on My page first.",
        )
        .into());
    };
    Ok(Json(state.storage.member_addresses(&member.id).await?))
}
