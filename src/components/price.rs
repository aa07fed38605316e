use leptos::prelude::*;
use omiyage_api::Money;

use crate::i18n;

/// An amount of money, formatted for the locale.
#[component]
pub fn Price(
    /// The amount to show.
    amount: Money,
    /// Prefix with "from" (for a product whose variants differ in price).
    #[prop(optional)]
    from: bool,
) -> impl IntoView {
    let text = i18n::price(amount);
    view! {
        <span class="price" data-test="price">
            {from.then(|| view! { <span class="price-from">{i18n::t().from_price}" "</span> })}
            {text}
        </span>
    }
}
