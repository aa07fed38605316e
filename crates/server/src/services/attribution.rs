//! Promoter attribution: a share link opened in a browser records a click (once per visitor,
//! product and day) and leaves the click's key in a cookie for the attribution window; the last
//! link opened wins. Checkout reads that cookie: the click, the plan (joined, active, covering
//! the product, inside its window) and that the buyer is not the promoter are checked, and the
//! order is credited rate × what the plan's products paid. Anything forged or stale is ignored
//! without a word to the shopper.
//!
//! A promoter's coupon code credits the order to that promoter just as their link would. Of a
//! code and a click, the later wins: a code is entered at checkout, after any link was opened,
//! so an order placed with a promoter's code is that promoter's.

use axum::http::HeaderMap;
use axum::http::header::USER_AGENT;
use omiyage_api::OrderView;
use omiyage_core::promotion;

use crate::auth::cookie;
use crate::storage::{AttributionRecord, Backend};
use crate::{AppError, AppState};

/// The cookie holding the last share link's click.
pub const REF_COOKIE: &str = "omiyage_ref";
/// The cookie naming this browser for click counting.
pub const VISITOR_COOKIE: &str = "omiyage_visitor";

/// Link previews and crawlers are not shoppers: their fetches are not clicks.
pub(crate) fn is_crawler(headers: &HeaderMap) -> bool {
    let ua = headers
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    ua.is_empty()
        || [
            "bot",
            "crawler",
            "spider",
            "preview",
            "facebookexternalhit",
            "whatsapp",
            "slack",
            "discord",
            "line/",
            "telegram",
            "embedly",
        ]
        .iter()
        .any(|s| ua.contains(s))
}

/// Records a share-link click and returns the cookies to set (visitor, last click), or none
/// when the code is unknown, the product is in none of the promoter's active plans, or a
/// crawler is asking.
pub async fn record_click<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    product_id: &str,
    code: &str,
) -> Vec<String> {
    if is_crawler(headers) || code.len() > 40 {
        return Vec::new();
    }
    let now = state.clock.now();
    let Ok(Some((promoter, _))) = state.storage.promoter_by_ref(code).await else {
        return Vec::new();
    };
    let Ok(plans) = state.storage.member_plans(&promoter).await else {
        return Vec::new();
    };
    let Some(window) = plans
        .iter()
        .filter(|p| p.covers(product_id) && p.is_active(now))
        .map(promotion::Plan::window_secs)
        .max()
    else {
        return Vec::new();
    };
    let visitor = cookie(headers, VISITOR_COOKIE)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let key = promotion::click_key(&promoter, product_id, &visitor, now);
    if state
        .storage
        .record_click(&key, &promoter, product_id, now)
        .await
        .is_err()
    {
        return Vec::new();
    }
    let secure = if state.cookie_secure { "; Secure" } else { "" };
    vec![
        format!(
            "{VISITOR_COOKIE}={visitor}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000{secure}"
        ),
        format!(
            "{REF_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={window}{secure}",
            key.replace('|', "~")
        ),
    ]
}

/// The credit for a new order, if its buyer used a promoter's coupon code (`coupon_promoter`:
/// the promoter and their email) or came through a promoter's link.
pub async fn attribution_for<S: Backend>(
    state: &AppState<S>,
    headers: &HeaderMap,
    order: &OrderView,
    coupon_promoter: Option<(String, String)>,
) -> Result<Option<AttributionRecord>, AppError> {
    let coupon = coupon_promoter.as_ref().and(order.coupon.clone());
    let (clicks, promoter_email) = match coupon_promoter {
        // The code stands for a click on every product of the order, made as it is placed.
        Some((promoter_id, email)) => (
            order
                .lines
                .iter()
                .map(|l| promotion::Click {
                    promoter_id: promoter_id.clone(),
                    product_id: l.product_id.clone(),
                    clicked_at: order.created_at,
                })
                .collect::<Vec<_>>(),
            email,
        ),
        None => {
            let Some(key) = cookie(headers, REF_COOKIE).map(|k| k.replace('~', "|")) else {
                return Ok(None);
            };
            let Some((click, promoter_email)) = state.storage.click(&key).await? else {
                return Ok(None);
            };
            (vec![click], promoter_email)
        }
    };
    let Some(promoter_id) = clicks.first().map(|c| c.promoter_id.clone()) else {
        return Ok(None);
    };
    // Self-referral: the promoter signed in, or buying with their own email.
    let signed_in = match crate::auth::session_token(headers) {
        Some(t) => state
            .storage
            .session_account(&crate::auth::token_hash(&t), order.created_at)
            .await?
            .map(|a| a.id),
        None => None,
    };
    let buyer = if signed_in.as_deref() == Some(promoter_id.as_str())
        || order
            .contact
            .email
            .trim()
            .eq_ignore_ascii_case(&promoter_email)
    {
        Some(promoter_id.as_str())
    } else {
        None
    };
    let plans = state.storage.member_plans(&promoter_id).await?;
    let products: Vec<&str> = order.lines.iter().map(|l| l.product_id.as_str()).collect();
    let Some(credit) = promotion::attribute(&clicks, &plans, &products, buyer, order.created_at)
    else {
        return Ok(None);
    };
    let plan = plans
        .iter()
        .find(|p| p.id == credit.plan_id)
        .expect("attributed to one of these plans");
    let paid = promotion::commissionable(&order.lines, plan);
    let level_bonus_bps = state.storage.level_bonus(&credit.promoter_id).await?;
    let agency = state.storage.agency_of(&credit.promoter_id).await?;
    Ok(Some(AttributionRecord {
        order_token: order.token.clone(),
        reference: order.reference.clone(),
        status: order.status.as_str().to_string(),
        promoter_id: credit.promoter_id,
        plan_id: credit.plan_id,
        commission_bps: credit.commission_bps,
        paid,
        commission: promotion::commission(paid, credit.commission_bps),
        created_at: order.created_at,
        new_buyer_bps: credit.new_buyer_bps,
        new_buyer: false,
        level_bonus_bps,
        agency_share_bps: agency.as_ref().map_or(0, |a| a.share_bps),
        agency_id: agency.map(|a| a.agency_id),
        coupon,
    }))
}
