use leptos::prelude::*;
use omiyage_api::Product;

use super::{StockBadge, photo_style, price_tag};

/// The card's width in the grid (`.grid`: two columns with 16 px margins and a 12 px gap up to
/// 719 px, three to 1023 px, then four in 1088 px), so a phone at DPR 3 takes the 540 px
/// rendition rather than the 640 one.
const CARD_SIZES: &str =
    "(max-width: 719px) calc(50vw - 22px), (max-width: 1023px) calc(33vw - 23px), 260px";

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
    // The card shows the first photo (`image`) with its focus.
    let first = product.photos.first().filter(|p| p.src == product.image);
    let focus = first.map_or((50, 50), |p| (p.focus_x, p.focus_y));
    let position = first.map(|p| p.position());
    let Product { name, image, .. } = product;
    let srcset = omiyage_core::image::srcset(&image, focus);
    let paint = photo_style(&image, position.as_deref().unwrap_or("50% 50%"));
    // A photo below the first rows waits until it comes near the screen (`src/lazy.js` moves
    // `data-src`/`data-srcset` over): the browser's own lazy loading reaches ~1250 px ahead,
    // the whole grid on a phone. Drawings (no renditions) are small and load as usual.
    let (src, data_src, data_srcset) = if eager || srcset.is_none() {
        (Some(image), None, None)
    } else {
        (None, Some(image), srcset.clone())
    };
    let srcset = src.as_ref().and(srcset);
    view! {
        <article class="card" class:card-sold-out=sold_out data-test="product-card">
            <a href=href class="card-link">
                // The name is the link's text: the image is decoration (alt="").
                <img class="card-img" src=src srcset=srcset data-src=data_src data-srcset=data_srcset style=paint sizes=CARD_SIZES alt="" width="400" height="300"
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
