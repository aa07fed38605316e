//! Creating and editing a product: name, description, category, photos, variants
//! (name, SKU, price; stock when a variant is new), archiving, and stock changes by rule
//! (set what you counted, or add and remove units) so nothing sold meanwhile is lost.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use omiyage_api::{
    AdminPhoto as Photo, AdminProduct, AdminVariant, FieldError, ProductInput, StockChange,
    TaxClass, VariantInput,
};

use super::product_photos::{PhotoRow, PhotosField};
use super::translated::Translated;
use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{Lang, in_lang, t};

#[component]
pub fn ProductNewPage() -> impl IntoView {
    set_title(t().new_product);
    view! { <h1>{t().new_product}</h1><ProductForm product=None/> }
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let product = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::product(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => {
                        let title = crate::i18n::local_name(&p.name, &p.translations);
                        set_title(&title);
                        view! {
                            <h1>{title}</h1>
                            <p><a href=format!("/p/{}", p.id) target="_blank" rel="noopener">{t().view_in_shop}</a></p>
                            <ProductForm product=Some(p.clone())/>
                            <StockPanel variants=p.variants/>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One variant row of the form.
#[derive(Clone, Copy)]
struct Row {
    id: Option<StoredValue<String>>,
    name: RwSignal<String>,
    sku: RwSignal<String>,
    price: RwSignal<String>,
    stock: RwSignal<String>,
    tax_class: RwSignal<String>,
    texts: Translated,
    /// The `src` of the product photo that shows it ("" for none).
    photo: RwSignal<String>,
}

impl Row {
    fn new(v: Option<&AdminVariant>) -> Row {
        Row {
            id: v.map(|v| StoredValue::new(v.id.clone())),
            name: RwSignal::new(v.map(|v| v.name.clone()).unwrap_or_default()),
            sku: RwSignal::new(v.map(|v| v.sku.clone()).unwrap_or_default()),
            price: RwSignal::new(v.map(|v| v.price.amount.to_string()).unwrap_or_default()),
            stock: RwSignal::new(v.map(|v| v.stock.to_string()).unwrap_or_else(|| "0".into())),
            tax_class: RwSignal::new(
                v.map(|v| v.tax_class)
                    .unwrap_or_default()
                    .as_str()
                    .to_string(),
            ),
            texts: Translated::new(v.map(|v| &v.translations)),
            photo: RwSignal::new(v.and_then(|v| v.photo.clone()).unwrap_or_default()),
        }
    }

    /// The variant as the form sends it; a photo removed meanwhile is no longer pointed at.
    fn input(&self, photos: &[Photo]) -> VariantInput {
        let photo = self.photo.get_untracked();
        VariantInput {
            photo: photos.iter().any(|p| p.src == photo).then_some(photo),
            id: self.id.map(|id| id.get_value()),
            name: self.name.get_untracked(),
            sku: self.sku.get_untracked(),
            // Not a number → -1, which the rules refuse with the field's message.
            price: omiyage_core::text::number(&self.price.get_untracked()).unwrap_or(-1),
            stock: omiyage_core::text::number(&self.stock.get_untracked()).unwrap_or(-1),
            tax_class: TaxClass::try_from(self.tax_class.get_untracked()).unwrap_or_default(),
            translations: self.texts.get(),
        }
    }
}

#[component]
fn ProductForm(product: Option<AdminProduct>) -> impl IntoView {
    let existing_id = product.as_ref().map(|p| p.id.clone());
    let archived = product.as_ref().is_some_and(|p| p.archived);
    let name = RwSignal::new(product.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.description.clone())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.category.clone())
            .unwrap_or_default(),
    );
    let photos = RwSignal::new(
        product
            .as_ref()
            .map(|p| p.photos.iter().map(PhotoRow::new).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let texts = Translated::new(product.as_ref().map(|p| &p.translations));
    let gift_options = RwSignal::new(product.as_ref().map(|p| p.gift_options).unwrap_or_default());
    let rows = RwSignal::new(match &product {
        Some(p) => p
            .variants
            .iter()
            .map(|v| Row::new(Some(v)))
            .collect::<Vec<_>>(),
        None => vec![Row::new(None)],
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let categories = LocalResource::new(crate::api::categories);
    let uploading = RwSignal::new(false);
    let navigate = use_navigate();

    let id_for_save = existing_id.clone();
    let save = Action::new_local(move |input: &ProductInput| {
        let (input, id) = (input.clone(), id_for_save.clone());
        async move { crate::api::save_product(id.as_deref(), &input).await }
    });
    let is_new = existing_id.is_none();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(p)) if is_new => {
            navigate(&format!("/console/products/{}", p.id), Default::default())
        }
        Some(Err(e)) => errors.set(e.fields),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let photos: Vec<Photo> = photos.get_untracked().iter().map(PhotoRow::get).collect();
        let input = ProductInput {
            gift_options: gift_options.get_untracked(),
            name: name.get_untracked(),
            description: description.get_untracked(),
            category: category.get_untracked(),
            image: String::new(),
            variants: rows
                .get_untracked()
                .iter()
                .map(|r| r.input(&photos))
                .collect(),
            photos,
            translations: texts.get(),
        };
        // The same rules the server applies, before any request.
        match omiyage_core::admin::validate_product(&input) {
            Ok(valid) => {
                errors.set(Vec::new());
                save.dispatch(valid);
            }
            Err(e) => errors.set(e.fields),
        }
    };
    let err = move |field: &'static str| Signal::derive(move || field_error(&errors.read(), field));
    let toggle_id = existing_id.clone();
    let toggle = Action::new_local(move |archive: &bool| {
        let (id, archive) = (toggle_id.clone().unwrap_or_default(), *archive);
        async move { crate::api::set_archived(&id, archive).await }
    });
    let archived_now = move || {
        toggle
            .value()
            .get()
            .and_then(Result::ok)
            .map_or(archived, |p| p.archived)
    };

    view! {
        <form class="panel product-form" on:submit=submit data-test="product-form" novalidate>
            <Input id="name".into() label=in_lang(t().name, Lang::Ja) value=name error=err("name")/>
            <div class="field">
                <label for="description">{in_lang(t().description, Lang::Ja)}</label>
                <textarea id="description" rows="3" bind:value=description></textarea>
                <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), "description")}</p>
            </div>
            <fieldset class="translations" data-test="translations">
                <legend>{t().translations}</legend>
                <p class="muted">{t().translations_hint}</p>
                {texts.fields(String::new(), t().name, true, errors)}
            </fieldset>
            <fieldset class="gift-options" data-test="gift-options">
                <legend>{t().gift_options}</legend>
                <p class="muted">{t().gift_options_hint}</p>
                {[
                    (t().gift_noshi, "noshi"),
                    (t().gift_wrapping, "wrapping"),
                    (t().gift_card, "card"),
                    (t().gift_seafood, "seafood"),
                ].into_iter().map(|(label, key)| {
                    let get = move |o: &omiyage_api::ProductGiftOptions| match key {
                        "noshi" => o.noshi,
                        "wrapping" => o.wrapping,
                        "card" => o.card,
                        _ => o.seafood,
                    };
                    view! {
                        <label class="choice">
                            <input type="checkbox" data-test=format!("offers-{key}")
                                prop:checked=move || get(&gift_options.read())
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    gift_options.update(|o| match key {
                                        "noshi" => o.noshi = on,
                                        "wrapping" => o.wrapping = on,
                                        "card" => o.card = on,
                                        _ => o.seafood = on,
                                    });
                                }/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="category">{t().category}</label>
                <select id="category" bind:value=category data-test="category">
                    <option value="">{t().choose}</option>
                    <Suspense>
                        {move || Suspend::new(async move {
                            categories.await.unwrap_or_default().into_iter().map(|c| {
                                let selected = category.get_untracked() == c.id;
                                view! { <option value=c.id.clone() selected=selected>{c.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), "category")}</p>
            </div>
            <PhotosField photos name errors uploading/>
            <fieldset class="variants">
                <legend>{t().variants}</legend>
                <p class="field-error">{move || field_error(&errors.read(), "variants")}</p>
                {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                    let f = move |name: &str| format!("variants[{i}].{name}");
                    let e = move |name: &'static str| Signal::derive(move || field_error(&errors.read(), &format!("variants[{i}].{name}")));
                    let new = row.id.is_none();
                    view! {
                        <div class="variant-row" data-test="variant-row">
                            <Input id=f("name") label=in_lang(t().variant_name, Lang::Ja) value=row.name error=e("name")/>
                            {row.texts.fields(format!("variants[{i}]."), t().variant_name, false, errors)}
                            <Input id=f("sku") label=t().sku value=row.sku error=e("sku")/>
                            <Input id=f("price") label=t().price_yen value=row.price error=e("price") kind="number"/>
                            <div class="field">
                                <label for=f("tax_class")>{t().tax_class}</label>
                                <select id=f("tax_class") bind:value=row.tax_class data-test="tax-class">
                                    <option value="standard">{t().tax_standard}</option>
                                    <option value="reduced">{t().tax_reduced}</option>
                                </select>
                            </div>
                            {new.then(|| view! { <Input id=f("stock") label=t().stock value=row.stock error=e("stock") kind="number"/> })}
                            <div class="field">
                                <label for=f("photo")>{t().variant_photo}</label>
                                <select id=f("photo") bind:value=row.photo data-test="variant-photo">
                                    <option value="">{t().no_photo}</option>
                                    {move || photos.get().into_iter().enumerate().map(|(j, p)| {
                                        let src = p.src.get_value();
                                        let selected = row.photo.get_untracked() == src;
                                        view! { <option value=src selected=selected>{format!("{} {}", t().photo, j + 1)}</option> }
                                    }).collect_view()}
                                </select>
                                <p class="field-error" aria-live="polite">{move || e("photo").get()}</p>
                            </div>
                        </div>
                    }
                }).collect_view()}
                <button type="button" class="button secondary" data-test="add-variant"
                    on:click=move |_| rows.update(|r| r.push(Row::new(None)))>{t().add_variant}</button>
            </fieldset>
            {move || (!errors.read().is_empty()).then(|| view! { <p class="error-note" role="alert">{t().fix_fields}</p> })}
            {move || save.value().get().map(|r| match r {
                Ok(_) => view! { <p class="success" role="status" data-test="saved">{t().saved}</p> }.into_any(),
                Err(e) if e.fields.is_empty() => view! { <ErrorNote error=e/> }.into_any(),
                Err(_) => ().into_any(),
            })}
            <div class="actions">
                <button type="submit" class="button" data-test="save-product" disabled=move || save.pending().get() || uploading.get()>{t().save}</button>
                {existing_id.is_some().then(|| view! {
                    <button type="button" class="button secondary" data-test="archive"
                        on:click=move |_| { toggle.dispatch(!archived_now()); }>
                        {move || if archived_now() { t().restore } else { t().archive }}
                    </button>
                })}
            </div>
        </form>
    }
}

/// Stock of existing variants: set the counted figure (refused if it changed since the page
/// loaded) or add/remove units relative to whatever it is now.
#[component]
fn StockPanel(variants: Vec<AdminVariant>) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{t().stock}</h2>
            <p class="muted">{t().stock_rules}</p>
            {variants.into_iter().map(|v| view! { <StockRow variant=v/> }).collect_view()}
        </section>
    }
}

#[component]
fn StockRow(variant: AdminVariant) -> impl IntoView {
    let current = RwSignal::new(variant.stock);
    let amount = RwSignal::new(String::new());
    let id = StoredValue::new(variant.id.clone());
    let change = Action::new_local(move |c: &StockChange| {
        let c = c.clone();
        async move { crate::api::change_stock(&id.get_value(), &c).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(v)) = change.value().get() {
            current.set(v.stock);
            amount.set(String::new());
        }
    });
    let apply = move |set: bool| {
        let n: i64 = omiyage_core::text::number(&amount.get_untracked()).unwrap_or(i64::MIN);
        let c = if set {
            StockChange::Set {
                stock: n,
                expected: i64::from(current.get_untracked()),
            }
        } else {
            StockChange::Adjust { delta: n }
        };
        change.dispatch(c);
    };
    let input_id = format!("stock-{}", variant.id);
    view! {
        <div class="stock-row" data-test="stock-row">
            <label for=input_id.clone()>{variant.name}": "<strong data-test="stock-now">{move || current.get()}</strong></label>
            <input id=input_id type="text" inputmode="numeric" bind:value=amount placeholder=t().units/>
            <button type="button" class="button secondary" on:click=move |_| apply(true)>{t().set_stock}</button>
            <button type="button" class="button secondary" on:click=move |_| apply(false)>{t().adjust_stock}</button>
            {move || change.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        </div>
    }
}
