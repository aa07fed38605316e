//! One module per shopper flow.

mod cart;
mod catalog;
mod checkout;
mod common;
mod gift;
mod gift_card;
mod gift_status;
mod not_found;
mod order;
mod product;

pub use cart::CartPage;
pub use catalog::CatalogPage;
pub use checkout::CheckoutPage;
pub use gift::GiftPage;
pub use not_found::NotFound;
pub use order::OrderPage;
pub use product::ProductPage;
