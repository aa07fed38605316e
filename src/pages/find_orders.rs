//! "Find my orders" (`/orders`): a shopper who lost an order's private link types the email
//! used at checkout and gets one email listing the links to every order placed with it. The
//! page says the same whether or not the email is known.

use leptos::prelude::*;
use omiyage_api::ApiError;

use super::common::set_title;
use crate::api::{Storefront, api};
use crate::components::TextField;
use crate::i18n::t;

#[component]
pub fn FindOrdersPage() -> impl IntoView {
    set_title(t().find_orders_title);
    let email = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let invalid = Memo::new(move |_| omiyage_core::checkout::lookup_email(&email.get()).err());
    let error = Signal::derive(move || {
        submitted
            .get()
            .then(|| {
                invalid
                    .get()
                    .and_then(|e| e.fields.first().map(crate::i18n::field_message))
            })
            .flatten()
    });
    let find = Action::new_local(move |email: &String| {
        let email = email.clone();
        async move { api().find_orders(&email).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if invalid.read_untracked().is_none() && !find.pending().get_untracked() {
            find.dispatch(email.get_untracked());
        }
    };
    view! {
        <section class="page narrow find-orders">
            <h1>{t().find_orders_title}</h1>
            <p>{t().find_orders_intro}</p>
            <form class="checkout-form" on:submit=on_submit novalidate data-test="find-orders-form">
                <TextField id="find-email" label=t().email value=email error autocomplete="email"
                    kind="email" inputmode="email"/>
                {move || find.value().get().and_then(Result::err).map(|error: ApiError| view! {
                    <div class="error-note" role="alert" data-test="find-orders-error">
                        <p>{crate::i18n::error_message(&error)}</p>
                    </div>
                })}
                <button type="submit" class="button primary wide" data-test="find-orders"
                    disabled=move || find.pending().get()>
                    {move || if find.pending().get() { t().find_orders_sending } else { t().find_orders_submit }}
                </button>
            </form>
            {move || matches!(find.value().get(), Some(Ok(()))).then(|| view! {
                <p class="success" role="status" data-test="find-orders-sent">{t().find_orders_sent}</p>
            })}
        </section>
    }
}
