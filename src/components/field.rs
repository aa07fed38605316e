use leptos::prelude::*;

use crate::i18n::t;

/// A labelled text input with its inline error message (announced politely).
#[component]
pub fn TextField(
    /// Element id; also names the error paragraph (`<id>-err`).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// The message to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// `autocomplete` hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// `inputmode` hint for phone keyboards.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// An example of what to type.
    #[prop(optional)]
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let err_id = format!("{id}-err");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input id=id name=id type=kind autocomplete=autocomplete inputmode=inputmode placeholder=placeholder
                bind:value=value
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=err_id.clone()/>
            <p id=err_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// The prefecture, chosen from Japan's 47 (named in English for English readers; the address
/// keeps the Japanese name a carrier needs). The options are one HTML string: 47 views would
/// cost the first load over 1 KB.
#[component]
pub fn PrefectureField(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let english = crate::i18n::lang() == crate::i18n::Lang::En;
    let current = value.get_untracked();
    let mut options = format!("<option value=\"\">{}</option>", t().choose_prefecture);
    for (ja, en) in omiyage_core::prefecture::all() {
        let selected = if ja == current { " selected" } else { "" };
        let label = if english { en } else { ja };
        options.push_str(&format!(
            "<option value=\"{ja}\"{selected}>{label}</option>"
        ));
    }
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for="prefecture">{t().prefecture}</label>
            <select id="prefecture" name="prefecture" autocomplete="address-level1" inner_html=options
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string() aria-describedby="prefecture-err">
            </select>
            <p id="prefecture-err" class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
