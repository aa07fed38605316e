//! A product page: its variants, quantity and "add to cart".

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use omiyage_api::Product;

use super::common::{ErrorNote, Loading, set_title};
use crate::api::{Storefront, api};
use crate::cart::{CartLine, use_cart};
use crate::components::{Gallery, StockBadge, VariantPicker, price_tag};
use crate::i18n::t;
use crate::page_data;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let product = page_data::load(
        move || id.get(),
        |id: String| async move { api().product(&id).await },
    );
    view! {
        <section class="page product-page">
            <a href="/" class="back">{t().back_to_shop}</a>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match product.await {
                        Ok(product) => view! { <ProductDetail product/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The product with its variant picker and add-to-cart form.
#[component]
pub fn ProductDetail(
    /// The product to show.
    product: Product,
) -> impl IntoView {
    set_title(&product.name);
    let cart = use_cart();
    let first_available = product
        .variants
        .iter()
        .find(|v| v.stock > 0)
        .map(|v| v.id.clone());
    let selected = RwSignal::new(first_available);
    let quantity = RwSignal::new(1u32);
    let added = RwSignal::new(false);
    let stored = StoredValue::new(product.clone());
    let chosen = Memo::new(move |_| {
        let id = selected.get();
        stored.with_value(|p| id.and_then(|id| p.variant(&id).cloned()))
    });
    let max_quantity = move || chosen.get().map(|v| v.stock.min(10)).unwrap_or(0);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(variant) = chosen.get_untracked() {
            let q = quantity.get_untracked().clamp(1, variant.stock.max(1));
            stored.with_value(|p| cart.add(CartLine::new(p, &variant, q)));
            added.set(true);
        }
    };
    let navigate = leptos_router::hooks::use_navigate();
    // A gift holds one product: the cart becomes just this item, then checkout in gift mode.
    let send_gift = move |_| {
        if let Some(variant) = chosen.get_untracked() {
            let q = quantity.get_untracked().clamp(1, variant.stock.max(1));
            cart.clear();
            stored.with_value(|p| cart.add(CartLine::new(p, &variant, q)));
            navigate("/checkout?gift=1", Default::default());
        }
    };
    let Product {
        name,
        description,
        photos,
        variants,
        ..
    } = product;
    let single = variants.len() == 1;
    let show = Signal::derive(move || chosen.get().and_then(|v| v.photo));
    view! {
        <article class="product" data-test="product">
            {(!photos.is_empty()).then(|| view! {
                <Gallery photos show sizes="(max-width: 799px) calc(100vw - 32px), 528px"/>
            })}
            <div class="product-info">
                <h1>{name}</h1>
                <p class="description">{description}</p>
                <form on:submit=add class="add-form">
                    {(!single).then(|| view! { <VariantPicker variants=variants.clone() selected/> })}
                    <div class="price-line">
                        {move || chosen.get().map(|v| view! {
                            {price_tag(v.price, false)}
                            <span class="tax-incl" data-test="tax-included">{t().tax_included}</span>
                            <StockBadge units=v.stock/>
                        })}
                        {move || chosen.get().is_none().then(|| view! { <StockBadge units=0/> })}
                    </div>
                    <div class="qty-line">
                        <label for="qty">{t().quantity}</label>
                        <select id="qty" data-test="quantity"
                            on:change=move |ev| quantity.set(event_target_value(&ev).parse().unwrap_or(1))
                            prop:value=move || quantity.get().to_string()>
                            {move || (1..=max_quantity().max(1)).map(|n| view! {
                                <option value=n.to_string()>{n}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button primary" data-test="add-to-cart"
                            disabled=move || chosen.get().is_none()>
                            {t().add_to_cart}
                        </button>
                        <button type="button" class="button secondary" data-test="send-as-gift"
                            disabled=move || chosen.get().is_none() on:click=send_gift>
                            {t().send_as_gift}
                        </button>
                    </div>
                    <p class="added" role="status" data-test="added">
                        {move || added.get().then(|| view! {
                            {t().added_to_cart}" "<a href="/cart">{t().view_cart}</a>
                        })}
                    </p>
                </form>
            </div>
        </article>
    }
}
