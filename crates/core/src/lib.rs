//! The business rules of Omiyage, pure and deterministic. Both the server and the in-browser
//! mock call these functions, so the two backends cannot disagree.

pub mod account;
pub mod admin;
pub mod agency;
pub mod b2;
pub mod batch;
pub mod catalog;
pub mod checkout;
pub mod coupon;
pub mod dates;
pub mod delivery;
pub mod gift;
pub mod gift_options;
pub mod hold;
pub mod html;
pub mod idempotency;
pub mod image;
pub mod lang;
pub mod level;
pub mod lifecycle;
pub mod noshi;
pub mod order;
pub mod outbox;
pub mod payment;
pub mod payout;
pub mod prefecture;
pub mod pricing;
pub mod promotion;
#[cfg(feature = "qr")]
pub mod qr;
pub mod sales;
pub mod seed;
pub mod shortcode;
pub mod stock;
pub mod tax;
pub mod text;
