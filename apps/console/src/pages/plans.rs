//! Promotion plans (admin): name, commission and an optional higher rate for new buyers,
//! products, attribution window, dates, open or invite-only; pause and resume; each plan's
//! orders and how many were new buyers'.

use leptos::prelude::*;
use omiyage_api::{FieldError, PlanInput, PlanView};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, t};

#[component]
pub fn PlansPage() -> impl IntoView {
    set_title(t().plans);
    let plans = LocalResource::new(crate::api::admin_plans);
    let catalog = LocalResource::new(crate::api::catalog);
    let (name, percent, window) = (
        RwSignal::new(String::new()),
        RwSignal::new("10".to_string()),
        RwSignal::new("7".to_string()),
    );
    // Empty: the same rate for new and returning buyers.
    let new_buyer_percent = RwSignal::new(String::new());
    let (starts, ends) = (
        RwSignal::new(i18n::date_in_days(0)),
        RwSignal::new(i18n::date_in_days(30)),
    );
    let picked = RwSignal::new(Vec::<String>::new());
    let open = RwSignal::new(true);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = Action::new_local(move |input: &PlanInput| {
        let input = input.clone();
        async move { crate::api::create_plan(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            name.set(String::new());
            plans.refetch();
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("name", crate::i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let bps = |text: String| {
            let pct: f64 = omiyage_core::text::number(&text).unwrap_or(-1.0);
            (pct * 100.0).round() as i64
        };
        let new_buyer = new_buyer_percent.get_untracked();
        create.dispatch(PlanInput {
            name: name.get_untracked(),
            commission_bps: bps(percent.get_untracked()),
            new_buyer_bps: (!new_buyer.trim().is_empty()).then(|| bps(new_buyer)),
            window_days: omiyage_core::text::number(&window.get_untracked()).unwrap_or(0),
            product_ids: picked.get_untracked(),
            starts_on: starts.get_untracked(),
            ends_on: ends.get_untracked(),
            open: open.get_untracked(),
        });
    };
    let toggle = Action::new_local(move |(id, pause): &(String, bool)| {
        let (id, pause) = (id.clone(), *pause);
        async move { crate::api::set_plan_paused(&id, pause).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            plans.refetch();
        }
    });
    // Invite-only plans: pick a promoter to invite.
    let promoters = LocalResource::new(|| async {
        crate::api::accounts()
            .await
            .map(|list| {
                list.into_iter()
                    .filter(|a| a.role == omiyage_api::Role::Promoter && !a.disabled)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let invite = Action::new_local(move |(plan, promoter): &(String, String)| {
        let (plan, promoter) = (plan.clone(), promoter.clone());
        async move { crate::api::invite(&plan, &promoter).await }
    });
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <h1>{t().plans}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(list) => view! {
                        <ul class="plain" data-test="admin-plans">
                            {list.into_iter().map(|p: PlanView| {
                                let (id, paused) = (p.id.clone(), p.paused);
                                view! {
                                    <li>
                                        <strong>{p.name}</strong>" · "{i18n::rates(p.commission_bps, p.new_buyer_bps)}
                                        " · "{i18n::window(p.window_days)}" · "
                                        {p.product_ids.join(", ")}" · "
                                        <span data-test="plan-new-buyers">{i18n::new_buyer_orders(p.new_buyer_orders, p.orders)}</span>
                                        {paused.then(|| view! { " "<span class="badge muted">{t().paused}</span> })}" "
                                        <button type="button" class="link" on:click=move |_| { toggle.dispatch((id.clone(), !paused)); }>
                                            {if paused { t().resume } else { t().pause }}
                                        </button>
                                        {(!p.open).then(|| {
                                            let plan_id = p.id.clone();
                                            let select_id = format!("invite-{}", p.id);
                                            view! {
                                                <span class="invite">
                                                    <label for=select_id.clone()>" "{t().invite}" "</label>
                                                    <select id=select_id data-test="invite" on:change=move |ev| {
                                                        let promoter = event_target_value(&ev);
                                                        if !promoter.is_empty() { invite.dispatch((plan_id.clone(), promoter)); }
                                                    }>
                                                        <option value="">{t().choose}</option>
                                                        <Suspense>{move || Suspend::new(async move {
                                                            promoters.await.into_iter().map(|a| view! { <option value=a.id>{a.name}" <"{a.email}">"</option> }).collect_view()
                                                        })}</Suspense>
                                                    </select>
                                                </span>
                                            }
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        {move || invite.value().get().map(|r| match r {
            Ok(()) => view! { <p class="success" role="status" data-test="invited">{t().invited}</p> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })}
        <form class="panel inline-form" on:submit=submit data-test="new-plan" novalidate>
            <h2>{t().new_plan}</h2>
            <Input id="plan-name".into() label=t().name value=name error=err("name")/>
            <Input id="plan-percent".into() label=t().commission_percent value=percent error=err("commission_bps") kind="number"/>
            <Input id="plan-new-buyer".into() label=i18n::pick("新規購入者の報酬率（%、空欄で同率）", "新买家佣金比例（%，留空则相同）", "New-buyer rate (%, blank for the same)") value=new_buyer_percent error=err("new_buyer_bps") kind="number"/>
            <Input id="plan-window".into() label=t().window_days value=window error=err("window_days") kind="number"/>
            <Input id="plan-starts".into() label=t().starts value=starts error=err("starts_on") kind="date"/>
            <Input id="plan-ends".into() label=t().ends value=ends error=err("ends_on") kind="date"/>
            <fieldset class="variants">
                <legend>{t().nav_products}</legend>
                <Suspense>{move || Suspend::new(async move {
                    catalog.await.map(|c| c.products).unwrap_or_default().into_iter().map(|p| {
                        let id = p.id.clone();
                        let checked = { let id = id.clone(); move || picked.read().contains(&id) };
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=checked on:change=move |_| picked.update(|v| {
                                    if let Some(i) = v.iter().position(|x| *x == id) { v.remove(i); } else { v.push(id.clone()); }
                                })/>
                                {p.name}
                            </label>
                        }
                    }).collect_view()
                })}</Suspense>
                <p class="field-error">{move || field_error(&errors.read(), "product_ids")}</p>
            </fieldset>
            <label class="check"><input type="checkbox" bind:checked=open/>" "{t().open_to_all}</label>
            <button type="submit" class="button" data-test="create-plan">{t().create_plan}</button>
        </form>
        <super::levels::LevelsEditor/>
        <super::agency::AgenciesAdmin/>
    }
}
