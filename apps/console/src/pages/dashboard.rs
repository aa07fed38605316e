//! The first page after signing in: for the admin, sales of the last 30 days (an SVG chart)
//! and the top products; for staff, their shop and counter payments; for promoters, their
//! account; for agencies, their promoters.

use leptos::prelude::*;
use omiyage_api::{DaySales, Role, SalesOverview};

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{self, t};
use crate::session::use_me;

#[component]
pub fn Dashboard() -> impl IntoView {
    set_title(t().nav_home);
    let me = use_me();
    match me.role {
        Role::Admin => view! { <AdminHome/> }.into_any(),
        Role::Staff => view! { <StaffHome shop_id=me.shop_id.unwrap_or_default()/> }.into_any(),
        Role::Promoter => view! { <super::PromoterHome name=me.name/> }.into_any(),
        Role::Agency => view! { <super::AgencyHome name=me.name/> }.into_any(),
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    let sales = LocalResource::new(crate::api::sales);
    view! {
        <h1>{t().sales_title}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match sales.await {
                    Ok(s) => view! { <Sales sales=s/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sales(sales: SalesOverview) -> impl IntoView {
    let orders: u32 = sales.days.iter().map(|d| d.orders).sum();
    let revenue: i64 = sales.days.iter().map(|d| d.revenue.amount).sum();
    view! {
        <dl class="kpis">
            <div><dt>{t().orders_30}</dt><dd data-test="orders-30">{orders}</dd></div>
            <div><dt>{t().revenue_30}</dt><dd data-test="revenue-30">{i18n::yen(revenue)}</dd></div>
        </dl>
        <Chart days=sales.days/>
        <h2>{t().top_products}</h2>
        {if sales.top_products.is_empty() {
            view! { <p>{t().no_sales}</p> }.into_any()
        } else {
            view! {
                <table class="table" data-test="top-products">
                    <thead><tr><th scope="col">{t().product}</th><th scope="col" class="num">{t().units}</th><th scope="col" class="num">{t().revenue}</th></tr></thead>
                    <tbody>
                        {sales.top_products.into_iter().map(|p| view! {
                            <tr><td>{p.name}</td><td class="num">{p.units}</td><td class="num">{p.revenue.format()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// Revenue per day as bars, with each day's figures in its tooltip and a text summary for
/// screen readers.
#[component]
fn Chart(days: Vec<DaySales>) -> impl IntoView {
    const W: f64 = 720.0;
    const H: f64 = 200.0;
    let max = days
        .iter()
        .map(|d| d.revenue.amount)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = W / days.len().max(1) as f64;
    let first = days.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.date.clone()).unwrap_or_default();
    let summary = i18n::chart_summary(&first, &last);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {}", H + 24.0) role="img" aria-label=summary data-test="sales-chart">
                <line x1="0" y1=H x2=W y2=H class="axis"/>
                {days.into_iter().enumerate().map(|(i, d)| {
                    let h = (d.revenue.amount as f64 / max * (H - 10.0)).max(if d.orders > 0 { 2.0 } else { 0.0 });
                    let x = i as f64 * step + 2.0;
                    view! {
                        <rect x=x y=H - h width=(step - 4.0).max(1.0) height=h class="bar" data-test="bar">
                            <title>{format!("{}: {} · {}", d.date, i18n::order_count(d.orders), d.revenue.format())}</title>
                        </rect>
                    }
                }).collect_view()}
                <text x="0" y=H + 18.0 class="tick">{first}</text>
                <text x=W y=H + 18.0 class="tick" text-anchor="end">{last}</text>
            </svg>
        </figure>
    }
}

/// Staff: their shop, and confirming a counter payment from the order link a shopper shows.
#[component]
fn StaffHome(shop_id: String) -> impl IntoView {
    let shop = LocalResource::new(move || {
        let id = shop_id.clone();
        async move { crate::api::shop(&id).await }
    });
    let link = RwSignal::new(String::new());
    // Accept the whole order link or just its token.
    let token_of = |link: &str| {
        link.trim()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let confirm = Action::new_local(move |link: &String| {
        let token = token_of(link);
        async move { crate::api::confirm_payment(&token).await }
    });
    let cancel = Action::new_local(move |link: &String| {
        let token = token_of(link);
        async move { crate::api::cancel_unpaid(&token).await.map(|_| ()) }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match shop.await {
                    Ok(s) => view! { <h1 data-test="shop-name">{s.name}</h1><p>{s.address}</p> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel">
            <h2>{t().confirm_payment_title}</h2>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); confirm.dispatch(link.get_untracked()); }>
                <crate::components::Input id="order-link".into() label=t().order_link value=link error=crate::components::no_error()/>
                <div class="actions">
                    <button type="submit" class="button">{t().confirm_payment}</button>
                    <button type="button" class="button secondary" data-test="staff-cancel-unpaid"
                        on:click=move |_| { cancel.dispatch(link.get_untracked()); }>{t().cancel_unpaid}</button>
                </div>
            </form>
            {move || confirm.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status" class="success">{t().payment_confirmed}</p> }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
            {move || cancel.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status" class="success" data-test="staff-unpaid-cancelled">{t().unpaid_cancelled}</p> }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
        </section>
    }
}
