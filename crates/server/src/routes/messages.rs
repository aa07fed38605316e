//! "Find my orders" for shoppers; the outbox for the admin.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use omiyage_api::{ErrorBody, FindOrdersRequest, OutboxMessage, OutboxView};

use crate::auth::Admin;
use crate::extract::{ApiJson, ClientIp, PageLang};
use crate::{AppError, AppState};

/// Emails the links to every order placed with an email address (in the reader's language).
/// The answer is the same whether or not any order used it.
#[utoipa::path(post, path = "/api/find-orders", request_body = FindOrdersRequest,
    responses((status = 202, description = "If orders were placed with this email, their links are on the way"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn find_orders(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    PageLang(lang): PageLang,
    ApiJson(request): ApiJson<FindOrdersRequest>,
) -> Result<StatusCode, AppError> {
    crate::services::messages::find_orders(&state, client, &request.email, lang).await?;
    Ok(StatusCode::ACCEPTED)
}

/// The outbox: the newest 200 messages, each with its state and last error.
#[utoipa::path(get, path = "/api/admin/messages",
    responses((status = 200, body = OutboxView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_messages(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<OutboxView>, AppError> {
    crate::services::messages::outbox(&state).await.map(Json)
}

/// Sends a failed message again (its attempts start over).
#[utoipa::path(post, path = "/api/admin/messages/{id}/resend", params(("id" = String, Path)),
    responses((status = 200, body = OutboxMessage), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn resend_message(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<OutboxMessage>, AppError> {
    crate::services::messages::resend(&state, &id)
        .await
        .map(Json)
}
