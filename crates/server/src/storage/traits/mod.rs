//! The storage traits, one file per area; `Backend` (in `storage`) is all of them.

mod accounts;
mod admin;
mod after_sales;
mod agencies;
mod batches;
mod coupons;
mod fans;
mod gifts;
mod members;
mod orders;
mod outbox;
mod payments;
mod points;
mod promotions;
mod rewards;

pub use accounts::*;
pub use admin::*;
pub use after_sales::*;
pub use agencies::*;
pub use batches::*;
pub use coupons::*;
pub use fans::*;
pub use gifts::*;
pub use members::*;
pub use orders::*;
pub use outbox::*;
pub use payments::*;
pub use points::*;
pub use promotions::*;
pub use rewards::*;
