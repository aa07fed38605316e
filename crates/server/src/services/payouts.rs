//! Promoters' and agencies' balances by the state's clock and the payout hold.

use omiyage_api::{ApiError, PayoutBalance};

use crate::storage::Backend;
use crate::{AppError, AppState};

/// One account's balance (a promoter's or an agency's) by the state's clock and hold.
pub async fn balance_of<S: Backend>(
    state: &AppState<S>,
    account_id: &str,
) -> Result<PayoutBalance, AppError> {
    let ledger = state
        .storage
        .ledgers(Some(account_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("This account"))?;
    Ok(ledger.view(state.payout_hold_secs, state.clock.now()))
}
