//! Omiyage's use cases, each written once over a transactional [`Store`]: the server runs them
//! on SQLite or PostgreSQL inside one database transaction, the browser's mock on its in-memory
//! state. The rules themselves (`omiyage_core`) decide; a flow asks the store for what it needs,
//! applies the rules and tells the store what to write. The store decides nothing.
//!
//! A flow never begins or commits. Its caller runs it in one transaction and reads its result:
//! - `Err(store error)`: roll back (the store failed, or a write found the data changed).
//! - `Ok(answer)`: commit what the flow wrote. The answer may still be a rule's refusal
//!   (`Err(ApiError)` inside): what the flow settled on the way (a claim window's refunds) is
//!   kept, and the refusal is what the client sees. A flow refuses before it writes anything
//!   else, so committing a refusal never keeps half a change.
//!
//! The clock is a plain `now` read by the caller. The trait is declared once with native
//! `async fn` (the local variant, no `Send`, for the browser) and `trait_variant` makes its
//! `Send` twin, [`SendStore`], which the server implements; the local trait follows from it.

pub mod batch;
pub mod card;
pub mod checkout;
pub mod commission;
pub mod coupon;
pub mod gift;
pub mod order;
pub mod payment;
pub mod payout;
pub mod points;
pub mod units;

use omiyage_api::{
    Address, ApiError, CancelReason, GiftUnit, Money, OrderStatus, Product, RefundReason,
};
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift::GiftRecord;

/// What a flow answers once its store did its part: the rule's answer, to commit either way.
pub type Answer<T, E> = Result<Result<T, ApiError>, E>;

/// Which gift a flow works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiftBy<'a> {
    /// Its claim token (the recipient's link).
    Token(&'a str),
    /// The token of the order that bought it (the sender's side).
    Order(&'a str),
}

/// A claim a unit was already claimed with (found by its idempotency key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastClaim {
    pub unit: u32,
    pub fingerprint: String,
    pub name: String,
    pub address: Address,
    pub claimed_at: i64,
    /// The variant that ships.
    pub variant_id: String,
}

/// A claim to write on one unit.
#[derive(Clone, Copy, Debug)]
pub struct NewClaim<'a> {
    /// The unit as claimed (state, time).
    pub unit: &'a GiftUnit,
    pub variant_id: &'a str,
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub claim: &'a ValidClaim,
    /// The claim page's language: the recipient's messages are written in it.
    pub lang: &'static str,
}

/// Who a claimed unit ships to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub phone: String,
    pub address: Address,
}

/// What happened to an order, for its messages and webhooks (recorded in the same
/// transaction as the change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// Units of its gift were refunded now.
    GiftRefunded {
        reason: RefundReason,
        units: Vec<u32>,
        refund: Money,
    },
    /// A unit of its gift was claimed.
    GiftClaimed {
        unit: u32,
        units: u32,
        product_name: String,
        variant_name: String,
        shipping: Recipient,
        /// The unit's delivery day and slot (absent: no preference).
        delivery: Option<omiyage_api::DeliveryChoice>,
    },
    /// A gift opened (at once, or at the moment its sender chose): its recipient is emailed
    /// the claim link.
    GiftOpened {
        recipient_email: String,
        sender_name: String,
        greeting: String,
        claim_token: String,
        expires_at: i64,
    },
    /// It was cancelled before it was paid: stock and coupon use went back, nothing charged.
    OrderCancelled { reason: CancelReason },
    /// It shipped (a gift: the units shipped now, told to their recipients).
    OrderShipped {
        tracking_number: String,
        gift_units: Vec<u32>,
        /// The gift's sender as the recipients know them.
        sender_name: String,
    },
    /// Its promoter's confirmed commission grew.
    CommissionConfirmed {
        promoter_id: String,
        email: String,
        order_reference: String,
        /// Confirmed now.
        amount: Money,
        /// Confirmed on this order so far.
        confirmed: Money,
    },
    /// It was paid (by card, or confirmed at the counter).
    OrderPaid { total: Money },
    /// The admin refunded (part of) it; with `cancelled`, cancelled it too.
    OrderRefunded {
        refund: Money,
        /// The admin's words to the buyer.
        reason: String,
        cancelled: bool,
    },
    /// A payment arrived when the order no longer waited for it (cancelled, or paid by
    /// another): it goes back at once, in full.
    PaymentReturned { intent: String, refund: Money },
}

/// Where an order stands; an unknown order is refused (404).
pub async fn status_of<S: Store>(
    store: &mut S,
    order_token: &str,
) -> Result<OrderStatus, S::Error> {
    match store.order_status(order_token).await? {
        Some(status) => Ok(status),
        None => Err(ApiError::not_found("This order").into()),
    }
}

/// The steps the flows need, inside one transaction. Reads of a gift lock it until the
/// transaction ends (PostgreSQL `FOR UPDATE`; SQLite's write transaction already runs alone;
/// the mock runs one flow at a time).
#[trait_variant::make(SendStore: Send)]
pub trait Store {
    /// What the store fails with; a rule's refusal turns into one where a flow gives up.
    type Error: From<ApiError>;

    /// A gift and its units.
    async fn gift(&mut self, by: GiftBy<'_>) -> Result<Option<GiftRecord>, Self::Error>;
    /// Where an order stands (`None`: no such order).
    async fn order_status(&mut self, order_token: &str)
    -> Result<Option<OrderStatus>, Self::Error>;
    /// A product as the shop sells it now (variants and stock).
    async fn product(&mut self, id: &str) -> Result<Option<Product>, Self::Error>;
    /// Writes a gift's units that changed (`before` → `after`), each only from the state it
    /// was read in: a unit changed meanwhile fails the write.
    async fn save_units(
        &mut self,
        gift_token: &str,
        before: &[GiftUnit],
        after: &[GiftUnit],
    ) -> Result<(), Self::Error>;
    /// Puts `units` of a variant back in stock.
    async fn put_back(&mut self, variant_id: &str, units: u32) -> Result<(), Self::Error>;
    /// Takes `units` of a variant unless fewer are left (`false`, nothing taken).
    async fn take(&mut self, variant_id: &str, units: u32) -> Result<bool, Self::Error>;
    /// Closes a gift: nothing of it can be claimed any more.
    async fn close_gift(&mut self, gift_token: &str) -> Result<(), Self::Error>;
    /// Notes when the recipient first opened the gift.
    async fn mark_opened(&mut self, gift_token: &str, now: i64) -> Result<(), Self::Error>;
    /// Moves when a gift opens, and its claim window with it.
    async fn reschedule(
        &mut self,
        gift_token: &str,
        opens_at: i64,
        expires_at: i64,
    ) -> Result<(), Self::Error>;
    /// Notes that the recipient was emailed the claim link (fails when they already were).
    async fn mark_told(&mut self, gift_token: &str, now: i64) -> Result<(), Self::Error>;
    /// The claim made with idempotency `key` on this gift, if any.
    async fn past_claim(
        &mut self,
        gift_token: &str,
        key: &str,
    ) -> Result<Option<PastClaim>, Self::Error>;
    /// Writes a claim on an unclaimed unit (fails when the unit is no longer unclaimed).
    async fn write_claim(
        &mut self,
        gift_token: &str,
        claim: &NewClaim<'_>,
    ) -> Result<(), Self::Error>;
    /// An order waiting for payment → cancelled; `false` when it was not waiting.
    async fn cancel_waiting(&mut self, order_token: &str) -> Result<bool, Self::Error>;
    /// Puts an order's lines back in stock.
    async fn put_back_lines(&mut self, order_token: &str) -> Result<(), Self::Error>;
    /// Gives back the coupon use an order claimed, if any.
    async fn release_coupon(&mut self, order_token: &str) -> Result<(), Self::Error>;
    /// A paid order → shipped with `tracking` (`done`: nothing of it can still change; a gift
    /// with units still open stays paid, its shipment noted).
    async fn mark_shipped(
        &mut self,
        order_token: &str,
        done: bool,
        tracking: &str,
        now: i64,
    ) -> Result<(), Self::Error>;
    /// Records what happened to an order (messages, webhooks).
    async fn record(&mut self, order_token: &str, fact: Fact, at: i64) -> Result<(), Self::Error>;
    /// The shop's delivery rules (dates and slots), which a claim's choice is checked against.
    async fn delivery_settings(&mut self) -> Result<omiyage_api::DeliverySettings, Self::Error>;
    /// An order's points, its member's balance held until the transaction ends (`None`: no
    /// member spent points on it or earns on it).
    async fn order_points(
        &mut self,
        order_token: &str,
    ) -> Result<Option<points::PointsAccount>, Self::Error>;
    /// Books an entry on a member's points; their balance moves with it (never below zero).
    async fn book_points(
        &mut self,
        booking: &points::Booking<'_>,
        now: i64,
    ) -> Result<(), Self::Error>;
}
