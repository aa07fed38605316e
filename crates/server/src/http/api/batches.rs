//! Counter gift batches for shop staff (their own shop only; the admin any shop), and claiming
//! by short code (rate limited per client and per code).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use omiyage_api::{
    AccountView, ApiError, BatchInput, BatchSummary, BatchView, CodeLookup, CodeTarget, ErrorBody,
    ErrorCode, FieldError, Role,
};
use omiyage_core::shortcode::ShortCode;
use omiyage_core::{batch, gift};

use crate::auth::Session;
use crate::http::extract::{ApiJson, PageLang};
use crate::storage::Backend;
use crate::storage::NewBatch;
use crate::{AppError, AppState};

/// Staff act for their shop; the admin for any (`None`); promoters for none.
fn scope(session: Session) -> Result<(AccountView, Option<String>), AppError> {
    let account = session.require(&[Role::Admin, Role::Staff])?;
    let shop = match account.role {
        Role::Staff => account.shop_id.clone(),
        _ => None,
    };
    Ok((account, shop))
}

fn forbidden() -> AppError {
    ApiError::new(ErrorCode::Forbidden, "This batch belongs to another shop.").into()
}

/// A batch the caller may see: 404 if unknown, 403 if another shop's.
async fn visible<S: Backend>(
    state: &AppState<S>,
    session: Session,
    id: &str,
) -> Result<BatchView, AppError> {
    let (_, shop) = scope(session)?;
    let view = state
        .storage
        .batch(id, state.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found("This batch"))?;
    match shop {
        Some(own) if own != view.shop_id => Err(forbidden()),
        _ => Ok(view),
    }
}

fn random_code() -> Result<ShortCode, AppError> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(ShortCode::from_entropy(bytes))
}

/// Creates a batch of prepaid gift codes paid at the counter; reserves their stock.
#[utoipa::path(post, path = "/api/batches", request_body = BatchInput,
    responses((status = 201, body = BatchView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not enough stock"), (status = 422, body = ErrorBody)))]
pub async fn create_batch<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<BatchInput>,
) -> Result<(StatusCode, Json<BatchView>), AppError> {
    let (account, own_shop) = scope(session)?;
    let now = state.clock.now();
    let valid = batch::validate_batch(&input, now)?;
    let shop_id = own_shop.or(input.shop_id.clone()).ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "shop_id",
            "Choose the shop selling these codes.",
        )])
    })?;
    let shop = state.storage.shop(&shop_id).await?.ok_or_else(|| {
        ApiError::invalid(vec![FieldError::new(
            "shop_id",
            "That shop does not exist.",
        )])
    })?;
    let bad_product = || {
        ApiError::invalid(vec![FieldError::new(
            "variant_id",
            "Choose a product and variant on sale.",
        )])
    };
    let product = state
        .storage
        .product(&valid.product_id)
        .await?
        .ok_or_else(bad_product)?;
    let variant_name = product
        .variant(&valid.variant_id)
        .ok_or_else(bad_product)?
        .name
        .clone();
    let options = batch::options(&valid, &shop.name);
    let mut codes = Vec::with_capacity(valid.count as usize);
    for _ in 0..valid.count {
        let order = batch::code_order(
            uuid::Uuid::new_v4().to_string(),
            &product,
            &valid,
            &shop.name,
            now,
        )?;
        let record = gift::new_record(
            uuid::Uuid::new_v4().to_string(),
            &order.token,
            &options,
            &order.lines[0],
            0,
            valid.expires_at,
        );
        let mut order = order;
        order.gift = Some(record.sender_view());
        codes.push((order, record, random_code()?.as_str().to_string()));
    }
    let new = NewBatch {
        id: uuid::Uuid::new_v4().to_string(),
        shop_id,
        created_by: account.id,
        valid,
        product,
        variant_name,
        codes,
    };
    let view = state.storage.create_batch(&new, now).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The caller's shop's batches (every shop's for the admin), newest first.
#[utoipa::path(get, path = "/api/batches", responses((status = 200, body = Vec<BatchSummary>)))]
pub async fn list_batches<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<BatchSummary>>, AppError> {
    let (_, shop) = scope(session)?;
    Ok(Json(state.storage.batches(shop.as_deref()).await?))
}

/// A batch with every code and its state (also what the print view prints).
#[utoipa::path(get, path = "/api/batches/{id}", params(("id" = String, Path)),
    responses((status = 200, body = BatchView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_batch<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(id): Path<String>,
) -> Result<Json<BatchView>, AppError> {
    let mut batch = visible(&state, session, &id).await?;
    crate::services::catalog::overlay(&state, lang)
        .await?
        .product_name(&batch.product_id, &mut batch.product_name);
    Ok(Json(batch))
}

/// Voids an unclaimed code: its unit goes back to stock. A claimed code → 409.
#[utoipa::path(post, path = "/api/batches/{id}/codes/{code}/void", params(("id" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = BatchView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn void_code<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path((id, code)): Path<(String, String)>,
) -> Result<Json<BatchView>, AppError> {
    let (_, shop) = scope(session)?;
    let view = state
        .storage
        .batch(&id, state.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found("This batch"))?;
    if shop.is_some_and(|own| own != view.shop_id) {
        return Err(forbidden());
    }
    let code = ShortCode::parse(&code).map_err(|_| ApiError::not_found("This code"))?;
    state
        .storage
        .void_code(&id, code.as_str(), state.clock.now())
        .await?;
    state
        .storage
        .batch(&id, state.clock.now())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This batch").into())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OriginQuery {
    /// The site's origin as the browser sees it, e.g. `https://shop.example`.
    origin: String,
}

/// Whether `origin` is a bare http(s) origin (scheme, host, optional port).
fn is_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && origin.len() <= 100
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    })
}

/// The QR codes (SVG) of every code's claim link `<origin>/g/<token>`, in code order, for the
/// print view: one request instead of one per card.
#[utoipa::path(get, path = "/api/batches/{id}/qr-codes", params(("id" = String, Path), OriginQuery),
    responses((status = 200, body = Vec<String>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn qr_codes<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    crate::http::extract::ApiQuery(query): crate::http::extract::ApiQuery<OriginQuery>,
) -> Result<Json<Vec<String>>, AppError> {
    if !is_origin(&query.origin) {
        return Err(ApiError::invalid(vec![FieldError::new(
            "origin",
            "Give the site's origin, e.g. https://shop.example.",
        )])
        .into());
    }
    let view = visible(&state, session, &id).await?;
    let svgs = view
        .codes
        .iter()
        .map(|c| {
            omiyage_core::qr::svg(&format!("{}/g/{}", query.origin, c.claim_token))
                .unwrap_or_default()
        })
        .collect();
    Ok(Json(svgs))
}

/// Every code of a batch as CSV (code, state, claimed at, claim link path).
#[utoipa::path(get, path = "/api/batches/{id}/codes.csv", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn codes_csv<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    PageLang(lang): PageLang,
) -> Result<impl IntoResponse, AppError> {
    let view = visible(&state, session, &id).await?;
    let mut csv = crate::http::extract::csv_header(
        lang,
        [
            "コード,状態,受け取り日時,受け取りリンク",
            "代码,状态,领取时间,领取链接",
            "code,state,claimed_at,claim_path",
        ],
    );
    for c in &view.codes {
        let claimed = c.claimed_at.map(|t| t.to_string()).unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},/g/{}\r\n",
            c.code,
            c.state.as_str(),
            claimed,
            c.claim_token
        ));
    }
    let disposition = format!("attachment; filename=\"batch-{}.csv\"", &view.id[..8]);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        csv,
    ))
}

/// Turns a short code into its gift's claim token.
#[utoipa::path(post, path = "/api/claim-codes", request_body = CodeLookup,
    responses((status = 200, body = CodeTarget), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn claim_code<S: Backend>(
    State(state): State<AppState<S>>,
    crate::http::extract::ClientIp(client): crate::http::extract::ClientIp,
    ApiJson(input): ApiJson<CodeLookup>,
) -> Result<Json<CodeTarget>, AppError> {
    let claim_token = crate::services::codes::lookup(&state, client, &input.code).await?;
    Ok(Json(CodeTarget { claim_token }))
}
