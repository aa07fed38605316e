//! One module per shopper flow.

mod cart;
mod catalog;
mod checkout;
mod common;
mod gift;
// The order page: the server renders it (a page of its own, off the shopper's first load); the
// mock build, which has no server, draws it in the browser.
#[cfg(any(feature = "ssr", feature = "mock"))]
mod gift_card;
#[cfg(any(feature = "ssr", feature = "mock"))]
mod gift_status;
mod not_found;
#[cfg(any(feature = "ssr", feature = "mock"))]
mod order;
mod product;

pub use cart::CartPage;
pub use catalog::CatalogPage;
pub use checkout::CheckoutPage;
pub use gift::GiftPage;
pub use not_found::NotFound;
#[cfg(not(any(feature = "ssr", feature = "mock")))]
pub use not_found::ServerPage as OrderPage;
#[cfg(any(feature = "ssr", feature = "mock"))]
pub use order::OrderPage;
pub use product::ProductPage;
