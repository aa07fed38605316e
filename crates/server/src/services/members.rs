//! Members: shoppers who sign in without a password, by a one-time link emailed to them (the
//! outbox sends it; 15 minutes, used once; the answer is the same for an email the shop knows
//! and one it does not; limited per client and per email). A member's session is a cookie and a
//! table of its own: nothing of the staff's sessions, so it never reaches the back office.

use std::net::IpAddr;

use axum::http::HeaderMap;
use omiyage_core::lang::Lang;

use crate::events::Event;
use crate::storage::{Backend, Member, NewMemberLink, Unfinished};
use crate::{AppError, AppState};

/// The member's session cookie.
pub const COOKIE: &str = "omiyage_member";
/// How long an emailed link works.
pub const LINK_SECS: i64 = 15 * 60;
/// How long a member stays signed in.
pub const SESSION_SECS: i64 = 30 * 86_400;

/// The `Set-Cookie` value that starts a member's session (or, with `None`, ends it). `Lax`:
/// the member's page opens from a link in an email.
pub fn cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let (value, age) = match token {
        Some(t) => (t, SESSION_SECS),
        None => ("", 0),
    };
    format!("{COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={age}{secure}")
}

/// A cookie scripts may read (no secret in it): a member is signed in in this browser, so the
/// forms ask for their saved addresses (a visitor's browser asks nothing).
pub const HINT: &str = "omiyage_signed";

/// Starts (or, with `None`, ends) a member's session on `response`: the session cookie, and
/// the hint scripts read.
pub fn set_session(response: &mut axum::response::Response, token: Option<&str>, secure: bool) {
    let hint = match token {
        Some(_) => format!("{HINT}=1; SameSite=Lax; Path=/; Max-Age={SESSION_SECS}"),
        None => format!("{HINT}=; SameSite=Lax; Path=/; Max-Age=0"),
    };
    let secure_hint = if secure { "; Secure" } else { "" };
    for value in [cookie(token, secure), format!("{hint}{secure_hint}")] {
        if let Ok(value) = value.parse() {
            response
                .headers_mut()
                .append(axum::http::header::SET_COOKIE, value);
        }
    }
}

/// Emails a sign-in link to `email` (whether or not it is a member's: a first sign-in makes
/// the member). 422 for an email that cannot be one; 429 past the limits (those of "find my
/// orders": 3 an hour per email, 10 per client).
pub async fn send_link<S: Backend>(
    state: &AppState<S>,
    client: IpAddr,
    email: &str,
    lang: Lang,
) -> Result<(), AppError> {
    let email = crate::services::messages::within_limits(state, "member", client, email).await?;
    let now = state.clock.now();
    let (token, token_hash) = crate::auth::new_session_token();
    let link = NewMemberLink {
        token_hash,
        email: email.clone(),
        lang: lang.tag().to_string(),
        expires_at: now + LINK_SECS,
    };
    let event = Event::MemberSignIn {
        email,
        lang: lang.tag().to_string(),
        token,
    };
    state.storage.start_member_link(&link, &event, now).await?;
    Ok(())
}

/// Uses an emailed link: the member and their new session's token, or `None` for a link
/// unknown, used or expired.
pub async fn sign_in<S: Backend>(
    state: &AppState<S>,
    token: &str,
) -> Result<Option<(Member, String)>, AppError> {
    let now = state.clock.now();
    let (session, session_hash) = crate::auth::new_session_token();
    let member = state
        .storage
        .use_member_link(
            &crate::auth::token_hash(token.trim()),
            &session_hash,
            now + SESSION_SECS,
            now,
        )
        .await?;
    Ok(member.map(|m| (m, session)))
}

/// The member signed in on this request, if any.
pub async fn signed_in<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Option<Member>, AppError> {
    let Some(token) = crate::auth::cookie(headers, COOKIE) else {
        return Ok(None);
    };
    let hash = crate::auth::token_hash(&token);
    Ok(state
        .storage
        .member_of_session(&hash, state.clock.now())
        .await?)
}

/// Ends this request's member session, if any.
pub async fn sign_out<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<(), AppError> {
    if let Some(token) = crate::auth::cookie(headers, COOKIE) {
        let hash = crate::auth::token_hash(&token);
        state.storage.end_member_session(&hash).await?;
    }
    Ok(())
}

/// Deletes the signed-in member's account and erases their personal data (the orders stay,
/// without it, as tax records): `None` for no member signed in, the unfinished things that
/// keep it from being deleted yet (nothing changed), or an empty `Unfinished` once done (`None`
/// too when another request deleted it first).
pub async fn delete_account<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Option<Unfinished>, AppError> {
    let Some(member) = signed_in(state, headers).await? else {
        return Ok(None);
    };
    let left = state.storage.erase_member(&member).await?;
    if left.is_some_and(|l| l.is_empty()) {
        tracing::info!(member = %member.id, "a member deleted their account");
    }
    Ok(left)
}
