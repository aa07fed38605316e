//! Counter gift batches.

use std::future::Future;

use omiyage_api::{BatchSummary, BatchView};

use crate::storage::StorageError;

pub use omiyage_flows::batch::NewBatch;

/// Counter gift batches.
pub trait BatchStorage: Send + Sync + 'static {
    /// Takes the batch's stock (409 if short) and writes every code, all or nothing.
    fn create_batch(
        &self,
        batch: &NewBatch,
        now: i64,
    ) -> impl Future<Output = Result<BatchView, StorageError>> + Send;
    /// Batches, newest first; only one shop's when given.
    fn batches(
        &self,
        shop_id: Option<&str>,
    ) -> impl Future<Output = Result<Vec<BatchSummary>, StorageError>> + Send;
    fn batch(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<BatchView>, StorageError>> + Send;
    /// Voids an unclaimed code (refund to the counter sale, stock back); 409 once claimed.
    fn void_code(
        &self,
        batch_id: &str,
        code: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The claim token of a normalised short code.
    fn gift_for_code(
        &self,
        code: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
}
