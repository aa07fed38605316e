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

/// Whether this build runs on the bundled mock (shown in the footer).
pub const IS_MOCK: bool = cfg!(feature = "mock");
