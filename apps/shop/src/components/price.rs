use leptos::prelude::*;
use omiyage_api::{Money, TaxClass, TaxTotal};

use crate::i18n;

/// An amount of money, formatted for the locale; `from` prefixes it with "from" (for a product
/// whose variants differ in price). A plain function: one copy in the binary for every price.
pub fn price_tag(amount: Money, from: bool) -> impl IntoView {
    let t = i18n::t();
    let text = if from {
        format!("{}{}{}", t.from_price, i18n::price(amount), t.from_suffix)
    } else {
        i18n::price(amount)
    };
    view! { <span class="price" data-test="price">{text}</span> }
}

/// Subtotal, shipping ("free" at zero) and total, taxes included (a plain function shared by
/// the cart and the order page: one copy in the binary). `total_test` names the total for tests.
pub fn totals(
    subtotal: Money,
    (coupon, points): (i64, i64),
    shipping: Money,
    total: Money,
    total_test: &'static str,
) -> impl IntoView {
    let t = i18n::t();
    let shipping = if shipping.amount == 0 {
        t.shipping_free.to_string()
    } else {
        i18n::price(shipping)
    };
    // A coupon's discount and the points spent follow the subtotal as text, e.g.
    // `¥2,500 (Coupon −¥250, Points −¥500)`: no view of their own (each costs the first load
    // bytes).
    let taken: Vec<String> = [(t.discount, coupon), (t.points_used, points)]
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(label, n)| format!("{label} −{}", i18n::price(Money::jpy(n))))
        .collect();
    let discount = if taken.is_empty() {
        String::new()
    } else {
        format!(" ({})", taken.join(", "))
    };
    view! {
        <dl class="totals" data-test="totals">
            <dt>{t.subtotal}</dt><dd data-test="subtotal">{price_tag(subtotal, false)}{discount}</dd>
            <dt>{t.shipping}</dt>
            <dd><span class="price">{shipping}</span></dd>
            <dt class="total">{t.total}<span class="tax-incl">{t.tax_included}</span></dt>
            <dd class="total" data-test=total_test>{price_tag(total, false)}</dd>
        </dl>
    }
}

/// An order's consumption tax per rate (a plain function, not a component: fewer bytes) (prices include it), with the reduced-rate note when a
/// reduced-rate item is in it.
pub fn tax_lines(taxes: Vec<TaxTotal>) -> impl IntoView {
    let t = i18n::t();
    let reduced = taxes.iter().any(|x| x.class == TaxClass::Reduced);
    view! {
        <div class="tax-lines" data-test="tax-lines">
            <p>{t.tax_heading}</p>
            <ul class="tax-lines">
                {taxes.iter().map(|x| view! { <li>{i18n::tax_line(x)}</li> }).collect_view()}
            </ul>
            {reduced.then(|| view! { <p>{i18n::lang().reduced_rate_note()}</p> })}
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
