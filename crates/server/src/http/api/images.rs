//! Product images: the admin uploads them (type read from the bytes, size capped), everyone
//! reads them. An image's id is the SHA-256 of its bytes, so its URL never changes meaning and
//! is cached for a year.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::IntoResponse;
use omiyage_api::{ApiError, ErrorBody, ErrorCode, FieldError, UploadedImage};
use omiyage_core::image::{MAX_IMAGE_BYTES, sniff};

use crate::auth::Admin;
use crate::storage::Backend;
use crate::{AppError, AppState};

fn too_large() -> AppError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "Images can be at most {} MiB.",
            MAX_IMAGE_BYTES / (1024 * 1024)
        ),
    )
    .into()
}

/// Uploads an image (PNG, JPEG, WebP or GIF; at most 2 MiB) as the raw request body.
#[utoipa::path(post, path = "/api/admin/images", request_body(content = String, content_type = "application/octet-stream", description = "The image file's bytes (PNG, JPEG, WebP or GIF, at most 2 MiB)"),
    responses((status = 201, body = UploadedImage), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not a PNG, JPEG, WebP or GIF image")))]
pub async fn upload_image<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<UploadedImage>), AppError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::new(ErrorCode::BadRequest, e.body_text()).into()
        }
    })?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(too_large());
    }
    let content_type = sniff(&bytes).ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "image",
            "This file is not an image we accept. Upload a PNG, JPEG, WebP or GIF.",
        )])
    })?;
    let id = crate::auth::token_hash_bytes(&bytes);
    state
        .storage
        .save_image(&id, content_type, &bytes, state.clock.now())
        .await?;
    let path = format!("/api/images/{id}");
    Ok((StatusCode::CREATED, Json(UploadedImage { path })))
}

/// An uploaded image.
#[utoipa::path(get, path = "/api/images/{id}", params(("id" = String, Path)),
    responses((status = 200, description = "The image"), (status = 404, body = ErrorBody)))]
pub async fn get_image<S: Backend>(
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let (content_type, bytes) = state
        .storage
        .image(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("This image"))?;
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (
                CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    ))
}
