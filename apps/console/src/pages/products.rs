//! Every product, archived ones included, with prices and stock at a glance.

use leptos::prelude::*;
use omiyage_api::{AdminCategory, AdminProduct, CategoryInput, FieldError};

use super::translated::Translated;
use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, Lang, in_lang, t};

#[component]
pub fn ProductsPage() -> impl IntoView {
    set_title(t().nav_products);
    let products = LocalResource::new(crate::api::products);
    view! {
        <div class="title-row">
            <h1>{t().nav_products}</h1>
            <a class="button" href="/console/products/new" data-test="new-product">{t().new_product}</a>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match products.await {
                    Ok(list) => view! { <ProductTable list/><CategoriesPanel/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The shop's categories, each renamed in place in every language, and a row to add one.
#[component]
fn CategoriesPanel() -> impl IntoView {
    let list = LocalResource::new(crate::api::admin_categories);
    let added = Callback::new(move |()| list.refetch());
    view! {
        <section class="panel categories" data-test="categories">
            <h2>{t().categories}</h2>
            <p class="muted">{t().translations_hint}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(all) => all.into_iter()
                            .map(|c| view! { <CategoryForm category=Some(c) added/> })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
            <h3>{t().new_category}</h3>
            <CategoryForm category=None added/>
        </section>
    }
}

#[component]
fn CategoryForm(category: Option<AdminCategory>, added: Callback<()>) -> impl IntoView {
    let id = category.as_ref().map(|c| c.id.clone());
    let key = id.clone().unwrap_or_else(|| "new-category".into());
    let name = RwSignal::new(
        category
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let texts = Translated::new(category.as_ref().map(|c| &c.translations));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let is_new = id.is_none();
    let save = Action::new_local(move |input: &CategoryInput| {
        let (input, id) = (input.clone(), id.clone());
        async move { crate::api::save_category(id.as_deref(), &input).await }
    });
    // Errors are keyed by this form's id, so each row shows only its own.
    let prefix = format!("{key}.");
    let show = move |fields: Vec<FieldError>| {
        let keyed = fields.into_iter().map(|mut f| {
            f.field = format!("{prefix}{}", f.field);
            f
        });
        errors.set(keyed.collect());
    };
    let show_saved = show.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) if is_new => {
            name.set(String::new());
            added.run(());
        }
        Some(Err(e)) => show_saved(e.fields),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CategoryInput {
            name: name.get_untracked(),
            translations: texts.get(),
        };
        match omiyage_core::admin::validate_category(&input) {
            Ok(valid) => {
                errors.set(Vec::new());
                save.dispatch(valid);
            }
            Err(e) => show(e.fields),
        }
    };
    let name_id = format!("{key}.name");
    let name_error = name_id.clone();
    view! {
        <form class="category-row" on:submit=submit data-test="category-row" novalidate>
            <Input id=name_id label=in_lang(t().name, Lang::Ja) value=name
                error=Signal::derive(move || field_error(&errors.read(), &name_error))/>
            {texts.fields(format!("{key}."), t().name, false, errors)}
            <div class="actions">
                <button type="submit" class="button secondary" disabled=move || save.pending().get()>
                    {if is_new { t().add_category } else { t().save }}
                </button>
                {move || save.value().get().map(|r| match r {
                    Ok(_) => view! { <span class="success" role="status" data-test="saved">{t().saved}</span> }.into_any(),
                    Err(e) if e.fields.is_empty() => view! { <ErrorNote error=e/> }.into_any(),
                    Err(_) => ().into_any(),
                })}
            </div>
        </form>
    }
}

#[component]
fn ProductTable(list: Vec<AdminProduct>) -> impl IntoView {
    view! {
        <table class="table" data-test="products">
            <thead><tr>
                <th scope="col"><span class="visually-hidden">{t().image}</span></th>
                <th scope="col">{t().product}</th>
                <th scope="col" class="num">{t().price}</th>
                <th scope="col" class="num">{t().stock}</th>
                <th scope="col">{t().status}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|p| {
                    let stock: u32 = p.variants.iter().map(|v| v.stock).sum();
                    let prices = i18n::price_range(p.variants.iter().map(|v| v.price.amount));
                    view! {
                        <tr data-test="product-row">
                            <td><img src=p.image.clone() alt="" width="40" height="40" class="thumb"/></td>
                            <td><a href=format!("/console/products/{}", p.id)>{i18n::local_name(&p.name, &p.translations)}</a>
                                <span class="muted">" · "{i18n::variant_count(p.variants.len())}</span></td>
                            <td class="num">{prices}</td>
                            <td class="num">{stock}</td>
                            <td>{if p.archived { t().archived } else { t().live }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
