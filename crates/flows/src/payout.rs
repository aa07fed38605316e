//! A payout to a promoter or an agency: checked against the balance owed at that moment, with
//! the ledger held for the transaction, so payouts racing each other never pay more than is
//! owed (rules in `omiyage_core::payout`).

use omiyage_api::{ApiError, Money, Payout, PayoutInput};
use omiyage_core::payout::{self, Ledger};

use crate::{Answer, Store};

/// The payout steps, inside the flow's transaction.
#[trait_variant::make(SendPayoutStore: Send)]
pub trait PayoutStore: Store {
    /// The ledger of a promoter or agency, held until the transaction ends (the next payout
    /// for them waits); `None`: no such promoter or agency.
    async fn lock_ledger(&mut self, account_id: &str) -> Result<Option<Ledger>, Self::Error>;
    async fn insert_payout(&mut self, payout: &Payout) -> Result<(), Self::Error>;
    /// The payout recorded under `id`, if any.
    async fn payout(&mut self, id: &str) -> Result<Option<Payout>, Self::Error>;
}

/// Records payout `id` of `input` at `now`, earnings held for `hold_secs`: 404 for an unknown
/// promoter, 422 for an amount past the balance or a missing reference. An `id` recorded
/// before (the same `Idempotency-Key` sent again) answers that payout, `false` for not new,
/// when it was for the same promoter, amount and reference, and 422 otherwise.
pub async fn record<S: PayoutStore>(
    store: &mut S,
    input: &PayoutInput,
    id: &str,
    hold_secs: i64,
    now: i64,
) -> Answer<(Payout, bool), S::Error> {
    let Some(ledger) = store.lock_ledger(&input.account_id).await? else {
        return Ok(Err(ApiError::not_found("This promoter or agency")));
    };
    // Read under the ledger's lock: a retry racing its first request waits for it.
    if let Some(earlier) = store.payout(id).await? {
        let same = earlier.account_id == input.account_id
            && earlier.amount.amount == input.amount
            && earlier.reference == input.reference.trim();
        return Ok(match same {
            true => Ok((earlier, false)),
            false => Err(ApiError::new(
                omiyage_api::ErrorCode::IdempotencyMismatch,
                "This Idempotency-Key was already used for another payout. Use a new key for a \
                 new payout.",
            )),
        });
    }
    let owed = ledger.balance(hold_secs, now).balance;
    let reference = match payout::validate_payout(input.amount, &input.reference, owed) {
        Ok(reference) => reference,
        Err(e) => return Ok(Err(e)),
    };
    let payout = Payout {
        id: id.to_string(),
        account_id: input.account_id.clone(),
        amount: Money::jpy(input.amount),
        reference,
        paid_at: now,
    };
    store.insert_payout(&payout).await?;
    Ok(Ok((payout, true)))
}
