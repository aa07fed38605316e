//! After-sales (admin): the problems shoppers and gift recipients reported, newest first, and
//! the answer to each open one (accept, or decline with a reason the requester reads).

use leptos::prelude::*;
use omiyage_api::{
    AfterSalesDecision, AfterSalesRequest, Problem, Remedy, RequestState, Requester,
};

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
        </li>
    }
}
