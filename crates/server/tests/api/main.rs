//! Server integration tests: a real server on 127.0.0.1:0 with a fresh SQLite file per test,
//! driven over HTTP. One test binary, one module per flow.

mod accounts;
mod agencies;
mod back_office;
mod backups;
mod batches;
mod card_payments;
mod card_refunds;
mod catalog;
mod checkout;
mod checkout_concurrency;
mod copy_to;
mod coupons;
mod crash;
mod delivery;
mod emails;
mod emulator;
mod first_paint;
mod gift_options;
mod gifts;
mod helpers;
mod holds;
mod instances;
mod levels;
mod lifecycle;
mod links;
mod mailbox;
mod payouts;
mod pg_dump;
mod promotions;
mod receipts;
mod returns;
mod sign_ups;
mod static_files;
mod thanks;
mod webhooks;
