//! `/claim`: the page where a recipient types the short code printed on a gift card. It is
//! plain server-rendered HTML with a form, so it costs the shopper's app no bytes and works on
//! any phone, even without JavaScript; a code found redirects to the gift's claim page
//! (`/g/<token>`, the app). The browser checks the code's shape before sending (`pattern`).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::response::{IntoResponse, Response};
use omiyage_api::{ApiError, ErrorCode};
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::http::extract::PageLang;
use crate::storage::Backend;
use crate::{AppError, AppState};
use omiyage_core::html::escape;

/// The page's text, one table per language; the reader's `Accept-Language` picks it.
struct Texts {
    title: &'static str,
    intro: &'static str,
    label: &'static str,
    hint: &'static str,
    shape: &'static str,
    submit: &'static str,
    back: &'static str,
    not_found: &'static str,
    /// "{n}" is the number of minutes to wait.
    too_many: &'static str,
    failed: &'static str,
}

const EN: Texts = Texts {
    title: "Claim a gift",
    intro: "Type the code printed on your gift card. Capitals, spaces and dashes do not matter.",
    label: "Gift code",
    hint: "16 letters and digits, e.g. 7K3M-9QX2-ABCD-EFGH",
    shape: "A code has 16 letters and digits (no U), e.g. 7K3M-9QX2-ABCD-EFGH.",
    submit: "Find my gift",
    back: "Omiyage shop",
    not_found: "No gift has this code. Check the code on your card and try again.",
    too_many: "Too many tries. Wait {n} minute(s) and try again.",
    failed: "Something went wrong on our side. Please try again.",
};

const JA: Texts = Texts {
    title: "ギフトを受け取る",
    intro: "ギフトカードに印刷されたコードを入力してください。大文字・小文字、空白、ハイフンは区別しません。",
    label: "ギフトコード",
    hint: "英数字16文字（例：7K3M-9QX2-ABCD-EFGH）",
    shape: "コードは英数字16文字です（Uは使いません）。例：7K3M-9QX2-ABCD-EFGH",
    submit: "ギフトを探す",
    back: "Omiyage ショップ",
    not_found: "このコードのギフトは見つかりません。カードのコードをご確認のうえ、もう一度お試しください。",
    too_many: "試行回数が多すぎます。{n}分ほど待ってから、もう一度お試しください。",
    failed: "エラーが発生しました。もう一度お試しください。",
};

const ZH: Texts = Texts {
    title: "领取礼物",
    intro: "请输入礼物卡上印的代码。大小写、空格和连字符都没关系。",
    label: "礼物代码",
    hint: "16 位字母和数字，例如 7K3M-9QX2-ABCD-EFGH",
    shape: "代码由 16 位字母和数字组成（不含 U），例如 7K3M-9QX2-ABCD-EFGH。",
    submit: "查找我的礼物",
    back: "Omiyage 商店",
    not_found: "找不到这个代码对应的礼物。请核对卡上的代码后重试。",
    too_many: "尝试次数过多。请等待 {n} 分钟后再试。",
    failed: "我们这边出了点问题，请重试。",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// 16 code characters (every letter but U; I, L and O are read as 1 and 0), with any spaces
/// and dashes around them, in half or full width as a Japanese keyboard types them. Valid both
/// with and without the `v` flag browsers now apply.
const PATTERN: &str = r"[\s\-－ー‐]*([0-9A-TV-Za-tv-z０-９Ａ-ＴＶ-Ｚａ-ｔｖ-ｚ][\s\-－ー‐]*){16}";

fn page(lang: Lang, status: StatusCode, code: &str, error: Option<&str>) -> Response {
    let t = texts(lang);
    let (error_html, invalid) = crate::pages::form::error("code", error);
    let body = format!(
        r##"<p><a href="/">{back}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
{error_html}
<form method="post" action="/claim" data-test="claim-code-form">
<label for="code">{label}</label>
<input class="code" id="code" name="code" value="{value}" required autocomplete="off" autocapitalize="characters" spellcheck="false" inputmode="text" pattern="{pattern}" title="{shape}"{invalid}>
<p class="hint">{hint}</p>
<button type="submit" data-test="find-gift">{submit}</button>
</form>"##,
        title = t.title,
        intro = t.intro,
        back = t.back,
        label = t.label,
        hint = t.hint,
        shape = escape(t.shape),
        submit = t.submit,
        pattern = escape(PATTERN),
        value = escape(code),
    );
    crate::pages::form::shell(lang, status, t.title, &body)
}

pub async fn show(PageLang(lang): PageLang) -> Response {
    page(lang, StatusCode::OK, "", None)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// A found code redirects to its gift; otherwise the form comes back with the reason.
pub async fn submit<S: Backend>(
    State(state): State<AppState<S>>,
    crate::http::extract::ClientIp(client): crate::http::extract::ClientIp,
    PageLang(lang): PageLang,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = texts(lang);
    let code = form.code.chars().take(64).collect::<String>();
    match crate::services::codes::lookup(&state, client, &code).await {
        Ok(token) => (StatusCode::SEE_OTHER, [(LOCATION, format!("/g/{token}"))]).into_response(),
        Err(AppError::Limited(secs)) => {
            let message = t.too_many.replace("{n}", &((secs + 59) / 60).to_string());
            let mut r = page(lang, StatusCode::TOO_MANY_REQUESTS, &code, Some(&message));
            r.headers_mut().insert(RETRY_AFTER, secs.max(1).into());
            r
        }
        Err(AppError::Api(e)) => page(
            lang,
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            &code,
            Some(message_of(t, &e)),
        ),
        Err(other) => {
            tracing::error!(error = %other, "code lookup failed");
            page(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &code,
                Some(t.failed),
            )
        }
    }
}

/// The reason in the reader's language, from the error's stable code.
fn message_of(t: &'static Texts, e: &ApiError) -> &'static str {
    match e.code {
        ErrorCode::NotFound => t.not_found,
        ErrorCode::Invalid => t.shape,
        _ => t.failed,
    }
}
