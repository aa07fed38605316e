//! The storefront scenario suite, written once against the [`Storefront`] trait and run against
//! both backends (tests/mock.rs and tests/server.rs), so the mock cannot drift from the server.

mod http;
mod scenarios;

pub use http::HttpStorefront;
pub use scenarios::*;
