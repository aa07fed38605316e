use std::fmt;

use crate::wire_name::wire_names;

use serde::{Deserialize, Serialize};

/// What went wrong, in a form a client can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum ErrorCode {
    /// Malformed request (bad JSON, missing header).
    BadRequest,
    NotFound,
    /// Some item does not have enough stock left.
    OutOfStock,
    /// The card was declined; no order was created.
    CardDeclined,
    /// Every unit of this gift has been claimed.
    AlreadyClaimed,
    /// The gift's claim window has passed; it was refunded.
    GiftExpired,
    /// The sender cancelled the gift; it was refunded.
    GiftCancelled,
    /// An idempotency key was reused with a different request.
    IdempotencyMismatch,
    /// Input is well-formed but not acceptable; see `fields`.
    Invalid,
    PayloadTooLarge,
    /// Too many attempts; the response carries `Retry-After`.
    RateLimited,
    /// Not signed in (or the session expired).
    Unauthorized,
    /// Signed in, but this account may not do that.
    Forbidden,
    /// The thing changed or is in a state that does not allow this (e.g. already shipped).
    Conflict,
    /// The request could not reach the server.
    Network,
    Internal,
}

impl ErrorCode {
    /// The HTTP status the server answers with, shared so the mock agrees.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::CardDeclined => 402,
            ErrorCode::NotFound => 404,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::OutOfStock | ErrorCode::AlreadyClaimed | ErrorCode::Conflict => 409,
            ErrorCode::GiftExpired | ErrorCode::GiftCancelled => 410,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::IdempotencyMismatch | ErrorCode::Invalid => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Network => 0,
        }
    }
}

/// A problem with one input field, e.g. `address.postal_code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Dotted path of the field, e.g. `contact.email` or `lines[0].quantity`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An error as both backends report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The JSON body of every error response: `{"error": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [one] => one.message.clone(),
            _ => "Please correct the highlighted fields.".to_string(),
        };
        ApiError {
            code: ErrorCode::Invalid,
            message,
            fields,
        }
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(ErrorCode::NotFound, format!("{what} was not found."))
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

wire_names!(ErrorCode {
    BadRequest => "bad_request",
    NotFound => "not_found",
    OutOfStock => "out_of_stock",
    CardDeclined => "card_declined",
    AlreadyClaimed => "already_claimed",
    GiftExpired => "gift_expired",
    GiftCancelled => "gift_cancelled",
    IdempotencyMismatch => "idempotency_mismatch",
    Invalid => "invalid",
    PayloadTooLarge => "payload_too_large",
    RateLimited => "rate_limited",
    Unauthorized => "unauthorized",
    Forbidden => "forbidden",
    Conflict => "conflict",
    Network => "network",
    Internal => "internal",
});

/// What an API answer says, read the same way by every client (the shop, the console, the
/// scenario suite): its body when the status is 2xx; else the error its body carries, or, when
/// the body is no error body (a proxy's page, a cut-off answer), an internal error that names
/// the status.
pub fn answer(status: u16, body: String) -> Result<String, ApiError> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    Err(serde_json::from_str::<ErrorBody>(&body)
        .map(|b| b.error)
        .unwrap_or_else(|_| {
            ApiError::new(
                ErrorCode::Internal,
                format!("The server answered with an unexpected error (HTTP {status})."),
            )
        }))
}

#[cfg(test)]
mod answer_tests {
    use super::*;

    #[test]
    fn an_answer_is_its_body_its_error_or_an_error_naming_the_status() {
        assert_eq!(answer(201, "{}".into()), Ok("{}".into()));
        let body = r#"{"error":{"code":"out_of_stock","message":"Only 2 left.","fields":[]}}"#;
        let e = answer(409, body.into()).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::OutOfStock, "Only 2 left.")
        );
        let e = answer(502, "<html>Bad gateway</html>".into()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("HTTP 502"), "{}", e.message);
    }
}
