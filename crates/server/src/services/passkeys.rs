//! Passkeys (WebAuthn, by webauthn-rs) for members: a member signed in by an emailed link (so
//! their email is theirs) adds a passkey on their page; later they sign in with it alone. The
//! passkey is made discoverable (`residentKey: required`), so signing in asks for no email and
//! tells no one whether an email has an account. Each ceremony's state waits in the database
//! between its two requests, five minutes, used once.
//!
//! The relying party is the shop's public URL (`--public-url`), or else the host the browser
//! asked for (a developer's `http://localhost:8080`). Browsers refuse passkeys for an IP
//! address: the pages offer none there.

use axum::http::HeaderMap;
use axum::http::header::HOST;
use base64::Engine;
use omiyage_api::{ApiError, ErrorCode};
use serde::Serialize;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::storage::{Backend, Member, StoredPasskey};
use crate::{AppError, AppState};

/// How long a ceremony may take.
const CEREMONY_SECS: i64 = 5 * 60;

/// What the browser passes to `navigator.credentials.create()` or `.get()` (`options`), and the
/// ceremony's id to send back with the credential.
#[derive(Debug, Serialize)]
pub struct Ceremony {
    pub id: String,
    pub options: serde_json::Value,
}

/// The origin passkeys belong to on this request (`None`: an IP address or no host).
pub fn origin(public_url: Option<&str>, headers: &HeaderMap) -> Option<Url> {
    let url = match public_url {
        Some(url) => Url::parse(url).ok()?,
        None => {
            let host = headers.get(HOST)?.to_str().ok()?;
            Url::parse(&format!("http://{host}")).ok()?
        }
    };
    // An IP address (v4, or v6 in brackets) is no name.
    let host = url.host_str()?;
    let ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    (!ip).then_some(url)
}

fn unavailable() -> AppError {
    ApiError::new(
        ErrorCode::Conflict,
        "Passkeys need the shop's name in the address bar, not an IP address.",
    )
    .into()
}

fn refused(what: &str) -> AppError {
    ApiError::new(ErrorCode::Unauthorized, what).into()
}

fn relying_party<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Webauthn, AppError> {
    let origin = origin(state.public_url.as_deref(), headers).ok_or_else(unavailable)?;
    let rp_id = origin.host_str().ok_or_else(unavailable)?.to_string();
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|b| b.rp_name("Omiyage").build())
        .map_err(|e| AppError::Internal(format!("passkeys: {e}")))
}

fn credential_id(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts adding a passkey for a signed-in member.
pub async fn start_adding<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    member: &Member,
) -> Result<Ceremony, AppError> {
    let webauthn = relying_party(state, headers)?;
    let user = Uuid::parse_str(&member.id).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut exclude = Vec::new();
    for key in state.storage.member_passkeys(&member.id).await? {
        let passkey: Passkey = serde_json::from_str(&key.passkey)?;
        exclude.push(passkey.cred_id().clone());
    }
    let (options, registration) = webauthn
        .start_passkey_registration(user, &member.email, &member.email, Some(exclude))
        .map_err(|e| AppError::Internal(format!("passkeys: {e}")))?;
    let mut options = serde_json::to_value(options)?;
    // Discoverable, so signing in needs no email.
    options["publicKey"]["authenticatorSelection"]["residentKey"] = "required".into();
    options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = true.into();
    let id = uuid::Uuid::new_v4().to_string();
    let now = state.clock.now();
    state
        .storage
        .start_passkey_ceremony(
            &id,
            Some(&member.id),
            &serde_json::to_string(&registration)?,
            now + CEREMONY_SECS,
        )
        .await?;
    Ok(Ceremony { id, options })
}

/// Finishes adding a passkey: verified against the ceremony the member started.
pub async fn finish_adding<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    member: &Member,
    ceremony: &str,
    credential: serde_json::Value,
) -> Result<(), AppError> {
    let webauthn = relying_party(state, headers)?;
    let now = state.clock.now();
    let Some((Some(owner), saved)) = state.storage.take_passkey_ceremony(ceremony, now).await?
    else {
        return Err(refused("This passkey request expired. Try again."));
    };
    if owner != member.id {
        return Err(refused("This passkey request expired. Try again."));
    }
    let registration: PasskeyRegistration = serde_json::from_str(&saved)?;
    let credential: RegisterPublicKeyCredential = serde_json::from_value(credential)
        .map_err(|_| ApiError::new(ErrorCode::Invalid, "This is not a passkey."))?;
    let passkey = webauthn
        .finish_passkey_registration(&credential, &registration)
        .map_err(|_| refused("The passkey could not be verified. Try again."))?;
    let stored = StoredPasskey {
        credential_id: credential_id(passkey.cred_id().as_ref()),
        member_id: member.id.clone(),
        passkey: serde_json::to_string(&passkey)?,
        created_at: now,
        used_at: None,
    };
    if !state.storage.add_passkey(&stored).await? {
        return Err(
            ApiError::new(ErrorCode::Conflict, "This passkey is registered already.").into(),
        );
    }
    Ok(())
}

/// Starts signing in with a passkey (no email asked: the passkey says whose it is).
pub async fn start_sign_in<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Ceremony, AppError> {
    let webauthn = relying_party(state, headers)?;
    let (options, authentication) = webauthn
        .start_discoverable_authentication()
        .map_err(|e| AppError::Internal(format!("passkeys: {e}")))?;
    let mut options = serde_json::to_value(options)?;
    // A button starts it, not the email field's autofill.
    if let Some(o) = options.as_object_mut() {
        o.remove("mediation");
    }
    let id = uuid::Uuid::new_v4().to_string();
    state
        .storage
        .start_passkey_ceremony(
            &id,
            None,
            &serde_json::to_string(&authentication)?,
            state.clock.now() + CEREMONY_SECS,
        )
        .await?;
    Ok(Ceremony { id, options })
}

/// Finishes signing in: the member and their new session's token.
pub async fn finish_sign_in<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    ceremony: &str,
    credential: serde_json::Value,
) -> Result<(Member, String), AppError> {
    let webauthn = relying_party(state, headers)?;
    let now = state.clock.now();
    let Some((None, saved)) = state.storage.take_passkey_ceremony(ceremony, now).await? else {
        return Err(refused("This sign-in expired. Try again."));
    };
    let authentication: DiscoverableAuthentication = serde_json::from_str(&saved)?;
    let credential: PublicKeyCredential = serde_json::from_value(credential)
        .map_err(|_| ApiError::new(ErrorCode::Invalid, "This is not a passkey."))?;
    let unknown = || refused("This passkey is not one of this shop's. Sign in by email instead.");
    let (user, id) = webauthn
        .identify_discoverable_authentication(&credential)
        .map_err(|_| unknown())?;
    let Some(stored) = state.storage.passkey(&credential_id(id)).await? else {
        return Err(unknown());
    };
    if Uuid::parse_str(&stored.member_id).ok() != Some(user) {
        return Err(unknown());
    }
    let mut passkey: Passkey = serde_json::from_str(&stored.passkey)?;
    let result = webauthn
        .finish_discoverable_authentication(
            &credential,
            authentication,
            &[DiscoverableKey::from(&passkey)],
        )
        .map_err(|_| refused("The passkey could not be verified. Try again."))?;
    passkey.update_credential(&result);
    let (session, session_hash) = crate::auth::new_session_token();
    let member = state
        .storage
        .passkey_sign_in(
            &stored.credential_id,
            &serde_json::to_string(&passkey)?,
            &session_hash,
            now + super::members::SESSION_SECS,
            now,
        )
        .await?
        .ok_or_else(unknown)?;
    Ok((member, session))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, h.parse().unwrap());
        headers
    }

    #[test]
    fn passkeys_belong_to_a_name_never_to_an_ip_address() {
        let url = |u: Option<Url>| u.map(|u| u.to_string());
        assert_eq!(
            url(origin(None, &host("localhost:8080"))).as_deref(),
            Some("http://localhost:8080/")
        );
        assert_eq!(origin(None, &host("127.0.0.1:8080")), None);
        assert_eq!(origin(None, &host("[::1]:8080")), None);
        assert_eq!(origin(None, &HeaderMap::new()), None);
        assert_eq!(
            url(origin(Some("https://shop.example"), &host("127.0.0.1"))).as_deref(),
            Some("https://shop.example/")
        );
    }
}
