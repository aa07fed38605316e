use leptos::prelude::*;
use omiyage_api::{LOW_STOCK, Variant};

use super::price_tag;
use crate::i18n::{self, t};

/// Radio buttons for a product's variants; sold-out variants are shown but cannot be chosen.
#[component]
pub fn VariantPicker(
    /// The variants to choose from.
    variants: Vec<Variant>,
    /// The chosen variant id.
    selected: RwSignal<Option<String>>,
    /// The group's caption (default "Choose").
    #[prop(optional)]
    legend: Option<&'static str>,
) -> impl IntoView {
    let options = variants
        .into_iter()
        .map(|v| {
            let id = v.id.clone();
            let (checked_id, change_id) = (id.clone(), id.clone());
            let input_id = format!("variant-{id}");
            let label_for = input_id.clone();
            let sold_out = v.stock == 0;
            let note = match v.stock {
                0 => t().sold_out.to_string(),
                n if n <= LOW_STOCK => i18n::only_left(n),
                _ => String::new(),
            };
            view! {
                <label class="variant" class:variant-out=sold_out for=label_for data-test="variant-option">
                    <input type="radio" name="variant" id=input_id value=id disabled=sold_out
                        prop:checked=move || selected.get().as_deref() == Some(checked_id.as_str())
                        on:change=move |_| selected.set(Some(change_id.clone()))/>
                    <span class="variant-name">{v.name}</span>
                    {price_tag(v.price, false)}
                    <span class="variant-note">{note}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="variants" data-test="variant-picker">
            <legend>{legend.unwrap_or(t().choose_variant)}</legend>
            {options}
        </fieldset>
    }
}
