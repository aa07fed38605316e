//! A JSON extractor whose rejections are the shared JSON error body with a clear message, and
//! the reader's language for server-rendered pages.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use omiyage_api::{ApiError, ErrorCode};
use omiyage_core::lang::Lang;
use serde::de::DeserializeOwned;

use crate::AppError;
use crate::storage::Backend;

/// Like `axum::Json`, but malformed JSON → 400, wrong shape → 422, too large → 413, all with
/// the shared error body.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => value,
            Err(rejection) => return Err(AppError::Api(describe(rejection))),
        };
        whole_numbers(&mut value);
        serde_json::from_value(value).map(ApiJson).map_err(|e| {
            AppError::Api(ApiError::new(
                ErrorCode::Invalid,
                format!("The request body does not have the expected fields: {e}"),
            ))
        })
    }
}

/// Reads a number written with a zero fraction (`3.0`) as the integer it is, as JSON Schema's
/// `integer` does: the API's whole-number fields take it.
fn whole_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                *value = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Like `axum::extract::Query`, but a missing or malformed parameter → 400 with the shared
/// error body (axum's own answer is plain text).
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(AppError::Api(ApiError::new(
                ErrorCode::BadRequest,
                format!("The query string is not valid: {}", rejection.body_text()),
            ))),
        }
    }
}

fn describe(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            ErrorCode::BadRequest,
            format!("The request body is not valid JSON: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => ApiError::new(
            ErrorCode::Invalid,
            format!(
                "The request body does not have the expected fields: {}",
                e.body_text()
            ),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::BadRequest,
            "Send the body as JSON with `Content-Type: application/json`.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::PayloadTooLarge,
            "The request body is too large (the limit is 64 KiB).",
        ),
        other => ApiError::new(ErrorCode::BadRequest, other.body_text()),
    }
}

/// The language of a server-rendered page: the reader's choice in the app (its language cookie),
/// else the reader's `Accept-Language` (never the language of whoever shared the link), Japanese
/// when it names none the shop speaks. Pages that use it answer with `Vary: Accept-Language`.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let chosen = parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == omiyage_core::lang::LANG_COOKIE)
            .and_then(|(_, tag)| Lang::ALL.into_iter().find(|l| l.tag() == tag));
        if let Some(lang) = chosen {
            return Ok(PageLang(lang));
        }
        let header = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Ok(PageLang(
            header.map_or(Lang::Ja, Lang::from_accept_language),
        ))
    }
}

/// The first line of a CSV download in the reader's language (`[ja, zh-Hans, en]`). Japanese and
/// Chinese files start with a byte-order mark so that spreadsheet apps read them as UTF-8.
pub fn csv_header(lang: Lang, [ja, zh, en]: [&str; 3]) -> String {
    match lang {
        Lang::Ja => format!("\u{feff}{ja}\r\n"),
        Lang::ZhHans => format!("\u{feff}{zh}\r\n"),
        Lang::En => format!("{en}\r\n"),
    }
}

/// A free-text CSV field: quoted when it holds a comma, quote or line break, and led by `'` when
/// a spreadsheet would read it as a formula (`=`, `+`, `-`, `@`).
pub fn csv_field(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{text}"),
        _ => text.to_string(),
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The client's address: the connection's peer, or, when the peer is the trusted proxy, the
/// address that proxy appended last to `X-Forwarded-For` (entries before it are the client's
/// own claims and are not believed).
pub struct ClientIp(pub std::net::IpAddr);

impl<S: Backend> FromRequestParts<crate::AppState<S>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let forwarded = || {
            let header = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()?;
            let last = header.to_str().ok()?.rsplit(',').next()?;
            last.trim().parse().ok()
        };
        Ok(ClientIp(match state.trusted_proxy {
            Some(proxy) if proxy.contains(&peer) => forwarded().unwrap_or(peer),
            _ => peer,
        }))
    }
}
