//! The recipient's side of a gift: open, claim (idempotent), decline. Unknown tokens all get the
//! same 404, so nothing tells whether a token exists.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use omiyage_api::{ClaimConfirmation, ClaimRequest, ErrorBody, GiftView, IDEMPOTENCY_HEADER};
use omiyage_core::{checkout, idempotency};

use crate::http::extract::{ApiJson, PageLang};
use crate::services;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The gift as its recipient sees it.
#[utoipa::path(get, path = "/api/gifts/{token}",
    params(("token" = String, Path, description = "The claim link's token")),
    responses((status = 200, body = GiftView), (status = 404, body = ErrorBody)))]
pub async fn get_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Json<GiftView>, AppError> {
    let view = state
        .storage
        .gift_view(&token, state.clock.now(), false)
        .await?;
    services::gifts::localized(&state, view, lang)
        .await
        .map(Json)
}

/// Marks the gift opened (the sender sees "opened") and returns it.
#[utoipa::path(post, path = "/api/gifts/{token}/open",
    params(("token" = String, Path, description = "The claim link's token")),
    responses((status = 200, body = GiftView), (status = 404, body = ErrorBody)))]
pub async fn open_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Json<GiftView>, AppError> {
    let view = state
        .storage
        .gift_view(&token, state.clock.now(), true)
        .await?;
    services::gifts::localized(&state, view, lang)
        .await
        .map(Json)
}

/// Claims one unit: the recipient's name and address (never shown to the sender).
#[utoipa::path(post, path = "/api/gifts/{token}/claim", request_body = ClaimRequest,
    params(("token" = String, Path, description = "The claim link's token"),
        ("Idempotency-Key" = String, Header, description = "A fresh key per claim; retries reuse it")),
    responses((status = 200, body = ClaimConfirmation), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already claimed"),
        (status = 410, body = ErrorBody, description = "Expired or cancelled (refunded)"),
        (status = 422, body = ErrorBody)))]
pub async fn claim_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ClaimRequest>,
) -> Result<Json<ClaimConfirmation>, AppError> {
    let key = idempotency::parse_key(
        headers
            .get(IDEMPOTENCY_HEADER)
            .and_then(|v| v.to_str().ok()),
    )?;
    let valid = checkout::validate_claim(&request)?;
    let fingerprint = idempotency::fingerprint_of(&request);
    let mut done = state
        .storage
        .claim_gift(
            &token,
            &key,
            &fingerprint,
            &valid,
            lang.tag(),
            state.clock.now(),
        )
        .await?;
    let view = state
        .storage
        .gift_view(&token, state.clock.now(), false)
        .await?;
    let mut product = view.product;
    if let Some(variant) = product
        .variants
        .iter()
        .find(|v| v.name == done.variant_name)
        .map(|v| v.id.clone())
    {
        let overlay = state
            .catalog_cache
            .overlay(state.storage.as_ref(), lang)
            .await?;
        overlay.product(&mut product);
        if let Some(v) = product.variant(&variant) {
            done.variant_name = v.name.clone();
        }
        done.product_name = product.name;
    }
    done.delivery_text = omiyage_core::delivery::line(done.delivery.as_ref(), lang);
    Ok(Json(done))
}

/// Declines one unit: it is refunded to the sender.
#[utoipa::path(post, path = "/api/gifts/{token}/decline",
    params(("token" = String, Path, description = "The claim link's token")),
    responses((status = 200, body = GiftView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn decline_gift<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Json<GiftView>, AppError> {
    let at = state.clock.now();
    state.storage.decline_gift(&token, at).await?;
    let view = state.storage.gift_view(&token, at, false).await?;
    services::gifts::localized(&state, view, lang)
        .await
        .map(Json)
}
