//! Gift claims, group-committed: every claim waiting runs in one transaction, in arrival order,
//! with the same rules and conditional updates as a lone claim (see `gifts::claim_in`).

use super::Pool;
use omiyage_core::checkout::ValidClaim;

use super::batch::Batch;
use super::flow_store::Tx;
use super::gifts::{ClaimOutcome, claim_in};
use crate::storage::StorageError;

pub(super) struct ClaimJob {
    pub token: String,
    pub key: String,
    pub fingerprint: String,
    pub claim: ValidClaim,
    /// The claim page's language: the recipient's messages are written in it.
    pub lang: &'static str,
    pub now: i64,
}

pub(super) struct Claims;

impl Batch for Claims {
    type Job = ClaimJob;
    type Outcome = ClaimOutcome;

    async fn write(pool: &Pool, jobs: &[ClaimJob]) -> Result<Vec<ClaimOutcome>, StorageError> {
        let mut tx = pool.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut outcomes = Vec::with_capacity(jobs.len());
        // One store for the batch: claims of the same product read it once.
        let mut store = Tx::new(&mut tx);
        for j in jobs {
            outcomes.push(claim_in(&mut store, j).await?);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    fn changed_catalog(outcome: &ClaimOutcome) -> bool {
        outcome.stock_changed
    }
}
