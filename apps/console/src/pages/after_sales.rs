//! After-sales (admin): the problems shoppers and gift recipients reported, newest first, the
//! answer to each open one (accept, or decline with a reason the requester reads), and what
//! follows an accepted one: the item asked back and received (to stock or written off), a
//! refund of any part of what it paid, the replacement shipped.

use leptos::prelude::*;
use omiyage_api::{
    AfterSalesDecision, AfterSalesRequest, Problem, Remedy, RequestState, Requester,
};

use crate::api::AfterSalesStep;
use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{self, pick};

pub fn title() -> &'static str {
    pick("アフターサービス", "售后", "After-sales")
}

fn problem(p: Problem) -> &'static str {
    match p {
        Problem::Damaged => pick("破損", "损坏", "Damaged"),
        Problem::WrongItem => pick("違う商品", "商品不符", "Wrong item"),
        Problem::Missing => pick("不足", "缺少", "Missing"),
        Problem::Other => pick("その他", "其他", "Other"),
    }
}

fn remedy(r: Remedy) -> &'static str {
    match r {
        Remedy::Refund => pick("返金", "退款", "Refund"),
        Remedy::Replacement => pick("再送", "补发", "Replacement"),
        Remedy::Exchange => pick("交換", "换货", "Exchange"),
    }
}

fn state(s: RequestState) -> &'static str {
    match s {
        RequestState::Open => pick("未対応", "待处理", "Open"),
        RequestState::Accepted => pick("承諾", "已受理", "Accepted"),
        RequestState::Declined => pick("お断り", "已拒绝", "Declined"),
    }
}

#[component]
pub fn AfterSalesPage() -> impl IntoView {
    set_title(title());
    let list = LocalResource::new(crate::api::after_sales);
    view! {
        <h1>{title()}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(requests) => view! {
                        <div data-test="after-sales">
                            {requests.is_empty().then(|| view! {
                                <p>{pick("連絡はまだありません。", "暂无反馈。", "No reports yet.")}</p>
                            })}
                            <ul class="plain">
                                {requests.into_iter().map(|request| view! { <Request request/> }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Request(request: AfterSalesRequest) -> impl IntoView {
    let current = RwSignal::new(request.clone());
    let reason = RwSignal::new(String::new());
    let answer = Action::new_local(move |decision: &AfterSalesDecision| {
        let (id, decision) = (current.get_untracked().id, decision.clone());
        async move { crate::api::decide_after_sales(&id, &decision).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(answered)) = answer.value().get() {
            current.set(answered);
        }
    });
    let who = match request.requester {
        Requester::Buyer => pick("購入者", "购买人", "Shopper"),
        Requester::Recipient => pick("ギフトの受け取り手", "收礼人", "Gift recipient"),
    };
    let reason_id = format!("reason-{}", request.id);
    let decide = move |accept: bool| {
        answer.dispatch(AfterSalesDecision {
            accept,
            reason: reason.get_untracked(),
        });
    };
    view! {
        <li class="panel" data-test="after-sales-request">
            <p><strong>{request.item_name.clone()}</strong>" · "{request.order_reference.clone()}" · "{who}</p>
            <p>{problem(request.problem)}" → "{remedy(request.remedy)}
                {(!request.exchange_variant.is_empty()).then(|| format!(" ({})", request.exchange_variant))}</p>
            {(!request.note.is_empty()).then(|| view! { <blockquote>{request.note.clone()}</blockquote> })}
            {(request.photos > 0).then(|| view! {
                <p data-test="request-photos">
                    {(0..request.photos).map(|n| {
                        let url = format!("/api/admin/after-sales/{}/photos/{n}", request.id);
                        let alt = format!("{} {}", pick("写真", "照片", "Photo"), n + 1);
                        let src = url.clone();
                        view! { <a href=url target="_blank" rel="noopener"><img src=src alt=alt width="120" height="90" loading="lazy" style="object-fit:cover;border-radius:8px;margin-right:8px"/></a> }
                    }).collect_view()}
                </p>
            })}
            <p class="muted">{i18n::time(request.created_at)}" · "
                <span data-test="request-state">{move || state(current.read().state)}</span></p>
            {move || (current.read().state == RequestState::Open).then(|| view! {
                <div class="field">
                    <label for=reason_id.clone()>{pick("お断りの理由（お客さまに届きます）", "拒绝理由（会发给顾客）", "Reason to decline (the requester reads it)")}</label>
                    <input id=reason_id.clone() data-test="decline-reason" bind:value=reason/>
                </div>
                <div class="actions">
                    <button type="button" class="button" data-test="accept-request" on:click=move |_| decide(true)>{pick("承諾する", "受理", "Accept")}</button>
                    <button type="button" class="button secondary" data-test="decline-request" on:click=move |_| decide(false)>{pick("お断りする", "拒绝", "Decline")}</button>
                </div>
            })}
            {move || answer.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            {move || (!current.read().reason.is_empty()).then(|| view! { <p data-test="request-reason">{current.read().reason.clone()}</p> })}
            <p><a href=format!("/console/orders/{}", request.order_token)>{pick("注文と送り先を見る", "查看订单和收货地址", "The order and where it ships")}</a></p>
            {move || (current.read().state == RequestState::Accepted).then(|| view! { <Steps current/> })}
        </li>
    }
}

/// What follows an accepted request: its record so far and the steps still open.
#[component]
fn Steps(current: RwSignal<AfterSalesRequest>) -> impl IntoView {
    let id = current.read_untracked().id.clone();
    let instructions = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    // An exchange ships the variant asked for (the merchant may change it).
    let variant = RwSignal::new(current.read_untracked().exchange_variant.clone());
    let r = current.read_untracked();
    let amount = RwSignal::new((r.paid.amount - r.refunded.amount).max(0).to_string());
    drop(r);
    let act = Action::new_local(move |step: &AfterSalesStep| {
        let (id, step) = (current.get_untracked().id, step.clone());
        async move { crate::api::after_sales_step(&id, &step).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(done)) = act.value().get() {
            amount.set((done.paid.amount - done.refunded.amount).max(0).to_string());
            current.set(done);
        }
    });
    let field = |what: &str| format!("{what}-{id}");
    let (instructions_id, tracking_id, variant_id, amount_id) = (
        field("instructions"),
        field("tracking"),
        field("variant"),
        field("amount"),
    );
    let ask_back = move |_| {
        act.dispatch(AfterSalesStep::Return(omiyage_api::AfterSalesReturn {
            instructions: instructions.get_untracked(),
        }));
    };
    let received = move |restock: bool| {
        act.dispatch(AfterSalesStep::Received(omiyage_api::AfterSalesReceived {
            restock,
        }));
    };
    let refund = move |_| {
        act.dispatch(AfterSalesStep::Refund(omiyage_api::AfterSalesRefund {
            amount: amount.get_untracked().trim().parse().unwrap_or(0),
        }));
    };
    let ship = move |_| {
        act.dispatch(AfterSalesStep::Ship(omiyage_api::AfterSalesShip {
            tracking_number: tracking.get_untracked(),
            variant_id: variant.get_untracked(),
        }));
    };
    let left = move || {
        let r = current.read();
        (r.paid.amount - r.refunded.amount).max(0)
    };
    view! {
        <div class="steps" data-test="request-steps">
            {move || { let r = current.read(); (r.refunded.amount > 0 || r.replaced_at.is_none()).then(|| view! {
            <p data-test="request-refunded">
                {move || {
                    let r = current.read();
                    let path = match r.refund_path.as_str() {
                        "card" => pick("カードへ", "退回银行卡", "to the card"),
                        _ => pick("店頭で", "在门店", "at the shop"),
                    };
                    format!("{} {} / {} ({path})", pick("返金済み", "已退款", "Refunded"),
                        i18n::yen(r.refunded.amount), i18n::yen(r.paid.amount))
                }}
            </p>
            }) }}
            {move || current.read().received_at.map(|at| view! {
                <p data-test="request-received">{i18n::time(at)}" · "{match current.read().restocked {
                    true => pick("返送品を受け取り、在庫に戻しました", "已收到退货并退回库存", "Received back, to stock"),
                    false => pick("返送品を受け取り、廃棄しました", "已收到退货并报废", "Received back, written off"),
                }}</p>
            })}
            {move || current.read().replaced_at.map(|at| view! {
                <p data-test="request-replaced">{i18n::time(at)}" · "{pick("交換品を発送", "补发已发货", "Replacement shipped")}
                    " · "{current.read().replacement_tracking.clone()}</p>
            })}
            {move || current.read().return_asked_at.is_none().then(|| view! {
                <div class="field">
                    <label for=instructions_id.clone()>{pick("返送のお願い（送り先と方法。お客さまに届きます）", "退货说明（地址和方式，会发给顾客）", "Ask for the item back: where and how (the requester reads it)")}</label>
                    <input id=instructions_id.clone() data-test="return-instructions" bind:value=instructions/>
                    <button type="button" class="button secondary" data-test="ask-return" on:click=ask_back>{pick("返送をお願いする", "请求退货", "Ask for it back")}</button>
                </div>
            })}
            {move || {
                let r = current.read();
                (r.return_asked_at.is_some() && r.received_at.is_none()).then(|| view! {
                    <div class="actions">
                        <button type="button" class="button secondary" data-test="received-restock" on:click=move |_| received(true)>{pick("受け取った：在庫に戻す", "已收到：退回库存", "Received: back to stock")}</button>
                        <button type="button" class="button secondary" data-test="received-write-off" on:click=move |_| received(false)>{pick("受け取った：廃棄する", "已收到：报废", "Received: write off")}</button>
                    </div>
                })
            }}
            {move || (current.read().replaced_at.is_none() && left() > 0).then(|| view! {
                <div class="field">
                    <label for=amount_id.clone()>{pick("返金額（円）", "退款金额（日元）", "Refund (yen)")}</label>
                    <input id=amount_id.clone() inputmode="numeric" data-test="refund-amount" bind:value=amount/>
                    <button type="button" class="button secondary" data-test="refund-request" on:click=refund>{pick("返金する", "退款", "Refund")}</button>
                </div>
            })}
            {move || {
                let r = current.read();
                (r.replaced_at.is_none() && r.refunded.amount == 0).then(|| view! {
                    <div class="field">
                        <label for=tracking_id.clone()>{pick("交換品の伝票番号", "补发的运单号", "The replacement's tracking number")}</label>
                        <input id=tracking_id.clone() data-test="replacement-tracking" bind:value=tracking/>
                        <label for=variant_id.clone()>{pick("送る種類のID（空欄：同じもの）", "补发款式 ID（留空：相同）", "Variant id to send (empty: the same)")}</label>
                        <input id=variant_id.clone() data-test="replacement-variant" bind:value=variant/>
                        <button type="button" class="button" data-test="ship-replacement" on:click=ship>{pick("交換品を発送した", "补发已发出", "Replacement shipped")}</button>
                    </div>
                })
            }}
            {move || act.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        </div>
    }
}

/// An order's after-sales history, on its console page.
#[component]
pub fn OrderHistory(requests: Vec<AfterSalesRequest>) -> impl IntoView {
    view! {
        <section class="panel" data-test="order-after-sales">
            <h2>{title()}</h2>
            <ul class="plain">
                {requests.into_iter().map(|r| {
                    let mut steps = vec![format!("{} {}", i18n::time(r.created_at), state(r.state))];
                    if r.return_asked_at.is_some() {
                        steps.push(pick("返送依頼", "已请求退货", "asked back").to_string());
                    }
                    if r.received_at.is_some() {
                        steps.push(pick("返送品受領", "已收到退货", "received back").to_string());
                    }
                    if r.refunded.amount > 0 {
                        steps.push(format!("{} {}", pick("返金", "退款", "refunded"), i18n::yen(r.refunded.amount)));
                    }
                    if r.replaced_at.is_some() {
                        steps.push(format!("{} {}", pick("交換品発送", "补发", "replacement shipped"), r.replacement_tracking));
                    }
                    view! {
                        <li data-test="order-request">{r.item_name}" · "{problem(r.problem)}" → "{remedy(r.remedy)}
                            <br/><span class="muted">{steps.join(" · ")}</span></li>
                    }
                }).collect_view()}
            </ul>
            <p><a href="/console/after-sales">{title()}</a></p>
        </section>
    }
}
