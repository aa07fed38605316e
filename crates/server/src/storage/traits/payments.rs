//! Card payments: intents, settling, the admin's refunds, the payment rules.

use std::future::Future;

use crate::storage::StorageError;

pub use omiyage_flows::payment::{CardOutcome, Settled};

/// Card payments through the provider.
pub trait PaymentStorage: Send + Sync + 'static {
    /// The order a PaymentIntent pays for.
    fn card_order(
        &self,
        intent_id: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// The PaymentIntent behind an order (none before a card was entered).
    fn card_intent(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// Every PaymentIntent made for an order, oldest first: (intent id, amount, whether the
    /// shop has counted its success).
    fn order_intents(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Vec<(String, i64, bool)>, StorageError>> + Send;
    /// How many PaymentIntents were made for an order (each card attempt makes one).
    fn intents_made(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send;
    /// In one transaction: records `to` (intent id, amount) as one of the order's intents, then
    /// replaces the order's latest intent `from` by it (`None`: no intent) if the order is still
    /// awaiting payment and its latest intent is still `from`. `false` when it was not: another
    /// attempt or a settlement came first.
    fn swap_card_intent(
        &self,
        order_token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// In one transaction: records the provider `event` (id, kind) as handled (a repeat is
    /// `Duplicate` and changes nothing), then applies `outcome` of `intent` to the card order,
    /// as `omiyage_core::lifecycle` decides: a success is counted once per intent (the order
    /// paid, or the money returned at once when the order no longer waits for it); a failure
    /// cancels the order only if `intent` is its latest one (`None`: no card was entered).
    fn settle_card(
        &self,
        order_token: Option<&str>,
        outcome: CardOutcome,
        intent: Option<&str>,
        event: Option<(&str, &str)>,
        now: i64,
    ) -> impl Future<Output = Result<Settled, StorageError>> + Send;
    /// Cancels an order still awaiting payment (any payment kind): its stock goes back once
    /// (a gift's units still unclaimed; other orders' lines), its coupon use too, and a gift
    /// closes. `false` when it was not waiting.
    /// `reason` goes into the `order.cancelled` event that tells the shopper and the merchant.
    fn cancel_unpaid(
        &self,
        order_token: &str,
        reason: omiyage_api::CancelReason,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Orders paid at the counter whose hold ended unpaid by `now`.
    fn lapsed_holds(
        &self,
        now: i64,
    ) -> impl Future<Output = Result<Vec<String>, StorageError>> + Send;
    /// The admin's payment rules (the defaults until set).
    fn payment_rules(
        &self,
    ) -> impl Future<Output = Result<omiyage_api::PaymentRules, StorageError>> + Send;
    /// Sets the payment rules (already validated); orders already held keep their time.
    fn set_payment_rules(
        &self,
        rules: &omiyage_api::PaymentRules,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Card orders still awaiting payment that were placed before `placed_before`:
    /// (order token, intent id if a card was entered).
    fn waiting_card_orders(
        &self,
        placed_before: i64,
    ) -> impl Future<Output = Result<Vec<(String, Option<String>)>, StorageError>> + Send;
    /// A card order's payment as stored: intent (if a card was entered), amount, and what the
    /// admin refunded of it; `None` for an order not paid by card online.
    fn card_record(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Option<StoredCardPayment>, StorageError>> + Send;
    /// The refunds asked of the provider for an intent (the outbox's `refund` messages),
    /// newest first.
    fn card_refunds(
        &self,
        intent_id: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::CardRefund>, StorageError>> + Send;
    /// In one transaction: raises what the admin refunded by `refund.amount` if that stays
    /// within the amount less what the gift rules hold, records `order.refunded` (its
    /// refund goes to the provider through the outbox) and, with `cancel`, cancels the paid,
    /// unshipped order and puts its stock back. 404 / 409 / 422 as `ApiError`s.
    fn refund_card(
        &self,
        order_token: &str,
        refund: &omiyage_api::RefundRequest,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// A card order's payment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCardPayment {
    pub intent_id: Option<String>,
    pub amount: i64,
    pub refunded_by_admin: i64,
}
