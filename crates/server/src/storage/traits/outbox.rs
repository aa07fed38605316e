//! The outbox: events, messages and their delivery, webhook endpoints.

use std::future::Future;

use crate::storage::StorageError;

/// The outbox (see `crate::outbox`): events recorded with the changes that cause them, the
/// messages composed from them once, and their delivery.
pub trait OutboxStorage: Send + Sync + 'static {
    /// Records an event in a transaction of its own (one that no other write causes).
    fn record_event(
        &self,
        event: &crate::events::Event,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Events whose messages are not written yet, oldest first.
    fn waiting_events(
        &self,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<crate::events::StoredEvent>, StorageError>> + Send;
    /// Marks the event done and writes its messages, in one transaction; `false` (writing
    /// nothing) when someone did it first.
    fn store_messages(
        &self,
        event_id: &str,
        emails: &[crate::events::Message],
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Due messages, oldest first, of the destinations `open` leaves open (see
    /// [`crate::events::Open`]), each leased to the caller until `until` (nobody else sends it
    /// meanwhile).
    fn lease_due(
        &self,
        now: i64,
        until: i64,
        limit: i64,
        open: &crate::events::Open,
    ) -> impl Future<Output = Result<Vec<crate::events::Outgoing>, StorageError>> + Send;
    /// Gives leased messages back unsent: due again at `now`, their attempts unchanged.
    fn release(
        &self,
        ids: &[String],
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    fn mark_sent(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Records a failed attempt: due again at `next_attempt_at`, or failed for good (`None`).
    fn mark_attempt_failed(
        &self,
        id: &str,
        attempts: u32,
        next_attempt_at: Option<i64>,
        error: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The newest messages of a channel (`email`, `webhook`) first; only one recipient's
    /// (an endpoint's deliveries) when given.
    fn messages(
        &self,
        channel: &str,
        recipient: Option<&str>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<omiyage_api::OutboxMessage>, StorageError>> + Send;
    /// Puts a failed message back in line (attempts start again); the message as it now is.
    fn resend(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<omiyage_api::OutboxMessage>, StorageError>> + Send;
    fn create_endpoint(
        &self,
        endpoint: &omiyage_api::WebhookEndpoint,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Every webhook endpoint, oldest first.
    fn endpoints(
        &self,
    ) -> impl Future<Output = Result<Vec<crate::events::Endpoint>, StorageError>> + Send;
    fn endpoint(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<crate::events::Endpoint>, StorageError>> + Send;
    /// A new signing secret; the current one keeps signing too until `previous_until`.
    fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        previous_until: i64,
    ) -> impl Future<Output = Result<Option<crate::events::Endpoint>, StorageError>> + Send;
    fn delete_endpoint(&self, id: &str) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Orders placed with a (normalised) email, newest first.
    fn orders_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<crate::events::FoundOrder>, StorageError>> + Send;
}
