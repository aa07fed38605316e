//! `/g/<token>/shop`: a recipient's "visit the shop" from their gift page. The visit is noted
//! (`services::rewards::visit`) and the shop's catalog opens.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

use crate::{AppState, Backend};

pub(crate) async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let cookies = crate::services::rewards::visit(&state, &headers, &token).await;
    let mut response = Redirect::to("/").into_response();
    for cookie in cookies {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
