//! The private order-status page behind `/o/<token>`.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use omiyage_api::{OrderStatus, OrderView};

use super::common::{ErrorNote, Loading, set_title};
use crate::api::{Storefront, api};
use crate::components::price_tag;
use crate::i18n::{self, t};

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let placed = move || query.read().get("placed").is_some();
    // Rendered by the server with the order it loaded (the mock build loads it in the browser).
    let order = crate::page_data::load(
        move || token.get(),
        |token: String| async move { api().order(&token).await },
    );
    view! {
        <section class="page order-page narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(order) => view! { <OrderDetail order placed=placed()/> }.into_any(),
                        Err(error) => view! { <h1>{t().order_title}</h1><ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What became of a problem the shopper reported about a line, in their language.
fn problem_text(outcome: omiyage_api::ProblemOutcome) -> &'static str {
    outcome.pick(i18n::lang().pick(
        &[
            "ご連絡いただいた問題：確認中です",
            "ご連絡いただいた問題：対応中です",
            "ご連絡いただいた問題：お受けできませんでした",
            "ご連絡いただいた問題：交換品を発送しました",
            "ご連絡いただいた問題：返金しました",
        ],
        &[
            "您反馈的问题：处理中",
            "您反馈的问题：已受理",
            "您反馈的问题：未予受理",
            "您反馈的问题：已补发",
            "您反馈的问题：已退款",
        ],
        &[
            "You reported a problem: being looked into",
            "You reported a problem: being put right",
            "You reported a problem: declined",
            "You reported a problem: replacement shipped",
            "You reported a problem: refunded",
        ],
    ))
}

#[component]
fn OrderDetail(mut order: OrderView, placed: bool) -> impl IntoView {
    let gift_panel = order.gift.clone().map(|gift| {
        let order_token = order.token.clone();
        let line = order.lines.first();
        let product = line
            .map(|l| (l.product_name.clone(), l.image.clone()))
            .unwrap_or_default();
        view! { <super::gift_status::SenderGiftPanel order_token gift product/> }
    });
    let is_gift = order.gift.is_some();
    let discount = (order.coupon_discount().amount, order.points);
    // The same crates/core rule the server recorded the taxes with (omiyage-api's `lean-client`).
    let lines = order.shown_lines();
    let taxes = omiyage_core::tax::order_totals(&lines, &[], order.shipping);
    // Paid orders have a printable receipt, rendered by the server (a full page load).
    let receipt = matches!(order.status, OrderStatus::Paid | OrderStatus::Shipped)
        .then(|| format!("/o/{}/receipt", order.token));
    // A paid plain order's shopper may report a problem (a gift's recipients do, from the gift).
    let help = (receipt.is_some() && !is_gift && !crate::api::IS_MOCK)
        .then(|| format!("/o/{}/help", order.token));
    set_title(&format!("{} {}", t().order_title, order.reference));
    let link = format!("{}/o/{}", crate::page_data::origin(), order.token);
    let status_class = match order.status {
        OrderStatus::Cancelled => "status status-bad",
        OrderStatus::AwaitingPayment => "status status-wait",
        _ => "status status-good",
    };
    let payment = match (&order.payment.card_last4, order.payment.method.as_str()) {
        (Some(last4), _) => format!("{} {last4}", t().paid_by_card),
        (None, "card") => t().pay_card.to_string(),
        _ => t().pay_at_counter.to_string(),
    };

    view! {
        {placed.then(|| view! { <p class="success" role="status" data-test="order-placed">{t().order_thanks}</p> })}
        <h1>{t().order_title}" "<span data-test="order-reference">{order.reference.clone()}</span></h1>
        <p class=status_class data-test="order-status">{i18n::order_status(order.status)}</p>
        {order.payment.pay_by.filter(|_| order.status == OrderStatus::AwaitingPayment)
            .map(|at| view! { <p class="notice" data-test="order-pay-by">{i18n::pay_by(at)}</p> })}
        {order.shipment.map(|s| view! { <p data-test="tracking">{t().tracking}" "<strong>{s.tracking_number}</strong></p> })}
        {gift_panel}
        <ul class="cart-lines" data-test="order-lines">
            {lines.into_iter().enumerate().map(|(i, l)| view! {
                <li class="cart-line order-line">
                    <div class="cart-line-text">
                        <p class="cart-line-name">{l.product_name}{crate::components::reduced_mark(l.tax_class)}</p>
                        <p class="cart-line-variant">{l.variant_name}" × "{l.quantity}</p>
                        {order.problems.iter().rev().find(|p| p.line as usize == i).map(|p| view! {
                            <p class="fine-print" data-test="line-problem">{problem_text(p.outcome)}</p>
                        })}
                    </div>
                    {price_tag(l.line_total, false)}
                </li>
            }).collect_view()}
        </ul>
        {crate::components::totals(order.subtotal, discount, order.shipping, order.total, "order-total")}
        {crate::components::tax_lines(taxes)}
        {receipt.map(|href| view! { <p><a href=href rel="external" data-test="receipt-link">{t().receipt}</a></p> })}
        {help.map(|href| view! { <p><a href=href rel="external" data-test="report-problem">{t().report_problem}</a></p> })}
        <dl class="facts">
            <dt>{t().payment}</dt><dd data-test="order-payment">{payment}</dd>
            {(!is_gift).then(|| view! { <dt>{t().ship_to}</dt><dd data-test="ship-to">{order.ship_to}</dd> })}
        </dl>
        {(!order.delivery_text.is_empty()).then(|| view! { <p data-test="order-delivery">{order.delivery_text}</p> })}
        <div class="private-link">
            <label for="order-link">{t().order_private_link}</label>
            <input id="order-link" readonly value=link data-test="order-link" on:focus=|ev| {
                use wasm_bindgen::JsCast;
                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    input.select();
                }
            }/>
        </div>
    }
}
