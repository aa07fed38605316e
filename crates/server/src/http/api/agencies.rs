//! Agencies: the admin creates them with their share; an agency invites promoters by email,
//! joins plans on their behalf and sees its own promoters' numbers (403 for anyone else's) and
//! its balance; a promoter sees their invitations and accepts one through the link emailed to
//! the invited address.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use omiyage_api::{
    AccountView, AgencyInput, AgencyInvite, AgencyInviteInput, AgencyPromoter, AgencyView,
    ApiError, ErrorBody, ErrorCode, FieldError, LinkToken, NewAccount, PayoutBalance, PlanView,
    Role,
};

use crate::auth::{Admin, Session};
use crate::http::extract::{ApiJson, PageLang};
use crate::storage::{Accepted, Backend, NewInvite};
use crate::{AppError, AppState};

/// Creates an agency account with its share of its promoters' commission.
#[utoipa::path(post, path = "/api/admin/agencies", request_body = AgencyInput,
    responses((status = 201, body = AgencyView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_agency<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<AgencyView>), AppError> {
    let share_bps = omiyage_core::agency::validate_share(input.share_bps)?;
    let account = crate::services::accounts::create_account(
        state.storage.as_ref(),
        &NewAccount {
            email: input.email,
            name: input.name,
            password: input.password,
            shop_id: None,
        },
        Role::Agency,
        false,
        state.clock.now(),
    )
    .await?;
    state.storage.create_agency(&account.id, share_bps).await?;
    Ok((
        StatusCode::CREATED,
        Json(AgencyView {
            id: account.id,
            email: account.email,
            name: account.name,
            share_bps,
            promoters: 0,
        }),
    ))
}

#[utoipa::path(get, path = "/api/admin/agencies", responses((status = 200, body = Vec<AgencyView>)))]
pub async fn list_agencies<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AgencyView>>, AppError> {
    Ok(Json(state.storage.agencies().await?))
}

fn agency(session: Session) -> Result<AccountView, AppError> {
    session.require(&[Role::Agency])
}

/// Invites a promoter by email: the link that accepts it goes to that address (inviting again:
/// the same invitation, its link sent again and the old link no longer working).
#[utoipa::path(post, path = "/api/agency/invites", request_body = AgencyInviteInput,
    responses((status = 201, body = AgencyInvite), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invite_promoter<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    ApiJson(input): ApiJson<AgencyInviteInput>,
) -> Result<(StatusCode, Json<AgencyInvite>), AppError> {
    let me = agency(session)?;
    let email = omiyage_core::account::normalise_email(&input.email);
    if !omiyage_core::checkout::is_plausible_email(&email) || email.len() > 254 {
        return Err(ApiError::invalid(vec![FieldError::new(
            "email",
            "Enter the promoter's email as name@example.com.",
        )])
        .into());
    }
    let (token, token_hash) = crate::auth::new_session_token();
    let new = NewInvite {
        id: uuid::Uuid::new_v4().to_string(),
        email,
        token,
        token_hash,
        lang: lang.tag().to_string(),
    };
    let invite = state
        .storage
        .invite_promoter(&me.id, &new, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(invite)))
}

#[utoipa::path(get, path = "/api/agency/invites", responses((status = 200, body = Vec<AgencyInvite>), (status = 403, body = ErrorBody)))]
pub async fn agency_invites<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AgencyInvite>>, AppError> {
    let me = agency(session)?;
    Ok(Json(state.storage.invites(Some(&me.id), None).await?))
}

/// The agency's promoters and their numbers.
#[utoipa::path(get, path = "/api/agency/promoters", responses((status = 200, body = Vec<AgencyPromoter>), (status = 403, body = ErrorBody)))]
pub async fn agency_promoters<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AgencyPromoter>>, AppError> {
    let me = agency(session)?;
    Ok(Json(state.storage.agency_promoters(&me.id, None).await?))
}

/// One of the agency's own promoters; any other promoter is 403.
async fn own_promoter<S: Backend>(
    state: &AppState<S>,
    me: &AccountView,
    promoter_id: &str,
) -> Result<AgencyPromoter, AppError> {
    state
        .storage
        .agency_promoters(&me.id, Some(promoter_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Forbidden,
                "This promoter does not work with your agency.",
            )
            .into()
        })
}

#[utoipa::path(get, path = "/api/agency/promoters/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AgencyPromoter), (status = 403, body = ErrorBody)))]
pub async fn agency_promoter<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AgencyPromoter>, AppError> {
    let me = agency(session)?;
    Ok(Json(own_promoter(&state, &me, &id).await?))
}

/// The plans one of the agency's promoters may join, with whether they joined.
#[utoipa::path(get, path = "/api/agency/promoters/{id}/plans", params(("id" = String, Path)),
    responses((status = 200, body = Vec<PlanView>), (status = 403, body = ErrorBody)))]
pub async fn promoter_plans<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<Vec<PlanView>>, AppError> {
    let me = agency(session)?;
    own_promoter(&state, &me, &id).await?;
    Ok(Json(state.storage.plans(Some(&id)).await?))
}

/// Joins a plan on behalf of one of the agency's promoters.
#[utoipa::path(post, path = "/api/agency/promoters/{id}/plans/{plan}/join",
    params(("id" = String, Path), ("plan" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn join_for<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path((id, plan)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let me = agency(session)?;
    own_promoter(&state, &me, &id).await?;
    state.storage.join(&plan, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The agency's own balance and payouts.
#[utoipa::path(get, path = "/api/agency/payouts", responses((status = 200, body = PayoutBalance), (status = 403, body = ErrorBody)))]
pub async fn agency_balance<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<PayoutBalance>, AppError> {
    let me = agency(session)?;
    crate::services::payouts::balance_of(&state, &me.id)
        .await
        .map(Json)
}

/// The invitations sent to this promoter's email and not yet accepted.
#[utoipa::path(get, path = "/api/promoter/invites", responses((status = 200, body = Vec<AgencyInvite>), (status = 403, body = ErrorBody)))]
pub async fn my_invites<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AgencyInvite>>, AppError> {
    let me = session.require(&[Role::Promoter])?;
    Ok(Json(state.storage.invites(None, Some(&me.email)).await?))
}

/// Accepts an agency's invitation with the secret of the link emailed to the invited address,
/// signed in with that address's account: from now on the agency takes its share of this
/// promoter's commission. 404 for a wrong or old link or another account.
#[utoipa::path(post, path = "/api/promoter/invites/{id}/accept", params(("id" = String, Path)),
    request_body = LinkToken,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept_invite<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(link): ApiJson<LinkToken>,
) -> Result<StatusCode, AppError> {
    let me = session.require(&[Role::Promoter])?;
    let now = state.clock.now();
    let token_hash = crate::auth::token_hash(link.token.trim());
    match state
        .storage
        .accept_invite(&id, &token_hash, &me.id, &me.email, now)
        .await?
    {
        Accepted::Joined => Ok(StatusCode::NO_CONTENT),
        Accepted::NoInvitation => Err(ApiError::not_found("This invitation").into()),
        Accepted::HasAgency => {
            Err(ApiError::new(ErrorCode::Conflict, "You already work with an agency.").into())
        }
    }
}
