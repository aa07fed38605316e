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
