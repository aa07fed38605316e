//! Promoters create their own account (staff accounts come from the admin): the form, then the
//! link emailed to the address, which makes the account and signs it in (`/console/welcome`).
//! The form's answer is the same whether or not the email has an account.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use omiyage_api::{FieldError, NewAccount, SignUpStarted};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick, t};

#[component]
pub fn SignUpPage() -> impl IntoView {
    set_title(t().sign_up_title);
    let (name, email, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let submit = Action::new_local(move |input: &NewAccount| {
        let input = input.clone();
        async move { crate::api::promoter_sign_up(&input).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = submit.value().get() {
            errors.set(e.fields);
        }
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
    let sent = move || submit.value().get().and_then(Result::ok);
    view! {
        <main id="main" class="narrow sign-in">
            <h1>{t().sign_up_title}</h1>
            <Show when=move || sent().is_none() fallback=move || sent().map(|s| view! { <Sent started=s/> })>
                <p>{t().sign_up_note}</p>
                <form on:submit=on_submit data-test="sign-up-form" novalidate>
                    <Input id="name".into() label=t().name value=name error=err("name") autocomplete="name"/>
                    <Input id="email".into() label=t().email value=email error=err("email") kind="email" autocomplete="email"/>
                    <Input id="password".into() label=t().password value=password error=err("password") kind="password" autocomplete="new-password"/>
                    {move || submit.value().get().and_then(Result::err).filter(|e| e.fields.is_empty()).map(|error| view! { <ErrorNote error/> })}
                    <button type="submit" class="button" data-test="sign-up" disabled=move || submit.pending().get()>{t().sign_up}</button>
                </form>
            </Show>
            <p><a href="/console/sign-in">{t().sign_in}</a></p>
        </main>
    }
}

/// "Check your inbox": where the link went and for how long it works.
#[component]
fn Sent(started: SignUpStarted) -> impl IntoView {
    let hours = started.expires_in_secs / 3600;
    let text = match i18n::lang() {
        i18n::Lang::Ja => format!(
            "{} 宛てに登録を完了するリンクを送りました。メールのリンクを開くと登録が完了します（{hours}時間有効）。このアドレスのアカウントがすでにある場合は、その旨をお知らせするメールが届きます。",
            started.email
        ),
        i18n::Lang::ZhHans => format!(
            "我们已向 {} 发送了完成注册的链接。打开邮件中的链接即可完成注册（{hours} 小时内有效）。如果该邮箱已有账户，您会收到一封说明邮件。",
            started.email
        ),
        i18n::Lang::En => format!(
            "We sent a link to finish signing up to {}. Open it to finish (it works for {hours} hours). If this email has an account already, the email says so instead.",
            started.email
        ),
    };
    view! {
        <section class="panel" role="status" data-test="sign-up-sent">
            <h2>{pick("メールを確認してください", "请查收邮件", "Check your email")}</h2>
            <p>{text}</p>
        </section>
    }
}

/// The sign-up's emailed link: makes the account, signs it in and opens the console.
#[component]
pub fn WelcomePage() -> impl IntoView {
    set_title(t().sign_up_title);
    let query = use_query_map();
    let confirm = Action::new_local(move |token: &String| {
        let token = token.clone();
        async move { crate::api::confirm_sign_up(&token).await }
    });
    confirm.dispatch(query.read_untracked().get("token").unwrap_or_default());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = confirm.value().get() {
            navigate("/console/", Default::default());
        }
    });
    view! {
        <main id="main" class="narrow sign-in" data-test="welcome">
            <h1>{t().sign_up_title}</h1>
            {move || match confirm.value().get() {
                None | Some(Ok(_)) => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorNote error/>
                    <p><a href="/console/sign-up" data-test="sign-up-again">{t().sign_up_link}</a></p>
                }.into_any(),
            }}
        </main>
    }
}
