use leptos::prelude::*;

use crate::i18n::t;

/// What a text field asks the browser for: what it may fill in (`autocomplete`), the input's
/// type, the keyboard a phone shows (`inputmode`) and an example of what to type.
#[derive(Clone, Copy)]
pub struct Input {
    pub autocomplete: &'static str,
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub placeholder: Option<&'static str>,
}

impl Input {
    /// Plain text the browser may fill in as `autocomplete`.
    pub const fn fill(autocomplete: &'static str) -> Self {
        Input {
            autocomplete,
            kind: "text",
            inputmode: "text",
            placeholder: None,
        }
    }
    /// Plain text, nothing to fill in.
    pub const TEXT: Input = Input::fill("off");
    /// An email address.
    pub const EMAIL: Input = Input {
        autocomplete: "email",
        kind: "email",
        inputmode: "email",
        placeholder: None,
    };
    /// A phone number.
    pub const TEL: Input = Input {
        autocomplete: "tel",
        kind: "tel",
        inputmode: "tel",
        placeholder: None,
    };
    /// Digits, filled in as `autocomplete`.
    pub const fn digits(autocomplete: &'static str) -> Self {
        Input {
            inputmode: "numeric",
            ..Input::fill(autocomplete)
        }
    }
}

/// A labelled text input with its inline error message (announced politely). A plain function
/// rather than a component: every field of the forms is one instance of the same code (a
/// component's builder is compiled once per set of props given, which cost the first load
/// bytes per field).
pub fn text_field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    input: Input,
) -> impl IntoView {
    let err_id = format!("{id}-err");
    let Input {
        autocomplete,
        kind,
        inputmode,
        placeholder,
    } = input;
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
