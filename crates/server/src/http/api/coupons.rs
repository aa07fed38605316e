//! Coupons: the admin creates, edits and switches off codes; a promoter sees their own codes.
//! A code is used at checkout (`POST /api/checkout`'s `coupon`), where every rule is checked
//! and its caps are counted in the order's transaction.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use omiyage_api::{ApiError, CouponInput, CouponView, ErrorBody, PromoterCoupon, Role};
use omiyage_core::coupon;

use crate::auth::{Admin, Session};
use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::{AppError, AppState};

async fn checked<S: Backend>(
    state: &AppState<S>,
    input: &CouponInput,
) -> Result<coupon::Coupon, AppError> {
    let coupon = coupon::validate(input)?;
    let catalog = state.storage.catalog().await?;
    let unknown = |field: &str, id: &str| {
        ApiError::invalid(vec![omiyage_api::FieldError::new(
            field,
            format!("“{id}” is not in the catalog."),
        )])
    };
    if let Some(id) = coupon
        .product_ids
        .iter()
        .find(|id| !catalog.products.iter().any(|p| &p.id == *id))
    {
        return Err(unknown("product_ids", id).into());
    }
    if let Some(id) = coupon
        .category_ids
        .iter()
        .find(|id| !catalog.categories.iter().any(|c| &c.id == *id))
    {
        return Err(unknown("category_ids", id).into());
    }
    Ok(coupon)
}

async fn saved<S: Backend>(state: &AppState<S>, code: &str) -> Result<CouponView, AppError> {
    Ok(state
        .storage
        .coupons(Some(code))
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found(&format!("Coupon {code}")))?)
}

/// Every coupon, newest first, with its uses and what it took off.
#[utoipa::path(get, path = "/api/admin/coupons", responses((status = 200, body = [CouponView])))]
pub async fn list_coupons<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<CouponView>>, AppError> {
    Ok(Json(state.storage.coupons(None).await?))
}

/// Creates a coupon.
#[utoipa::path(post, path = "/api/admin/coupons", request_body = CouponInput,
    responses((status = 201, body = CouponView), (status = 409, body = ErrorBody, description = "The code exists"),
        (status = 422, body = ErrorBody)))]
pub async fn create_coupon<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<CouponInput>,
) -> Result<(StatusCode, Json<CouponView>), AppError> {
    let coupon = checked(&state, &input).await?;
    state
        .storage
        .save_coupon(&coupon, true, state.clock.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(saved(&state, &coupon.code).await?),
    ))
}

/// Replaces a coupon's terms (the code in the path; the body's `code` is ignored). Its uses stay.
#[utoipa::path(put, path = "/api/admin/coupons/{code}", request_body = CouponInput,
    params(("code" = String, Path)),
    responses((status = 200, body = CouponView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_coupon<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(code): Path<String>,
    ApiJson(mut input): ApiJson<CouponInput>,
) -> Result<Json<CouponView>, AppError> {
    let code = coupon::normalise_code(&code);
    if !coupon::is_code(&code) {
        return Err(ApiError::not_found(&format!("Coupon {code}")).into());
    }
    input.code = code.clone();
    let coupon = checked(&state, &input).await?;
    state
        .storage
        .save_coupon(&coupon, false, state.clock.now())
        .await?;
    Ok(Json(saved(&state, &code).await?))
}

/// The signed-in promoter's own live codes.
#[utoipa::path(get, path = "/api/promoter/coupons", responses((status = 200, body = [PromoterCoupon])))]
pub async fn my_coupons<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<PromoterCoupon>>, AppError> {
    let me = session.require(&[Role::Promoter])?;
    Ok(Json(state.storage.promoter_coupons(&me.id).await?))
}
