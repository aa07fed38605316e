//! Promoters create their own account (staff accounts come from the admin).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use omiyage_api::{FieldError, NewAccount};

use crate::components::{ErrorNote, Input, field_error, set_title};
use crate::i18n::t;

#[component]
pub fn SignUpPage() -> impl IntoView {
    set_title(t().sign_up_title);
    let (name, email, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let navigate = use_navigate();
    let submit = Action::new_local(move |input: &NewAccount| {
        let input = input.clone();
        async move { crate::api::promoter_sign_up(&input).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(_)) => navigate("/console/", Default::default()),
        Some(Err(e)) => errors.set(e.fields),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewAccount {
            email: email.get_untracked(),
            name: name.get_untracked(),
            password: password.get_untracked(),
            shop_id: None,
        };
        // The server's rules first, so mistakes show before any request.
        match omiyage_core::account::validate_new_account(&input, false) {
            Ok(_) => {
                errors.set(Vec::new());
                submit.dispatch(input);
            }
            Err(e) => errors.set(e.fields),
        }
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <main id="main" class="narrow sign-in">
            <h1>{t().sign_up_title}</h1>
            <p>{t().sign_up_note}</p>
            <form on:submit=on_submit data-test="sign-up-form" novalidate>
                <Input id="name".into() label=t().name value=name error=err("name") autocomplete="name"/>
                <Input id="email".into() label=t().email value=email error=err("email") kind="email" autocomplete="email"/>
                <Input id="password".into() label=t().password value=password error=err("password") kind="password" autocomplete="new-password"/>
                {move || submit.value().get().and_then(Result::err).filter(|e| e.fields.is_empty()).map(|error| view! { <ErrorNote error/> })}
                <button type="submit" class="button" data-test="sign-up" disabled=move || submit.pending().get()>{t().sign_up}</button>
            </form>
            <p><a href="/console/sign-in">{t().sign_in}</a></p>
        </main>
    }
}
