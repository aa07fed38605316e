//! `/pay/<order token>`: the card page. Server-rendered like `/claim`, so the shopper's app
//! carries nothing of Stripe: only this page loads Stripe.js (from `--stripe-js-url`), mounts
//! Stripe's card field, turns the card into a payment method in the browser and sends the
//! shop its id (`POST /api/orders/<token>/card`), finishes 3-D Secure with Stripe.js when the
//! bank asks for it, then opens the order. The card number never reaches this server.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use omiyage_api::{OrderStatus, OrderView};
use omiyage_core::lang::Lang;

use crate::http::extract::PageLang;
use crate::storage::Backend;
use crate::{AppError, AppState};
use omiyage_core::html::escape;

/// The page's script (no inline script: the Content-Security-Policy allows none but the apps').
pub const SCRIPT: &str = include_str!("pay.js");

struct Texts {
    title: &'static str,
    order: &'static str,
    card: &'static str,
    pay: &'static str,
    paying: &'static str,
    not_confirmed: &'static str,
    unreachable: &'static str,
    safe: &'static str,
    not_waiting: &'static str,
    back: &'static str,
}

const EN: Texts = Texts {
    title: "Pay by card",
    order: "Order",
    card: "Card",
    pay: "Pay",
    paying: "Paying…",
    not_confirmed: "Your bank did not confirm the payment and nothing was charged. Try again or use another card.",
    unreachable: "The payment could not be sent. Check your connection and try again.",
    safe: "Your card goes straight to Stripe, our payment provider: this shop never sees its number.",
    not_waiting: "This order is not waiting for a card payment.",
    back: "Back to the order",
};

const JA: Texts = Texts {
    title: "カードで支払う",
    order: "注文番号",
    card: "カード",
    pay: "支払う",
    paying: "お支払い中…",
    not_confirmed: "カード会社の認証が完了しなかったため、請求はされていません。もう一度お試しいただくか、別のカードをご利用ください。",
    unreachable: "お支払いを送信できませんでした。接続を確認してもう一度お試しください。",
    safe: "カード情報は決済代行の Stripe に直接送られ、当店がカード番号を見ることはありません。",
    not_waiting: "このご注文はカードでのお支払いを待っていません。",
    back: "ご注文に戻る",
};

const ZH: Texts = Texts {
    title: "银行卡支付",
    order: "订单号",
    card: "银行卡",
    pay: "支付",
    paying: "正在支付…",
    not_confirmed: "银行未确认这笔付款，未扣款。请重试或换一张卡。",
    unreachable: "付款未能发送。请检查网络后重试。",
    safe: "您的卡信息直接发送给支付服务商 Stripe，本店看不到卡号。",
    not_waiting: "此订单不在等待银行卡付款。",
    back: "返回订单",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

fn page(lang: Lang, order: &OrderView, waiting: bool, js_url: &str, key: &str) -> Response {
    let t = texts(lang);
    let total = lang.price(order.total);
    let back = format!(
        r#"<p><a href="/o/{}">{}</a></p>"#,
        escape(&order.token),
        t.back
    );
    let body = if waiting {
        format!(
            r##"{back}<h1>{title}</h1>
<p>{order_label} {reference} · <strong data-test="pay-total">{total}</strong></p>
<form id="pay" data-order="{token}" data-key="{key}" data-paying="{paying}" data-not-confirmed="{not_confirmed}" data-unreachable="{unreachable}">
<p id="card-label" style="font-weight:700;margin:16px 0 6px">{card}</p>
<div id="card" role="group" aria-labelledby="card-label" data-test="card-field" style="padding:12px;border:2px solid #8a8175;border-radius:10px;background:#fff"></div>
<p class="error" role="alert" id="pay-error" hidden></p>
<button type="submit" data-test="pay" disabled>{pay} {total}</button>
<p class="hint">{safe}</p>
</form>
<script src="{js_url}"></script><script src="/pay-card.js"></script>"##,
            title = t.title,
            order_label = t.order,
            reference = escape(&order.reference),
            token = escape(&order.token),
            key = escape(key),
            paying = escape(t.paying),
            not_confirmed = escape(t.not_confirmed),
            unreachable = escape(t.unreachable),
            card = t.card,
            pay = t.pay,
            safe = t.safe,
            js_url = escape(js_url),
        )
    } else {
        format!(
            r#"{back}<h1>{title}</h1><p class="done" role="status">{msg}</p>"#,
            title = t.title,
            msg = t.not_waiting
        )
    };
    crate::pages::form::shell(lang, StatusCode::OK, t.title, &body)
}

/// The card page of an order awaiting its card payment.
pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let Some(stripe) = &state.payments.stripe else {
        return Err(omiyage_api::ApiError::not_found("This page").into());
    };
    let order = crate::services::orders::load(&state, &token).await?;
    let waiting = order.payment.method == "card" && order.status == OrderStatus::AwaitingPayment;
    Ok(page(
        lang,
        &order,
        waiting,
        &stripe.config.js_url,
        &stripe.config.publishable_key,
    ))
}

/// `/pay-card.js`.
pub async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// Marks the app's pages (`<html data-cards …>`) in a shop connected to Stripe, so the app's
/// checkout sends the shopper to the card page instead of offering the test card.
pub async fn mark_pages(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH, ETAG, LAST_MODIFIED};
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html || response.headers().contains_key(CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let marked = String::from_utf8_lossy(&bytes).replacen("<html", "<html data-cards", 1);
    // The file's validators describe the unmarked file.
    for name in [CONTENT_LENGTH, ETAG, LAST_MODIFIED] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, axum::body::Body::from(marked))
}
