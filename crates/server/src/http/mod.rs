//! Everything HTTP: the JSON API (one module per area), its OpenAPI document, the request
//! extractors, the error body, the security headers, static files and the hyper server.

pub mod api;
pub(crate) mod error;
pub(crate) mod extract;
pub(crate) mod openapi;
pub(crate) mod security;
pub(crate) mod serve;
pub(crate) mod static_files;
