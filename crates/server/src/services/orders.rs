//! Orders as their private link shows them.

use omiyage_api::{AdminOrder, ApiError, OrderView};

use crate::storage::Backend;
use crate::{AppError, AppState};

/// An order with its gift (if any) settled as of now; the gift part never holds recipient data.
pub async fn load<S: Backend>(state: &AppState<S>, token: &str) -> Result<OrderView, AppError> {
    let mut order = state
        .storage
        .order(token)
        .await?
        .ok_or_else(|| ApiError::not_found("This order"))?;
    match order.gift.is_some() {
        true => order.gift = state.storage.sender_gift(token, state.clock.now()).await?,
        false => order.problems = state.storage.line_problems(token).await?,
    }
    // Orders stored before `ship_to` existed have it worked out here.
    order.ship_to = omiyage_core::checkout::ship_to(&order.contact, &order.address);
    Ok(order)
}

/// An order as its reader sees it: [`load`], with its delivery days written in `lang`.
pub async fn shown<S: Backend>(
    state: &AppState<S>,
    token: &str,
    lang: omiyage_core::lang::Lang,
) -> Result<OrderView, AppError> {
    let mut order = load(state, token).await?;
    omiyage_core::delivery::order_texts(&mut order, lang);
    Ok(order)
}

/// An order as the admin works on it: where its gift units ship, and its card payment.
pub async fn admin_order<S: Backend>(
    state: &AppState<S>,
    token: &str,
) -> Result<AdminOrder, AppError> {
    let mut order = state
        .storage
        .admin_order(token, state.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found("This order"))?;
    order.card = super::card_books::card_record(state, &order.order).await?;
    Ok(order)
}
