//! Signing in. With `--demo`, the demo accounts are listed and clearly labelled as such.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use omiyage_api::SignInRequest;

use crate::components::{ErrorNote, Input, set_title};
use crate::i18n::{self, t};

#[component]
pub fn SignInPage() -> impl IntoView {
    set_title(t().sign_in);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let demo = LocalResource::new(crate::api::demo_accounts);
    let navigate = use_navigate();
    let submit = Action::new_local(move |request: &SignInRequest| {
        let request = request.clone();
        async move { crate::api::sign_in(&request).await }
    });
    // Back to the console page that asked for a session (only a console path).
    let query = leptos_router::hooks::use_query_map();
    let next = move || {
        query
            .read_untracked()
            .get("next")
            .filter(|n| n.starts_with("/console/") && !n.contains("//"))
            .unwrap_or_else(|| "/console/".to_string())
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            navigate(&next(), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(SignInRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <main id="main" class="narrow sign-in">
            <crate::components::LanguageSwitch/>
            <h1>{t().sign_in_title}</h1>
            <form on:submit=on_submit data-test="sign-in-form">
                <Input id="email".into() label=t().email value=email error=crate::components::no_error() kind="email" autocomplete="username"/>
                <Input id="password".into() label=t().password value=password error=crate::components::no_error() kind="password" autocomplete="current-password"/>
                {move || submit.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
                <button type="submit" class="button" data-test="sign-in" disabled=move || submit.pending().get()>{t().sign_in}</button>
            </form>
            <p><a href="/console/sign-up" data-test="sign-up-link">{t().sign_up_link}</a></p>
            <Suspense>
                {move || Suspend::new(async move {
                    let accounts = demo.await.unwrap_or_default();
                    (!accounts.is_empty()).then(|| view! {
                        <section class="demo" data-test="demo-accounts" aria-labelledby="demo-title">
                            <h2 id="demo-title"><span class="badge">{t().demo_badge}</span>" "{t().demo_title}</h2>
                            <p>{t().demo_note}</p>
                            <ul>
                                {accounts.into_iter().map(|a| {
                                    let (e, p) = (a.email.clone(), i18n::demo_password(a.role));
                                    view! {
                                        <li>
                                            <button type="button" class="link" on:click=move |_| { email.set(e.clone()); password.set(p.to_string()); }>
                                                {i18n::role(a.role)}": "{a.email.clone()}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Suspense>
        </main>
    }
}
