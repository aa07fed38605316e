//! Orders: a filtered list, and one order's detail with payment confirmation, where each gift
//! unit ships (admin only) and marking it shipped with a tracking number.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use omiyage_api::{AdminOrder, OrderStatus, OrderSummary};

use crate::components::{ErrorNote, Input, Loading, set_title};
use crate::i18n::{self, t};

#[component]
pub fn OrdersPage() -> impl IntoView {
    set_title(t().nav_orders);
    let query = use_query_map();
    let param = move |k: &'static str| Memo::new(move |_| query.read().get(k).unwrap_or_default());
    let (status, gift, from, to) = (param("status"), param("gift"), param("from"), param("to"));
    let orders = LocalResource::new(move || {
        let q = api_query(&status.get(), &gift.get(), &from.get(), &to.get());
        async move { crate::api::orders(&q).await }
    });
    let navigate = use_navigate();
    // Filters live in the page's URL (shareable, kept on reload).
    let filter = move |key: &'static str, value: String| {
        let mut current = [
            ("status", status.get_untracked()),
            ("gift", gift.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ];
        for (k, v) in current.iter_mut() {
            if *k == key {
                *v = value.clone();
            }
        }
        let params: Vec<String> = current
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        navigate(
            &format!("/console/orders?{}", params.join("&")),
            Default::default(),
        );
    };
    let (f2, f3, f4) = (filter.clone(), filter.clone(), filter.clone());
    view! {
        <h1>{t().nav_orders}</h1>
        <div class="filters">
            <label>{t().status}" "
                <select data-test="status-filter" prop:value=move || status.get()
                    on:change=move |ev| filter("status", event_target_value(&ev))>
                    <option value="">{t().all}</option>
                    {OrderStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{i18n::order_status(*s)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t().kind}" "
                <select data-test="gift-filter" prop:value=move || gift.get()
                    on:change=move |ev| f2("gift", event_target_value(&ev))>
                    <option value="">{t().all}</option>
                    <option value="true">{t().gifts}</option>
                    <option value="false">{t().not_gifts}</option>
                </select>
            </label>
            <label>{t().from_date}" "
                <input type="date" data-test="from-filter" prop:value=move || from.get()
                    on:change=move |ev| f3("from", event_target_value(&ev))/>
            </label>
            <label>{t().to_date}" "
                <input type="date" data-test="to-filter" prop:value=move || to.get()
                    on:change=move |ev| f4("to", event_target_value(&ev))/>
            </label>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) if list.is_empty() => view! { <p>{t().no_orders}</p> }.into_any(),
                    Ok(list) => view! { <OrderTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The API's query string: dates are whole days in the shop's time zone, `to` inclusive.
fn api_query(status: &str, gift: &str, from: &str, to: &str) -> String {
    use omiyage_core::sales::{day_from_date, day_start};
    let mut params = Vec::new();
    if !status.is_empty() {
        params.push(format!("status={status}"));
    }
    if !gift.is_empty() {
        params.push(format!("gift={gift}"));
    }
    if let Some(day) = day_from_date(from) {
        params.push(format!("from={}", day_start(day)));
    }
    if let Some(day) = day_from_date(to) {
        params.push(format!("to={}", day_start(day + 1)));
    }
    if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    }
}

#[component]
fn OrderTable(list: Vec<OrderSummary>) -> impl IntoView {
    view! {
        <table class="table" data-test="orders">
            <thead><tr>
                <th scope="col">{t().reference}</th><th scope="col">{t().placed}</th>
                <th scope="col">{t().status}</th><th scope="col" class="num">{t().items}</th>
                <th scope="col" class="num">{t().total}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|o| view! {
                    <tr data-test="order-row">
                        <td><a href=format!("/console/orders/{}", o.token)>{o.reference}</a>
                            {o.is_gift.then(|| view! { " "<span class="badge">{t().gift}</span> })}</td>
                        <td>{i18n::time(o.created_at)}</td>
                        <td>{i18n::order_status(o.status)}</td>
                        <td class="num">{o.items}</td>
                        <td class="num">{o.total.format()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let order = LocalResource::new(move || {
        let token = token.get();
        async move { crate::api::order(&token).await }
    });
    view! {
        <p><a href="/console/orders">{t().back_to_orders}</a></p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(o) => view! { <OrderDetail order=o/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderDetail(order: AdminOrder) -> impl IntoView {
    let current = RwSignal::new(order);
    let token = current.with_untracked(|o| o.order.token.clone());
    set_title(&current.with_untracked(|o| o.order.reference.clone()));
    let tracking = RwSignal::new(String::new());
    let token_ship = token.clone();
    let ship = Action::new_local(move |number: &String| {
        let (token, number) = (token_ship.clone(), number.clone());
        async move { crate::api::ship(&token, number).await }
    });
    let token_cancel = token.clone();
    let token_slips = token.clone();
    let confirm = Action::new_local(move |_: &()| {
        let token = token.clone();
        async move {
            crate::api::confirm_payment(&token).await?;
            crate::api::order(&token).await
        }
    });
    let cancel = Action::new_local(move |_: &()| {
        let token = token_cancel.clone();
        async move {
            crate::api::cancel_unpaid(&token).await?;
            crate::api::order(&token).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(o)) = cancel.value().get() {
            current.set(o);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(o)) = ship.value().get() {
            current.set(o);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(o)) = confirm.value().get() {
            current.set(o);
        }
    });
    let o = move || current.get().order;
    view! {
        <h1>{t().order}" "{move || o().reference}</h1>
        <p class="status" data-test="admin-order-status">{move || i18n::order_status(o().status)}</p>
        <section class="panel">
            <table class="table">
                <tbody>
                    {move || o().lines.into_iter().map(|l| view! {
                        <tr><td>{l.product_name}" · "{l.variant_name}</td><td class="num">"× "{l.quantity}</td><td class="num">{l.line_total.format()}</td></tr>
                    }).collect_view()}
                    <tr><th scope="row" colspan="2">{t().total}</th><td class="num">{move || o().total.format()}</td></tr>
                </tbody>
            </table>
            <p>{t().payment}": "{move || i18n::payment(&o().payment)}</p>
            {move || o().payment.pay_by.filter(|_| o().status == OrderStatus::AwaitingPayment).map(|at| view! {
                <p data-test="held-until">{t().held_until}": "{i18n::time(at)}</p>
            })}
            <p>{t().placed}": "{move || i18n::time(o().created_at)}" · "{move || o().contact.name}" <"{move || o().contact.email}">"</p>
        </section>
        <section class="panel">
            <h2>{t().ship_to}</h2>
            <p><a href=format!("/console/orders/{token_slips}/slips") data-test="slips-link">{crate::i18n::pick("納品書を印刷", "打印发货单", "Print packing slips")}</a></p>
            {move || match o().gift {
                None => view! {
                    <p data-test="ship-to">{o().contact.name}<br/>{i18n::address(&o().address)}</p>
                    {o().delivery.map(|d| view! {
                        <p data-test="delivery">{omiyage_core::delivery::label(i18n::lang())}": "
                            {omiyage_core::delivery::text(Some(&d), i18n::lang())}</p>
                    })}
                }.into_any(),
                Some(g) => view! {
                    <p class="muted">{t().gift_ships_to}</p>
                    <ul data-test="recipients">
                        {current.get().recipients.into_iter().map(|r| view! {
                            <li>"#"{r.unit_index + 1}" · "{r.variant_name}" → "{r.name}", "{i18n::address(&r.address)}
                                {r.delivery.map(|d| view! {
                                    <span data-test="unit-delivery">" · "{omiyage_core::delivery::label(i18n::lang())}": "
                                        {omiyage_core::delivery::text(Some(&d), i18n::lang())}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="muted">{i18n::units_summary(&g.units)}</p>
                }.into_any(),
            }}
            {move || o().shipment.map(|s| view! {
                <p class="success" data-test="tracking">{t().tracking}": "{s.tracking_number}" · "{i18n::time(s.shipped_at)}</p>
            })}
        </section>
        {current.with_untracked(|o| o.card.is_some()).then(|| view! { <super::card_payment::CardPaymentPanel current/> })}
        {current.with_untracked(|o| !o.after_sales.is_empty()).then(|| view! {
            <super::after_sales::OrderHistory requests=current.get_untracked().after_sales/>
        })}
        {move || (o().status == OrderStatus::AwaitingPayment).then(|| view! {
            <div class="actions">
                {(o().payment.method != "card").then(|| view! {
                    <button type="button" class="button" data-test="confirm-payment" on:click=move |_| { confirm.dispatch(()); }>{t().confirm_payment}</button>
                })}
                <button type="button" class="button secondary" data-test="cancel-unpaid" disabled=move || cancel.pending().get()
                    on:click=move |_| { cancel.dispatch(()); }>{t().cancel_unpaid}</button>
            </div>
        })}
        {move || matches!(cancel.value().get(), Some(Ok(_))).then(|| view! { <p role="status" class="success" data-test="unpaid-cancelled">{t().unpaid_cancelled}</p> })}
        {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        {move || (o().status == OrderStatus::Paid).then(|| view! {
            <form class="panel ship-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); ship.dispatch(tracking.get_untracked()); }>
                <h2>{t().mark_shipped}</h2>
                <Input id="tracking".into() label=t().tracking value=tracking
                    error=Signal::derive(move || ship.value().get().and_then(Result::err).and_then(|e| e.fields.first().map(crate::i18n::field_message)))/>
                <button type="submit" class="button" data-test="ship" disabled=move || ship.pending().get()>{t().mark_shipped}</button>
            </form>
        })}
        {move || ship.value().get().and_then(Result::err).filter(|e| e.fields.is_empty()).map(|error| view! { <ErrorNote error/> })}
        {move || confirm.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
    }
}
