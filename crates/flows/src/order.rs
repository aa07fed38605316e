//! An order's own steps once placed.

use omiyage_api::CancelReason;

use crate::{Fact, Store};

/// Cancels an order still waiting for payment (failed card, hold lapsed, staff, the sender of
/// an unpaid gift): its stock goes back once (a gift's unclaimed units, or its lines), its
/// coupon use is given back, and one `OrderCancelled` is recorded. `false`, changing nothing,
/// when the order was not waiting (paid or cancelled meanwhile).
pub async fn cancel_unpaid<S: Store>(
    store: &mut S,
    order_token: &str,
    reason: CancelReason,
    now: i64,
) -> Result<bool, S::Error> {
    if !store.cancel_waiting(order_token).await? {
        return Ok(false);
    }
    if !crate::gift::close_unpaid(store, order_token).await? {
        store.put_back_lines(order_token).await?;
    }
    store.release_coupon(order_token).await?;
    store
        .record(order_token, Fact::OrderCancelled { reason }, now)
        .await?;
    Ok(true)
}
