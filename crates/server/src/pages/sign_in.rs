//! Signing in to My page without a password: an email gets a one-time link; opening it shows a
//! button that signs in (a mail scanner that follows links does not use it up). Server-rendered
//! like `/orders` (no app bytes, works without JavaScript). Passkeys: `pages/passkeys.rs`.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::http::extract::{ClientIp, PageLang};
use crate::services::members;
use crate::storage::Backend;
use crate::{AppError, AppState};

struct Texts {
    title: &'static str,
    intro: &'static str,
    label: &'static str,
    submit: &'static str,
    sent: &'static str,
    invalid: &'static str,
    too_many: &'static str,
    failed: &'static str,
    back: &'static str,
    confirm: &'static str,
    sign_in: &'static str,
    expired: &'static str,
}

const EN: Texts = Texts {
    title: "My page",
    intro: "Sign in with your email: we send you a link that signs you in, no password needed. Orders placed with this email, also before you signed in, are on your page.",
    label: "Email",
    submit: "Email me a sign-in link",
    sent: "A sign-in link is on its way to this email. It works once, within 15 minutes. Check your inbox (and the spam folder).",
    invalid: "Enter your email like name@example.com.",
    too_many: "Too many requests. Wait {n} minute(s) and try again.",
    failed: "Something went wrong on our side. Please try again.",
    back: "Omiyage shop",
    confirm: "Sign in to your page at Omiyage.",
    sign_in: "Sign in",
    expired: "This sign-in link has expired or was used already. Ask for a new one below.",
};

const JA: Texts = Texts {
    title: "マイページ",
    intro: "メールアドレスでサインインします。サインイン用のリンクをお送りするので、パスワードは要りません。このアドレスでのご注文（サインイン前のものも）がマイページに表示されます。",
    label: "メールアドレス",
    submit: "サインイン用のリンクを受け取る",
    sent: "サインイン用のリンクをお送りしました。リンクは15分間、1回だけ使えます。受信トレイ（迷惑メールフォルダも）をご確認ください。",
    invalid: "メールアドレスは name@example.com のように入力してください。",
    too_many: "リクエストが多すぎます。{n}分ほど待ってから、もう一度お試しください。",
    failed: "エラーが発生しました。もう一度お試しください。",
    back: "Omiyage ショップ",
    confirm: "Omiyage のマイページにサインインします。",
    sign_in: "サインイン",
    expired: "このリンクは有効期限が切れたか、すでに使われています。下から新しいリンクをお求めください。",
};

const ZH: Texts = Texts {
    title: "我的页面",
    intro: "用邮箱登录：我们会发送登录链接，无需密码。用此邮箱下的订单（包括登录前的）都会显示在您的页面上。",
    label: "邮箱",
    submit: "通过邮件接收登录链接",
    sent: "登录链接已发送到此邮箱，15 分钟内有效，只能使用一次。请查看收件箱（以及垃圾邮件）。",
    invalid: "请填写正确的邮箱（例如 name@example.com）。",
    too_many: "请求过多。请等待 {n} 分钟后再试。",
    failed: "我们这边出了点问题，请重试。",
    back: "Omiyage 商店",
    confirm: "登录您在 Omiyage 的页面。",
    sign_in: "登录",
    expired: "此登录链接已过期或已被使用。请在下方重新获取。",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// The sign-in form, with a note (`sent`) or an error above it.
pub(crate) fn page(
    lang: Lang,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
    note: Option<&str>,
    passkey: bool,
) -> Response {
    let t = texts(lang);
    let button = crate::pages::passkeys::sign_in_button(lang, passkey);
    let form = crate::pages::form::EmailForm {
        back: t.back,
        title: t.title,
        intro: t.intro,
        label: t.label,
        submit: t.submit,
        action: "/account",
        tests: ["member-sign-in-form", "member-send-link", "member-note"],
        after: (&button, crate::pages::passkeys::STYLE),
    };
    crate::pages::form::email_page(lang, status, &form, email, error, note)
}

/// The sign-in form saying something went wrong (logged).
pub(crate) fn failed(lang: Lang, error: &AppError) -> Response {
    tracing::error!(error = %error, "the member's page failed");
    let t = texts(lang);
    page(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        "",
        Some(t.failed),
        None,
        false,
    )
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// `POST /account`: emails a sign-in link and says so (the same for any email), or says what
/// is wrong.
pub async fn send_link<S: Backend>(
    State(state): State<AppState<S>>,
    ClientIp(client): ClientIp,
    PageLang(lang): PageLang,
    Form(form): Form<EmailForm>,
) -> Response {
    let t = texts(lang);
    let email = form.email.chars().take(254).collect::<String>();
    match members::send_link(&state, client, &email, lang).await {
        Ok(()) => page(lang, StatusCode::OK, "", None, Some(t.sent), false),
        Err(e) => {
            let words = crate::pages::form::Refusals {
                too_many: t.too_many,
                invalid: t.invalid,
                failed: t.failed,
            };
            crate::pages::form::refused(e, &words, |status, message| {
                page(lang, status, &email, Some(message), None, false)
            })
        }
    }
}

/// `GET /account/link/<token>`: a button that signs in (the link is used by pressing it).
pub async fn confirm(Path(token): Path<String>, PageLang(lang): PageLang) -> Response {
    let t = texts(lang);
    let body = format!(
        r##"<h1>{title}</h1>
<p>{confirm}</p>
<form method="post" action="/account/link/{token}">
<button type="submit" data-test="member-sign-in">{sign_in}</button>
</form>"##,
        title = t.title,
        confirm = t.confirm,
        token = escape(&omiyage::api::encode_uri_component(&token)),
        sign_in = t.sign_in,
    );
    crate::pages::form::shell(lang, StatusCode::OK, t.title, &body)
}

/// `POST /account/link/<token>`: signs in (the session cookie, then the member's page), or
/// says the link is no longer good.
pub async fn sign_in<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Response {
    let t = texts(lang);
    match members::sign_in(&state, &token).await {
        Ok(Some((_, session))) => {
            let mut r = crate::pages::form::to_my_page("");
            members::set_session(&mut r, Some(&session), state.cookie_secure);
            r
        }
        Ok(None) => {
            let passkey = crate::pages::passkeys::available(&state, &headers);
            page(
                lang,
                StatusCode::NOT_FOUND,
                "",
                Some(t.expired),
                None,
                passkey,
            )
        }
        Err(e) => failed(lang, &e),
    }
}

/// `POST /account/sign-out`: ends the session, back to the sign-in form.
pub async fn sign_out<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = members::sign_out(&state, &headers).await {
        return failed(lang, &e);
    }
    let mut r = crate::pages::form::to_my_page("");
    members::set_session(&mut r, None, state.cookie_secure);
    r
}
