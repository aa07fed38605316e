//! Promoter commerce: plans (admin), joining and share links (promoters), click recording on
//! share links, crediting orders at checkout, and each promoter's own numbers and CSV.
//!
//! A share link `/p/<product>?ref=<code>` opened in a browser records a click (once per visitor,
//! product and day) and leaves the click's key in a cookie for the attribution window; the
//! last link opened wins. Checkout reads that cookie: the server checks the click, the plan
//! (joined, active, covering the product, inside its window) and that the buyer is not the
//! promoter, and credits rate × what the plan's products paid. Anything forged or stale is
//! ignored without a word to the shopper.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use omiyage_api::{ApiError, ErrorBody, PlanInput, PlanView, PromoterStats, Role, ShareLink};
use omiyage_core::promotion;

use crate::auth::{Admin, Session};
use crate::http::extract::{ApiJson, PageLang};
use crate::storage::Backend;
use crate::{AppError, AppState};

fn promoter(session: Session) -> Result<omiyage_api::AccountView, AppError> {
    session.require(&[Role::Promoter])
}

/// Creates a promotion plan.
#[utoipa::path(post, path = "/api/admin/plans", request_body = PlanInput,
    responses((status = 201, body = PlanView), (status = 422, body = ErrorBody)))]
pub async fn create_plan<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanView>), AppError> {
    let terms = promotion::validate_plan(
        input.commission_bps,
        input.new_buyer_bps,
        input.window_days,
        &input.product_ids,
        &input.starts_on,
        &input.ends_on,
    )?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid(vec![omiyage_api::FieldError::new(
            "name",
            "Name the plan (up to 80 characters).",
        )])
        .into());
    }
    for id in &input.product_ids {
        if state.storage.product(id).await?.is_none() {
            return Err(ApiError::invalid(vec![omiyage_api::FieldError::new(
                "product_ids",
                format!("“{id}” is not a product on sale."),
            )])
            .into());
        }
    }
    let plan = PlanView {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_string(),
        commission_bps: terms.commission_bps,
        new_buyer_bps: terms.new_buyer_bps,
        window_days: terms.window_days,
        product_ids: input.product_ids.clone(),
        starts_at: terms.starts_at,
        ends_at: terms.ends_at,
        open: input.open,
        paused: false,
        joined: false,
        orders: 0,
        new_buyer_orders: 0,
    };
    state
        .storage
        .create_plan(&plan.id, &plan, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(plan)))
}

#[utoipa::path(get, path = "/api/admin/plans", responses((status = 200, body = Vec<PlanView>)))]
pub async fn list_plans<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<PlanView>>, AppError> {
    Ok(Json(state.storage.plans(None).await?))
}

/// Pauses (or resumes) a plan: no new attribution while paused; earned commission stays.
#[utoipa::path(post, path = "/api/admin/plans/{id}/pause", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn pause_plan<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if state.storage.set_paused(&id, true).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("This plan").into())
    }
}

#[utoipa::path(post, path = "/api/admin/plans/{id}/resume", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn resume_plan<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if state.storage.set_paused(&id, false).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("This plan").into())
    }
}

/// Invites a promoter to an invite-only plan.
#[utoipa::path(post, path = "/api/admin/plans/{id}/invites/{promoter}", params(("id" = String, Path), ("promoter" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn invite<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path((id, promoter)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    match state.storage.invite(&id, &promoter).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found("This plan or promoter").into()),
    }
}

/// The plans this promoter may join (open, or invited), with whether they joined.
#[utoipa::path(get, path = "/api/promoter/plans", responses((status = 200, body = Vec<PlanView>), (status = 403, body = ErrorBody)))]
pub async fn my_plans<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<PlanView>>, AppError> {
    let me = promoter(session)?;
    Ok(Json(state.storage.plans(Some(&me.id)).await?))
}

#[utoipa::path(post, path = "/api/promoter/plans/{id}/join", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn join_plan<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let me = promoter(session)?;
    // Only a plan the promoter may see (open, or invited to).
    let plans = state.storage.plans(Some(&me.id)).await?;
    if !plans.iter().any(|p| p.id == id) {
        return Err(ApiError::not_found("This plan").into());
    }
    state.storage.join(&id, &me.id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn fresh_code() -> String {
    let mut bytes = [0u8; 10];
    let _ = getrandom::fill(&mut bytes);
    omiyage_core::shortcode::ShortCode::from_entropy(bytes).as_str()[..10].to_string()
}

/// Share links for every product of the plans this promoter joined.
#[utoipa::path(get, path = "/api/promoter/links", responses((status = 200, body = Vec<ShareLink>)))]
pub async fn my_links<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<Json<Vec<ShareLink>>, AppError> {
    let me = promoter(session)?;
    let code = state
        .storage
        .ref_code(&me.id, &fresh_code())
        .await?
        .ok_or_else(|| ApiError::not_found("This promoter"))?;
    let now = state.clock.now();
    let mut links: Vec<ShareLink> = Vec::new();
    for plan in state
        .storage
        .member_plans(&me.id)
        .await?
        .iter()
        .filter(|p| p.is_active(now))
    {
        for id in &plan.product_ids {
            if links.iter().any(|l| &l.product_id == id) {
                continue;
            }
            if let Some(p) = crate::services::catalog::localized_product(&state, id, lang).await? {
                let price = p
                    .variants
                    .iter()
                    .map(|v| v.price)
                    .min_by_key(|m| m.amount)
                    .unwrap_or(omiyage_api::Money::jpy(0));
                links.push(ShareLink {
                    path: format!("/p/{}?ref={code}", p.id),
                    product_id: p.id,
                    product_name: p.name,
                    image: p.image,
                    price,
                    commission_bps: plan.commission_bps,
                    new_buyer_bps: plan.new_buyer_bps,
                });
            }
        }
    }
    Ok(Json(links))
}

/// This promoter's clicks, orders, conversion and commission (never anyone else's).
#[utoipa::path(get, path = "/api/promoter/stats", responses((status = 200, body = PromoterStats), (status = 403, body = ErrorBody)))]
pub async fn my_stats<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<Json<PromoterStats>, AppError> {
    let me = promoter(session)?;
    let mut stats = state.storage.stats(&me.id, state.clock.now()).await?;
    let overlay = crate::services::catalog::overlay(&state, lang).await?;
    for p in &mut stats.products {
        overlay.product_name(&p.product_id, &mut p.product_name);
    }
    Ok(Json(stats))
}

/// This promoter's attributed orders as CSV.
#[utoipa::path(get, path = "/api/promoter/orders.csv", responses((status = 200, content_type = "text/csv")))]
pub async fn my_orders_csv<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<impl IntoResponse, AppError> {
    let me = promoter(session)?;
    let mut csv = crate::http::extract::csv_header(
        lang,
        [
            "注文番号,注文日時,状況,支払額（円）,報酬率（bp）,報酬（円）,新規購入者",
            "订单号,下单时间,状态,付款金额（日元）,佣金比例（基点）,佣金（日元）,新买家",
            "reference,placed_at,status,paid_jpy,commission_bps,commission_jpy,new_buyer",
        ],
    );
    for a in state.storage.attributed_orders(&me.id).await? {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            a.reference,
            a.created_at,
            a.status,
            a.paid.amount,
            a.commission_bps,
            a.commission.amount,
            u8::from(a.new_buyer)
        ));
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"omiyage-orders.csv\"",
            ),
        ],
        csv,
    ))
}
