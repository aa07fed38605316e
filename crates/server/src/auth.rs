//! Who is calling: passwords (argon2id), sessions (a random token in an HttpOnly,
//! SameSite=Strict cookie; only its SHA-256 is stored), role checks, and the sign-in rate limit.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use omiyage_api::{AccountView, ApiError, ErrorCode, Role};
use omiyage_core::account::Limit;
use sha2::{Digest, Sha256};

use crate::storage::Backend;
use crate::{AppError, AppState};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "omiyage_session";
/// How long a session lasts.
pub const SESSION_SECS: i64 = 7 * 24 * 60 * 60;

/// At most one argon2 computation per core at a time: each takes 19 MiB and a few ms of CPU,
/// so a burst of sign-ins queues here instead of exhausting memory or starving other requests.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// Hashes a password with argon2id (OWASP parameters: 19 MiB, 2 passes), off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Checks a password against a stored hash. With no hash (unknown email) it still does the
/// work against a dummy, so timing does not tell which emails have accounts.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    let Ok(_slot) = hashing_slots().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && stored != DUMMY_HASH
    })
    .await
    .unwrap_or(false)
}

/// An argon2id hash of a random password nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$N3rYxv/2vSZkZDX4ZHMXGmTMq0UGgJ1kc0Bn4yGmEgk";

/// Counts one attempt under each key, in order, for every instance at once; the first limit
/// reached answers 429 with how long to wait (`AppError::Limited`).
pub async fn count_attempts<S: Backend>(
    state: &AppState<S>,
    limits: &[(String, Limit)],
) -> Result<(), AppError> {
    let now = state.clock.now();
    for (key, limit) in limits {
        state
            .storage
            .hit_limit(key, *limit, now)
            .await?
            .map_err(AppError::Limited)?;
    }
    Ok(())
}

/// A new session token (244 random bits from the OS CSPRNG) and the hash stored for it.
pub fn new_session_token() -> (String, String) {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    token_hash_bytes(token.as_bytes())
}

/// SHA-256 in lower-case hex.
pub fn token_hash_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Set-Cookie` value that starts a session (or, with `None`, ends it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{COOKIE_NAME}={t}; HttpOnly; SameSite=Strict; Path=/; Max-Age={SESSION_SECS}{secure}"
        ),
        None => format!("{COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
    }
}

/// The session token from the request's cookies.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie(headers, COOKIE_NAME)
}

/// A cookie's value from the request (non-empty, at most 200 bytes).
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(name)?
                .strip_prefix('=')
                .map(str::to_string)
        })
        .filter(|v| !v.is_empty() && v.len() <= 200)
}

/// The signed-in account (any role). Missing or expired session → 401.
pub struct Session(pub AccountView);

impl<S: Backend> FromRequestParts<AppState<S>> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, AppError> {
        let unauthorized =
            || AppError::Api(ApiError::new(ErrorCode::Unauthorized, "Please sign in."));
        let token = session_token(&parts.headers).ok_or_else(unauthorized)?;
        state
            .storage
            .session_account(&token_hash(&token), state.clock.now())
            .await?
            .map(Session)
            .ok_or_else(unauthorized)
    }
}

impl Session {
    /// 403 unless the account has one of `roles`.
    pub fn require(self, roles: &[Role]) -> Result<AccountView, AppError> {
        if roles.contains(&self.0.role) {
            Ok(self.0)
        } else {
            Err(ApiError::new(ErrorCode::Forbidden, "This account may not do that.").into())
        }
    }
}

/// The signed-in merchant admin (401 / 403 otherwise).
pub struct Admin(pub AccountView);

impl<S: Backend> FromRequestParts<AppState<S>> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, AppError> {
        Session::from_request_parts(parts, state)
            .await?
            .require(&[Role::Admin])
            .map(Admin)
    }
}

/// Sign-in attempts allowed per email and client address (a success starts the count again).
pub const PER_EMAIL_AND_CLIENT: Limit = Limit {
    max: 5,
    secs: 15 * 60,
};
/// Sign-in attempts allowed per email from everywhere together: high, so that guesses from
/// many addresses are slowed without letting anyone lock the owner out (the owner's browsers
/// that signed in before are not held by it).
pub const PER_EMAIL: Limit = Limit {
    max: 100,
    secs: 15 * 60,
};
/// Sign-in attempts allowed from one browser that signed in to the account before.
pub const PER_DEVICE: Limit = Limit {
    max: 5,
    secs: 15 * 60,
};
/// The cookie naming a browser that signed in before (OWASP's device cookie).
pub const DEVICE_COOKIE: &str = "omiyage_device";

/// The `Set-Cookie` value that marks this browser as one that signed in (a year, sent only to
/// the sign-in route).
pub fn device_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{DEVICE_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/api/auth/sign-in; Max-Age=31536000{secure}"
    )
}
/// Sign-in attempts allowed per client address (many emails tried from one place).
pub const PER_CLIENT: Limit = Limit {
    max: 20,
    secs: 15 * 60,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
    }

    #[test]
    fn cookies_are_http_only_and_same_site_strict() {
        let c = session_cookie(Some("abc"), true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }
}
