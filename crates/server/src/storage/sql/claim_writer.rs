//! Gift claims, group-committed: every claim waiting runs in one transaction, in arrival order,
//! with the same rules and conditional updates as a lone claim (see [`claim_in`]).

use omiyage_api::{ApiError, ClaimConfirmation};
use omiyage_core::checkout::ValidClaim;

use super::Pool;

use super::batch::Batch;
use super::flow_store::Tx;
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

/// One claim's answer, and whether it moved stock (refunds or a variant swap).
pub(super) struct ClaimOutcome {
    pub answer: Result<ClaimConfirmation, ApiError>,
    pub stock_changed: bool,
}

/// Claims one unit inside the caller's write transaction (`omiyage_flows::gift::claim`).
/// Refusals (409, 410, 422…) happen before the claim writes anything, so they never undo the
/// other claims of a batch; only refunds of an expired gift are written and kept.
pub(super) async fn claim_in(
    tx: &mut Tx<'_>,
    job: &ClaimJob,
) -> Result<ClaimOutcome, StorageError> {
    tx.moved_stock = false;
    let claim = omiyage_flows::gift::Claim {
        token: &job.token,
        key: &job.key,
        fingerprint: &job.fingerprint,
        claim: &job.claim,
        lang: job.lang,
    };
    let answer = omiyage_flows::gift::claim(tx, claim, job.now).await?;
    Ok(ClaimOutcome {
        answer,
        stock_changed: tx.moved_stock,
    })
}
