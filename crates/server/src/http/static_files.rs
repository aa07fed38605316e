//! The built app: files from the Trunk output folder, an SPA fallback to index.html for deep
//! links, long-lived cache headers for content-hashed assets and `no-cache` for the rest.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

pub fn service(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// Trunk names built assets `name-<16+ hex digits>[_bg].ext`: those never change.
pub fn is_hashed_asset(path: &str) -> bool {
    let hashed = |name: &str| {
        let stem = name.split('.').next().unwrap_or(name);
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-').is_some_and(|(_, hash)| {
            hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
    };
    let mut segments = path.trim_start_matches('/').split('/');
    match segments.next() {
        // wasm-bindgen snippets: snippets/<crate>-<hash>/<path in the crate>.js
        Some("snippets") => segments.next().is_some_and(hashed),
        _ => path.rsplit('/').next().is_some_and(hashed),
    }
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed_asset("/omiyage-9f86d081884c7d65_bg.wasm"));
        assert!(is_hashed_asset("/omiyage-9f86d081884c7d65.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef0123.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/img/matcha-kitkat.svg"));
        assert!(!is_hashed_asset("/p/tokyo-banana"));
        assert!(is_hashed_asset(
            "/snippets/omiyage-b9e14a90abc4b1e1/src/pages/gift_card.js"
        ));
        assert!(!is_hashed_asset("/snippets/omiyage/src/pages/gift_card.js"));
    }
}
