use leptos::prelude::*;
use omiyage_api::Product;

use super::{Price, StockBadge};

/// A product in the catalog grid: image, name, price and stock, linking to its page.
#[component]
pub fn ProductCard(
    /// The product to show.
    product: Product,
    /// Load the image eagerly (for cards above the fold).
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let href = format!("/p/{}", product.id);
    let units = product.total_stock();
    let sold_out = units == 0;
    let price = product.from_price().map(|amount| {
        let from = product.has_price_range();
        view! { <Price amount from/> }
    });
    let Product { name, image, .. } = product;
    let alt = name.clone();
    view! {
        <article class="card" class:card-sold-out=sold_out data-test="product-card">
            <a href=href class="card-link">
                <img class="card-img" src=image alt=alt width="400" height="300"
                    loading=if eager { "eager" } else { "lazy" } decoding="async"/>
                <h3 class="card-name">{name}</h3>
            </a>
            <div class="card-meta">
                {price}
                <StockBadge units/>
            </div>
        </article>
    }
}
