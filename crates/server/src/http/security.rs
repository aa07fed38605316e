//! Security headers on every response. A Content-Security-Policy both apps run under (scripts
//! from this origin only, WebAssembly allowed, the apps' inline loader scripts by hash), no
//! framing except the embed card (which is meant for other sites' iframes), `nosniff`, no
//! referrer from pages whose URL is a secret (`/o/…`, `/g/…`), HSTS when cookies are `Secure`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers, worked out once at start-up.
#[derive(Clone, Debug)]
pub struct Policy {
    pages: HeaderValue,
    embed: HeaderValue,
    /// The card page (`/pay/…`): also Stripe.js, its API and its 3-D Secure frames.
    pay: HeaderValue,
    hsts: bool,
}

/// `scheme://host[:port]` of a URL (empty for one that does not parse).
fn origin(url: &str) -> String {
    reqwest::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

impl Policy {
    /// The policy for the apps' pages (their inline scripts are allowed by hash).
    /// `stripe`: the Stripe.js URL and API base the card page may use.
    pub fn new(pages: &[String], hsts: bool, stripe: Option<(&str, &str)>) -> Policy {
        let hashes: Vec<String> = pages
            .iter()
            .flat_map(|html| inline_script_hashes(html))
            .collect();
        let hashes: String = hashes.iter().map(|h| format!(" '{h}'")).collect();
        let csp = |frame_ancestors: &str, scripts: &str, connect: &str, frames: &str| {
            let value = format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}{scripts}; \
                 style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
                 connect-src 'self'{connect}; frame-src 'self'{frames}; object-src 'none'; \
                 base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
            );
            HeaderValue::from_str(&value).expect("a CSP is ASCII")
        };
        // Stripe's documented needs: Stripe.js from its origin, its API, and frames from the
        // Stripe.js origin and hooks.stripe.com (3-D Secure); with an emulator, its origin.
        let (scripts, connect, frames) = match stripe {
            Some((js_url, api_base)) => {
                let js = origin(js_url);
                let real = js == "https://js.stripe.com";
                let extra = if real { " https://*.js.stripe.com" } else { "" };
                let hooks = if real {
                    " https://hooks.stripe.com"
                } else {
                    ""
                };
                (
                    format!(" {js}{extra}"),
                    format!(" {}", origin(api_base)),
                    format!(" {js}{extra}{hooks}"),
                )
            }
            None => Default::default(),
        };
        Policy {
            pages: csp("'none'", "", "", ""),
            embed: csp("*", "", "", ""),
            pay: csp("'none'", &scripts, &connect, &frames),
            hsts,
        }
    }
}

/// `sha256-…` of every inline `<script>` (one without `src`) in an HTML page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</script>").map(|i| open_end + i) else {
            break;
        };
        if !rest[start..open_end].contains("src=") {
            let digest = Sha256::digest(&rest.as_bytes()[open_end..close]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            out.push(format!("sha256-{encoded}"));
        }
        rest = &rest[close..];
    }
    out
}

/// Adds the headers to a response, by the family of its path.
pub async fn headers(State(policy): State<Arc<Policy>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if path.starts_with("/embed/") {
        h.insert(CONTENT_SECURITY_POLICY, policy.embed.clone());
    } else if path.starts_with("/pay/") {
        h.insert(CONTENT_SECURITY_POLICY, policy.pay.clone());
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else {
        h.insert(CONTENT_SECURITY_POLICY, policy.pages.clone());
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    let secret = path.starts_with("/o/") || path.starts_with("/g/") || path.starts_with("/pay/");
    h.insert(
        REFERRER_POLICY,
        HeaderValue::from_static(if secret { "no-referrer" } else { "same-origin" }),
    );
    if policy.hsts {
        h.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<head><script type=module>import init from '/a.js';</script>
            <script src="/b.js"></script><script>x()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], format!("sha256-{expected}"));
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
        assert!(inline_script_hashes("<script>unterminated").is_empty());
    }
}
