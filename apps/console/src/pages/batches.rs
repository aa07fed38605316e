//! Counter gift batches: staff create prepaid gift codes for a product sold at the counter,
//! follow each code, void unclaimed ones, export CSV, and print the cards.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use omiyage_api::{BatchInput, BatchSummary, BatchView, CodeState, FieldError, Role};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, t};
use crate::session::use_me;

#[component]
pub fn BatchesPage() -> impl IntoView {
    set_title(t().nav_batches);
    let batches = LocalResource::new(crate::api::batches);
    view! {
        <h1>{t().nav_batches}</h1>
        <NewBatch/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match batches.await {
                    Ok(list) if list.is_empty() => view! { <p>{t().no_batches}</p> }.into_any(),
                    Ok(list) => view! { <BatchTable list/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BatchTable(list: Vec<BatchSummary>) -> impl IntoView {
    view! {
        <table class="table" data-test="batches">
            <thead><tr>
                <th scope="col">{t().product}</th><th scope="col" class="num">{t().codes}</th>
                <th scope="col" class="num">{t().claimed}</th><th scope="col">{t().expires}</th><th scope="col">{t().placed}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|b| view! {
                    <tr data-test="batch-row">
                        <td><a href=format!("/console/batches/{}", b.id)>{b.product_name}" · "{b.variant_name}</a></td>
                        <td class="num">{b.count}</td><td class="num">{b.claimed}</td>
                        <td>{b.expires_on}</td><td>{i18n::time(b.created_at)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn NewBatch() -> impl IntoView {
    let me = use_me();
    let is_admin = me.role == Role::Admin;
    let catalog = LocalResource::new(crate::api::catalog);
    let shops = LocalResource::new(move || async move {
        if is_admin {
            crate::api::shops().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let choice = RwSignal::new(String::new()); // "product_id|variant_id"
    let shop = RwSignal::new(String::new());
    let count = RwSignal::new("10".to_string());
    let greeting = RwSignal::new(String::new());
    let expires = RwSignal::new(i18n::date_in_days(30));
    // The last claim day starts at the shop's claim window (staff: their shop; admin: the shop picked).
    let own_shop = me.shop_id.clone();
    let windows = LocalResource::new(move || {
        let own = own_shop.clone();
        async move {
            match own {
                Some(id) => crate::api::shop(&id)
                    .await
                    .map(|s| vec![s])
                    .unwrap_or_default(),
                None => crate::api::shops().await.unwrap_or_default(),
            }
        }
    });
    Effect::new(move |_| {
        let Some(list) = windows.get() else { return };
        let picked = shop.get();
        let window = list
            .iter()
            .find(|s| picked.is_empty() || s.id == picked)
            .map(|s| s.claim_window_secs);
        if let Some(secs) = window {
            expires.set(i18n::date_in_days((secs + 86_399) / 86_400));
        }
    });
    let allow = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let navigate = use_navigate();
    let create = Action::new_local(move |input: &BatchInput| {
        let input = input.clone();
        async move { crate::api::create_batch(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(b)) => navigate(&format!("/console/batches/{}", b.id), Default::default()),
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new(
                "variant_id",
                crate::i18n::error_message(&e),
            )]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = choice.get_untracked();
        let (product_id, variant_id) = picked.split_once('|').unwrap_or_default();
        let input = BatchInput {
            shop_id: is_admin.then(|| shop.get_untracked()),
            product_id: product_id.to_string(),
            variant_id: variant_id.to_string(),
            allow_variant_choice: allow.get_untracked(),
            count: omiyage_core::text::number(&count.get_untracked()).unwrap_or(0),
            greeting: greeting.get_untracked(),
            expires_on: expires.get_untracked(),
        };
        match omiyage_core::batch::validate_batch(&input, i18n::now()) {
            Ok(_) => {
                errors.set(Vec::new());
                create.dispatch(input);
            }
            Err(e) => errors.set(e.fields),
        }
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <form class="panel inline-form" on:submit=submit data-test="new-batch" novalidate>
            <h2>{t().new_batch}</h2>
            {is_admin.then(|| view! {
                <div class="field">
                    <label for="batch-shop">{t().shop}</label>
                    <select id="batch-shop" bind:value=shop>
                        <option value="">{t().choose}</option>
                        <Suspense>{move || Suspend::new(async move {
                            shops.await.into_iter().map(|s| view! { <option value=s.id>{s.name}</option> }).collect_view()
                        })}</Suspense>
                    </select>
                    <p class="field-error">{move || field_error(&errors.read(), "shop_id")}</p>
                </div>
            })}
            <div class="field">
                <label for="batch-variant">{t().product}</label>
                <select id="batch-variant" bind:value=choice data-test="batch-variant">
                    <option value="">{t().choose}</option>
                    <Suspense>{move || Suspend::new(async move {
                        catalog.await.map(|c| c.products).unwrap_or_default().into_iter().flat_map(|p| {
                            p.variants.iter().map(|v| {
                                let label = format!("{} — {} ({}, {} {})", p.name, v.name, v.price.format(), v.stock, t().in_stock);
                                view! { <option value=format!("{}|{}", p.id, v.id)>{label}</option> }
                            }).collect::<Vec<_>>()
                        }).collect_view()
                    })}</Suspense>
                </select>
                <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), "variant_id")}</p>
            </div>
            <Input id="batch-count".into() label=t().codes_to_print value=count error=err("count") kind="number"/>
            <Input id="batch-greeting".into() label=t().greeting value=greeting error=err("greeting")/>
            <Input id="batch-expires".into() label=t().last_claim_day value=expires error=err("expires_on") kind="date"/>
            <label class="check"><input type="checkbox" bind:checked=allow/>" "{t().allow_choice}</label>
            <button type="submit" class="button" data-test="create-batch" disabled=move || create.pending().get()>{t().create_batch}</button>
        </form>
    }
}

#[component]
pub fn BatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let batch = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::batch(&id).await }
    });
    view! {
        <p><a href="/console/batches">{t().back_to_batches}</a></p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match batch.await {
                    Ok(b) => view! { <BatchDetail batch=b/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BatchDetail(batch: BatchView) -> impl IntoView {
    set_title(&batch.product_name);
    let current = RwSignal::new(batch);
    let id = current.with_untracked(|b| b.id.clone());
    let id_void = id.clone();
    let void = Action::new_local(move |code: &String| {
        let (id, code) = (id_void.clone(), code.clone());
        async move { crate::api::void_code(&id, &code).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(b)) = void.value().get() {
            current.set(b);
        }
    });
    let count = move |s: CodeState| current.read().codes.iter().filter(|c| c.state == s).count();
    view! {
        <h1>{move || current.read().product_name.clone()}" · "{move || current.read().variant_name.clone()}</h1>
        <p class="muted">{move || current.read().shop_name.clone()}" · "{t().expires}" "{move || current.read().expires_on.clone()}</p>
        <p data-test="batch-counts">{move || i18n::batch_counts(count(CodeState::Unclaimed), count(CodeState::Claimed), count(CodeState::Shipped), count(CodeState::Voided), count(CodeState::Expired))}</p>
        <div class="actions">
            <a class="button" href=format!("/console/batches/{id}/print") data-test="print-view">{t().print_cards}</a>
            <a class="button secondary" href=format!("/api/batches/{id}/codes.csv") download="">{t().export_csv}</a>
        </div>
        {move || void.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        <table class="table" data-test="codes">
            <thead><tr><th scope="col">{t().code}</th><th scope="col">{t().status}</th><th scope="col">{t().claimed}</th><th scope="col"></th></tr></thead>
            <tbody>
                {move || current.get().codes.into_iter().map(|c| {
                    let code = c.code.clone();
                    view! {
                        <tr data-test="code-row">
                            <td class="mono">{c.code.clone()}</td>
                            <td data-test="code-state">{i18n::code_state(c.state)}</td>
                            <td>{c.claimed_at.map(i18n::time)}</td>
                            <td>{(c.state == CodeState::Unclaimed).then(|| view! {
                                <button type="button" class="link" on:click=move |_| { void.dispatch(code.clone()); }>{t().void}</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
