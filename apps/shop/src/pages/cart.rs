//! The cart: change quantities, remove lines, see the estimated total, go to checkout.

use leptos::prelude::*;
use omiyage_api::Money;
use omiyage_core::pricing::shipping_for_order;

use super::common::set_title;
use crate::cart::{Cart, CartLine, use_cart};
use crate::components::price_tag;
use crate::i18n::t;

#[component]
pub fn CartPage() -> impl IntoView {
    set_title(t().cart_title);
    let cart = use_cart();
    view! {
        <section class="page cart-page">
            <h1>{t().cart_title}</h1>
            <Show when=move || !cart.is_empty() fallback=|| view! {
                <p class="empty" data-test="cart-empty">{t().cart_empty}</p>
                <a href="/" class="button">{t().back_to_shop}</a>
            }>
                <CartView/>
                <a href="/checkout" class="button primary wide" data-test="to-checkout">{t().to_checkout}</a>
            </Show>
        </section>
    }
}

/// The cart's lines and totals (also the checkout's order summary).
#[component]
pub fn CartView(
    /// Show quantity controls (off in the checkout summary).
    #[prop(default = true)]
    editable: bool,
    /// The order is a gift: shipping is included.
    #[prop(optional, into)]
    gift: Signal<bool>,
) -> impl IntoView {
    let cart = use_cart();
    view! {
        <ul class="cart-lines" data-test="cart-lines">
            <For each=move || cart.lines() key=|l| (l.variant_id.clone(), l.quantity) let:line>
                <CartRow line editable cart/>
            </For>
        </ul>
        <Totals subtotal=Signal::derive(move || cart.subtotal()) gift/>
    }
}

#[component]
fn CartRow(line: CartLine, editable: bool, cart: Cart) -> impl IntoView {
    let (standard, reduced) = line.options_cost();
    let chosen = line.chosen().map(|(.., label)| {
        view! {
            <p class="cart-line-variant" data-test="line-options">{label.to_string()}" "
                {price_tag(Money::jpy(standard.amount + reduced.amount), false)}</p>
        }
    });
    let options = (editable && line.offers).then(|| view! {
        <a href=format!("/options/{}/{}?q={}&t={}", line.product_id, line.variant_id, line.quantity,
                line.chosen().map_or("", |(_, _, token, _)| token))
            rel="external" data-test="gift-options">{t().gift_options}</a>
    });
    let CartLine {
        variant_id,
        product_name,
        variant_name,
        image,
        unit_price,
        quantity,
        tax_class,
        ..
    } = line;
    let line_total = Money::jpy(unit_price.amount * i64::from(quantity));
    let (less, more, gone) = (variant_id.clone(), variant_id.clone(), variant_id);
    let label = format!("{product_name} ({variant_name})");
    let controls = editable.then(|| {
        let (l1, l2, l3) = (label.clone(), label.clone(), label.clone());
        view! {
            <div class="qty-controls">
                <button type="button" class="icon-button" data-test="decrease"
                    aria-label=format!("{}: {l1}", t().decrease)
                    on:click=move |_| cart.set_quantity(&less, quantity - 1)>"−"</button>
                <span class="qty" data-test="line-quantity">{quantity}</span>
                <button type="button" class="icon-button" data-test="increase"
                    aria-label=format!("{}: {l2}", t().increase)
                    on:click=move |_| cart.set_quantity(&more, quantity + 1)>"+"</button>
                <button type="button" class="link-button" data-test="remove"
                    aria-label=format!("{}: {l3}", t().remove)
                    on:click=move |_| cart.remove(&gone)>{t().remove}</button>
            </div>
        }
    });
    view! {
        <li class="cart-line" data-test="cart-line">
            <img src=image alt="" width="80" height="60"/>
            <div class="cart-line-text">
                <p class="cart-line-name">{product_name}{crate::components::reduced_mark(tax_class)}</p>
                <p class="cart-line-variant">{variant_name}
                    {(!editable).then(|| format!(" × {quantity}"))}</p>
                {chosen}
                {options}
                {controls}
            </div>
            {price_tag(line_total, false)}
        </li>
    }
}

/// Subtotal, shipping and total as the cart estimates them.
#[component]
pub fn Totals(
    /// The display subtotal; `None` shows nothing.
    subtotal: Signal<Option<Money>>,
    /// Gifts ship free.
    gift: Signal<bool>,
) -> impl IntoView {
    let cart = use_cart();
    move || {
        subtotal.get().map(|subtotal| {
            let shipping = shipping_for_order(subtotal, gift.get());
            let total = subtotal.checked_add(shipping).unwrap_or(subtotal);
            let taxes = omiyage_core::tax::totals(
                cart.lines()
                    .iter()
                    .flat_map(|l| {
                        let (standard, reduced) = l.options_cost();
                        [
                            (l.tax_class, l.goods()),
                            (omiyage_api::TaxClass::Standard, standard),
                            (omiyage_api::TaxClass::Reduced, reduced),
                        ]
                    })
                    .chain([(omiyage_api::TaxClass::Standard, shipping)]),
            );
            view! {
                {crate::components::totals(subtotal, (0, 0), shipping, total, "total")}
                {crate::components::tax_lines(taxes)}
                <p class="fine-print">{t().prices_confirmed}</p>
            }
        })
    }
}
