//! The catalog: search, category filter and the product grid. Filters live in the URL
//! (`/?category=tea&q=matcha`), so they survive a reload and can be shared.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use omiyage_api::{CatalogQuery, Category};

use super::common::{ErrorNote, Loading, set_title};
use crate::api::{Storefront, api};
use crate::components::ProductCard;
use crate::i18n::t;
use crate::page_data;

/// The catalog's page URL for these filters: the API URL's query on `/`.
fn catalog_href(category: Option<&str>, q: &str) -> String {
    let query = CatalogQuery {
        category: category.map(str::to_string),
        q: Some(q.to_string()),
    };
    let url = crate::api::catalog_url(&query);
    format!("/{}", url.trim_start_matches("/api/products"))
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    set_title(t().tagline);
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let category = Memo::new(move |_| query.read().get("category").filter(|c| !c.is_empty()));
    let request = move || CatalogQuery {
        category: category.get(),
        q: Some(q.get()).filter(|q| !q.trim().is_empty()),
    };
    let catalog = page_data::load(request, |request: CatalogQuery| async move {
        api().catalog(&request).await
    });
    let navigate = use_navigate();
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        navigate(
            &catalog_href(category.get_untracked().as_deref(), &text),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let busy = RwSignal::new(false);

    view! {
        <section class="page catalog">
            <h1 class="visually-hidden">{t().tagline}</h1>
            <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="search" class="visually-hidden">{t().search_label}</label>
                <input id="search" type="search" data-test="search" placeholder=t().search_placeholder
                    autocomplete="off" prop:value=move || q.get() on:input=on_search/>
            </form>
            <Transition fallback=|| view! { <Loading/> } set_pending=busy>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(found) => view! {
                            <CategoryNav categories=found.categories.clone() current=category q/>
                            <ProductGrid products=found.products/>
                        }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CategoryNav(
    categories: Vec<Category>,
    current: Memo<Option<String>>,
    q: Memo<String>,
) -> impl IntoView {
    let chip = move |id: Option<String>, name: String| {
        let selected_id = id.clone();
        let is_current = move || current.get() == selected_id;
        view! {
            <li>
                <a class="chip" href=move || catalog_href(id.as_deref(), &q.get())
                    aria-current=move || is_current().then_some("page")>{name}</a>
            </li>
        }
    };
    view! {
        <nav class="categories" aria-label=t().categories_label data-test="categories">
            <ul>
                {chip(None, t().all_categories.to_string())}
                {categories.into_iter().map(|c| chip(Some(c.id), c.name)).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn ProductGrid(products: Vec<omiyage_api::Product>) -> impl IntoView {
    if products.is_empty() {
        return view! {
            <p class="empty" data-test="no-results">{t().no_results}</p>
            <a href="/">{t().all_categories}</a>
        }
        .into_any();
    }
    view! {
        <div class="grid" data-test="product-grid">
            {products.into_iter().enumerate()
                .map(|(i, product)| view! { <ProductCard product eager={i < 4} priority={i < 4}/> })
                .collect_view()}
        </div>
    }
    .into_any()
}
