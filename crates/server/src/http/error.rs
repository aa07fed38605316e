use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use omiyage_api::{ApiError, ErrorBody, ErrorCode};

/// The server's one error type: an [`ApiError`] the client may see, or an internal failure
/// that is logged and answered with a generic 500.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Api(#[from] ApiError),
    /// Storage could not do its work; a refusal by the stored data is answered like any rule,
    /// every other storage failure is a 500.
    #[error("{0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("serialising: {0}")]
    Json(#[from] serde_json::Error),
    /// Any other failure on our side (hashing a password, say).
    #[error("{0}")]
    Internal(String),
    /// Too many attempts: 429 with `Retry-After`.
    #[error("rate limited for {0} s")]
    Limited(i64),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let error = match self {
            AppError::Api(e) | AppError::Storage(crate::storage::StorageError::Refused(e)) => e,
            AppError::Limited(secs) => {
                let error = ApiError::new(
                    ErrorCode::RateLimited,
                    format!(
                        "Too many attempts. Try again in {} minutes.",
                        (secs + 59) / 60
                    ),
                );
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, Json(ErrorBody { error })).into_response();
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
                return response;
            }
            other => {
                tracing::error!(error = %other, "internal error");
                ApiError::new(
                    ErrorCode::Internal,
                    "Something went wrong on our side. Please try again in a moment.",
                )
            }
        };
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody { error })).into_response()
    }
}
