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
