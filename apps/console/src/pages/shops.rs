//! Shops (name, address, gift claim window), their staff, and every account with
//! disable/enable (promoters who misbehave, staff who left).

use leptos::prelude::*;
use omiyage_api::{
    AccountView, FieldError, InvoiceIssuer, NewAccount, PaymentRules, Shop, ShopInput,
};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, t};

#[component]
pub fn ShopsPage() -> impl IntoView {
    set_title(t().nav_shops);
    let shops = LocalResource::new(crate::api::shops);
    let accounts = LocalResource::new(crate::api::accounts);
    let issuer = LocalResource::new(crate::api::invoice_issuer);
    let rules = LocalResource::new(crate::api::payment_rules);
    view! {
        <h1>{t().nav_shops}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match issuer.await {
                    Ok(current) => view! { <IssuerForm current/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match rules.await {
                    Ok(current) => view! { <HoldForm current/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match (shops.await, accounts.await) {
                    (Ok(s), Ok(a)) => view! { <ShopsAndAccounts shops=s accounts=a/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ShopsAndAccounts(shops: Vec<Shop>, accounts: Vec<AccountView>) -> impl IntoView {
    let shops = RwSignal::new(shops);
    let accounts = RwSignal::new(accounts);
    let editing = RwSignal::new(None::<Shop>);
    view! {
        <section class="panel">
            <h2>{t().shops}</h2>
            <ul class="plain" data-test="shops">
                {move || shops.get().into_iter().map(|s| {
                    let picked = s.clone();
                    view! {
                        <li><strong>{s.name}</strong>" · "{s.address}" · "{i18n::claim_window(s.claim_window_secs)}" "
                            <button type="button" class="link" on:click=move |_| editing.set(Some(picked.clone()))>{t().edit}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ShopForm shops editing/>
        </section>
        <section class="panel">
            <h2>{t().accounts}</h2>
            <table class="table" data-test="accounts">
                <thead><tr><th scope="col">{t().name}</th><th scope="col">{t().email}</th><th scope="col">{t().role}</th><th scope="col"></th></tr></thead>
                <tbody>
                    {move || accounts.get().into_iter().map(|a| {
                        let shop = a.shop_id.as_ref().and_then(|id| shops.read().iter().find(|s| &s.id == id).map(|s| s.name.clone()));
                        view! { <AccountRow account=a shop accounts/> }
                    }).collect_view()}
                </tbody>
            </table>
            <NewStaff shops accounts/>
        </section>
    }
}

#[component]
fn AccountRow(
    account: AccountView,
    shop: Option<String>,
    accounts: RwSignal<Vec<AccountView>>,
) -> impl IntoView {
    let id = account.id.clone();
    let toggle = Action::new_local(move |disable: &bool| {
        let (id, disable) = (id.clone(), *disable);
        async move { crate::api::set_disabled(&id, disable).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = toggle.value().get() {
            accounts.update(|list| {
                if let Some(a) = list.iter_mut().find(|a| a.id == updated.id) {
                    *a = updated;
                }
            });
        }
    });
    let disabled = account.disabled;
    let is_me = account.id == crate::session::use_me().id;
    view! {
        <tr>
            <td>{account.name}</td><td>{account.email}</td>
            <td>{i18n::role(account.role)}{shop.map(|s| format!(" {} {s}", t().in_shop))}{disabled.then(|| view! { " "<span class="badge muted">{t().disabled}</span> })}</td>
            <td>
                {(!is_me).then(|| view! {
                    <button type="button" class="link" on:click=move |_| { toggle.dispatch(!disabled); }>
                        {if disabled { t().enable } else { t().disable }}
                    </button>
                })}
                {move || toggle.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            </td>
        </tr>
    }
}

/// Creates a shop, or edits the one picked with its Edit button.
/// The shop as a qualified-invoice issuer: the registered name and `T` number printed on every
/// receipt. The server checks the number's format and check digit.
#[component]
fn IssuerForm(current: Option<InvoiceIssuer>) -> impl IntoView {
    let name = RwSignal::new(
        current
            .as_ref()
            .map(|i| i.registered_name.clone())
            .unwrap_or_default(),
    );
    let number = RwSignal::new(current.map(|i| i.registration_number).unwrap_or_default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = Action::new_local(|input: &InvoiceIssuer| {
        let input = input.clone();
        async move { crate::api::set_invoice_issuer(&input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            number.set(saved.registration_number);
            errors.set(Vec::new());
        }
        Some(Err(e)) => errors.set(e.fields),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(InvoiceIssuer {
            registered_name: name.get_untracked(),
            registration_number: number.get_untracked(),
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <section class="panel">
            <h2>{t().invoices}</h2>
            <p class="muted">{t().invoices_note}</p>
            <form class="inline-form" on:submit=submit data-test="issuer-form">
                <Input id="issuer-name".into() label=t().registered_name value=name error=err("registered_name")/>
                <Input id="issuer-number".into() label=t().registration_number value=number error=err("registration_number")/>
                <button type="submit" class="button secondary">{t().save}</button>
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="success" role="status" data-test="issuer-saved">{t().saved}</p> })}
            </form>
        </section>
    }
}

/// How long an order to be paid at the counter holds its stock.
#[component]
fn HoldForm(current: PaymentRules) -> impl IntoView {
    let hours = RwSignal::new(current.pay_in_shop_hold_hours.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = Action::new_local(|input: &PaymentRules| {
        let input = input.clone();
        async move { crate::api::set_payment_rules(&input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => errors.set(Vec::new()),
        Some(Err(e)) => errors.set(e.fields),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match hours.get_untracked().trim().parse::<i64>() {
            Ok(h) => {
                save.dispatch(PaymentRules {
                    pay_in_shop_hold_hours: h,
                });
            }
            Err(_) => errors.set(vec![FieldError::new(
                "pay_in_shop_hold_hours",
                "Between 1 and 720 hours.",
            )]),
        }
    };
    let err = Signal::derive(move || field_error(&errors.read(), "pay_in_shop_hold_hours"));
    view! {
        <section class="panel">
            <h2>{t().holds}</h2>
            <p class="muted">{t().holds_note}</p>
            <form class="inline-form" on:submit=submit data-test="hold-form">
                <Input id="hold-hours".into() label=t().hold_hours value=hours error=err/>
                <button type="submit" class="button secondary">{t().save}</button>
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="success" role="status" data-test="hold-saved">{t().saved}</p> })}
            </form>
        </section>
    }
}

#[component]
fn ShopForm(shops: RwSignal<Vec<Shop>>, editing: RwSignal<Option<Shop>>) -> impl IntoView {
    let (name, address, days) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("3".to_string()),
    );
    Effect::new(move |_| {
        if let Some(s) = editing.get() {
            name.set(s.name);
            address.set(s.address);
            days.set((s.claim_window_secs / 86_400).max(1).to_string());
        }
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = Action::new_local(move |(id, input): &(Option<String>, ShopInput)| {
        let (id, input) = (id.clone(), input.clone());
        async move {
            match id {
                Some(id) => crate::api::update_shop(&id, &input).await,
                None => crate::api::create_shop(&input).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(shop)) => {
            shops.update(|list| match list.iter_mut().find(|s| s.id == shop.id) {
                Some(existing) => *existing = shop,
                None => list.push(shop),
            });
            editing.set(None);
            name.set(String::new());
            address.set(String::new());
            days.set("3".into());
            errors.set(Vec::new());
        }
        Some(Err(e)) => errors.set(e.fields),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days: i64 = omiyage_core::text::number(&days.get_untracked()).unwrap_or(0);
        let input = ShopInput {
            name: name.get_untracked(),
            address: address.get_untracked(),
            claim_window_secs: days * 86_400,
        };
        save.dispatch((editing.get_untracked().map(|s| s.id), input));
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <form class="inline-form" on:submit=submit data-test="shop-form">
            <h3>{move || if editing.read().is_some() { t().edit_shop } else { t().new_shop }}</h3>
            <Input id="shop-name".into() label=t().name value=name error=err("name")/>
            <Input id="shop-address".into() label=t().address value=address error=err("address")/>
            <Input id="shop-days".into() label=t().claim_days value=days error=err("claim_window_secs") kind="number"/>
            <button type="submit" class="button secondary">{move || if editing.read().is_some() { t().save } else { t().add_shop }}</button>
        </form>
    }
}

#[component]
fn NewStaff(shops: RwSignal<Vec<Shop>>, accounts: RwSignal<Vec<AccountView>>) -> impl IntoView {
    let (email, name, password, shop) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = Action::new_local(move |input: &NewAccount| {
        let input = input.clone();
        async move { crate::api::create_staff(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(a)) => {
            accounts.update(|list| list.push(a));
            email.set(String::new());
            name.set(String::new());
            password.set(String::new());
            errors.set(Vec::new());
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("email", crate::i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(NewAccount {
            email: email.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            shop_id: Some(shop.get_untracked()),
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <form class="inline-form" on:submit=submit>
            <h3>{t().new_staff}</h3>
            <Input id="staff-name".into() label=t().name value=name error=err("name")/>
            <Input id="staff-email".into() label=t().email value=email error=err("email") kind="email"/>
            <Input id="staff-password".into() label=t().password value=password error=err("password") kind="password" autocomplete="new-password"/>
            <div class="field">
                <label for="staff-shop">{t().shop}</label>
                <select id="staff-shop" bind:value=shop>
                    <option value="">{t().choose}</option>
                    {move || shops.get().into_iter().map(|s| view! { <option value=s.id>{s.name}</option> }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), "shop_id")}</p>
            </div>
            <button type="submit" class="button secondary">{t().add_staff}</button>
        </form>
    }
}
