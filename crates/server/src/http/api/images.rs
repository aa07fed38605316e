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
use omiyage_api::{AdminPhoto, ApiError, ErrorBody, ErrorCode, FieldError, UploadedImage};
use omiyage_core::image::{MAX_IMAGE_BYTES, sniff};

use crate::auth::Admin;
use crate::photos::Encoded;
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

/// At most this many photos are decoded and encoded at once (each takes up to ~70 MiB and a
/// core for a few tenths of a second).
static PHOTO_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Makes the renditions `widths` of the stored photo `image` (full, or 4:3 cuts around
/// `crop`) from its main JPEG and stores them in both formats: `(width, webp, jpeg)` as made,
/// `None` when the photo is not stored or its main image is not one of this pipeline's.
async fn make_renditions<S: Backend>(
    state: &AppState<S>,
    image: &str,
    widths: Vec<u32>,
    crop: Option<(u8, u8)>,
) -> Result<Option<Vec<(u32, Encoded, Encoded)>>, AppError> {
    let Some((_, main)) = state.storage.image(image).await? else {
        return Ok(None);
    };
    let made = {
        let _permit = PHOTO_WORK
            .acquire()
            .await
            .map_err(|_| AppError::Internal("the photo workers are closed".into()))?;
        tokio::task::spawn_blocking(move || crate::photos::renditions_of(&main, &widths, crop))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    };
    let Ok(made) = made else {
        return Ok(None);
    };
    let now = state.clock.now();
    for (width, webp, jpeg) in &made {
        for (ext, picture) in [("webp", webp), ("jpg", jpeg)] {
            let this = crate::photos::rendition_id(image, *width, crop, ext);
            // Two first requests at once both make it: the same bytes, saved once.
            state
                .storage
                .save_image(&this, picture.content_type, &picture.bytes, now)
                .await?;
        }
    }
    Ok(Some(made))
}

/// A rendition of a stored photo that is not stored yet, made now from its main JPEG, stored
/// and from then on served as any other: a width added to the set after the photo was
/// uploaded, or a 4:3 cut around a focus that a product gives the photo (or its centre). A cut
/// around any other focus is not made, so that nobody can fill the store with them.
async fn missing_rendition<S: Backend>(
    state: &AppState<S>,
    rid: &str,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(asked) = crate::photos::parse_rendition_id(rid) else {
        return Ok(None);
    };
    if let Some((x, y)) = asked.crop
        && (x, y) != (50, 50)
        && !state
            .storage
            .photo_focus_in_use(&format!("/api/images/{}", asked.image), x, y)
            .await?
    {
        return Ok(None);
    }
    let made = make_renditions(state, asked.image, vec![asked.width], asked.crop).await?;
    Ok(made
        .and_then(|made| made.into_iter().next())
        .map(|(_, webp, jpeg)| {
            let picture = if asked.ext == "webp" { webp } else { jpeg };
            (picture.content_type.to_string(), picture.bytes)
        }))
}

/// Makes the 4:3 cuts of `photos` (their `src` and focus) at every width, in the background,
/// for those not stored yet: run when a product is saved, so that the first shoppers to see a
/// new photo or focus do not wait for them.
pub fn prepare_cuts<S: Backend>(state: &AppState<S>, photos: &[AdminPhoto]) {
    let wanted: Vec<(String, (u8, u8))> = photos
        .iter()
        .filter(|p| omiyage_core::image::placeholder(&p.src).is_some())
        .filter_map(|p| {
            let image = p.src.strip_prefix("/api/images/")?;
            Some((image.to_string(), (p.focus_x, p.focus_y)))
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        for (image, focus) in wanted {
            let widest = crate::photos::WIDTHS[crate::photos::WIDTHS.len() - 1];
            let last = crate::photos::rendition_id(&image, widest, Some(focus), "webp");
            // The widest is stored last: with it, all are.
            if matches!(state.storage.image(&last).await, Ok(Some(_))) {
                continue;
            }
            if let Err(e) =
                make_renditions(&state, &image, crate::photos::WIDTHS.to_vec(), Some(focus)).await
            {
                tracing::warn!(image, error = %e, "could not make a photo's cuts");
            }
        }
    });
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
    let photo = {
        let _permit = PHOTO_WORK
            .acquire()
            .await
            .map_err(|_| AppError::Internal("the photo workers are closed".into()))?;
        tokio::task::spawn_blocking(move || crate::photos::process(&bytes))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(refused)?
    };
    let id = crate::photos::photo_id(&photo);
    let now = state.clock.now();
    for (width, webp, jpeg) in &photo.renditions {
        for (ext, picture) in [("webp", webp), ("jpg", jpeg)] {
            let rid = crate::photos::rendition_id(&id, *width, None, ext);
            state
                .storage
                .save_image(&rid, picture.content_type, &picture.bytes, now)
                .await?;
        }
    }
    let og = crate::photos::unfurl_id(&id);
    state
        .storage
        .save_image(&og, photo.unfurl.content_type, &photo.unfurl.bytes, now)
        .await?;
    // The main image last: a path handed out always has its renditions.
    state
        .storage
        .save_image(&id, photo.main.content_type, &photo.main.bytes, now)
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
    let (content_type, bytes) = match state.storage.image(&id).await? {
        Some(found) => found,
        None => missing_rendition(&state, &id)
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
