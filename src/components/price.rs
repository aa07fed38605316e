use leptos::prelude::*;
use omiyage_api::{Money, TaxClass, TaxTotal};

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
    let t = i18n::t();
    view! {
        <span class="price" data-test="price">
            {from.then(|| view! { <span class="price-from">{t.from_price}</span> })}
            {text}
            {from.then(|| view! { <span class="price-from">{t.from_suffix}</span> })}
        </span>
    }
}

/// An order's consumption tax per rate (prices include it), with the reduced-rate note when a
/// reduced-rate item is in it.
#[component]
pub fn TaxLines(
    /// Per-rate totals, as `omiyage_core::tax` computes them.
    taxes: Vec<TaxTotal>,
) -> impl IntoView {
    let t = i18n::t();
    let reduced = taxes.iter().any(|x| x.class == TaxClass::Reduced);
    view! {
        <div class="tax-lines" data-test="tax-lines">
            <p>{t.tax_heading}</p>
            <ul class="tax-lines">
                {taxes.iter().map(|x| view! { <li>{i18n::tax_line(x)}</li> }).collect_view()}
            </ul>
            {reduced.then(|| view! { <p>{t.reduced_rate_note}</p> })}
        </div>
    }
}

/// "※" after the name of a reduced-rate item, as receipts mark them.
pub fn reduced_mark(class: TaxClass) -> &'static str {
    if class == TaxClass::Reduced {
        " ※"
    } else {
        ""
    }
}
