use leptos::prelude::*;

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
) -> impl IntoView {
    let err_id = format!("{id}-err");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <input id=id name=id type=kind autocomplete=autocomplete inputmode=inputmode
                bind:value=value
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=err_id.clone()/>
            <p id=err_id class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
