//! Photos after the upload handler has checked the request: processing and storing them
//! (on at most two blocking threads at once), the renditions a page asks for that are not
//! stored yet, and the 4:3 cuts made in the background when a product is saved.

use axum::body::Bytes;
use omiyage_api::AdminPhoto;

use crate::photos::{Encoded, PhotoError};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// At most this many photos are decoded and encoded at once (each takes up to ~70 MiB and a
/// core for a few tenths of a second).
static PHOTO_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Runs `work` (decoding and encoding photos) on a blocking thread, with a permit of
/// [`PHOTO_WORK`].
async fn on_photo_worker<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = PHOTO_WORK
        .acquire()
        .await
        .map_err(|_| AppError::Internal("the photo workers are closed".into()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Makes an uploaded photo fit to serve (`crate::photos::process`) and stores it with its
/// renditions and unfurl crop: its id, or why the file is not taken.
pub async fn store_upload<S: Backend>(
    state: &AppState<S>,
    bytes: Bytes,
) -> Result<Result<String, PhotoError>, AppError> {
    let photo = match on_photo_worker(move || crate::photos::process(&bytes)).await? {
        Ok(photo) => photo,
        Err(e) => return Ok(Err(e)),
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
    // The main image last: a path handed out always has its renditions (the others are made
    // from it, now in the background, or on a first request before that is done).
    state
        .storage
        .save_image(&id, photo.main.content_type, &photo.main.bytes, now)
        .await?;
    let later: Vec<u32> = crate::photos::WIDTHS
        .into_iter()
        .filter(|w| !crate::photos::AT_UPLOAD.contains(w))
        .collect();
    in_background(state, id.clone(), later, None);
    Ok(Ok(id))
}

/// A photo sent with an after-sales report, re-encoded without its metadata
/// (`crate::photos::evidence`) on a photo worker.
pub async fn evidence(bytes: Bytes) -> Result<Result<Encoded, PhotoError>, AppError> {
    on_photo_worker(move || crate::photos::evidence(&bytes)).await
}

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
    let made = on_photo_worker(move || crate::photos::renditions_of(&main, &widths, crop)).await?;
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
pub async fn missing_rendition<S: Backend>(
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
    let widest = crate::photos::WIDTHS[crate::photos::WIDTHS.len() - 1];
    for (image, focus) in wanted {
        let state = state.clone();
        tokio::spawn(async move {
            let last = crate::photos::rendition_id(&image, widest, Some(focus), "webp");
            // The widest is stored last: with it, all are.
            if !matches!(state.storage.image(&last).await, Ok(Some(_))) {
                make_in_background(&state, &image, crate::photos::WIDTHS.to_vec(), Some(focus))
                    .await;
            }
        });
    }
}

/// Makes the renditions `widths` of the stored photo `image` (full, or cut around `crop`) in
/// the background.
fn in_background<S: Backend>(
    state: &AppState<S>,
    image: String,
    widths: Vec<u32>,
    crop: Option<(u8, u8)>,
) {
    let state = state.clone();
    tokio::spawn(async move { make_in_background(&state, &image, widths, crop).await });
}

async fn make_in_background<S: Backend>(
    state: &AppState<S>,
    image: &str,
    widths: Vec<u32>,
    crop: Option<(u8, u8)>,
) {
    if let Err(e) = make_renditions(state, image, widths, crop).await {
        tracing::warn!(image, error = %e, "could not make a photo's renditions");
    }
}
