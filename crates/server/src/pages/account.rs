//! `/account`: a member's page, and signing in to it without a password. Server-rendered like
//! `/orders` (no app bytes, works without JavaScript): an email gets a one-time link; opening
//! it shows a button that signs in (a mail scanner that follows links does not use it up);
//! the page lists every order placed with the email, before or after signing up.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::http::extract::{ClientIp, PageLang};
use crate::services::members;
use crate::storage::{Backend, Member, MemberGift, MemberOrder};
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
    signed_in_as: &'static str,
    orders: &'static str,
    no_orders: &'static str,
    gift: &'static str,
    /// Awaiting payment, paid, shipped, cancelled.
    states: [&'static str; 4],
    sign_out: &'static str,
    gifts: &'static str,
    /// `{name}`: who sent it.
    from: &'static str,
    /// Waiting to be claimed, claimed, shipped.
    gift_states: [&'static str; 3],
    download: &'static str,
    delete: &'static str,
    privacy: &'static str,
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
    signed_in_as: "Signed in as",
    orders: "Your orders",
    no_orders: "No orders with this email yet.",
    gift: "Gift",
    states: ["Awaiting payment", "Paid", "Shipped", "Cancelled"],
    sign_out: "Sign out",
    gifts: "Gifts for you",
    from: "From {name}",
    gift_states: ["Waiting for you to claim it", "Claimed", "Shipped"],
    download: "Download everything the shop keeps about you (JSON)",
    delete: "Delete my account",
    privacy: "Privacy",
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
    signed_in_as: "サインイン中：",
    orders: "ご注文",
    no_orders: "このメールアドレスでのご注文はまだありません。",
    gift: "ギフト",
    states: ["お支払い待ち", "お支払い済み", "発送済み", "キャンセル"],
    sign_out: "サインアウト",
    gifts: "あなたへのギフト",
    from: "{name} さんから",
    gift_states: ["受け取り手続き待ち", "受け取り済み", "発送済み"],
    download: "お店が保存しているあなたのデータをダウンロード（JSON）",
    delete: "アカウントを削除する",
    privacy: "プライバシー",
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
    signed_in_as: "已登录：",
    orders: "您的订单",
    no_orders: "此邮箱还没有订单。",
    gift: "礼物",
    states: ["等待付款", "已付款", "已发货", "已取消"],
    sign_out: "退出登录",
    gifts: "送给您的礼物",
    from: "来自 {name}",
    gift_states: ["等待您领取", "已领取", "已发货"],
    download: "下载商店保存的您的全部数据（JSON）",
    delete: "删除我的账户",
    privacy: "隐私",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// The sign-in form, with a note (`sent`) or an error above it.
fn sign_in_page(
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

fn state_word(t: &Texts, status: &str) -> &'static str {
    match status {
        "awaiting_payment" => t.states[0],
        "paid" => t.states[1],
        "shipped" => t.states[2],
        _ => t.states[3],
    }
}

/// The gifts sent to the member, each with its product's name in the reader's language.
fn gift_list(lang: Lang, gifts: &[(MemberGift, String)]) -> String {
    let t = texts(lang);
    if gifts.is_empty() {
        return String::new();
    }
    let items: String = gifts
        .iter()
        .map(|(g, product)| {
            let state = match g.state.as_str() {
                "waiting" => t.gift_states[0],
                "claimed" => t.gift_states[1],
                _ => t.gift_states[2],
            };
            format!(
                r#"<li data-test="member-gift"><a href="/g/{token}">{product}</a> · {from} · {state} · {date}</li>"#,
                token = escape(&g.token),
                product = escape(product),
                from = escape(&t.from.replace("{name}", &g.sender_name)),
                date = omiyage_core::dates::date(lang, g.at),
            )
        })
        .collect();
    format!(r#"<h2>{}</h2><ul class="orders">{items}</ul>"#, t.gifts)
}

fn my_page(
    lang: Lang,
    member: &Member,
    orders: &[MemberOrder],
    gifts: &[(MemberGift, String)],
    passkeys: &str,
    preferences: &str,
    points: &str,
) -> Response {
    let t = texts(lang);
    let list = match orders.is_empty() {
        true => format!(r#"<p data-test="member-no-orders">{}</p>"#, t.no_orders),
        false => {
            let items: String = orders
                .iter()
                .map(|o| {
                    let gift = match o.gift {
                        true => format!(" · {}", t.gift),
                        false => String::new(),
                    };
                    format!(
                        r#"<li data-test="member-order"><a href="/o/{token}">{reference}</a> · {date} · {total} · {state}{gift}</li>"#,
                        token = escape(&o.token),
                        reference = escape(&o.reference),
                        date = omiyage_core::dates::date(lang, o.created_at),
                        total = lang.price(o.total),
                        state = state_word(t, &o.status),
                    )
                })
                .collect();
            format!(r#"<ul class="orders">{items}</ul>"#)
        }
    };
    let body = format!(
        r##"<p><a href="/">{back}</a></p>
<h1>{title}</h1>
<p data-test="member-email">{signed_in_as} {email}</p>
{points}
<h2>{orders_title}</h2>
{list}
{gifts}
{preferences}
{passkeys}
<p><a href="/account/data.json" download data-test="member-download">{download}</a></p>
<form method="post" action="/account/sign-out">
<button type="submit" data-test="member-sign-out">{sign_out}</button>
</form>
<p><a href="/account/delete" data-test="member-delete">{delete}</a> · <a href="/privacy">{privacy}</a></p>"##,
        back = t.back,
        title = t.title,
        signed_in_as = t.signed_in_as,
        email = escape(&member.email),
        orders_title = t.orders,
        gifts = gift_list(lang, gifts),
        download = t.download,
        sign_out = t.sign_out,
        delete = t.delete,
        privacy = t.privacy,
    );
    let style = format!(
        "{}<style>ul.orders{{padding-left:1.2em}}ul.orders li{{margin:8px 0}}h2{{font-size:1.2rem;margin:24px 0 8px}}{}</style>",
        crate::pages::form::STYLE,
        crate::pages::passkeys::STYLE,
    );
    let style = format!("{style}<style>{}</style>", crate::pages::news::STYLE);
    crate::pages::form::styled(lang, StatusCode::OK, t.title, &style, &body)
}

fn failed(lang: Lang, error: &AppError) -> Response {
    tracing::error!(error = %error, "the member's page failed");
    let t = texts(lang);
    sign_in_page(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        "",
        Some(t.failed),
        None,
        false,
    )
}

/// `GET /account`: the member's page, or the sign-in form.
pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Query(query): Query<ShowQuery>,
    headers: HeaderMap,
) -> Response {
    let member = match members::signed_in(&state, &headers).await {
        Ok(Some(member)) => member,
        Ok(None) => {
            let passkey = crate::pages::passkeys::available(&state, &headers);
            return sign_in_page(lang, StatusCode::OK, "", None, None, passkey);
        }
        Err(e) => return failed(lang, &e),
    };
    page_of(&state, lang, &headers, &member, &query, None).await
}

/// The member's page: their orders, the gifts for them, preferences, addresses (with the
/// reason an address was just refused, if one was), passkeys.
pub(crate) async fn page_of<S: Backend>(
    state: &AppState<S>,
    lang: Lang,
    headers: &HeaderMap,
    member: &Member,
    query: &ShowQuery,
    refused: Option<&str>,
) -> Response {
    let (orders, gifts, keys, addresses) = match (
        state.storage.member_orders(&member.email).await,
        state.storage.member_gifts(&member.email).await,
        state.storage.member_passkeys(&member.id).await,
        state.storage.member_addresses(&member.id).await,
    ) {
        (Ok(orders), Ok(gifts), Ok(keys), Ok(addresses)) => (orders, gifts, keys, addresses),
        (Err(e), _, _, _) | (_, Err(e), _, _) | (_, _, Err(e), _) | (_, _, _, Err(e)) => {
            return failed(lang, &e.into());
        }
    };
    let passkeys = crate::pages::passkeys::section(
        lang,
        &keys,
        crate::pages::passkeys::available(state, headers),
        query.passkey.as_deref() == Some("added"),
    );
    let mut named = Vec::with_capacity(gifts.len());
    for gift in gifts {
        let product = crate::services::catalog::localized_product(state, &gift.product_id, lang)
            .await
            .ok()
            .flatten()
            .map(|p| p.name)
            .unwrap_or_default();
        named.push((gift, product));
    }
    let mut preferences = crate::pages::news::preferences(
        lang,
        &member.lang,
        member.news,
        member.birthday.as_deref(),
        query.saved.as_deref(),
    );
    preferences.push_str(&crate::pages::addresses::section(lang, &addresses, refused));
    let status = match refused {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let now = state.clock.now();
    let points = match crate::services::points::standing(state, &member.id, now, 10).await {
        Ok(Some(standing)) => crate::pages::points::section(lang, &standing),
        Ok(None) => String::new(),
        Err(e) => return failed(lang, &e),
    };
    let mut page = my_page(
        lang,
        member,
        &orders,
        &named,
        &passkeys,
        &preferences,
        &points,
    );
    *page.status_mut() = status;
    page
}

/// `POST /account/addresses`: saves an address, back to My page (or My page with the reason
/// it was not saved, 422).
pub async fn add_address<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    Form(form): Form<crate::pages::addresses::NewAddress>,
) -> Response {
    let member = match members::signed_in(&state, &headers).await {
        Ok(Some(member)) => member,
        Ok(None) => return crate::pages::form::to_my_page(""),
        Err(e) => return failed(lang, &e),
    };
    match crate::pages::addresses::save(&state, &member.id, lang, form).await {
        Ok(Ok(())) => crate::pages::form::to_my_page(""),
        Ok(Err(reason)) => {
            let query = ShowQuery::default();
            page_of(&state, lang, &headers, &member, &query, Some(&reason)).await
        }
        Err(e) => failed(lang, &e),
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// `added`: a passkey was just added (the page says so).
    passkey: Option<String>,
    /// The preferences were just saved (`1`), or not: the birthday was no date (`birthday`).
    saved: Option<String>,
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
        Ok(()) => sign_in_page(lang, StatusCode::OK, "", None, Some(t.sent), false),
        Err(e) => {
            let words = crate::pages::form::Refusals {
                too_many: t.too_many,
                invalid: t.invalid,
                failed: t.failed,
            };
            crate::pages::form::refused(e, &words, |status, message| {
                sign_in_page(lang, status, &email, Some(message), None, false)
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
            sign_in_page(
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

/// `GET /account/data.json`: everything the shop keeps about the signed-in member, as a JSON
/// download (their account, the orders placed with their email, the gifts for it, what they
/// gave when claiming gifts, their after-sales requests). 401 when not signed in.
pub async fn data<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
    let Some(member) = members::signed_in(&state, &headers).await? else {
        return Ok(StatusCode::UNAUTHORIZED.into_response());
    };
    let mut orders = Vec::new();
    for o in state.storage.member_orders(&member.email).await? {
        orders.push(crate::services::orders::load(&state, &o.token).await?);
    }
    let body = serde_json::json!({
        "member": {
            "email": member.email,
            "lang": member.lang,
            "created_at": member.created_at,
        },
        "orders": orders,
        "gifts_for_you": state.storage.member_gifts(&member.email).await?,
        "gift_claims": state.storage.member_claims(&member.email).await?,
        "after_sales": state.storage.member_requests(&member.email).await?,
        "saved_addresses": state.storage.member_addresses(&member.id).await?,
        "preferences": {"lang": member.lang, "news": member.news, "birthday": member.birthday},
        "points": crate::services::points::standing(&state, &member.id, state.clock.now(), u32::MAX).await?,
    });
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"omiyage-my-data.json\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&body).map_err(|e| AppError::Internal(e.to_string()))?,
    )
        .into_response())
}
