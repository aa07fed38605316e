//! One module per back-office flow.

mod agency;
mod batches;
mod card_payment;
mod coupons;
mod dashboard;
mod invitations;
mod levels;
mod messages;
mod orders;
mod payouts;
mod plans;
mod print;
mod product_form;
mod products;
mod promoter;
mod shops;
mod sign_in;
mod sign_up;
mod webhooks;

pub(crate) use agency::AgencyHome;
pub use batches::{BatchPage, BatchesPage};
pub use coupons::{CouponsPage, title as coupons_title};
pub use dashboard::Dashboard;
pub use invitations::InvitePage;
pub use messages::MessagesPage;
pub use orders::{OrderPage, OrdersPage};
pub use payouts::{PayoutsPage, title as payouts_title};
pub use plans::PlansPage;
pub use print::PrintPage;
pub use product_form::{ProductEditPage, ProductNewPage};
pub use products::ProductsPage;
pub(crate) use promoter::PromoterHome;
pub use shops::ShopsPage;
pub use sign_in::SignInPage;
pub use sign_up::{SignUpPage, WelcomePage};
pub use webhooks::WebhooksPage;
