//! The one typed API module: the app calls [`api()`] and gets the HTTP client, or, in a build
//! with the `mock` feature, the in-browser mock backend that keeps its state in localStorage.

#[cfg(not(feature = "mock"))]
mod http;
#[cfg(feature = "mock")]
mod mock;

pub use omiyage_api::{ApiError, Storefront};
pub use omiyage_ui::random::new_idempotency_key;

#[cfg(not(feature = "mock"))]
pub type Backend = http::HttpBackend;
#[cfg(feature = "mock")]
pub type Backend = mock::BrowserMock;

/// The backend this build talks to.
pub fn api() -> Backend {
    Backend::default()
}

/// An image URL showing `text` as a QR code.
pub fn qr_image_src(text: &str) -> String {
    #[cfg(feature = "mock")]
    {
        let svg = omiyage_mock::qr_svg(text).unwrap_or_default();
        format!("data:image/svg+xml,{}", encode_uri_component(&svg))
    }
    #[cfg(not(feature = "mock"))]
    {
        format!("/api/qr?text={}", encode_uri_component(text))
    }
}

/// `encodeURIComponent`: the browser's in the app, the same rule in Rust on the server.
pub fn encode_uri_component(s: &str) -> String {
    #[cfg(not(feature = "ssr"))]
    {
        js_sys::encode_uri_component(s).into()
    }
    #[cfg(feature = "ssr")]
    {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}

/// The API URL of the catalog for `query` (empty filters are left out). The server embeds its
/// answer under the same URL when it renders the catalog.
pub fn catalog_url(query: &omiyage_api::CatalogQuery) -> String {
    let mut params = Vec::new();
    if let Some(c) = query.category.as_deref().filter(|c| !c.is_empty()) {
        params.push(format!("category={}", encode_uri_component(c)));
    }
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        params.push(format!("q={}", encode_uri_component(q)));
    }
    if params.is_empty() {
        "/api/products".to_string()
    } else {
        format!("/api/products?{}", params.join("&"))
    }
}

/// The API URL of a product.
pub fn product_url(id: &str) -> String {
    format!("/api/products/{}", encode_uri_component(id))
}

/// The API URL of a gift's recipient view (`/api/gifts/<token>`).
pub fn gift_url(token: &str) -> String {
    format!("/api/gifts/{}", encode_uri_component(token))
}

/// The API URL of an order (`/api/orders/<token>`).
pub fn order_url(token: &str) -> String {
    format!("/api/orders/{}", encode_uri_component(token))
}

/// Whether this build runs on the bundled mock (shown in the footer).
pub const IS_MOCK: bool = cfg!(feature = "mock");
