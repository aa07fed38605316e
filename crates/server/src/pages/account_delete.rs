//! `/account/delete`: a member deletes their account. The page says what is erased and what is
//! kept (the orders, without anything naming them: tax records), or what has to finish first
//! (an order not shipped, a gift they sent not claimed or shipped, a gift they claimed not
//! shipped, a request the shop has not answered). Server-rendered like the member's page.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use omiyage_core::lang::Lang;

use crate::http::extract::PageLang;
use crate::services::members;
use crate::storage::{Backend, Unfinished};
use crate::{AppError, AppState};

struct Texts {
    title: &'static str,
    intro: &'static str,
    privacy: &'static str,
    blocked: &'static str,
    /// `{n}`: orders not shipped, units of gifts sent still open, units claimed not shipped,
    /// requests not answered.
    items: [&'static str; 4],
    delete: &'static str,
    cancel: &'static str,
    done: &'static str,
    back: &'static str,
}

const EN: Texts = Texts {
    title: "Delete my account",
    intro: "Deleting your account erases your email, name, phone and addresses from the shop: from your orders, the gifts you sent and claimed, your requests to the shop and the emails it sent you. Your orders stay, with their items, amounts and tax and without anything that names you: the law requires the shop to keep its sales records. This cannot be undone.",
    privacy: "What the shop keeps, and why",
    blocked: "Your account can be deleted once these are finished:",
    items: [
        "{n} order(s) not shipped yet",
        "{n} gift(s) you sent, not claimed or shipped yet",
        "{n} gift(s) you claimed, not shipped yet",
        "{n} request(s) the shop has not answered yet",
    ],
    delete: "Delete my account",
    cancel: "Back to my page",
    done: "Your account is deleted. The shop no longer holds your email, name, phone or addresses.",
    back: "Omiyage shop",
};

const JA: Texts = Texts {
    title: "アカウントの削除",
    intro: "アカウントを削除すると、メールアドレス・お名前・電話番号・住所がお店から消去されます（ご注文、贈ったギフトと受け取ったギフト、お問い合わせ、お店からのメールのすべてから）。ご注文そのものは、商品・金額・消費税とともに、あなたを示す情報を除いて残ります（法律で売上の記録の保存が義務付けられているため）。削除は取り消せません。",
    privacy: "お店が保存するデータとその理由",
    blocked: "次のことが終わると、アカウントを削除できます：",
    items: [
        "未発送のご注文 {n}件",
        "受け取りまたは発送を待っている、贈ったギフト {n}点",
        "発送を待っている、受け取ったギフト {n}点",
        "お店がまだ回答していないお問い合わせ {n}件",
    ],
    delete: "アカウントを削除する",
    cancel: "マイページに戻る",
    done: "アカウントを削除しました。お店にはあなたのメールアドレス・お名前・電話番号・住所は残っていません。",
    back: "Omiyage ショップ",
};

const ZH: Texts = Texts {
    title: "删除账户",
    intro: "删除账户后，商店将抹去您的邮箱、姓名、电话和地址（包括订单、您送出和领取的礼物、售后申请以及商店发给您的邮件中的）。订单本身会保留商品、金额和消费税，但不再包含任何能识别您的信息：法律要求商店保存销售记录。此操作无法撤销。",
    privacy: "商店保存哪些数据及原因",
    blocked: "以下事项完成后即可删除账户：",
    items: [
        "{n} 个订单尚未发货",
        "您送出的礼物中有 {n} 件尚未被领取或发货",
        "您领取的礼物中有 {n} 件尚未发货",
        "{n} 个售后申请商店尚未答复",
    ],
    delete: "删除我的账户",
    cancel: "返回我的页面",
    done: "您的账户已删除。商店不再保存您的邮箱、姓名、电话或地址。",
    back: "Omiyage 商店",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// The page: what deleting does, then the button, or what has to finish first.
fn page(lang: Lang, status: StatusCode, left: Unfinished) -> Response {
    let t = texts(lang);
    let counts = [left.orders, left.gifts, left.claims, left.requests];
    let action = match left.is_empty() {
        true => format!(
            r#"<form method="post" action="/account/delete">
<button type="submit" data-test="member-delete-confirm">{}</button>
</form>"#,
            t.delete
        ),
        false => {
            let items: String = counts
                .iter()
                .zip(t.items)
                .filter(|(n, _)| **n > 0)
                .map(|(n, item)| format!("<li>{}</li>", item.replace("{n}", &n.to_string())))
                .collect();
            format!(
                r#"<div class="error" role="alert" data-test="member-delete-blocked"><p>{}</p><ul>{items}</ul></div>"#,
                t.blocked
            )
        }
    };
    let body = format!(
        r#"<p><a href="/account">{cancel}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
<p><a href="/privacy" data-test="privacy-link">{privacy}</a></p>
{action}"#,
        cancel = t.cancel,
        title = t.title,
        intro = t.intro,
        privacy = t.privacy,
    );
    crate::pages::form::shell(lang, status, t.title, &body)
}

fn to_sign_in() -> Response {
    crate::pages::form::to_my_page("")
}

/// `GET /account/delete`: what deleting does, and the button (or what has to finish first).
pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(member) = members::signed_in(&state, &headers).await? else {
        return Ok(to_sign_in());
    };
    let left = state.storage.member_unfinished(&member.email).await?;
    Ok(page(lang, StatusCode::OK, left))
}

/// `POST /account/delete`: deletes the account and signs out, or (409) says what has to
/// finish first and changes nothing.
pub async fn delete<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let t = texts(lang);
    match members::delete_account(&state, &headers).await? {
        None => Ok(to_sign_in()),
        Some(left) if !left.is_empty() => Ok(page(lang, StatusCode::CONFLICT, left)),
        Some(_) => {
            let body = format!(
                r#"<h1>{title}</h1>
<p role="status" data-test="member-deleted">{done}</p>
<p><a href="/">{back}</a></p>"#,
                title = t.title,
                done = t.done,
                back = t.back,
            );
            let mut r = crate::pages::form::shell(lang, StatusCode::OK, t.title, &body);
            members::set_session(&mut r, None, state.cookie_secure);
            Ok(r)
        }
    }
}
