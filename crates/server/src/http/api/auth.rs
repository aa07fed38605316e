//! Signing in and out, who am I, and promoters signing up (through an emailed link).

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use omiyage_api::{
    AccountView, ApiError, ErrorBody, ErrorCode, LinkToken, NewAccount, SignInRequest,
    SignUpStarted,
};
use omiyage_core::account::normalise_email;

use crate::auth::{self, PER_CLIENT, PER_EMAIL, Session};
use crate::http::extract::{ApiJson, ClientIp, PageLang};
use crate::services::accounts;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Starts a session for `account` and answers with it and the cookie.
async fn start_session<S: Backend>(
    state: &AppState<S>,
    account: AccountView,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (token, hash) = auth::new_session_token();
    let now = state.clock.now();
    state
        .storage
        .create_session(&hash, &account.id, now, now + auth::SESSION_SECS)
        .await?;
    let cookie = auth::session_cookie(Some(&token), state.cookie_secure);
    Ok((status, [(SET_COOKIE, cookie)], Json(account)).into_response())
}

/// Signs in with email and password (429 with `Retry-After` when limited); a wrong email and a
/// wrong password get the same answer. Limits: 5 attempts per email from one client address,
/// 20 per client, 100 per email from everywhere; a browser that signed in to this account before
/// (its device cookie) has only its own limit of 5, so guesses from elsewhere never lock the
/// owner out.
#[utoipa::path(post, path = "/api/auth/sign-in", request_body = SignInRequest,
    responses((status = 200, body = AccountView, description = "Signed in; sets the session cookie (and a device cookie)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "Disabled"),
        (status = 429, body = ErrorBody)))]
pub async fn sign_in<S: Backend>(
    State(state): State<AppState<S>>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, AppError> {
    let email = normalise_email(&request.email);
    let found = state.storage.account_by_email(&email).await?;
    let device = auth::cookie(&headers, auth::DEVICE_COOKIE).map(|t| auth::token_hash(&t));
    let trusted = match (&device, &found) {
        (Some(d), Some((account, _))) => {
            state.storage.device_account(d).await?.as_deref() == Some(account.id.as_str())
        }
        _ => false,
    };
    let limits = match &device {
        Some(d) if trusted => vec![(format!("device:{d}"), auth::PER_DEVICE)],
        _ => vec![
            (format!("pair:{email}|{client}"), auth::PER_EMAIL_AND_CLIENT),
            (format!("client:{client}"), PER_CLIENT),
            (format!("email:{email}"), PER_EMAIL),
        ],
    };
    auth::count_attempts(&state, &limits).await?;
    let now = state.clock.now();
    let (account, hash) = match found {
        Some((a, h)) => (Some(a), Some(h)),
        None => (None, None),
    };
    let verified = auth::verify_password(request.password, hash).await;
    let Some(account) = account.filter(|_| verified) else {
        return Err(ApiError::new(ErrorCode::Unauthorized, "Wrong email or password.").into());
    };
    if account.disabled {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "This account is disabled. Ask the shop's admin.",
        )
        .into());
    }
    for (key, _) in &limits {
        state.storage.clear_limit(key).await?;
    }
    let account_id = account.id.clone();
    let mut response = start_session(&state, account, StatusCode::OK).await?;
    if !trusted {
        let (token, hash) = auth::new_session_token();
        state.storage.trust_device(&hash, &account_id, now).await?;
        let cookie = auth::device_cookie(&token, state.cookie_secure);
        response.headers_mut().append(
            SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("a cookie is ASCII"),
        );
    }
    Ok(response)
}

/// Ends the session (and clears the cookie); fine to call when not signed in.
#[utoipa::path(post, path = "/api/auth/sign-out", responses((status = 204)))]
pub async fn sign_out<S: Backend>(
    State(state): State<AppState<S>>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = auth::session_token(&headers) {
        state
            .storage
            .delete_session(&auth::token_hash(&token))
            .await?;
    }
    let cookie = auth::session_cookie(None, state.cookie_secure);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/auth/me",
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
pub async fn me(Session(account): Session) -> Json<AccountView> {
    Json(account)
}

/// Demo accounts seeded by `--demo` (empty otherwise), so the sign-in page can label them.
#[utoipa::path(get, path = "/api/auth/demo", responses((status = 200, body = Vec<AccountView>)))]
pub async fn demo_accounts<S: Backend>(
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AccountView>>, AppError> {
    Ok(Json(state.storage.demo_accounts().await?))
}

/// A promoter asks to sign up. The answer is the same whether or not the email has an
/// account: the email gets the link that finishes the sign-up (valid 24 hours), or, if it has an
/// account, a note saying so. Limits: 10 per client address and 3 per email an hour.
#[utoipa::path(post, path = "/api/auth/promoters", request_body = NewAccount,
    responses((status = 202, body = SignUpStarted, description = "The link (or the note) is on its way"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn promoter_sign_up<S: Backend>(
    State(state): State<AppState<S>>,
    ClientIp(client): ClientIp,
    PageLang(lang): PageLang,
    ApiJson(input): ApiJson<NewAccount>,
) -> Result<(StatusCode, Json<SignUpStarted>), AppError> {
    let started = accounts::start_promoter_sign_up(&state, client, lang, &input).await?;
    Ok((StatusCode::ACCEPTED, Json(started)))
}

/// Opens a sign-up's emailed link: makes the promoter's account and signs it in (once; 404 for a
/// link unknown, used or expired).
#[utoipa::path(post, path = "/api/auth/promoters/confirm", request_body = LinkToken,
    responses((status = 201, body = AccountView, description = "Signed up and signed in; sets the session cookie"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm_promoter_sign_up<S: Backend>(
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<LinkToken>,
) -> Result<Response, AppError> {
    let account = accounts::finish_promoter_sign_up(&state, &input.token).await?;
    start_session(&state, account, StatusCode::CREATED).await
}
