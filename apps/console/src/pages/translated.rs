//! A catalog entry's texts in the shop's other languages, as the forms edit them (products,
//! variants, photos' alt texts, categories, wrapping papers).

use leptos::prelude::*;
use omiyage_api::{FieldError, LocalText, Translations};
use omiyage_core::catalog::TRANSLATED;

use crate::components::{Input, field_error};
use crate::i18n::{Lang, in_lang, t};

/// An entry's name (and description) in each language other than Japanese.
#[derive(Clone, Copy)]
pub struct Translated([(Lang, RwSignal<String>, RwSignal<String>); 2]);

impl Translated {
    pub fn new(t: Option<&Translations>) -> Translated {
        Translated(TRANSLATED.map(|l| {
            let text = t.and_then(|t| t.get(l.tag()));
            let get = |f: fn(&LocalText) -> &String| text.map(f).cloned().unwrap_or_default();
            (
                l,
                RwSignal::new(get(|x| &x.name)),
                RwSignal::new(get(|x| &x.description)),
            )
        }))
    }

    pub fn get(&self) -> Translations {
        self.0
            .iter()
            .map(|(l, name, description)| {
                let text = LocalText {
                    name: name.get_untracked(),
                    description: description.get_untracked(),
                };
                (l.tag().to_string(), text)
            })
            .collect()
    }

    /// A name field per language (`{prefix}translations.en.name`), and a description field
    /// when `described`.
    pub fn fields(
        self,
        prefix: String,
        label: &'static str,
        described: bool,
        errors: RwSignal<Vec<FieldError>>,
    ) -> impl IntoView {
        self.0
            .into_iter()
            .map(move |(l, name, description)| {
                let id = format!("{prefix}translations.{}.name", l.tag());
                let error_id = id.clone();
                let error = Signal::derive(move || field_error(&errors.read(), &error_id));
                let about = format!("{prefix}translations.{}.description", l.tag());
                let about_error = about.clone();
                view! {
                    <Input id label=in_lang(label, l) value=name error/>
                    {described.then(|| view! {
                        <div class="field">
                            <label for=about.clone()>{in_lang(t().description, l)}</label>
                            <textarea id=about rows="2" bind:value=description></textarea>
                            <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), &about_error)}</p>
                        </div>
                    })}
                }
            })
            .collect_view()
    }
}
