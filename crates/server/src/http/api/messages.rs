//! "Find my orders" for shoppers; the outbox and the webhook endpoints for the admin.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use omiyage_api::{
    ErrorBody, FindOrdersRequest, OutboxMessage, OutboxView, WebhookEndpoint, WebhookInput,
};

use crate::auth::Admin;
use crate::http::extract::{ApiJson, ClientIp, PageLang};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Emails the links to every order placed with an email address (in the reader's language).
/// The answer is the same whether or not any order used it.
#[utoipa::path(post, path = "/api/find-orders", request_body = FindOrdersRequest,
    responses((status = 202, description = "If orders were placed with this email, their links are on the way"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn find_orders<S: Backend>(
    State(state): State<AppState<S>>,
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
pub async fn list_messages<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<OutboxView>, AppError> {
    crate::services::messages::outbox(&state).await.map(Json)
}

/// Sends a failed message again (its attempts start over).
#[utoipa::path(post, path = "/api/admin/messages/{id}/resend", params(("id" = String, Path)),
    responses((status = 200, body = OutboxMessage), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn resend_message<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<OutboxMessage>, AppError> {
    crate::services::messages::resend(&state, &id)
        .await
        .map(Json)
}

/// Every webhook endpoint (with its signing secret).
#[utoipa::path(get, path = "/api/admin/webhooks",
    responses((status = 200, body = Vec<WebhookEndpoint>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_webhooks<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<WebhookEndpoint>>, AppError> {
    crate::services::webhooks::list(&state).await.map(Json)
}

/// Adds an endpoint: an http(s) URL on a public address, and the events it gets.
#[utoipa::path(post, path = "/api/admin/webhooks", request_body = WebhookInput,
    responses((status = 201, body = WebhookEndpoint), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_webhook<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<(StatusCode, Json<WebhookEndpoint>), AppError> {
    let endpoint = crate::services::webhooks::create(&state, &input).await?;
    Ok((StatusCode::CREATED, Json(endpoint)))
}

/// Removes an endpoint (its pending deliveries fail).
#[utoipa::path(delete, path = "/api/admin/webhooks/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn delete_webhook<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    crate::services::webhooks::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new signing secret; the previous one keeps signing (a second `v1=`) for 24 hours.
#[utoipa::path(post, path = "/api/admin/webhooks/{id}/rotate", params(("id" = String, Path)),
    responses((status = 200, body = WebhookEndpoint), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn rotate_webhook<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<WebhookEndpoint>, AppError> {
    crate::services::webhooks::rotate(&state, &id)
        .await
        .map(Json)
}

/// Sends a `webhook.test` event to this endpoint.
#[utoipa::path(post, path = "/api/admin/webhooks/{id}/test", params(("id" = String, Path)),
    responses((status = 202), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn test_webhook<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    crate::services::webhooks::send_test(&state, &id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// The endpoint's newest 100 deliveries: event type, state, attempts, last error.
#[utoipa::path(get, path = "/api/admin/webhooks/{id}/deliveries", params(("id" = String, Path)),
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn webhook_deliveries<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<Vec<OutboxMessage>>, AppError> {
    crate::services::webhooks::deliveries(&state, &id)
        .await
        .map(Json)
}
