//! Group commit for gift claims, like `order_writer` for checkouts: claims queue here and one
//! task runs every claim waiting (up to [`MAX_BATCH`]) in one transaction, in arrival order,
//! each with the same rules and conditional updates as a lone claim. Replies go out after the
//! commit; a database error fails (and rolls back) the whole batch.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use omiyage_api::ClaimConfirmation;
use omiyage_core::checkout::ValidClaim;
use sqlx::sqlite::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::gifts::{ClaimOutcome, claim_in};
use crate::AppError;

const MAX_BATCH: usize = 64;

struct Pending {
    token: String,
    key: String,
    fingerprint: String,
    claim: ValidClaim,
    now: i64,
    reply: oneshot::Sender<Result<Result<ClaimConfirmation, omiyage_api::ApiError>, String>>,
}

pub(super) struct ClaimWriter {
    queue: mpsc::Sender<Pending>,
}

impl ClaimWriter {
    pub(super) fn spawn(pool: SqlitePool, catalog_version: Arc<AtomicU64>) -> Self {
        let (queue, rx) = mpsc::channel(4 * 1024);
        tokio::spawn(run(pool, rx, catalog_version));
        ClaimWriter { queue }
    }

    pub(super) async fn claim(
        &self,
        token: String,
        key: String,
        fingerprint: String,
        claim: ValidClaim,
        now: i64,
    ) -> Result<ClaimConfirmation, AppError> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            token,
            key,
            fingerprint,
            claim,
            now,
            reply,
        };
        self.queue
            .send(pending)
            .await
            .map_err(|_| AppError::Storage("the claim writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| AppError::Storage("the claim writer dropped a reply".into()))?
            .map_err(AppError::Storage)?
            .map_err(AppError::Api)
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Pending>, catalog_version: Arc<AtomicU64>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        match write_batch(&pool, &batch).await {
            Ok(outcomes) => {
                if outcomes.iter().any(|o| o.stock_changed) {
                    catalog_version.fetch_add(1, Ordering::Release);
                }
                for (pending, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = pending.reply.send(Ok(outcome.answer));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, claims = batch.len(), "claim batch failed; rolled back");
                for pending in batch {
                    let _ = pending.reply.send(Err(e.to_string()));
                }
            }
        }
    }
}

async fn write_batch(pool: &SqlitePool, batch: &[Pending]) -> Result<Vec<ClaimOutcome>, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for p in batch {
        outcomes.push(claim_in(&mut tx, &p.token, &p.key, &p.fingerprint, &p.claim, p.now).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}
