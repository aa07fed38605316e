//! Omiyage storefront: the shopper's single-page app (Leptos; rendered in the browser, and on
//! the server for the first page of a visit with the `ssr` feature).
// Server rendering lays out deep view types (the cart page's async rendering).
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod cart;
pub mod components;
pub mod i18n;
pub mod page_data;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod render;
