//! Pieces several console pages use.

use leptos::prelude::*;
use omiyage_api::{ApiError, FieldError};

use crate::i18n::t;

/// An API error shown to a person.
#[component]
pub fn ErrorNote(
    /// The error to show.
    error: ApiError,
) -> impl IntoView {
    view! { <p class="error-note" role="alert" data-test="error">{crate::i18n::error_message(&error)}</p> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{t().loading}</p> }
}

/// Follows a settings form's save: once answered, `saved` says whether it took and `errors`
/// holds the refusal's fields (a refusal without fields under `field`, in the reader's words).
pub fn follow_save<I: 'static, T: 'static>(
    save: Action<I, Result<T, ApiError>>,
    errors: RwSignal<Vec<FieldError>>,
    saved: RwSignal<bool>,
    field: &'static str,
) {
    Effect::new(move |_| {
        save.value().with(|answer| match answer {
            Some(Ok(_)) => {
                errors.set(Vec::new());
                saved.set(true);
            }
            Some(Err(e)) => {
                saved.set(false);
                errors.set(if e.fields.is_empty() {
                    vec![FieldError::new(field, crate::i18n::error_message(e))]
                } else {
                    e.fields.clone()
                });
            }
            None => {}
        })
    });
}

/// The message for one field of a 422 answer, if any.
pub fn field_error(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(crate::i18n::field_message)
}

/// A labelled input bound to a signal, with the field's error from the last answer.
#[component]
pub fn Input(
    /// Element id.
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// `autocomplete` hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    let err_id = format!("{id}-err");
    // Numbers are typed as text, so that full-width digits from a Japanese input method are
    // kept (a number input drops them) and read by `omiyage_core::text::number`.
    let (kind, inputmode) = match kind {
        "number" => ("text", Some("decimal")),
        kind => (kind, None),
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input id=id type=kind inputmode=inputmode autocomplete=autocomplete bind:value=value
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=err_id.clone()/>
            <p id=err_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The file chosen in the file input an event came from (`None`: none chosen).
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// Opens the browser's print dialog (the print views' button).
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} · {}", t().console_name));
    }
}

/// For inputs that never show a field error.
pub fn no_error() -> Signal<Option<String>> {
    Signal::derive(|| None)
}

/// The language switcher: the three languages, each in its own name. Switching reloads the
/// page in the chosen language and remembers it (the shop uses the same choice).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    use crate::i18n::{Lang, lang, set_lang};
    let current = lang();
    let on_change = move |ev| {
        let tag = event_target_value(&ev);
        if let Some(l) = Lang::ALL.into_iter().find(|l| l.tag() == tag) {
            set_lang(l);
        }
    };
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{crate::i18n::t().language}</span>
            <select data-test="language" on:change=on_change>
                {Lang::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=l == current lang=l.tag()>{l.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
