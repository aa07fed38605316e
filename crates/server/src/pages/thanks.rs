//! `/g/<token>/thanks`: a gift's recipient sends its sender a thank-you note (お礼のメッセージ),
//! linked from the gift page once it is claimed. Plain server-rendered HTML with a form, so it
//! costs the shopper's app no bytes and works without JavaScript. The sender reads the words
//! only, on their order page and in an email; at most one note per claimed unit, and the form's
//! key makes a form sent twice one note.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use omiyage_core::thanks::{NoteProblem, THANKS_MAX_CHARS, note};
use serde::Deserialize;

use crate::AppState;
use crate::http::extract::PageLang;
use crate::storage::{Backend, Thanked};

/// The page's text, one table per language.
struct Texts {
    title: &'static str,
    /// `{sender}`: the name the sender gave.
    intro: &'static str,
    privacy: &'static str,
    label: &'static str,
    /// `{n}`: the longest note.
    hint: &'static str,
    submit: &'static str,
    sent: &'static str,
    back_gift: &'static str,
    back_shop: &'static str,
    empty: &'static str,
    too_long: &'static str,
    not_claimed: &'static str,
    all_sent: &'static str,
    not_found: &'static str,
    failed: &'static str,
}

const EN: Texts = Texts {
    title: "Send a thank-you note",
    intro: "A few words for {sender}, who sent you this gift.",
    privacy: "They read only what you write here: never your name or address unless you write them.",
    label: "Your note",
    hint: "Up to {n} characters.",
    submit: "Send the note",
    sent: "Your note is on its way to the sender. Thank you!",
    back_gift: "Back to the gift",
    back_shop: "Visit the shop",
    empty: "Write a few words first.",
    too_long: "Keep the note to {n} characters or fewer.",
    not_claimed: "Claim the gift first; then you can thank the sender.",
    all_sent: "A thank-you note has already been sent for this gift.",
    not_found: "This gift link is not valid. Check the link you were sent.",
    failed: "Something went wrong on our side. Please try again.",
};

const JA: Texts = Texts {
    title: "お礼のメッセージを送る",
    intro: "このギフトを贈ってくれた {sender} さんに、ひとことお礼を伝えましょう。",
    privacy: "贈り主に届くのはここに書いた言葉だけです。お名前やお届け先は、書かない限り伝わりません。",
    label: "メッセージ",
    hint: "{n}文字まで",
    submit: "メッセージを送る",
    sent: "メッセージを贈り主に送りました。ありがとうございました！",
    back_gift: "ギフトに戻る",
    back_shop: "ショップを見る",
    empty: "メッセージを入力してください。",
    too_long: "メッセージは{n}文字以内で入力してください。",
    not_claimed: "先にギフトを受け取ってから、お礼を送れます。",
    all_sent: "このギフトのお礼のメッセージは、すでに送られています。",
    not_found: "このギフトのリンクは無効です。届いたリンクをご確認ください。",
    failed: "エラーが発生しました。もう一度お試しください。",
};

const ZH: Texts = Texts {
    title: "发送感谢留言",
    intro: "给送您这份礼物的 {sender} 写几句感谢的话吧。",
    privacy: "对方只会看到您在这里写的内容：除非您写出来，否则不会看到您的姓名和地址。",
    label: "留言",
    hint: "最多 {n} 个字。",
    submit: "发送留言",
    sent: "您的留言已发送给送礼人。谢谢！",
    back_gift: "返回礼物",
    back_shop: "逛逛商店",
    empty: "请先写几句话。",
    too_long: "留言请不要超过 {n} 个字。",
    not_claimed: "请先领取礼物，然后再向送礼人致谢。",
    all_sent: "这份礼物的感谢留言已经发送过了。",
    not_found: "这个礼物链接无效。请检查您收到的链接。",
    failed: "我们这边出了点问题，请重试。",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

const STYLE: &str = "<style>textarea{box-sizing:border-box;width:100%;min-height:8em;font:1.05rem/1.5 system-ui,sans-serif;padding:12px;border:2px solid #8a8175;border-radius:10px}textarea:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}blockquote{margin:12px 0;padding:8px 12px;background:#fff;border-left:4px solid #b8372a;border-radius:6px;white-space:pre-line}</style>";

/// The page around `body`, with the two links back (the shop's through the gift, so the visit
/// counts: `services::rewards`).
fn frame(lang: Lang, status: StatusCode, token: &str, body: &str) -> Response {
    let t = texts(lang);
    let gift = format!("/g/{}", omiyage::api::encode_uri_component(token));
    let html = format!(
        r#"<h1>{title}</h1>
{body}
<p><a href="{gift}">{back_gift}</a> · <a href="{gift}/shop">{back_shop}</a></p>"#,
        title = t.title,
        gift = escape(&gift),
        back_gift = t.back_gift,
        back_shop = t.back_shop,
    );
    let style = format!("{}{STYLE}", crate::pages::form::STYLE);
    crate::pages::form::styled(lang, status, t.title, &style, &html)
}

/// The form, with what was typed and the reason it was not taken, if any.
fn form_page(
    lang: Lang,
    status: StatusCode,
    token: &str,
    sender: Option<&str>,
    typed: &str,
    key: &str,
    error: Option<&str>,
) -> Response {
    let t = texts(lang);
    let (error_html, invalid) = crate::pages::form::error("message", error);
    let intro = sender
        .map(|s| format!("<p>{}</p>", escape(&t.intro.replace("{sender}", s))))
        .unwrap_or_default();
    let action = format!("/g/{}/thanks", omiyage::api::encode_uri_component(token));
    let body = format!(
        r#"{intro}
<p class="hint">{privacy}</p>
{error_html}
<form method="post" action="{action}" data-test="thanks-form">
<input type="hidden" name="key" value="{key}">
<label for="message">{label}</label>
<textarea id="message" name="message" required maxlength="{max}" aria-describedby="message-hint"{invalid}>{typed}</textarea>
<p class="hint" id="message-hint">{hint}</p>
<button type="submit" data-test="send-thanks">{submit}</button>
</form>"#,
        privacy = t.privacy,
        action = escape(&action),
        key = escape(key),
        label = t.label,
        max = THANKS_MAX_CHARS,
        typed = escape(typed),
        hint = t.hint.replace("{n}", &THANKS_MAX_CHARS.to_string()),
        submit = t.submit,
    );
    frame(lang, status, token, &body)
}

/// A page that only says something (`class`: `done` or `error`).
fn note_page(
    lang: Lang,
    status: StatusCode,
    token: &str,
    class: &str,
    text: &str,
    quote: Option<&str>,
) -> Response {
    let role = if class == "done" { "status" } else { "alert" };
    let quote = quote
        .map(|q| {
            format!(
                r#"<blockquote data-test="thanks-sent">{}</blockquote>"#,
                escape(q)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"<p class="{class}" role="{role}">{}</p>{quote}"#,
        escape(text)
    );
    frame(lang, status, token, &body)
}

/// A page that says why nothing was sent.
fn error_page(lang: Lang, status: StatusCode, token: &str, text: &str) -> Response {
    note_page(lang, status, token, "error", text, None)
}

/// `GET /g/<token>/thanks`: the form (a fresh key in it).
pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
) -> Response {
    let t = texts(lang);
    match state
        .storage
        .gift_view(&token, state.clock.now(), false)
        .await
    {
        Ok(g) => {
            let key = uuid::Uuid::new_v4().to_string();
            form_page(
                lang,
                StatusCode::OK,
                &token,
                Some(&g.sender_name),
                "",
                &key,
                None,
            )
        }
        Err(_) => error_page(lang, StatusCode::NOT_FOUND, &token, t.not_found),
    }
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    message: String,
    #[serde(default)]
    key: String,
}

/// `POST /g/<token>/thanks`: sends the note, or gives the form back with the reason.
pub async fn submit<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
    Form(form): Form<NoteForm>,
) -> Response {
    let t = texts(lang);
    // A form without its key (or a forged one) still sends at most one note per claimed unit.
    let key = match form.key.trim() {
        k if !k.is_empty() && k.len() <= 64 => k.to_string(),
        _ => uuid::Uuid::new_v4().to_string(),
    };
    let message = match note(&form.message) {
        Ok(m) => m,
        Err(problem) => {
            let reason = match problem {
                NoteProblem::Empty => t.empty.to_string(),
                NoteProblem::TooLong => t.too_long.replace("{n}", &THANKS_MAX_CHARS.to_string()),
            };
            let typed: String = form.message.chars().take(THANKS_MAX_CHARS * 2).collect();
            // The form again as it was shown: for whom, what was typed, why not.
            let sender = state
                .storage
                .gift_view(&token, state.clock.now(), false)
                .await
                .ok()
                .map(|g| g.sender_name);
            return form_page(
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &token,
                sender.as_deref(),
                &typed,
                &key,
                Some(&reason),
            );
        }
    };
    let now = state.clock.now();
    match state
        .storage
        .thank_sender(&token, &message, lang.tag(), &key, now)
        .await
    {
        Ok(Thanked::Sent(words)) => {
            note_page(lang, StatusCode::OK, &token, "done", t.sent, Some(&words))
        }
        Ok(Thanked::NoSuchGift) => error_page(lang, StatusCode::NOT_FOUND, &token, t.not_found),
        Ok(Thanked::NotClaimed) => error_page(lang, StatusCode::CONFLICT, &token, t.not_claimed),
        Ok(Thanked::AllSent) => error_page(lang, StatusCode::CONFLICT, &token, t.all_sent),
        Err(e) => {
            tracing::error!(error = %e, "a thank-you note failed");
            error_page(lang, StatusCode::INTERNAL_SERVER_ERROR, &token, t.failed)
        }
    }
}
