//! `GET /api/qr?text=…`: a QR code as SVG. A pure function of its input, so it is cached hard.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use omiyage_api::{ApiError, FieldError};
use serde::Deserialize;

use crate::AppError;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QrQuery {
    /// The text to encode, at most 512 characters.
    text: String,
}

/// Renders a QR code (SVG, with its quiet zone).
#[utoipa::path(get, path = "/api/qr", params(QrQuery),
    responses((status = 200, content_type = "image/svg+xml", description = "The QR code"),
        (status = 422, body = omiyage_api::ErrorBody)))]
pub async fn qr(
    crate::http::extract::ApiQuery(query): crate::http::extract::ApiQuery<QrQuery>,
) -> Result<impl IntoResponse, AppError> {
    let svg = omiyage_core::qr::svg(&query.text).ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "text",
            format!(
                "Keep the text to {} characters or fewer.",
                omiyage_core::qr::MAX_QR_TEXT
            ),
        )])
    })?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        svg,
    ))
}
