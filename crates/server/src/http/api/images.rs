//! Product images: the admin uploads photos (JPEG, PNG or WebP, size capped), which are made
//! upright and stripped of their metadata, with renditions for `srcset` (`crate::photos`);
//! everyone reads them. An image's id is the SHA-256 of its main JPEG and its average colour
//! (`<sha256>-a4b2c1`), so its URL never changes meaning and is cached for a year; its
//! renditions are `<id>.w<width>.webp` and `.jpg`, its 4:3 cuts around a focus (what the
//! pages show) `<id>.c<x>-<y>.w<width>.webp` and `.jpg`, its unfurl crop `<id>.og.jpg`.

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
use crate::services;
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

/// Uploads a photo (JPEG, PNG or WebP; at most 10 MiB) as the raw request body. It is stored
/// upright and without metadata, with its renditions (`<path>.w360.webp` … `.w1280.jpg`).
#[utoipa::path(post, path = "/api/admin/images", request_body(content = String, content_type = "application/octet-stream", description = "The photo file's bytes (JPEG, PNG or WebP, at most 10 MiB)"),
    responses((status = 201, body = UploadedImage), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not a JPEG, PNG or WebP photo, damaged, or too many pixels")))]
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
    let refused = |e: crate::photos::PhotoError| -> AppError {
        ApiError::invalid(vec![FieldError::new("image", e.to_string())]).into()
    };
    if sniff(&bytes).is_none() {
        return Err(refused(crate::photos::PhotoError::Unsupported));
    }
    let id = services::photos::store_upload(&state, bytes)
        .await?
        .map_err(refused)?;
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
    let (content_type, bytes) = match state.storage.image(&id).await? {
        Some(found) => found,
        None => services::photos::missing_rendition(&state, &id)
            .await?
            .ok_or_else(|| ApiError::not_found("This image"))?,
    };
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
