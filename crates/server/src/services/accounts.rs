//! Accounts: creating one (the admin's staff form, the demo accounts and the `create-admin`
//! sub-command come here), and a promoter's sign-up, finished through the link emailed to them.

use std::net::IpAddr;

use omiyage_api::{AccountView, ApiError, ErrorCode, FieldError, NewAccount, Role, SignUpStarted};
use omiyage_core::account::{Limit, validate_new_account};
use omiyage_core::lang::Lang;

use crate::auth;
use crate::events::Event;
use crate::storage::{
    AccountStorage, Backend, NewAccountRecord, NotCreated, NotSignedUp, PendingSignUp,
};
use crate::{AppError, AppState};

/// Checks the form, hashes the password and stores the account (409 when the email is taken).
pub async fn create_account(
    storage: &impl AccountStorage,
    input: &NewAccount,
    role: Role,
    demo: bool,
    now: i64,
) -> Result<AccountView, AppError> {
    let valid = validate_new_account(input, role == Role::Staff)?;
    let record = NewAccountRecord {
        id: uuid::Uuid::new_v4().to_string(),
        email: valid.email,
        name: valid.name,
        role,
        shop_id: valid.shop_id,
        password_hash: auth::hash_password(valid.password).await?,
        demo,
    };
    match storage.create_account(&record, now).await? {
        Ok(account) => Ok(account),
        Err(NotCreated::EmailTaken) => Err(ApiError::new(
            ErrorCode::Conflict,
            "An account with this email already exists.",
        )
        .into()),
        Err(NotCreated::NoSuchShop) => Err(ApiError::invalid(vec![FieldError::new(
            "shop_id",
            "That shop does not exist.",
        )])
        .into()),
    }
}

/// Promoter sign-ups asked for per client address, and per email, in an hour.
pub const SIGN_UPS_PER_CLIENT: Limit = Limit {
    max: 10,
    secs: 3600,
};
pub const SIGN_UPS_PER_EMAIL: Limit = Limit { max: 3, secs: 3600 };
/// How long a sign-up's emailed link works.
pub const SIGN_UP_LINK_SECS: i64 = 24 * 3600;

/// A promoter asks to sign up: the form is checked (422), the attempt counted (429), the
/// password hashed, and the sign-up kept with the event that emails its link. The outbox
/// decides what the email says: the link, or for an email with an account a note that makes
/// nothing (so the answer, and the work done before it, are the same either way).
pub async fn start_promoter_sign_up<S: Backend>(
    state: &AppState<S>,
    client: IpAddr,
    lang: Lang,
    input: &NewAccount,
) -> Result<SignUpStarted, AppError> {
    let input = NewAccount {
        shop_id: None,
        ..input.clone()
    };
    let valid = validate_new_account(&input, false)?;
    let now = state.clock.now();
    let limits = [
        (format!("sign-up-client:{client}"), SIGN_UPS_PER_CLIENT),
        (format!("sign-up-email:{}", valid.email), SIGN_UPS_PER_EMAIL),
    ];
    auth::count_attempts(state, &limits).await?;
    let (token, token_hash) = auth::new_session_token();
    let pending = PendingSignUp {
        token_hash,
        email: valid.email.clone(),
        name: valid.name,
        password_hash: auth::hash_password(valid.password).await?,
        expires_at: now + SIGN_UP_LINK_SECS,
    };
    let event = Event::PromoterSignUp {
        email: valid.email.clone(),
        lang: lang.tag().to_string(),
        token,
    };
    state.storage.start_sign_up(&pending, &event, now).await?;
    Ok(SignUpStarted {
        email: valid.email,
        expires_in_secs: SIGN_UP_LINK_SECS,
    })
}

/// Opens a sign-up's emailed link: the promoter's account (404 for a link unknown, used or
/// expired; 409 when the email got an account meanwhile).
pub async fn finish_promoter_sign_up<S: Backend>(
    state: &AppState<S>,
    token: &str,
) -> Result<AccountView, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    match state
        .storage
        .finish_sign_up(&auth::token_hash(token.trim()), &id, state.clock.now())
        .await?
    {
        Ok(account) => Ok(account),
        Err(NotSignedUp::NoSuchLink) => Err(ApiError::new(
            ErrorCode::NotFound,
            "This sign-up link has expired or was used already. Sign up again to get a new one.",
        )
        .into()),
        Err(NotSignedUp::EmailTaken) => Err(ApiError::new(
            ErrorCode::Conflict,
            "This email has an account already: sign in with it.",
        )
        .into()),
    }
}
