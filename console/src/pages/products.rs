//! Every product, archived ones included, with prices and stock at a glance.

use leptos::prelude::*;
use omiyage_api::AdminProduct;

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{self, t};

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
                    Ok(list) => view! { <ProductTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
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
                            <td><a href=format!("/console/products/{}", p.id)>{p.name}</a>
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
