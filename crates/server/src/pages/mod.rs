//! Pages the server renders itself: the first paint of the shopper app, link unfurls and embeds,
//! and the pages that work without JavaScript (claim, find my orders, the card page, receipts).

pub(crate) mod claim;
pub(crate) mod find_orders;
pub(crate) mod first_paint;
pub(crate) mod form;
pub(crate) mod options;
pub(crate) mod pay;
pub(crate) mod receipt;
pub(crate) mod unfurl;
