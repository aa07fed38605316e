//! "Find my orders" and the back office's view of the outbox.

use std::net::IpAddr;

use omiyage_api::{ApiError, OutboxMessage, OutboxView};
use omiyage_core::account::Limit;
use omiyage_core::lang::Lang;

use crate::events::Event;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Requests per email address, and per client address.
pub const PER_EMAIL: Limit = Limit { max: 3, secs: 3600 };
pub const PER_CLIENT: Limit = Limit {
    max: 10,
    secs: 3600,
};

/// Checks a request that has the shop email someone (a list of their orders, a sign-in
/// link): within the client's and the email's limits for `kind` (429), and an email that can be
/// one (422). The email, normalised.
pub async fn within_limits<S: Backend>(
    state: &AppState<S>,
    kind: &str,
    client: IpAddr,
    email: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    state
        .storage
        .hit_limit(&format!("{kind}-client:{client}"), PER_CLIENT, now)
        .await?
        .map_err(AppError::Limited)?;
    let email =
        omiyage_core::account::normalise_email(&omiyage_core::checkout::lookup_email(email)?);
    state
        .storage
        .hit_limit(&format!("{kind}-email:{email}"), PER_EMAIL, now)
        .await?
        .map_err(AppError::Limited)?;
    Ok(email)
}

/// Queues one email to `email` listing every order placed with it (none if there is none).
/// The answer is the same either way; limited per client and per email (429 otherwise).
pub async fn find_orders<S: Backend>(
    state: &AppState<S>,
    client: IpAddr,
    email: &str,
    lang: Lang,
) -> Result<(), AppError> {
    let email = within_limits(state, "find", client, email).await?;
    let lookup = Event::OrdersLookup {
        email,
        lang: lang.tag().to_string(),
    };
    state
        .storage
        .record_event(&lookup, state.clock.now())
        .await?;
    Ok(())
}

/// The newest messages and whether mail is set up.
pub async fn outbox<S: Backend>(state: &AppState<S>) -> Result<OutboxView, AppError> {
    Ok(OutboxView {
        mail_configured: state.outbox.mailer.is_some(),
        messages: state.storage.messages("email", None, 200).await?,
    })
}

/// Puts a failed message back in line; 404 for an unknown id.
pub async fn resend<S: Backend>(state: &AppState<S>, id: &str) -> Result<OutboxMessage, AppError> {
    state
        .storage
        .resend(id, state.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found("This message").into())
}
