//! After-sales (admin): the return period, the requests, and the answers.

use axum::Json;
use axum::extract::{Path, State};
use omiyage_api::{
    AfterSalesDecision, AfterSalesDecline, AfterSalesReceived, AfterSalesRefund, AfterSalesRequest,
    AfterSalesReturn, AfterSalesSettings, AfterSalesShip, ApiError, ErrorBody, ErrorCode,
};

use crate::http::extract::ApiJson;
use crate::storage::{Backend, Decided, Step};
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

/// A photo sent with a request (a JPEG re-encoded without its metadata), for the merchant only.
#[utoipa::path(get, path = "/api/admin/after-sales/{id}/photos/{n}",
    params(("id" = String, Path), ("n" = u32, Path, description = "From 0")),
    responses((status = 200, content_type = "image/jpeg", description = "The photo"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn photo<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path((id, n)): Path<(String, String)>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    use axum::response::IntoResponse;
    // Any other number (or none) is no photo of the request.
    let Ok(n) = n.parse::<u32>() else {
        return Err(ApiError::not_found("This photo").into());
    };
    match state.storage.after_sales_photo(&id, n).await? {
        Some((content_type, bytes)) => Ok((
            [
                (CONTENT_TYPE, content_type),
                (CACHE_CONTROL, "private, max-age=3600".to_string()),
            ],
            bytes,
        )
            .into_response()),
        None => Err(ApiError::not_found("This photo").into()),
    }
}

async fn step<S: Backend>(
    state: &AppState<S>,
    id: &str,
    step: Step<'_>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    let request = state
        .storage
        .after_sales_step(id, step, state.clock.now())
        .await?;
    Ok(Json(request))
}

/// Asks the requester to send the item back, saying how (emailed in their language). Once.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/return", request_body = AfterSalesReturn,
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not accepted, or already asked back"),
        (status = 422, body = ErrorBody)))]
pub async fn ask_return<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AfterSalesReturn>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    omiyage_core::after_sales::check_instructions(&input.instructions)?;
    let instructions = input.instructions.as_str();
    step(&state, &id, Step::AskReturn { instructions }).await
}

/// The item asked back came back: to stock (`restock`, the item's whole quantity), or written
/// off as damaged. Once: a second mark is 409 and restocks nothing.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/received", request_body = AfterSalesReceived,
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not accepted, not asked back, or already received")))]
pub async fn received<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AfterSalesReceived>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    let restock = input.restock;
    step(&state, &id, Step::Received { restock }).await
}

/// Refunds part of what the item paid, by the payment's own path: a card through the
/// provider (its buyer, a gift's sender, is emailed; the promoter's share goes back), a
/// counter payment noted for the shop to give back. Racing refunds never add up past what the
/// item paid, nor past what the card may still refund.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/refund", request_body = AfterSalesRefund,
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not accepted, or a replacement was sent"),
        (status = 422, body = ErrorBody, description = "Less than 1 yen, or more than the item may still refund")))]
pub async fn refund<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AfterSalesRefund>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    omiyage_core::after_sales::check_refund(input.amount)?;
    let amount = input.amount;
    step(&state, &id, Step::Refund { amount }).await
}

/// Ships the replacement as a new parcel (to the order's address; a gift's unit to its
/// recipient's): the item's variant, or another of its product for an exchange, taken from
/// stock. Once.
#[utoipa::path(post, path = "/api/admin/after-sales/{id}/ship", request_body = AfterSalesShip,
    params(("id" = String, Path)),
    responses((status = 200, body = AfterSalesRequest), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not accepted, refunded, already shipped, or out of stock"),
        (status = 422, body = ErrorBody)))]
pub async fn ship<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AfterSalesShip>,
) -> Result<Json<AfterSalesRequest>, AppError> {
    let tracking = omiyage_core::admin::validate_tracking_number(&input.tracking_number)?;
    let step_taken = Step::Ship {
        tracking: &tracking,
        variant_id: &input.variant_id,
    };
    step(&state, &id, step_taken).await
}
