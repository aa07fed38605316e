//! Gifts: what the recipient and the sender see and do.

use std::future::Future;

use omiyage_api::{ClaimConfirmation, GiftView, OptionLine, SenderGift};
use omiyage_core::checkout::ValidClaim;

use crate::storage::StorageError;

/// What became of a thank-you note (`GiftStorage::thank_sender`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Thanked {
    /// Sent now, or before with the same key: the words as kept.
    Sent(String),
    NoSuchGift,
    /// No unit of the gift is claimed: there is no recipient to thank yet.
    NotClaimed,
    /// Each claimed unit has sent its note.
    AllSent,
}

/// Gifts: every change settles the claim window first (refunds what expired), then applies the
/// rule from `omiyage_core::gift` with conditional updates.
pub trait GiftStorage: Send + Sync + 'static {
    /// The recipient's view; `mark_opened` records the first opening for the sender.
    fn gift_view(
        &self,
        token: &str,
        now: i64,
        mark_opened: bool,
    ) -> impl Future<Output = Result<GiftView, StorageError>> + Send;
    /// Whether the recipient has opened the gift (`false` for no such gift).
    fn gift_opened(&self, token: &str) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// The gift options bought with a gift (empty: none, or no such gift).
    fn gift_options(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Vec<OptionLine>, StorageError>> + Send;
    /// The sender's view of an order's gift: states and times, never recipient data.
    fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SenderGift>, StorageError>> + Send;
    /// Claims one unit; the same key returns the same claim. `lang`: the claim page's
    /// language (the recipient's messages are written in it).
    fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &ValidClaim,
        lang: &'static str,
        now: i64,
    ) -> impl Future<Output = Result<ClaimConfirmation, StorageError>> + Send;
    /// Refunds one unclaimed unit (the recipient declines).
    fn decline_gift(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Refunds every unclaimed unit (the sender cancels).
    fn cancel_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Refunds every gift past its window; returns how many gifts it touched.
    fn expire_due(&self, now: i64) -> impl Future<Output = Result<usize, StorageError>> + Send;
    /// Moves when an order's gift opens (its sender, before it has opened).
    fn reschedule_gift(
        &self,
        order_token: &str,
        to: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Sends the gift's sender a recipient's thank-you note (kept, and emailed through the
    /// outbox): at most one per claimed unit; the same `key` sends one note. `lang`: the
    /// page's language.
    fn thank_sender(
        &self,
        token: &str,
        message: &str,
        lang: &'static str,
        key: &str,
        now: i64,
    ) -> impl Future<Output = Result<Thanked, StorageError>> + Send;
    /// The gift a return gift answers, by its claim token (`None`: no such gift).
    fn answered_gift(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Option<omiyage_flows::checkout::AnsweredGift>, StorageError>> + Send;
    /// Emails the claim link of every paid gift that has opened to the recipient its sender
    /// named, once; returns how many it emailed.
    fn tell_due(&self, now: i64) -> impl Future<Output = Result<usize, StorageError>> + Send;
}
