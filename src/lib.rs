//! Omiyage storefront: the shopper's single-page app (Leptos CSR).

pub mod api;
pub mod app;
pub mod cart;
pub mod components;
pub mod i18n;
pub mod pages;
