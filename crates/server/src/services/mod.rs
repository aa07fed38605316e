//! The server's middle: one module per flow that needs more than one storage call or is shared
//! by several entry points (API handlers, server-rendered pages, sub-commands). Handlers parse,
//! authorise and serialise, and call these; no handler module imports another.

pub mod accounts;
pub mod attribution;
pub mod card_books;
pub mod catalog;
pub mod clock;
pub mod codes;
pub mod fans;
pub mod gifts;
pub mod members;
pub mod messages;
pub mod orders;
pub mod passkeys;
pub mod payments;
pub mod payouts;
pub mod photos;
pub mod points;
pub mod rewards;
pub mod webhooks;
