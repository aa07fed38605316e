//! A product's photos: a strip that snaps to each photo, swiped on a phone. Its buttons, the
//! arrow keys and the count are lazy/gallery.js's (loaded when a gallery appears, off the first
//! load); a chosen variant with a photo is named in `data-show`, which brings it into view.

use leptos::prelude::*;
use omiyage_api::Photo;

use crate::i18n::t;

/// The inline style of a photo: its colour while it loads and the point a crop keeps.
pub fn photo_style(src: &str, position: &str) -> String {
    let paint = omiyage_core::image::placeholder(src)
        .map(|c| format!("background-color:{c};"))
        .unwrap_or_default();
    format!("{paint}object-position:{position}")
}

#[component]
pub fn Gallery(
    /// The photos in order (at least one).
    photos: Vec<Photo>,
    /// The `src` of a photo to bring into view (the chosen variant's).
    #[prop(into)]
    show: Signal<Option<String>>,
    /// The `sizes` of the photos' `srcset`.
    sizes: &'static str,
) -> impl IntoView {
    let count = photos.len();
    let many = count > 1;
    let images = photos
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let style = photo_style(&p.src, &p.position());
            view! {
                <img class="product-img" src=p.src.clone() srcset=omiyage_core::image::srcset(&p.src, (p.focus_x, p.focus_y))
                    sizes=sizes alt=p.alt style=style width="400" height="300"
                    loading=if i == 0 { "eager" } else { "lazy" }
                    fetchpriority=if i == 0 { "high" } else { "auto" }/>
            }
        })
        .collect_view();
    view! {
        <div class="gallery" data-gallery="" data-show=show data-test="gallery">
            <div class="gallery-track" role="group" aria-label=t().photos_label
                tabindex=many.then_some("0")>
                {images}
            </div>
            {many.then(|| view! {
                <div class="gallery-nav">
                    <button type="button" class="gallery-step" aria-label=t().previous_photo disabled>"‹"</button>
                    <span class="gallery-count" aria-live="polite" data-test="gallery-count">{format!("1 / {count}")}</span>
                    <button type="button" class="gallery-step" aria-label=t().next_photo>"›"</button>
                </div>
            })}
        </div>
    }
}
