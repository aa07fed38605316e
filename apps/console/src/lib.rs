//! The Omiyage console: the back office for the merchant admin, shop staff and promoters.
//! Every check of who may do what happens on the server; the console only hides what a role
//! cannot use.

pub mod api;
pub mod app;
mod components;
pub mod i18n;
mod pages;
mod session;
