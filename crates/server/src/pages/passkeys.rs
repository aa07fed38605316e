//! Passkeys on the member's pages: the section of My page that lists them and adds one, the
//! sign-in form's passkey button, their JSON steps (`/account/passkeys/…`, called by
//! `/passkeys.js`) and removing one. The ceremonies themselves are `services::passkeys`.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use omiyage_api::{ApiError, ErrorCode};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::services::{members, passkeys};
use crate::storage::{Backend, Member, StoredPasskey};
use crate::{AppError, AppState};

const SCRIPT: &str = include_str!("passkeys.js");

struct Texts {
    title: &'static str,
    intro: &'static str,
    add: &'static str,
    /// `{date}`.
    added: &'static str,
    /// `{date}`.
    used: &'static str,
    remove: &'static str,
    added_note: &'static str,
    failed: &'static str,
    or: &'static str,
    sign_in: &'static str,
}

const EN: Texts = Texts {
    title: "Passkeys",
    intro: "Sign in next time with your fingerprint, face or screen lock: no email to wait for.",
    add: "Add a passkey",
    added: "Passkey added {date}",
    used: "last used {date}",
    remove: "Remove",
    added_note: "Passkey added. Next time, sign in with it.",
    failed: "The passkey could not be used. Try again, or sign in by email.",
    or: "Added a passkey on this device?",
    sign_in: "Sign in with a passkey",
};

const JA: Texts = Texts {
    title: "パスキー",
    intro: "次回から指紋・顔認証・画面ロックでサインインできます（メールを待つ必要はありません）。",
    add: "パスキーを追加",
    added: "{date}に追加したパスキー",
    used: "最終使用 {date}",
    remove: "削除",
    added_note: "パスキーを追加しました。次回からパスキーでサインインできます。",
    failed: "パスキーを使えませんでした。もう一度お試しいただくか、メールでサインインしてください。",
    or: "このデバイスでパスキーを追加済みの方：",
    sign_in: "パスキーでサインイン",
};

const ZH: Texts = Texts {
    title: "通行密钥",
    intro: "下次可用指纹、面容或屏幕锁登录，无需等待邮件。",
    add: "添加通行密钥",
    added: "{date} 添加的通行密钥",
    used: "最近使用 {date}",
    remove: "删除",
    added_note: "已添加通行密钥。下次可直接用它登录。",
    failed: "无法使用通行密钥。请重试，或通过邮件登录。",
    or: "已在此设备上添加通行密钥？",
    sign_in: "使用通行密钥登录",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// Whether this request's address can have passkeys (a name, not an IP address).
pub fn available<S: Backend>(state: &AppState<S>, headers: &HeaderMap) -> bool {
    passkeys::origin(state.public_url.as_deref(), headers).is_some()
}

/// The note the script fills when a passkey fails.
const NOTE: &str = r#"<p class="error" role="alert" data-test="passkey-note" hidden></p>"#;

/// My page's passkeys: each with when it was added and last used, a remove button, and the
/// button that adds one (where passkeys can work). `added`: just added one.
pub fn section(lang: Lang, keys: &[StoredPasskey], available: bool, added: bool) -> String {
    if !available && keys.is_empty() {
        return String::new();
    }
    let t = texts(lang);
    let items: String = keys
        .iter()
        .map(|k| {
            let mut line = t
                .added
                .replace("{date}", &omiyage_core::dates::date(lang, k.created_at));
            if let Some(used) = k.used_at {
                line.push_str(" · ");
                line.push_str(&t.used.replace("{date}", &omiyage_core::dates::date(lang, used)));
            }
            format!(
                r#"<li data-test="member-passkey">{line}<form method="post" action="/account/passkeys/remove" class="inline"><input type="hidden" name="credential" value="{id}"><button type="submit" class="small">{remove}</button></form></li>"#,
                id = escape(&k.credential_id),
                remove = t.remove,
            )
        })
        .collect();
    let note = match added {
        true => format!(
            r#"<p class="done" role="status" data-test="passkey-added">{}</p>"#,
            t.added_note
        ),
        false => String::new(),
    };
    // A second passkey (another device) is the lesser step once there is one.
    let (intro, class) = match keys.is_empty() {
        true => (format!("<p>{}</p>", t.intro), ""),
        false => (String::new(), r#" class="second""#),
    };
    let add = match available {
        true => format!(
            r#"<div data-passkey-part>{intro}{NOTE}<button type="button"{class} data-passkey="add" data-failed="{failed}" data-test="member-add-passkey">{add}</button></div><script src="/passkeys.js" defer></script>"#,
            failed = t.failed,
            add = t.add,
        ),
        false => String::new(),
    };
    format!(
        r#"<h2>{title}</h2>{note}<ul class="orders">{items}</ul>{add}"#,
        title = t.title
    )
}

/// The sign-in form's passkey button (where passkeys can work).
pub fn sign_in_button(lang: Lang, available: bool) -> String {
    if !available {
        return String::new();
    }
    let t = texts(lang);
    format!(
        r#"<div data-passkey-part><p class="or">{or}</p>{NOTE}<button type="button" class="second" data-passkey="signIn" data-failed="{failed}" data-test="member-passkey-sign-in">{sign_in}</button></div><script src="/passkeys.js" defer></script>"#,
        or = t.or,
        failed = t.failed,
        sign_in = t.sign_in,
    )
}

/// The style of the section and the button.
pub const STYLE: &str = "form.inline{display:inline;margin-left:8px}button.small{width:auto;min-height:32px;margin:0;padding:0 14px;font-size:.9rem;background:#fff;color:#b8372a;border:1px solid #b8372a}button.second{background:#fff;color:#b8372a;border:2px solid #b8372a}p.or{margin:28px 0 0}";

async fn member<S: Backend>(state: &AppState<S>, headers: &HeaderMap) -> Result<Member, AppError> {
    members::signed_in(state, headers)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "Sign in first.").into())
}

#[derive(Deserialize)]
pub struct Finish {
    ceremony: String,
    credential: serde_json::Value,
}

/// `POST /account/passkeys/add/start`: the options for `navigator.credentials.create()`.
pub async fn add_start<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let member = member(&state, &headers).await?;
    let ceremony = passkeys::start_adding(&state, &headers, &member).await?;
    Ok(Json(ceremony).into_response())
}

/// `POST /account/passkeys/add/finish`: keeps the passkey (201).
pub async fn add_finish<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Json(finish): Json<Finish>,
) -> Result<Response, AppError> {
    let member = member(&state, &headers).await?;
    passkeys::finish_adding(
        &state,
        &headers,
        &member,
        &finish.ceremony,
        finish.credential,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({}))).into_response())
}

/// `POST /account/passkeys/sign-in/start`: the options for `navigator.credentials.get()`.
pub async fn sign_in_start<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let ceremony = passkeys::start_sign_in(&state, &headers).await?;
    Ok(Json(ceremony).into_response())
}

/// `POST /account/passkeys/sign-in/finish`: the member's session cookie.
pub async fn sign_in_finish<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Json(finish): Json<Finish>,
) -> Result<Response, AppError> {
    let (_, session) =
        passkeys::finish_sign_in(&state, &headers, &finish.ceremony, finish.credential).await?;
    let mut r = Json(serde_json::json!({"to": "/account"})).into_response();
    members::set_session(&mut r, Some(&session), state.cookie_secure);
    Ok(r)
}

#[derive(Deserialize)]
pub struct Remove {
    #[serde(default)]
    credential: String,
}

/// `POST /account/passkeys/remove`: removes one of the member's passkeys, back to My page.
pub async fn remove<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Form(form): Form<Remove>,
) -> Result<Response, AppError> {
    if let Some(member) = members::signed_in(&state, &headers).await? {
        state
            .storage
            .remove_passkey(&member.id, &form.credential)
            .await?;
    }
    Ok(crate::pages::form::to_my_page(""))
}

/// `GET /passkeys.js`.
pub async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
        .into_response()
}
