//! The router and the page frame (header, main, footer).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::cart::{provide_cart, use_cart};
use crate::i18n::{Lang, lang, set_lang, t};
use crate::pages::{
    CartPage, CatalogPage, CheckoutPage, GiftPage, NotFound, OrderPage, ProductPage,
};

#[component]
pub fn App() -> impl IntoView {
    provide_cart();
    view! {
        <Router>
            <a class="skip" href="#main">{t().skip_to_content}</a>
            <Header/>
            <ReturnBanner/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=CatalogPage/>
                    <Route path=path!("/p/:id") view=ProductPage/>
                    <Route path=path!("/cart") view=CartPage/>
                    <Route path=path!("/checkout") view=CheckoutPage/>
                    <Route path=path!("/o/:token") view=OrderPage/>
                    <Route path=path!("/g/:token") view=GiftPage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let cart = use_cart();
    // Plain links: the router takes their clicks (client-side navigation) and the header marks
    // the page it is on (`<A>` would add a copy of its code per use to the first load).
    let path = leptos_router::hooks::use_location().pathname;
    let current = move |href: &'static str| move || (path.get() == href).then_some("page");
    view! {
        <header class="site-header">
            <a href="/" class="brand">
                <svg class="brand-mark" viewBox="0 0 34 34" width="34" height="34" aria-hidden="true">
                    <rect width="34" height="34" rx="9" fill="#b8372a"/>
                    <rect x="9" y="15" width="16" height="11" rx="1.5" fill="#fff"/>
                    <rect x="8" y="11" width="18" height="5" rx="1.5" fill="#fff"/>
                    <rect x="16" y="11" width="2" height="15" fill="#b8372a"/>
                    <path d="M17 11c-3-4-7-3-5 0M17 11c3-4 7-3 5 0" stroke="#fff" stroke-width="2" fill="none"/>
                </svg>
                <span class="brand-name">{t().shop_name}</span>
            </a>
            <nav aria-label="Main">
                <a href="/" aria-current=current("/")>{t().nav_shop}</a>
                <a href="/cart" class="cart-link" data-test="cart-link" aria-current=current("/cart")>
                    {t().nav_cart}
                    <span class="cart-count" data-test="cart-count"
                        aria-label=move || crate::i18n::item_count(cart.count())>
                        {move || cart.count()}
                    </span>
                </a>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

/// While a return gift (お返し) is chosen: for whom, and a way out. A gift page's link starts it
/// (`Cart::load`); the order placed ends it.
#[component]
fn ReturnBanner() -> impl IntoView {
    let cart = use_cart();
    move || {
        cart.returning.get().map(|r| {
            view! {
                <p class="return-banner" role="status" data-test="return-banner">
                    <span>{t().return_banner.replace("{sender}", &r.sender)}</span>
                    <button type="button" class="button secondary" data-test="return-cancel"
                        on:click=move |_| cart.returning.set(None)>{t().return_cancel}</button>
                </p>
            }
        })
    }
}

/// The language switcher: a labelled select of the three languages, each in its own name.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = lang();
    let on_change = move |ev| {
        let tag = event_target_value(&ev);
        if let Some(l) = Lang::ALL.into_iter().find(|l| l.tag() == tag) {
            set_lang(l);
        }
    };
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{t().language}</span>
            <select data-test="language" on:change=on_change>
                {Lang::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=l == current lang=l.tag()>{l.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{t().tagline}</p>
            // A server-rendered page (full load): it costs the app no bytes.
            {(!crate::api::IS_MOCK).then(|| view! {
                <p><a href="/account" rel="external" data-test="my-page-link">{t().my_page_link}</a>" · "
                    <a href="/orders" rel="external" data-test="find-orders-link">{t().find_orders_link}</a>" · "
                    <a href="/privacy" rel="external" data-test="privacy-link">{t().privacy_link}</a></p>
            })}
            {crate::api::IS_MOCK.then(|| view! { <p class="demo-note" data-test="demo-note">{t().demo_mode}</p> })}
        </footer>
    }
}
