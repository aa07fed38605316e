use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    super::common::set_title(t().not_found_title);
    view! {
        <section class="page narrow">
            <h1>{t().not_found_title}</h1>
            <p>{t().not_found_body}</p>
            <a href="/">{t().back_to_shop}</a>
        </section>
    }
}

/// A page the server renders on its own (the order page, `/o/<token>`): reached inside the app
/// (a link, the browser's back button), it is loaded from the server.
#[cfg(not(any(feature = "ssr", feature = "mock")))]
#[component]
pub fn ServerPage() -> impl IntoView {
    let _ = window().location().reload();
}
