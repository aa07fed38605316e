//! What members keep for themselves and the shop's messages to them: their preferences and
//! saved addresses; members who asked for the shop's news, the merchant's messages to them
//! (written with one outbox event per reader, in one transaction), stopping the news by the
//! one-click link, and the orders that came from a message's product cards.

use std::future::Future;

use omiyage_api::{FanMessageDraft, FanMessageSummary};

use crate::events::Event;
use crate::storage::StorageError;

/// A member who asked for the shop's news.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsReader {
    pub member_id: String,
    pub email: String,
    pub lang: String,
    pub stop_token: String,
}

pub trait FanStorage: Send + Sync + 'static {
    /// Sets a member's language and whether they want the shop's news (their stop token made
    /// the first time they ask, from `new_token`).
    fn set_member_preferences(
        &self,
        member_id: &str,
        lang: &str,
        news: bool,
        birthday: Option<&str>,
        new_token: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The members who want the news and read one of `langs`.
    fn news_readers(
        &self,
        langs: &[String],
    ) -> impl Future<Output = Result<Vec<NewsReader>, StorageError>> + Send;
    /// Keeps a message with one event per reader, in one transaction.
    fn send_fan_message(
        &self,
        id: &str,
        draft: &FanMessageDraft,
        created_by: &str,
        events: &[Event],
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The messages sent, the newest first, with the orders their product cards brought.
    fn fan_messages(
        &self,
    ) -> impl Future<Output = Result<Vec<FanMessageSummary>, StorageError>> + Send;
    /// Stops the news for the member with this token; `false` for no such token.
    fn stop_news(&self, token: &str) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Whether a message with this id was sent.
    fn fan_message_exists(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Names the message an order came from.
    fn order_via_message(
        &self,
        order_token: &str,
        message_id: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// A member's saved addresses, the oldest first.
    fn member_addresses(
        &self,
        member_id: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::SavedAddress>, StorageError>> + Send;
    /// Saves an address for a member; `false` when they have [`MAX_ADDRESSES`] already.
    fn add_member_address(
        &self,
        member_id: &str,
        address: &omiyage_api::SavedAddress,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Removes one of a member's addresses (nothing for another's).
    fn remove_member_address(
        &self,
        member_id: &str,
        id: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// The most addresses a member keeps.
pub const MAX_ADDRESSES: i64 = 10;
