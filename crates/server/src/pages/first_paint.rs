//! The first paint of a shared link: the server answers `/`, `/p/<id>` and `/g/<token>` with
//! the page already rendered from the app's own Leptos components (the `omiyage` crate with its
//! `ssr` feature), and embeds the data it rendered with, so the app shows the same page
//! without fetching it again. The page reads, and its links work, before the WebAssembly has
//! arrived. A gift is rendered as its envelope only (sender and greeting): the contents and the
//! "opened" mark wait for the app in a person's browser.

use axum::http::StatusCode;
use axum::http::Uri;
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::response::{Html, IntoResponse, Response};
use omiyage::page_data::{Answer, Envelope, PageData};
use omiyage_api::{ApiError, ErrorBody, Product};
use omiyage_core::lang::Lang;

use crate::AppState;
use crate::storage::Backend;

/// A page rendered for its first paint.
pub struct Rendered {
    pub(crate) lang: Lang,
    pub(crate) body: String,
    pub(crate) data: PageData,
}

/// Renders the app at `url` in `lang` with `data` (when the server renders first pages).
pub async fn render<S: Backend>(
    state: &AppState<S>,
    url: &str,
    lang: Lang,
    data: PageData,
) -> Option<Rendered> {
    if !state.server_render {
        return None;
    }
    let body = omiyage::render::render(url, lang, data.clone()).await;
    Some(Rendered { lang, body, data })
}

/// The request's path and query.
pub fn url(uri: &Uri) -> String {
    uri.path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string())
}

/// Waits for the page's `load` (its images) and two frames (they are painted) before the app
/// starts loading.
const AFTER_LOAD: &str = "await new Promise(r=>{const p=()=>requestAnimationFrame(()=>requestAnimationFrame(r));document.readyState=='complete'?p():addEventListener('load',p,{once:true})});";

/// Trunk's index.html as a rendered page loads it: the page first, then the app. The
/// WebAssembly is not preloaded (it would take the bandwidth the page's images need) and the
/// loader script starts it once the page has loaded. The app is only needed for what the page
/// cannot do without it, and the server-rendered page works meanwhile.
pub fn page_first(index: &str) -> String {
    // The wasm preload: `<link … href=/app-<hash>_bg.wasm … rel=preload …>`.
    let mut html = without_links(index, |tag| {
        tag.contains(".wasm") && tag.contains("preload")
    });
    // Trunk's loader, an inline module script: wait for the page before `init`.
    for open in ["<script type=module>", "<script type=\"module\">"] {
        if let Some(i) = html.find(open) {
            html.insert_str(i + open.len(), AFTER_LOAD);
            break;
        }
    }
    html
}

/// `html` without the `<link>` tags that `drop` picks.
fn without_links(html: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut html = html.to_string();
    let mut from = 0;
    while let Some(i) = html[from..].find("<link").map(|i| from + i) {
        let Some(end) = html[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        if drop(&html[i..end]) {
            html.replace_range(i..end, "");
        } else {
            from = end;
        }
    }
    html
}

/// The app's `index.html` with the page in it: `<html lang>`, the data as a JSON script in the
/// head, the rendered body in place of the empty one, the app loading after the page.
pub fn assemble(index: &str, page: &Rendered) -> String {
    fill(page_first(index), page)
}

/// Trunk's index.html without the app: its loader script and the links that preload it go,
/// `script` (a page's own) comes before `</head>`.
pub fn without_app(index: &str, script: &str) -> String {
    let mut html = without_links(index, |tag| {
        tag.contains("modulepreload") || tag.contains(".wasm")
    });
    for open in ["<script type=module>", "<script type=\"module\">"] {
        while let Some(i) = html.find(open) {
            let Some(end) = html[i..]
                .find("</script>")
                .map(|e| i + e + "</script>".len())
            else {
                break;
            };
            html.replace_range(i..end, "");
        }
    }
    match html.find("</head>") {
        Some(i) => html.insert_str(i, script),
        None => html.insert_str(0, script),
    }
    html
}

/// A page the server renders without the app (the order page): `index` without the app
/// (`without_app`), `page` in it, as [`assemble`] puts it.
pub fn assemble_alone(index: &str, page: &Rendered, script: &str) -> String {
    fill(without_app(index, script), page)
}

/// `<html lang>`, the page's data in the head and its body in `html`.
fn fill(mut html: String, page: &Rendered) -> String {
    if let Some(start) = html.find("<html")
        && let Some(len) = html[start..].find('>')
    {
        html.replace_range(
            start..start + len + 1,
            &format!("<html lang=\"{}\">", page.lang.tag()),
        );
    }
    let script = page.data.to_html();
    match html.find("</head>") {
        Some(i) => html.insert_str(i, &script),
        None => html.insert_str(0, &script),
    }
    if let Some(start) = html.find("<body")
        && let Some(open) = html[start..].find('>')
        && let Some(end) = html.rfind("</body>")
    {
        let from = start + open + 1;
        if from <= end {
            html.replace_range(from..end, &page.body);
        }
    }
    html
}

/// An API answer as the API would send it.
pub fn answer(url: String, status: u16, body: &impl serde::Serialize) -> Answer {
    Answer {
        url,
        status,
        body: serde_json::to_string(body).unwrap_or_default(),
    }
}

/// A product page's data: the product, or the API's 404.
pub fn product_data(id: &str, product: Option<&Product>) -> PageData {
    let url = omiyage::api::product_url(id);
    let answer = match product {
        Some(p) => answer(url, 200, p),
        None => answer(
            url,
            404,
            &ErrorBody {
                error: ApiError::not_found("This product"),
            },
        ),
    };
    PageData {
        answers: vec![answer],
        envelope: None,
        ..Default::default()
    }
}

/// A gift page's data: its envelope.
pub fn envelope_data(envelope: Option<Envelope>) -> PageData {
    PageData {
        answers: Vec::new(),
        envelope,
        ..Default::default()
    }
}

/// Headers of every rendered page: it changes with the catalog and the reader's language.
pub fn headers() -> [(axum::http::HeaderName, &'static str); 2] {
    [
        (CACHE_CONTROL, "no-cache"),
        (VARY, "Accept-Language, Cookie"),
    ]
}

/// The answer for a rendered page.
pub fn respond(status: StatusCode, html: String) -> Response {
    (status, headers(), Html(html)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_page_loads_the_app_after_itself() {
        let index = "<script type=module>import init from '/a.js';await init();</script><link crossorigin href=/a.js rel=modulepreload><link as=fetch crossorigin href=/a_bg.wasm rel=preload type=application/wasm></head>";
        let html = page_first(index);
        assert!(!html.contains(".wasm"), "{html}");
        assert!(html.contains("rel=modulepreload"));
        assert!(html.starts_with(&format!("<script type=module>{AFTER_LOAD}import init")));
    }

    #[test]
    fn the_page_goes_into_the_body_and_its_data_into_the_head() {
        let index =
            "<!doctype html><html lang=ja><head><title>t</title></head><body>\n</body></html>";
        let page = Rendered {
            lang: Lang::En,
            body: "<header>h</header><main>m</main>".into(),
            data: PageData {
                answers: vec![Answer {
                    url: "/api/products/a\"b".into(),
                    status: 200,
                    body: r#"{"name":"</script><script>alert(1)</script>"}"#.into(),
                }],
                envelope: Some(Envelope {
                    token: "tok".into(),
                    sender_name: "\"><script>alert(2)</script>".into(),
                    greeting: "Hi".into(),
                }),
                ..Default::default()
            },
        };
        let html = assemble(index, &page);
        assert!(
            html.starts_with("<!doctype html><html lang=\"en\"><head>"),
            "{html}"
        );
        assert!(
            html.ends_with("<body><header>h</header><main>m</main></body></html>"),
            "{html}"
        );
        let head = &html[html.find("<script").unwrap()..html.find("</head>").unwrap()];
        assert_eq!(head.matches("</script>").count(), 1, "{head}");
        assert!(
            head.contains(r#"data-api="/api/products/a&quot;b" data-status="200""#),
            "{head}"
        );
        assert!(head.contains(r"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"));
        assert!(head.contains(r#"data-sender="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;""#));
    }
}
