//! The frame of the small server-rendered pages (`/claim`, `/orders`, receipts): plain HTML
//! with inline styles, so they cost the shopper's app no bytes and work without JavaScript.

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY, VARY};
use axum::response::{Html, IntoResponse, Response};
use omiyage_core::lang::Lang;

use omiyage_core::html::escape;

pub const STYLE: &str = r#"<style>
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;color:#1f1d1a;background:#faf7f2}
main{max-width:480px;margin:0 auto;padding:24px 16px}h1{font-size:1.6rem;margin:8px 0 12px}
label{display:block;font-weight:700;margin:16px 0 6px}
input{box-sizing:border-box;width:100%;font:1.1rem system-ui,sans-serif;padding:12px;border:2px solid #8a8175;border-radius:10px}
input.code{font:600 1.2rem ui-monospace,monospace;letter-spacing:.08em;text-transform:uppercase}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}
.hint{color:#5c574f;font-size:.9rem;margin:6px 0 0}.error{background:#fbe9e7;color:#7a1c12;border:1px solid #efc2bb;border-radius:10px;padding:8px 12px}
.done{background:#e8f3ea;color:#1d4d27;border:1px solid #b9d9c0;border-radius:10px;padding:8px 12px}
button{margin-top:18px;width:100%;min-height:48px;border:0;border-radius:999px;background:#b8372a;color:#fff;font:700 1rem system-ui,sans-serif;cursor:pointer}
a{color:#b8372a}
</style>"#;

/// A whole page: `title` (text) and `body` (HTML, its values already escaped) in the reader's
/// language, never cached, never indexed, never sending a referrer.
pub fn shell(lang: Lang, status: StatusCode, title: &str, body: &str) -> Response {
    styled(lang, status, title, STYLE, body)
}

/// [`shell`] with a page's own `<style>` element.
pub fn styled(lang: Lang, status: StatusCode, title: &str, style: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{title} · Omiyage</title><meta name=\"theme-color\" content=\"#c8402f\">{style}\
         </head>\n<body><main>\n{body}\n</main></body></html>",
        lang = lang.tag(),
        title = escape(title),
    );
    (
        status,
        [
            (CACHE_CONTROL, "no-store"),
            (VARY, "Accept-Language"),
            (REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response()
}

/// An error paragraph for the field `id` describes (empty without one).
pub fn error(id: &str, message: Option<&str>) -> (String, String) {
    match message {
        Some(m) => (
            format!(
                r#"<p class="error" role="alert" id="{id}-err">{}</p>"#,
                escape(m)
            ),
            format!(r#" aria-invalid="true" aria-describedby="{id}-err""#),
        ),
        None => (String::new(), String::new()),
    }
}

/// A page of one email field (find my orders, a member's sign-in): its words and test ids.
pub struct EmailForm<'a> {
    pub back: &'a str,
    pub title: &'a str,
    pub intro: &'a str,
    pub label: &'a str,
    pub submit: &'a str,
    /// Where the form posts.
    pub action: &'a str,
    /// `data-test` of the form, its button and the note it answers with.
    pub tests: [&'a str; 3],
    /// HTML after the form (a member's passkey button), and its style.
    pub after: (&'a str, &'a str),
}

/// The page of an [`EmailForm`], with the email as typed, an error or a note (`done`) above.
pub fn email_page(
    lang: Lang,
    status: StatusCode,
    form: &EmailForm<'_>,
    email: &str,
    error_message: Option<&str>,
    done: Option<&str>,
) -> Response {
    let (error_html, invalid) = error("email", error_message);
    let [form_test, button_test, done_test] = form.tests;
    let done = done
        .map(|d| format!(r#"<p class="done" role="status" data-test="{done_test}">{d}</p>"#))
        .unwrap_or_default();
    let body = format!(
        r##"<p><a href="/">{back}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
{done}{error_html}
<form method="post" action="{action}" data-test="{form_test}">
<label for="email">{label}</label>
<input id="email" name="email" type="email" value="{value}" required autocomplete="email" inputmode="email"{invalid}>
<button type="submit" data-test="{button_test}">{submit}</button>
</form>
{after}"##,
        back = form.back,
        title = form.title,
        intro = form.intro,
        action = form.action,
        label = form.label,
        submit = form.submit,
        value = escape(email),
        after = form.after.0,
    );
    let style = format!("{STYLE}<style>{}</style>", form.after.1);
    styled(lang, status, form.title, &style, &body)
}

/// The words an email page answers a refusal with: too many requests (`{n}`: minutes to wait),
/// an email that cannot be one, a failure on the shop's side.
pub struct Refusals<'a> {
    pub too_many: &'a str,
    pub invalid: &'a str,
    pub failed: &'a str,
}

/// An email page's answer to `error`, drawn by `page` with its status and message: 429 with
/// `Retry-After`, 422 for an email that cannot be one, 500 (logged) for anything else.
pub fn refused(
    error: crate::AppError,
    words: &Refusals<'_>,
    page: impl FnOnce(StatusCode, &str) -> Response,
) -> Response {
    match error {
        crate::AppError::Limited(secs) => {
            let message = words
                .too_many
                .replace("{n}", &((secs + 59) / 60).to_string());
            let mut r = page(StatusCode::TOO_MANY_REQUESTS, &message);
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
            r
        }
        crate::AppError::Api(_) => page(StatusCode::UNPROCESSABLE_ENTITY, words.invalid),
        other => {
            tracing::error!(error = %other, "an email page failed");
            page(StatusCode::INTERNAL_SERVER_ERROR, words.failed)
        }
    }
}

/// Back to My page (`/account` and `then`, a query), after a form of the page.
pub fn to_my_page(then: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, format!("/account{then}"))],
    )
        .into_response()
}
