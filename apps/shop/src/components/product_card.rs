use leptos::prelude::*;
use omiyage_api::Product;

use super::{StockBadge, photo_style, price_tag};

/// A product in the catalog grid: image, name, price and stock, linking to its page.
#[component]
pub fn ProductCard(
    /// The product to show.
    product: Product,
    /// Load the image eagerly (for cards above the fold).
    #[prop(optional)]
    eager: bool,
    /// Fetch the image first (the page's largest images, for a fast first paint).
    #[prop(optional)]
    priority: bool,
) -> impl IntoView {
    let href = format!("/p/{}", product.id);
    let units = product.total_stock();
    let sold_out = units == 0;
    let price = product.from_price().map(|amount| {
        let from = product.has_price_range();
        view! { {price_tag(amount, from)} }
    });
    let position = product.photos.first().map(|p| p.position());
    let Product { name, image, .. } = product;
    let srcset = omiyage_core::image::srcset(&image);
    let paint = photo_style(&image, position.as_deref().unwrap_or("50% 50%"));
    view! {
        <article class="card" class:card-sold-out=sold_out data-test="product-card">
            <a href=href class="card-link">
                // The name is the link's text: the image is decoration (alt="").
                <img class="card-img" src=image srcset=srcset style=paint sizes="(max-width: 700px) 50vw, 280px" alt="" width="400" height="300"
                    loading=if eager { "eager" } else { "lazy" } decoding="async"
                    fetchpriority=if priority { "high" } else { "auto" }/>
                <h2 class="card-name">{name}</h2>
            </a>
            <div class="card-meta">
                {price}
                <StockBadge units/>
            </div>
        </article>
    }
}
