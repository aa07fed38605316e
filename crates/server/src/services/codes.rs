//! Printed gift codes typed by hand: finding the gift behind one, limited per client and per
//! code so that codes cannot be guessed by trying.

use std::net::IpAddr;

use omiyage_api::{ApiError, ErrorCode, FieldError};
use omiyage_core::account::Limit;
use omiyage_core::shortcode::ShortCode;

use crate::storage::Backend;
use crate::{AppError, AppState};

/// Code attempts allowed per client address, and per code.
pub const PER_CLIENT: Limit = Limit { max: 10, secs: 60 };
pub const PER_CODE: Limit = Limit { max: 5, secs: 60 };

/// Finds the gift behind a typed short code. Limited per client address and per code (429
/// with `Retry-After`, whatever the code); an unknown code is a plain 404.
pub async fn lookup<S: Backend>(
    state: &AppState<S>,
    client: IpAddr,
    typed: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    state
        .storage
        .hit_limit(&format!("code-client:{client}"), PER_CLIENT, now)
        .await?
        .map_err(AppError::Limited)?;
    let code = ShortCode::parse(typed)
        .map_err(|e| ApiError::invalid(vec![FieldError::new("code", e.to_string())]))?;
    state
        .storage
        .hit_limit(&format!("code:{}", code.as_str()), PER_CODE, now)
        .await?
        .map_err(AppError::Limited)?;
    state
        .storage
        .gift_for_code(code.as_str())
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "No gift has this code. Check it against the card.",
            )
            .into()
        })
}
