//! A member's saved addresses on My page (up to ten: a list with remove buttons and a form to
//! add one); the checkout and the gift claim form read them from `GET /api/me/addresses`
//! (`http/api/fans.rs`) to offer them (`lazy/saved.js`: no bytes of the first load).

use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use omiyage_api::{Address, ClaimRequest, SavedAddress};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::services::members;
use crate::storage::Backend;
use crate::{AppError, AppState};

struct Texts {
    title: &'static str,
    none: &'static str,
    add: &'static str,
    name: &'static str,
    phone: &'static str,
    postal_code: &'static str,
    prefecture: &'static str,
    city: &'static str,
    line1: &'static str,
    line2: &'static str,
    save: &'static str,
    remove: &'static str,
    full: &'static str,
    /// Over the form when it was refused: its fields' messages follow.
    invalid: &'static str,
}

const EN: Texts = Texts {
    title: "Saved addresses",
    none: "No saved addresses yet. Saved ones are offered at checkout and when you claim a gift.",
    add: "Save an address",
    name: "Full name",
    phone: "Phone (optional)",
    postal_code: "Postal code",
    prefecture: "Prefecture",
    city: "City / ward",
    line1: "Street address",
    line2: "Building, room (optional)",
    save: "Save the address",
    remove: "Remove",
    full: "You have ten addresses saved: remove one first.",
    invalid: "The address was not saved:",
};

const JA: Texts = Texts {
    title: "保存した住所",
    none: "保存した住所はまだありません。保存した住所は、ご注文とギフトの受け取りのときに選べます。",
    add: "住所を保存する",
    name: "お名前",
    phone: "電話番号（任意）",
    postal_code: "郵便番号",
    prefecture: "都道府県",
    city: "市区町村",
    line1: "番地",
    line2: "建物名・部屋番号（任意）",
    save: "住所を保存",
    remove: "削除",
    full: "住所は10件まで保存できます。先に1件削除してください。",
    invalid: "住所を保存できませんでした：",
};

const ZH: Texts = Texts {
    title: "已保存的地址",
    none: "还没有保存的地址。保存后，下单和领取礼物时可以直接选择。",
    add: "保存地址",
    name: "姓名",
    phone: "电话（可选）",
    postal_code: "邮政编码",
    prefecture: "都道府县",
    city: "市区町村",
    line1: "街道地址",
    line2: "建筑、房间号（可选）",
    save: "保存地址",
    remove: "删除",
    full: "最多保存 10 个地址，请先删除一个。",
    invalid: "地址未保存：",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// My page's addresses: the list, and the form (with the reason it was refused, if it was).
pub fn section(lang: Lang, saved: &[SavedAddress], refused: Option<&str>) -> String {
    let t = texts(lang);
    let items: String = saved
        .iter()
        .map(|a| {
            format!(
                r#"<li data-test="member-address">{name} · {address}<form method="post" action="/account/addresses/remove" class="inline"><input type="hidden" name="id" value="{id}"><button type="submit" class="small">{remove}</button></form></li>"#,
                name = escape(&a.name),
                address = escape(&omiyage_core::checkout::address_text(&a.address)),
                id = escape(&a.id),
                remove = t.remove,
            )
        })
        .collect();
    let list = match saved.is_empty() {
        true => format!("<p>{}</p>", t.none),
        false => format!(r#"<ul class="orders">{items}</ul>"#),
    };
    let refused = refused
        .map(|r| {
            format!(
                r#"<p class="error" role="alert" data-test="address-refused">{}</p>"#,
                escape(r)
            )
        })
        .unwrap_or_default();
    let prefectures: String = omiyage_core::prefecture::all()
        .map(|(ja, en)| {
            let label = match lang {
                Lang::En => en,
                _ => ja,
            };
            format!(r#"<option value="{ja}">{label}</option>"#)
        })
        .collect();
    let field = |id: &str, label: &str, autocomplete: &str, required: bool| {
        format!(
            r#"<label for="address-{id}">{label}</label><input id="address-{id}" name="{id}" autocomplete="{autocomplete}"{}>"#,
            if required { " required" } else { "" }
        )
    };
    format!(
        r#"<h2>{title}</h2>{list}{refused}
<details{open}><summary data-test="member-add-address">{add}</summary>
<form method="post" action="/account/addresses" data-test="member-address-form">
{name}{phone}{postal}
<label for="address-prefecture">{prefecture}</label>
<select id="address-prefecture" name="prefecture" autocomplete="address-level1" required><option value=""></option>{prefectures}</select>
{city}{line1}{line2}
<button type="submit" class="second" data-test="member-save-address">{save}</button>
</form></details>"#,
        title = t.title,
        open = if refused.is_empty() { "" } else { " open" },
        add = t.add,
        name = field("name", t.name, "name", true),
        phone = field("phone", t.phone, "tel", false),
        postal = field("postal_code", t.postal_code, "postal-code", true),
        prefecture = t.prefecture,
        city = field("city", t.city, "address-level2", true),
        line1 = field("line1", t.line1, "address-line1", true),
        line2 = field("line2", t.line2, "address-line2", false),
        save = t.save,
    )
}

#[derive(Deserialize)]
pub struct NewAddress {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    prefecture: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
}

/// Checks and saves an address for the signed-in member: `Err` with the reason to show.
pub async fn save<S: Backend>(
    state: &AppState<S>,
    member_id: &str,
    lang: Lang,
    form: NewAddress,
) -> Result<Result<(), String>, AppError> {
    let t = texts(lang);
    let claim = ClaimRequest {
        name: form.name,
        phone: form.phone,
        address: Address {
            postal_code: form.postal_code,
            prefecture: form.prefecture,
            city: form.city,
            line1: form.line1,
            line2: form.line2,
        },
        variant_id: None,
        email: String::new(),
        delivery: None,
    };
    let valid = match omiyage_core::checkout::validate_claim(&claim) {
        Ok(valid) => valid,
        Err(e) => {
            let reasons: Vec<String> = e.fields.iter().map(|f| f.message.clone()).collect();
            return Ok(Err(format!("{} {}", t.invalid, reasons.join(" "))));
        }
    };
    let saved = SavedAddress {
        id: uuid::Uuid::new_v4().to_string(),
        name: valid.name,
        phone: valid.phone,
        address: valid.address,
    };
    let now = state.clock.now();
    Ok(
        match state
            .storage
            .add_member_address(member_id, &saved, now)
            .await?
        {
            true => Ok(()),
            false => Err(t.full.to_string()),
        },
    )
}

#[derive(Deserialize)]
pub struct Remove {
    #[serde(default)]
    id: String,
}

/// `POST /account/addresses/remove`: removes one of the member's addresses, back to My page.
pub async fn remove<S: Backend>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Form(form): Form<Remove>,
) -> Result<Response, AppError> {
    if let Some(member) = members::signed_in(&state, &headers).await? {
        state
            .storage
            .remove_member_address(&member.id, &form.id)
            .await?;
    }
    Ok(crate::pages::form::to_my_page(""))
}
