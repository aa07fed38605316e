//! The shop's news to its fans, on the reader's side: a product card of a message opens the
//! product and marks the browser as come from the message (its next order counts for it, for
//! seven days); the one-click stop link (a page with a button, and the `POST` mail readers
//! send for `List-Unsubscribe-Post`); a member's preferences (language, the news).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::http::extract::PageLang;
use crate::services::members;
use crate::storage::Backend;
use crate::{AppError, AppState};

use crate::services::fans::COOKIE;
/// How long an order counts for the message after its card was opened.
const COUNTS_SECS: i64 = 7 * 86_400;

struct Texts {
    stop_title: &'static str,
    stop_ask: &'static str,
    stop: &'static str,
    stopped: &'static str,
    unknown: &'static str,
    back: &'static str,
    /// The preferences on My page.
    title: &'static str,
    lang: &'static str,
    news: &'static str,
    save: &'static str,
    saved: &'static str,
    /// A birthday that is no date: nothing was saved.
    no_date: &'static str,
    /// The birthday's fieldset: its legend, month, day, the hint.
    birthday: [&'static str; 4],
}

const EN: Texts = Texts {
    stop_title: "The shop's news",
    stop_ask: "Stop the emails with the shop's news (new arrivals and seasonal gifts)? Emails about your orders and gifts still come.",
    stop: "Stop the news",
    stopped: "Done: no more news from the shop. You can ask for it again on My page.",
    unknown: "This link is not one of the shop's.",
    back: "Omiyage shop",
    title: "Preferences",
    lang: "Language of emails",
    news: "Email me the shop's news (new arrivals, seasonal gifts). Stop any time.",
    save: "Save preferences",
    no_date: "Nothing was saved: that birthday is not a date (choose a month and a day, or neither).",
    birthday: [
        "Birthday (optional)",
        "Month",
        "Day",
        "A rank with a birthday gift sends you a coupon in your birth month.",
    ],
    saved: "Preferences saved.",
};

const JA: Texts = Texts {
    stop_title: "お店からのお知らせ",
    stop_ask: "お店からのお知らせメール（新商品・季節のギフト）の配信を停止しますか？ご注文やギフトについてのメールは引き続き届きます。",
    stop: "配信を停止する",
    stopped: "配信を停止しました。マイページからいつでも再開できます。",
    unknown: "このリンクは無効です。",
    back: "Omiyage ショップ",
    title: "設定",
    lang: "メールの言語",
    news: "お店からのお知らせ（新商品・季節のギフト）をメールで受け取る。いつでも停止できます。",
    save: "設定を保存",
    no_date: "保存されませんでした。誕生日の日付がありません（月と日の両方を選ぶか、どちらも選ばないでください）。",
    birthday: [
        "誕生日（任意）",
        "月",
        "日",
        "誕生日特典のあるランクでは、誕生月にクーポンをお送りします。",
    ],
    saved: "設定を保存しました。",
};

const ZH: Texts = Texts {
    stop_title: "商店消息",
    stop_ask: "停止接收商店的消息邮件（新品和应季礼物）吗？关于订单和礼物的邮件仍会照常发送。",
    stop: "停止接收",
    stopped: "已停止。您可以随时在“我的页面”重新订阅。",
    unknown: "此链接无效。",
    back: "Omiyage 商店",
    title: "设置",
    lang: "邮件语言",
    news: "通过邮件接收商店的消息（新品、应季礼物），可随时退订。",
    save: "保存设置",
    no_date: "未保存：该生日不是有效日期（请同时选择月和日，或都不选）。",
    birthday: [
        "生日（选填）",
        "月",
        "日",
        "有生日礼遇的等级会在您的生日月份发送优惠券。",
    ],
    saved: "设置已保存。",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// `GET /m/<message>/p/<product>`: the product, the browser marked as come from the message.
pub async fn card<S: Backend>(
    State(state): State<AppState<S>>,
    Path((message, product)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let to = format!("/p/{}", omiyage::api::encode_uri_component(&product));
    if !state.storage.fan_message_exists(&message).await? {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response());
    }
    let secure = if state.cookie_secure { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={COUNTS_SECS}{secure}",
        omiyage::api::encode_uri_component(&message)
    );
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, to), (SET_COOKIE, cookie)],
    )
        .into_response())
}

fn page(lang: Lang, status: StatusCode, body: &str) -> Response {
    let t = texts(lang);
    let body = format!(
        r#"<p><a href="/">{back}</a></p>
<h1>{title}</h1>
{body}"#,
        back = t.back,
        title = t.stop_title,
    );
    crate::pages::form::shell(lang, status, t.stop_title, &body)
}

/// `GET /news/stop/<token>`: a button that stops the news (a link opened does nothing).
pub async fn ask_stop(Path(token): Path<String>, PageLang(lang): PageLang) -> Response {
    let t = texts(lang);
    let body = format!(
        r#"<p>{ask}</p>
<form method="post" action="/news/stop/{token}">
<button type="submit" data-test="news-stop">{stop}</button>
</form>"#,
        ask = t.stop_ask,
        token = escape(&omiyage::api::encode_uri_component(&token)),
        stop = t.stop,
    );
    page(lang, StatusCode::OK, &body)
}

/// `POST /news/stop/<token>`: stops the news (the button, or a mail reader's one click).
pub async fn stop<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let t = texts(lang);
    Ok(match state.storage.stop_news(&token).await? {
        true => page(
            lang,
            StatusCode::OK,
            &format!(
                r#"<p class="done" role="status" data-test="news-stopped">{}</p>"#,
                t.stopped
            ),
        ),
        false => page(
            lang,
            StatusCode::NOT_FOUND,
            &format!(r#"<p class="error" role="alert">{}</p>"#, t.unknown),
        ),
    })
}

/// My page's preferences form (`saved`: just saved).
pub fn preferences(
    lang: Lang,
    member_lang: &str,
    news: bool,
    birthday: Option<&str>,
    saved: Option<&str>,
) -> String {
    let t = texts(lang);
    let (month, day) = birthday
        .and_then(|b| b.split_once('-'))
        .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
        .unwrap_or((0, 0));
    let choices = |count: u32, chosen: u32| -> String {
        let none = if chosen == 0 { " selected" } else { "" };
        let mut out = format!(r#"<option value=""{none}>—</option>"#);
        for n in 1..=count {
            let selected = if n == chosen { " selected" } else { "" };
            out.push_str(&format!(r#"<option value="{n}"{selected}>{n}</option>"#));
        }
        out
    };
    let options: String = [("ja", "日本語"), ("zh-Hans", "简体中文"), ("en", "English")]
        .iter()
        .map(|(tag, name)| {
            let selected = if *tag == member_lang { " selected" } else { "" };
            format!(r#"<option value="{tag}"{selected}>{name}</option>"#)
        })
        .collect();
    let saved = match saved {
        Some("birthday") => format!(
            r#"<p class="error" role="alert" data-test="preferences-refused">{}</p>"#,
            t.no_date
        ),
        Some(_) => format!(
            r#"<p class="done" role="status" data-test="preferences-saved">{}</p>"#,
            t.saved
        ),
        None => String::new(),
    };
    format!(
        r#"<h2>{title}</h2>{saved}
<form method="post" action="/account/preferences" data-test="member-preferences">
<label for="member-lang">{lang_label}</label>
<select id="member-lang" name="lang" data-test="member-lang">{options}</select>
<label class="check"><input type="checkbox" name="news" value="on" data-test="member-news"{checked}> {news}</label>
<fieldset class="birthday"><legend>{b_legend}</legend>
<label for="birth-month">{b_month}</label><select id="birth-month" name="birth_month" data-test="birth-month">{months}</select>
<label for="birth-day">{b_day}</label><select id="birth-day" name="birth_day" data-test="birth-day">{days}</select>
<p class="hint">{b_hint}</p></fieldset>
<button type="submit" class="second" data-test="member-save-preferences">{save}</button>
</form>"#,
        title = t.title,
        lang_label = t.lang,
        checked = if news { " checked" } else { "" },
        news = t.news,
        save = t.save,
        b_legend = t.birthday[0],
        b_month = t.birthday[1],
        b_day = t.birthday[2],
        b_hint = t.birthday[3],
        months = choices(12, month),
        days = choices(31, day),
    )
}

/// The style of the preferences form.
pub const STYLE: &str = "select{font:1rem system-ui,sans-serif;padding:10px;border:2px solid #8a8175;border-radius:10px;width:100%}label.check{display:flex;gap:10px;align-items:flex-start;font-weight:400}label.check input{width:auto;margin-top:6px}fieldset.birthday{border:0;padding:0;margin:16px 0 0}fieldset.birthday legend{font-weight:700;padding:0}";

#[derive(Deserialize)]
pub struct Preferences {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    news: Option<String>,
    #[serde(default)]
    birth_month: String,
    #[serde(default)]
    birth_day: String,
}

/// `POST /account/preferences`: saves the member's language and news choice.
pub async fn save_preferences<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Form(form): Form<Preferences>,
) -> Result<Response, AppError> {
    let Some(member) = members::signed_in(&state, &headers).await? else {
        return Ok(crate::pages::form::to_my_page(""));
    };
    let Some(lang) = Lang::of_tag(&form.lang) else {
        return Err(
            omiyage_api::ApiError::invalid(vec![omiyage_api::FieldError::new(
                "lang",
                "Choose ja, zh-Hans or en.",
            )])
            .into(),
        );
    };
    let Ok(birthday) = omiyage_core::points::birthday(&form.birth_month, &form.birth_day) else {
        return Ok(crate::pages::form::to_my_page("?saved=birthday"));
    };
    let (token, _) = crate::auth::new_session_token();
    let news = form.news.is_some();
    state
        .storage
        .set_member_preferences(&member.id, lang.tag(), news, birthday.as_deref(), &token)
        .await?;
    Ok(crate::pages::form::to_my_page("?saved=1"))
}
