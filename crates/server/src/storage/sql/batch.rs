//! Group commit: jobs queue here and one task writes every job waiting (up to [`MAX_BATCH`])
//! in one transaction, then answers each. A database error fails (and rolls back) the batch.
//! Checkouts and gift claims each have one of these, on the single writer connection.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Pool;
use tokio::sync::{mpsc, oneshot};

use crate::storage::StorageError;

/// Most jobs in one transaction (keeps a batch of orders' multi-row INSERTs far below SQLite's
/// 32,766 bound parameters: 64 orders × 50 lines × 6 values).
pub(super) const MAX_BATCH: usize = 64;

/// How often a batch the database aborted (a deadlock with another instance) is run again.
const MAX_RETRIES: u64 = 8;

/// What a batch writer writes.
pub(super) trait Batch: Send + Sync + 'static {
    type Job: Send + Sync + 'static;
    type Outcome: Send + 'static;
    /// Writes `jobs` in one transaction; one outcome per job, in order.
    fn write(
        pool: &Pool,
        jobs: &[Self::Job],
    ) -> impl Future<Output = Result<Vec<Self::Outcome>, StorageError>> + Send;
    /// Whether this outcome changed what the catalog shows (stock).
    fn changed_catalog(outcome: &Self::Outcome) -> bool;
}

type Reply<B> = oneshot::Sender<Result<<B as Batch>::Outcome, String>>;

pub(super) struct BatchWriter<B: Batch> {
    queue: mpsc::Sender<(B::Job, Reply<B>)>,
}

impl<B: Batch> BatchWriter<B> {
    /// Starts the writer task on `pool` (the single-connection writer pool).
    pub(super) fn spawn(pool: Pool, catalog_version: Arc<AtomicU64>) -> Self {
        let (queue, rx) = mpsc::channel(4 * 1024);
        tokio::spawn(run::<B>(pool, rx, catalog_version));
        BatchWriter { queue }
    }

    /// Queues a job and waits until its batch is committed.
    pub(super) async fn submit(&self, job: B::Job) -> Result<B::Outcome, StorageError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((job, reply))
            .await
            .map_err(|_| StorageError::Failed("a batch writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StorageError::Failed("a batch writer dropped a reply".into()))?
            .map_err(StorageError::Failed)
    }
}

async fn run<B: Batch>(
    pool: Pool,
    mut rx: mpsc::Receiver<(B::Job, Reply<B>)>,
    catalog_version: Arc<AtomicU64>,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let (jobs, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        let mut attempt = 0;
        let written = loop {
            match B::write(&pool, &jobs).await {
                // Another instance's transaction won a deadlock: the batch was rolled back whole.
                Err(e) if e.is_retryable() && attempt < MAX_RETRIES => {
                    attempt += 1;
                    tracing::debug!(error = %e, attempt, "batch retried");
                    tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
                }
                written => break written,
            }
        };
        match written {
            Ok(outcomes) => {
                if outcomes.iter().any(B::changed_catalog) {
                    catalog_version.fetch_add(1, Ordering::Release);
                }
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, jobs = jobs.len(), "batch failed; rolled back");
                for reply in replies {
                    let _ = reply.send(Err(e.to_string()));
                }
            }
        }
    }
}
