//! Gifts that bring new customers: visits from gift pages, first orders credited to them, the
//! senders' rewards and the merchant's report.

use std::future::Future;

use omiyage_api::{GiftReport, GiftRewardSettings};

use crate::storage::StorageError;

pub trait RewardStorage: Send + Sync + 'static {
    fn reward_settings(
        &self,
    ) -> impl Future<Output = Result<GiftRewardSettings, StorageError>> + Send;
    fn set_reward_settings(
        &self,
        settings: &GiftRewardSettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Notes a browser's visit to the shop from a gift's page; `false` for no such gift.
    fn record_gift_visit(
        &self,
        visitor: &str,
        gift_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Credits a new order to the gift whose page its browser came from (since `since`), when
    /// it is its buyer's first order and they are not the gift's buyer. Returns whether it did.
    fn credit_gift_visit(
        &self,
        order_token: &str,
        visitor: &str,
        gift_token: &str,
        since: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Rewards the sender of each gift whose credited first order is paid: once per order and
    /// per new customer, the coupon and its email written together. Returns how many.
    fn reward_due(&self, now: i64) -> impl Future<Output = Result<usize, StorageError>> + Send;
    fn gift_report(&self) -> impl Future<Output = Result<GiftReport, StorageError>> + Send;
}
