//! The one typed API module: the app calls [`api()`] and gets the HTTP client, or, in a build
//! with the `mock` feature, the in-browser mock backend that keeps its state in localStorage.

#[cfg(not(feature = "mock"))]
mod http;
#[cfg(feature = "mock")]
mod mock;
mod random;

pub use omiyage_api::{ApiError, Storefront};
pub use random::new_idempotency_key;

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
        format!(
            "data:image/svg+xml,{}",
            String::from(js_sys::encode_uri_component(&svg))
        )
    }
    #[cfg(not(feature = "mock"))]
    {
        format!(
            "/api/qr?text={}",
            String::from(js_sys::encode_uri_component(text))
        )
    }
}

/// Whether this build runs on the bundled mock (shown in the footer).
pub const IS_MOCK: bool = cfg!(feature = "mock");
