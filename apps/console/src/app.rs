//! The router and the signed-in frame: who is signed in, the navigation for their role, and
//! the sign-in page for everyone else.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use omiyage_api::{AccountView, ErrorCode, Role};

use crate::components::Loading;
use crate::i18n::t;
use crate::pages::{
    BatchPage, BatchesPage, Dashboard, InvitePage, MessagesPage, OrderPage, OrdersPage,
    PackingPage, PayoutsPage, PlansPage, PrintPage, ProductEditPage, ProductNewPage, ProductsPage,
    ShopsPage, SignInPage, SignUpPage, SlipsPage, WebhooksPage, WelcomePage,
};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <a class="skip" href="#main">{t().skip_to_content}</a>
            <Routes fallback=|| view! { <main id="main" class="narrow"><h1>{t().not_found}</h1><a href="/console/">{t().nav_home}</a></main> }>
                <Route path=path!("/console/sign-in") view=SignInPage/>
                <Route path=path!("/console/sign-up") view=SignUpPage/>
                <Route path=path!("/console/welcome") view=WelcomePage/>
                <ParentRoute path=path!("/console") view=Frame>
                    <Route path=path!("") view=Dashboard/>
                    <Route path=path!("products") view=ProductsPage/>
                    <Route path=path!("products/new") view=ProductNewPage/>
                    <Route path=path!("products/:id") view=ProductEditPage/>
                    <Route path=path!("orders") view=OrdersPage/>
                    <Route path=path!("orders/:token") view=OrderPage/>
                    <Route path=path!("orders/:token/slips") view=SlipsPage/>
                    <Route path=path!("packing") view=PackingPage/>
                    <Route path=path!("gift-options") view=crate::pages::GiftOptionsPage/>
                    <Route path=path!("delivery") view=crate::pages::DeliveryPage/>
                    <Route path=path!("gift-rewards") view=crate::pages::GiftRewardsPage/>
                    <Route path=path!("fans") view=crate::pages::FansPage/>
                    <Route path=path!("points") view=crate::pages::PointsPage/>
                    <Route path=path!("after-sales") view=crate::pages::AfterSalesPage/>
                    <Route path=path!("shops") view=ShopsPage/>
                    <Route path=path!("messages") view=MessagesPage/>
                    <Route path=path!("webhooks") view=WebhooksPage/>
                    <Route path=path!("batches") view=BatchesPage/>
                    <Route path=path!("plans") view=PlansPage/>
                    <Route path=path!("coupons") view=crate::pages::CouponsPage/>
                    <Route path=path!("payouts") view=PayoutsPage/>
                    <Route path=path!("batches/:id") view=BatchPage/>
                    <Route path=path!("batches/:id/print") view=PrintPage/>
                    <Route path=path!("invites/:id") view=InvitePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Loads the account; without a session, goes to the sign-in page, which comes back here.
#[component]
fn Frame() -> impl IntoView {
    let me = LocalResource::new(crate::api::me);
    let navigate = use_navigate();
    let location = leptos_router::hooks::use_location();
    // The sign-in page, told where to come back to (unless it is the console's home).
    let here = move || {
        let (path, search) = (
            location.pathname.get_untracked(),
            location.search.get_untracked(),
        );
        let here = match search.is_empty() {
            true => path,
            false => format!("{path}?{}", search.trim_start_matches('?')),
        };
        match here.as_str() {
            "/console" | "/console/" => "/console/sign-in".to_string(),
            _ => format!(
                "/console/sign-in?next={}",
                String::from(js_sys::encode_uri_component(&here))
            ),
        }
    };
    view! {
        <Suspense fallback=|| view! { <main id="main"><Loading/></main> }>
            {move || {
                let navigate = navigate.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(account) => {
                            provide_context(crate::session::Me(account.clone()));
                            view! { <Header account/><main id="main" tabindex="-1"><Outlet/></main> }.into_any()
                        }
                        Err(e) if e.code == ErrorCode::Unauthorized => {
                            navigate(&here(), Default::default());
                            view! { <main id="main"><Loading/></main> }.into_any()
                        }
                        Err(error) => view! { <main id="main"><crate::components::ErrorNote error/></main> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Header(account: AccountView) -> impl IntoView {
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::sign_out().await;
            navigate("/console/sign-in", Default::default());
        });
    };
    let admin = account.role == Role::Admin;
    let counter = matches!(account.role, Role::Admin | Role::Staff);
    view! {
        <header class="top">
            <a href="/console/" class="brand">{t().console_name}</a>
            <nav aria-label=t().nav_label>
                <A href="/console/" exact=true>{t().nav_home}</A>
                {admin.then(|| view! {
                    <A href="/console/products">{t().nav_products}</A>
                    <A href="/console/orders">{t().nav_orders}</A>
                    <A href="/console/packing">{crate::i18n::pick("梱包", "打包", "Packing")}</A>
                    <A href="/console/after-sales">{crate::pages::after_sales_title()}</A>
                    <A href="/console/gift-options">{t().gift_options}</A>
                    <A href="/console/delivery">{crate::i18n::pick("配送", "配送", "Delivery")}</A>
                    <A href="/console/shops">{t().nav_shops}</A>
                    <A href="/console/plans">{t().plans}</A>
                    <A href="/console/coupons">{crate::pages::coupons_title()}</A>
                    <A href="/console/gift-rewards">{crate::pages::gift_rewards_title()}</A>
                    <A href="/console/fans">{crate::pages::fans_title()}</A>
                    <A href="/console/points">{crate::pages::points_title()}</A>
                    <A href="/console/payouts">{crate::pages::payouts_title()}</A>
                    <A href="/console/messages">{crate::i18n::pick("メール", "邮件", "Messages")}</A>
                    <A href="/console/webhooks">"Webhooks"</A>
                })}
                {counter.then(|| view! { <A href="/console/batches">{t().nav_batches}</A> })}
            </nav>
            <div class="who">
                <span data-test="who">{account.name}" · "{crate::i18n::role(account.role)}</span>
                <button type="button" class="link" data-test="sign-out" on:click=sign_out>{t().sign_out}</button>
                <crate::components::LanguageSwitch/>
            </div>
        </header>
    }
}
