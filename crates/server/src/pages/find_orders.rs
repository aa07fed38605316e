//! `/orders` ("find my orders"): a shopper who lost an order's private link types the email
//! used at checkout and receives one email listing the links to every order placed with it.
//! Server-rendered like `/claim` (no app bytes, no JavaScript needed); the answer is the same
//! whether or not the email is known.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::http::extract::{ClientIp, PageLang};
use crate::storage::Backend;

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
}

const EN: Texts = Texts {
    title: "Find my orders",
    intro: "Lost the link to an order? Enter the email you used at checkout and we will send you the links to every order placed with it.",
    label: "Email",
    submit: "Email me my order links",
    sent: "If any orders were placed with this email, a message with their links is on its way. Check your inbox (and the spam folder).",
    invalid: "Enter the email you used at checkout, like name@example.com.",
    too_many: "Too many requests. Wait {n} minute(s) and try again.",
    failed: "Something went wrong on our side. Please try again.",
    back: "Omiyage shop",
};

const JA: Texts = Texts {
    title: "注文を探す",
    intro: "ご注文のリンクをなくされましたか？ご注文時のメールアドレスを入力すると、そのアドレスでのご注文すべてのリンクをお送りします。",
    label: "メールアドレス",
    submit: "注文のリンクをメールで受け取る",
    sent: "このメールアドレスでのご注文があれば、リンクを記載したメールをお送りしました。受信トレイ（迷惑メールフォルダも）をご確認ください。",
    invalid: "ご注文時のメールアドレスを name@example.com の形式で入力してください。",
    too_many: "リクエストが多すぎます。{n}分ほど待ってから、もう一度お試しください。",
    failed: "エラーが発生しました。もう一度お試しください。",
    back: "Omiyage ショップ",
};

const ZH: Texts = Texts {
    title: "查找我的订单",
    intro: "找不到订单链接了？请输入下单时使用的邮箱，我们会把用该邮箱下的所有订单链接发送给您。",
    label: "邮箱",
    submit: "通过邮件接收订单链接",
    sent: "如果有使用此邮箱下的订单，我们已发送包含链接的邮件。请查看收件箱（以及垃圾邮件）。",
    invalid: "请输入下单时使用的邮箱，例如 name@example.com。",
    too_many: "请求过多。请等待 {n} 分钟后再试。",
    failed: "我们这边出了点问题，请重试。",
    back: "Omiyage 商店",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

fn page(lang: Lang, status: StatusCode, email: &str, error: Option<&str>, sent: bool) -> Response {
    let t = texts(lang);
    let form = crate::pages::form::EmailForm {
        back: t.back,
        title: t.title,
        intro: t.intro,
        label: t.label,
        submit: t.submit,
        action: "/orders",
        tests: ["find-orders-form", "find-orders", "find-orders-sent"],
        after: ("", ""),
    };
    let done = sent.then_some(t.sent);
    crate::pages::form::email_page(lang, status, &form, email, error, done)
}

pub async fn show(PageLang(lang): PageLang) -> Response {
    page(lang, StatusCode::OK, "", None, false)
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// Queues the email (see `services::messages::find_orders`) and says so, or says what is wrong.
pub async fn submit<S: Backend>(
    State(state): State<AppState<S>>,
    ClientIp(client): ClientIp,
    PageLang(lang): PageLang,
    Form(form): Form<EmailForm>,
) -> Response {
    let t = texts(lang);
    let email = form.email.chars().take(254).collect::<String>();
    match crate::services::messages::find_orders(&state, client, &email, lang).await {
        Ok(()) => page(lang, StatusCode::OK, "", None, true),
        Err(e) => {
            let words = crate::pages::form::Refusals {
                too_many: t.too_many,
                invalid: t.invalid,
                failed: t.failed,
            };
            crate::pages::form::refused(e, &words, |status, message| {
                page(lang, status, &email, Some(message), false)
            })
        }
    }
}
