//! Delivery dates and time slots: the admin's rules, and what a shopper or a recipient may
//! choose now (worked out in the shop's calendar by the server's clock).

use axum::Json;
use axum::extract::State;
use omiyage_api::{DeliveryDates, DeliverySettings, ErrorBody};

use crate::http::extract::{ApiJson, PageLang};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// What may be chosen now: the earliest and latest delivery dates and the slots, with their
/// labels in the reader's language.
#[utoipa::path(get, path = "/api/delivery",
    responses((status = 200, body = DeliveryDates)))]
pub async fn get_dates<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<Json<DeliveryDates>, AppError> {
    let settings = state.storage.delivery_settings().await?;
    Ok(Json(omiyage_core::delivery::dates(
        &settings,
        state.clock.now(),
        lang,
    )))
}

/// The shop's delivery rules: carrier and slots, days in transit, the cut-off hour, the days
/// it does not ship, how far ahead a date may be chosen.
#[utoipa::path(get, path = "/api/admin/delivery",
    responses((status = 200, body = DeliverySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<DeliverySettings>, AppError> {
    Ok(Json(state.storage.delivery_settings().await?))
}

/// Sets the delivery rules. Dates already chosen stay as chosen; one the new rules make
/// impossible is shown to staff.
#[utoipa::path(put, path = "/api/admin/delivery", request_body = DeliverySettings,
    responses((status = 200, body = DeliverySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<DeliverySettings>,
) -> Result<Json<DeliverySettings>, AppError> {
    let settings = omiyage_core::delivery::validate_settings(&input)?;
    state
        .storage
        .set_delivery_settings(&settings, state.clock.now())
        .await?;
    Ok(Json(settings))
}
