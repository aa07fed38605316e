//! Gifts that bring new customers. A recipient's "visit the shop" link (`/g/<token>/shop`)
//! notes the visit and leaves the gift in a cookie for the shop's window; the first order of a
//! new customer from that browser is credited to the gift (never the gift's own buyer, never a
//! browser or an email that ordered before: every checkout marks its browser), and once it is
//! paid the gift's sender earns a coupon by email. Anything forged or stale is ignored without a
//! word to the shopper.

use axum::http::HeaderMap;
use omiyage_api::OrderView;

use crate::auth::cookie;
use crate::services::attribution::{VISITOR_COOKIE, is_crawler};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The cookie naming the gift whose page the browser last came to the shop from.
pub const GIFT_COOKIE: &str = "omiyage_gift";
/// The cookie marking a browser that has placed an order.
pub const CUSTOMER_COOKIE: &str = "omiyage_customer";
/// Two years: how long a browser stays one that ordered.
const CUSTOMER_SECS: i64 = 2 * 365 * 86_400;

fn secure<S: Backend>(state: &AppState<S>) -> &'static str {
    if state.cookie_secure { "; Secure" } else { "" }
}

/// Notes a visit to the shop from a gift's page and returns the cookies to set (none for a
/// crawler, an unknown gift, or a token that cannot be one).
pub async fn visit<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    gift: &str,
) -> Vec<String> {
    let token_like = !gift.is_empty()
        && gift.len() <= 64
        && gift.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if is_crawler(headers) || !token_like {
        return Vec::new();
    }
    let visitor = cookie(headers, VISITOR_COOKIE)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let now = state.clock.now();
    let (Ok(settings), Ok(true)) = (
        state.storage.reward_settings().await,
        state.storage.record_gift_visit(&visitor, gift, now).await,
    ) else {
        return Vec::new();
    };
    let window = omiyage_core::reward::window_secs(&settings);
    let secure = secure(state);
    vec![
        format!(
            "{VISITOR_COOKIE}={visitor}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000{secure}"
        ),
        format!("{GIFT_COOKIE}={gift}; HttpOnly; SameSite=Lax; Path=/; Max-Age={window}{secure}"),
    ]
}

/// After a new order: credits it to the gift its browser came from (if it is a new customer's
/// first), rewards at once if it is paid, and returns the cookie marking the browser as one
/// that ordered. A failure here is logged: the order stands, and the sweep rewards later.
pub async fn after_order<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    order: &OrderView,
) -> String {
    if let Err(e) = credit(state, headers, order).await {
        tracing::warn!(error = %e, "crediting an order to a gift's visit failed");
    }
    format!(
        "{CUSTOMER_COOKIE}=1; HttpOnly; SameSite=Lax; Path=/; Max-Age={CUSTOMER_SECS}{}",
        secure(state)
    )
}

async fn credit<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    order: &OrderView,
) -> Result<(), AppError> {
    let (Some(gift), Some(visitor)) = (
        cookie(headers, GIFT_COOKIE),
        cookie(headers, VISITOR_COOKIE),
    ) else {
        return Ok(());
    };
    if cookie(headers, CUSTOMER_COOKIE).is_some() {
        return Ok(());
    }
    let now = state.clock.now();
    let settings = state.storage.reward_settings().await?;
    let since = now - omiyage_core::reward::window_secs(&settings);
    let credited = state
        .storage
        .credit_gift_visit(&order.token, &visitor, &gift, since)
        .await?;
    if credited && order.status == omiyage_api::OrderStatus::Paid {
        state.storage.reward_due(now).await?;
    }
    Ok(())
}
