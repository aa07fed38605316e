//! The background sweeps (gift windows, card payments left waiting, counter orders left
//! unpaid, promoters' levels) and the same sweeps on demand, for tools and tests.

use crate::storage::Backend;
use crate::{AnyState, AppError, AppState, on_state, services};

/// Refunds expired gifts in the background (gifts are also settled whenever they are touched).
pub(crate) fn spawn_expiry_sweep<S: Backend>(state: AppState<S>, every_secs: u64) {
    let every = std::time::Duration::from_secs(every_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        let mut levels_day = None;
        let mut points_hour = None;
        loop {
            tick.tick().await;
            // Levels count a rolling window: recomputed once a (shop) day.
            let today = omiyage_core::sales::day_of(state.clock.now());
            if levels_day != Some(today) {
                match recompute_levels(&state).await {
                    Ok(_) => levels_day = Some(today),
                    Err(e) => tracing::warn!(error = %e, "level refresh failed; will retry"),
                }
            }
            // Members' points: expired, or their members told, once an hour.
            let hour = state.clock.now() / 3_600;
            if points_hour != Some(hour) {
                match services::points::sweep(&state).await {
                    Ok(swept) => {
                        points_hour = Some(hour);
                        if swept != services::points::Swept::default() {
                            tracing::info!(?swept, "members' points and birthday coupons");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "points sweep failed; will retry"),
                }
            }
            match expire_gifts(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(gifts = n, "refunded expired gift units"),
                Err(e) => tracing::warn!(error = %e, "gift expiry sweep failed; will retry"),
            }
            match tell_gifts(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(gifts = n, "emailed opened gifts' claim links"),
                Err(e) => tracing::warn!(error = %e, "opened gift sweep failed; will retry"),
            }
            match state.storage.reward_due(state.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    rewards = n,
                    "rewarded senders whose gifts brought customers"
                ),
                Err(e) => tracing::warn!(error = %e, "gift reward sweep failed; will retry"),
            }
            match services::payments::sweep_abandoned(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "settled card payments left waiting"),
                Err(e) => tracing::warn!(error = %e, "card payment sweep failed; will retry"),
            }
            match services::payments::sweep_lapsed_holds(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "cancelled counter orders left unpaid"),
                Err(e) => tracing::warn!(error = %e, "unpaid order sweep failed; will retry"),
            }
        }
    });
}

/// Expires members' lapsed points, tells those whose points expire soon and gives the
/// birthday coupons due (what the background sweep does once an hour).
pub async fn sweep_points(state: &AnyState) -> Result<services::points::Swept, AppError> {
    on_state!(state, s => services::points::sweep(s).await)
}

/// Refunds every gift unit whose claim window has closed by the state's clock (what the
/// background sweep does every few seconds). Returns how many gifts it touched.
pub async fn sweep_expired_gifts(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => expire_gifts(s).await)
}

async fn expire_gifts<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    Ok(state.storage.expire_due(state.clock.now()).await?)
}

/// Rewards the senders whose gifts brought new customers (paid first orders), as the
/// background sweep does every few seconds. Returns how many.
pub async fn reward_gift_senders(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => reward_senders(s).await)
}

async fn reward_senders<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    Ok(state.storage.reward_due(state.clock.now()).await?)
}

/// Emails the claim links of the gifts that have opened by the state's clock (what the
/// background sweep does every few seconds). Returns how many.
pub async fn tell_opened_gifts(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => tell_gifts(s).await)
}

async fn tell_gifts<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    Ok(state.storage.tell_due(state.clock.now()).await?)
}

/// Recomputes every promoter's level by the state's clock (what the background task does once
/// a day). Returns how many promoters.
pub async fn refresh_levels(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => recompute_levels(s).await)
}

async fn recompute_levels<S: Backend>(state: &AppState<S>) -> Result<usize, AppError> {
    Ok(state.storage.refresh_levels(state.clock.now()).await?)
}

/// Settles card orders whose payment has waited longer than the timeout (see
/// [`services::payments::sweep_abandoned`]). Returns how many orders it looked at.
pub async fn sweep_abandoned_card_payments(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => services::payments::sweep_abandoned(s).await)
}

/// Cancels counter orders whose hold ended unpaid by the state's clock (see
/// [`services::payments::sweep_lapsed_holds`]). Returns how many.
pub async fn sweep_lapsed_holds(state: &AnyState) -> Result<usize, AppError> {
    on_state!(state, s => services::payments::sweep_lapsed_holds(s).await)
}
