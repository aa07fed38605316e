//! What a card order's money looks like to the admin: charged, refunded, still refundable.

use omiyage_api::{CardPaymentRecord, Money, OrderStatus, OrderView, PaymentStatus};

use crate::storage::Backend;
use crate::{AppError, AppState};

/// A card order's payment as the admin follows it; `None` for orders not paid by card online.
pub async fn card_record<S: Backend>(
    state: &AppState<S>,
    order: &OrderView,
) -> Result<Option<CardPaymentRecord>, AppError> {
    let Some(stored) = state.storage.card_record(&order.token).await? else {
        return Ok(None);
    };
    let refunds = match &stored.intent_id {
        Some(intent) => state.storage.card_refunds(intent).await?,
        None => Vec::new(),
    };
    let held = held_by_gift_rules(order);
    let by_rules = order.gift.as_ref().map_or(0, |g| g.refunded.amount);
    let status = match (order.status, order.payment.status) {
        (OrderStatus::AwaitingPayment, _) => "awaiting_card",
        (_, PaymentStatus::Refunded) => "refunded",
        (OrderStatus::Cancelled, _) if stored.refunded_by_admin == 0 => "canceled",
        _ => "succeeded",
    };
    let paid = status != "awaiting_card" && status != "canceled";
    Ok(Some(CardPaymentRecord {
        intent_id: stored.intent_id,
        amount: Money::jpy(stored.amount),
        status: status.into(),
        refunded: Money::jpy(stored.refunded_by_admin + by_rules),
        refundable: match paid {
            true => omiyage_core::payment::refundable(
                Money::jpy(stored.amount),
                Money::jpy(stored.refunded_by_admin),
                held,
            ),
            false => Money::jpy(0),
        },
        refunds,
    }))
}

/// What the gift rules hold of an order's payment (nothing for an order that is no gift).
fn held_by_gift_rules(order: &OrderView) -> Money {
    match (&order.gift, order.lines.first()) {
        (Some(gift), Some(line)) => {
            let states: Vec<_> = gift.units.iter().map(|u| u.state).collect();
            let paid = omiyage_core::gift::unit_paid(line);
            omiyage_core::payment::held_by_gift_rules(&states, paid)
        }
        _ => Money::jpy(0),
    }
}
