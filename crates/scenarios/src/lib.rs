//! The storefront scenario suite, written once against the [`Storefront`] trait and run against
//! both backends (tests/mock.rs and tests/server.rs), so the mock cannot drift from the server.

mod http;
mod scenarios;
mod sequences;

pub use http::HttpStorefront;
pub use scenarios::*;
pub use sequences::random_sequence;
