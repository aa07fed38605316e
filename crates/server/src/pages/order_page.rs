//! `/o/<token>`: an order's private page. The server renders it from the shopper app's own
//! components (the `omiyage` crate with `ssr`) and serves it without the app: the page needs
//! no WebAssembly, which keeps all of it off the shopper's first load (the app opens it as a
//! page of its own). A small script, `/order-page.js`, runs what the app ran on it: sharing the
//! gift's link, saving its card, cancelling it, the language switch and the cart's count.
//! A server started with `--no-server-render` serves the app there instead (the mock build
//! draws every page itself).

use std::path::PathBuf;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderMap};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use omiyage::page_data::PageData;
use omiyage_api::{ApiError, ErrorBody};

use super::first_paint::{self, Rendered};
use crate::http::extract::PageLang;
use crate::{AppState, Backend};

/// The page's script.
const SCRIPT: &str = include_str!("order_page.js");

pub async fn show<S: Backend>(
    State((state, index)): State<(AppState<S>, PathBuf)>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Ok(index) = tokio::fs::read_to_string(&index).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !state.server_render {
        return first_paint::respond(StatusCode::OK, index);
    }
    let url = omiyage::api::order_url(&token);
    let (status, answer, reference) =
        match crate::services::orders::shown(&state, &token, lang).await {
            Ok(order) => {
                let reference = order.reference.clone();
                (
                    StatusCode::OK,
                    first_paint::answer(url, 200, &order),
                    Some(reference),
                )
            }
            Err(_) => {
                let error = ErrorBody {
                    error: ApiError::not_found("This order"),
                };
                (
                    StatusCode::NOT_FOUND,
                    first_paint::answer(url, 404, &error),
                    None,
                )
            }
        };
    let data = PageData {
        answers: vec![answer],
        origin: super::unfurl::origin(&state, &headers),
        now: state.clock.now(),
        ..Default::default()
    };
    let body = omiyage::render::render(&first_paint::url(&uri), lang, data).await;
    let page = Rendered {
        lang,
        body,
        data: PageData::default(),
    };
    let t = omiyage::i18n::texts_in(lang);
    let title = match reference {
        Some(r) => format!("{} {r}", t.order_title),
        None => t.not_found_title.to_string(),
    };
    let html = first_paint::assemble_alone(
        &index,
        &page,
        "<script type=module src=/order-page.js></script>",
    );
    let html = match (html.find("<title>"), html.find("</title>")) {
        (Some(i), Some(j)) if i < j => {
            let escaped = omiyage_core::html::escape(&format!("{title} · {}", t.shop_name));
            format!("{}<title>{escaped}{}", &html[..i], &html[j..])
        }
        _ => html,
    };
    // A private page: never kept by a shared cache.
    (
        status,
        [
            (CACHE_CONTROL, "private, no-cache"),
            (axum::http::header::VARY, "Accept-Language, Cookie"),
        ],
        axum::response::Html(html),
    )
        .into_response()
}

/// `/order-page.js`.
pub async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
        .into_response()
}
