//! `/account`: a member's page (server-rendered like `/orders`: no app bytes, works without
//! JavaScript): every order placed with their email, before or after signing up, the gifts for
//! it, their points and rank, preferences, addresses, passkeys, the data download. Visitors
//! not signed in get the sign-in form (`pages/sign_in.rs`).

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::http::extract::PageLang;
use crate::services::members;
use crate::storage::{Backend, Member, MemberGift, MemberOrder};
use crate::{AppError, AppState};

struct Texts {
    title: &'static str,
    back: &'static str,
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
    back: "Omiyage shop",
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
    back: "Omiyage ショップ",
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
    back: "Omiyage 商店",
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
            return crate::pages::sign_in::page(lang, StatusCode::OK, "", None, None, passkey);
        }
        Err(e) => return crate::pages::sign_in::failed(lang, &e),
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
            return crate::pages::sign_in::failed(lang, &e.into());
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
        Err(e) => return crate::pages::sign_in::failed(lang, &e),
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
        Err(e) => return crate::pages::sign_in::failed(lang, &e),
    };
    match crate::pages::addresses::save(&state, &member.id, lang, form).await {
        Ok(Ok(())) => crate::pages::form::to_my_page(""),
        Ok(Err(reason)) => {
            let query = ShowQuery::default();
            page_of(&state, lang, &headers, &member, &query, Some(&reason)).await
        }
        Err(e) => crate::pages::sign_in::failed(lang, &e),
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// `added`: a passkey was just added (the page says so).
    passkey: Option<String>,
    /// The preferences were just saved (`1`), or not: the birthday was no date (`birthday`).
    saved: Option<String>,
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
