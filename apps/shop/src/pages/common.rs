//! Small pieces several pages use.

use leptos::prelude::*;
use omiyage_api::ApiError;

use crate::i18n::t;

/// An API error shown to a person.
#[component]
pub fn ErrorNote(
    /// The error to show.
    error: ApiError,
) -> impl IntoView {
    view! {
        <div class="error-note" role="alert" data-test="error">
            <p>{crate::i18n::error_message(&error)}</p>
        </div>
    }
}

/// A loading line for Suspense fallbacks.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{t().loading}</p> }
}

/// Sets the document title (in the browser; the server writes the rendered page's title).
pub fn set_title(title: &str) {
    #[cfg(feature = "ssr")]
    let _ = title;
    #[cfg(not(feature = "ssr"))]
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} · {}", t().shop_name));
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/lazy.js")]
extern "C" {
    #[wasm_bindgen(js_name = deliveryChoice)]
    fn delivery_choice(id: &str) -> String;
}

/// The points a signed-in member chose to spend (`public/lazy/points.js` draws the field in
/// `#points` for members only: 0 otherwise).
pub fn chosen_points() -> u32 {
    delivery_choice("points").parse().unwrap_or(0)
}

/// The delivery day and slot chosen in the picker `id`, an element marked `data-delivery`
/// that `public/lazy/delivery.js` draws (in JavaScript loaded when the picker shows: the
/// shopper's first load carries none of it). `None`: no preference, or no picker.
pub fn chosen_delivery(id: &str) -> Option<omiyage_api::DeliveryChoice> {
    let choice = delivery_choice(id);
    let (date, slot) = choice.split_once('|')?;
    Some(omiyage_api::DeliveryChoice {
        date: date.to_string(),
        slot: omiyage_api::Slot::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == slot),
    })
}
