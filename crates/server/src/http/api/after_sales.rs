//! After-sales (admin): the return period, the requests, and the answers.

use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{
    AfterSalesDecision, AfterSalesDecline, AfterSalesRequest, AfterSalesSettings, ApiError,
    ErrorBody, ErrorCode,
};

use crate::http::extract::ApiJson;
use crate::storage::{Backend, Decided};
use crate::{AppError, AppState};

/// The shop's return period.
#[utoipa::path(get, path = "/api/admin/after-sales-settings",
    responses((status = 200, body = AfterSalesSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<AfterSalesSettings>, AppError> {
    Ok(Json(state.storage.after_sales_settings().await?))
}

/// Sets the return period (requests already made stay).
#[utoipa::path(put, path = "/api/admin/after-sales-settings", request_body = AfterSalesSettings,
    responses((status = 200, body = AfterSalesSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<AfterSalesSettings>,
) -> Result<Json<AfterSalesSettings>, AppError> {
    omiyage_core::after_sales::check_settings(&input)?;
    state
        .storage
        .set_after_sales_settings(&input, state.clock.now())
        .await?;
    Ok(Json(input))
}

/// Every request, the newest first.
#[utoipa::path(get, path = "/api/admin/after-sales",
    responses((status = 200, body = Vec<AfterSalesRequest>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AfterSalesRequest>>, AppError> {
    Ok(Json(state.storage.after_sales_requests().await?))
}

/// Accepts an open request (the requester is emailed, in their language). Once: a second
/// answer is 409.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/accept",
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Already answered")))]
pub async fn accept<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    let decision = AfterSalesDecision {
        accept: true,
        reason: String::new(),
    };
    answer(&state, &id, &decision).await
}

/// Declines an open request with a reason the requester reads (by email, in their language).
/// Once: a second answer is 409.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/decline", request_body = AfterSalesDecline,
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Already answered"),
        (status = 422, body = ErrorBody)))]
pub async fn decline<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AfterSalesDecline>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    let decision = AfterSalesDecision {
        accept: false,
        reason: input.reason,
    };
    omiyage_core::after_sales::check_decision(&decision)?;
    answer(&state, &id, &decision).await
}

async fn answer<S: Backend>(
    state: &AppState<S>,
    id: &str,
    decision: &AfterSalesDecision,
) -> Result<Json<AfterSalesRequest>, AppError> {
    match state
        .storage
        .decide_after_sales(id, decision, state.clock.now())
        .await?
    {
        Decided::Done(request) => Ok(Json(*request)),
        Decided::NotFound => Err(ApiError::not_found("This request").into()),
        Decided::AlreadyDecided => {
            Err(ApiError::new(ErrorCode::Conflict, "This request was already answered.").into())
        }
    }
}
