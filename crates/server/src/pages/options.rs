//! `/options/<product>/<variant>`: the gift options of one cart line (のし with its drawn
//! preview, a wrapping paper, a message card), server-rendered like `/claim` so the shopper's
//! app carries none of it. A plain GET form: "Preview" draws the のし again; "Add" checks the
//! choice with the rules checkout applies and hands it to the cart: a page whose script
//! (`/gift-options.js`) writes it on the cart line in this browser's storage, as
//! `<standard>|<reduced>|<token>|<label>` (what one unit's options cost at each tax rate, for
//! the cart's estimate; the choice as a token, which checkout reads and prices again; what
//! the cart shows), then opens the cart. "Remove" writes an empty value.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use omiyage_api::{LineOptions, NoshiChoice, NoshiPlacement, ProductGiftOptions};
use omiyage_core::gift_options::{self, MAX_CARD_CHARS};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use omiyage_core::noshi;

use crate::http::extract::PageLang;
use crate::storage::Backend;
use crate::{AppError, AppState};

struct Texts {
    title: &'static str,
    for_units: &'static str,
    noshi: &'static str,
    add_noshi: &'static str,
    occasion: &'static str,
    inner: &'static str,
    outer: &'static str,
    names: &'static str,
    names_hint: &'static str,
    wrapping: &'static str,
    no_wrapping: &'static str,
    card: &'static str,
    add_card: &'static str,
    card_hint: &'static str,
    free: &'static str,
    preview: &'static str,
    add: &'static str,
    remove: &'static str,
    back: &'static str,
    none_offered: &'static str,
    fix: &'static str,
    err_omotegaki: &'static str,
    err_name: &'static str,
    err_wrapping: &'static str,
    err_card_empty: &'static str,
    err_card_long: &'static str,
}

const JA: Texts = Texts {
    title: "ギフトオプション",
    for_units: "{n}点それぞれに付きます",
    noshi: "のし",
    add_noshi: "のしを付ける",
    occasion: "表書き",
    inner: "内のし（包装の内側・配送向き）",
    outer: "外のし（包装の外側・手渡し向き）",
    names: "名入れ",
    names_hint: "目上の方から順に。4名以上は代表者名と「外一同」になります。",
    wrapping: "ラッピング",
    no_wrapping: "ラッピングなし",
    card: "メッセージカード",
    add_card: "メッセージカードを付ける",
    card_hint: "{n}文字まで。お店で印刷して同梱します。",
    free: "無料",
    preview: "プレビュー",
    add: "この内容でカートに戻る",
    remove: "オプションを外す",
    back: "カートに戻る",
    none_offered: "この商品にはギフトオプションがありません。",
    fix: "入力内容をご確認ください。",
    err_omotegaki: "表書きを一覧から選んでください。",
    err_name: "お名前は1つにつき20文字までです。",
    err_wrapping: "このラッピングは現在お選びいただけません。別のものをお選びください。",
    err_card_empty: "カードに書く内容を入力してください。",
    err_card_long: "カードは200文字までです。",
};

const ZH: Texts = Texts {
    title: "礼品选项",
    for_units: "{n} 件商品每件都附带",
    noshi: "熨斗（のし）",
    add_noshi: "附上熨斗纸",
    occasion: "表书（用途）",
    inner: "内熨斗（包在包装内，适合寄送）",
    outer: "外熨斗（贴在包装外，适合亲手赠送）",
    names: "署名",
    names_hint: "按辈分从高到低填写。4 人以上时写代表姓名和「外一同」。",
    wrapping: "礼品包装",
    no_wrapping: "不需要包装",
    card: "留言卡",
    add_card: "附上留言卡",
    card_hint: "最多 {n} 个字，由店铺打印后放入包裹。",
    free: "免费",
    preview: "预览",
    add: "确认并返回购物车",
    remove: "取消礼品选项",
    back: "返回购物车",
    none_offered: "此商品没有礼品选项。",
    fix: "请检查填写的内容。",
    err_omotegaki: "请从列表中选择表书。",
    err_name: "每个署名最多 20 个字。",
    err_wrapping: "此包装暂不可选，请选择其他包装。",
    err_card_empty: "请填写留言卡的内容。",
    err_card_long: "留言卡最多 200 个字。",
};

const EN: Texts = Texts {
    title: "Gift options",
    for_units: "For each of the {n} items",
    noshi: "Noshi paper",
    add_noshi: "Add noshi paper",
    occasion: "Occasion (omotegaki)",
    inner: "Inside the wrapping (uchi-noshi, for sending)",
    outer: "Outside the wrapping (soto-noshi, for handing over)",
    names: "Names",
    names_hint: "Most senior first. Four or more are written as the first name and 外一同.",
    wrapping: "Gift wrapping",
    no_wrapping: "No wrapping",
    card: "Message card",
    add_card: "Add a message card",
    card_hint: "Up to {n} characters, printed by the shop and put in the parcel.",
    free: "Free",
    preview: "Preview",
    add: "Back to the cart with these",
    remove: "Remove the options",
    back: "Back to the cart",
    none_offered: "This product has no gift options.",
    fix: "Please check what you entered.",
    err_omotegaki: "Choose the occasion from the list.",
    err_name: "Keep a name to 20 characters.",
    err_wrapping: "This wrapping paper is no longer offered: choose another.",
    err_card_empty: "Write what the card should say.",
    err_card_long: "Keep the card to 200 characters.",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

/// Most names taken from the form (the paper writes at most three, or one and 外一同).
const NAME_FIELDS: usize = 4;

/// The choice the form describes: after a submit, its fields; on arrival, the cart's `c`.
fn choice_of(q: &HashMap<String, String>) -> LineOptions {
    if !q.contains_key("go") {
        return q
            .get("t")
            .and_then(|t| gift_options::from_token(t))
            .unwrap_or_default();
    }
    let field = |k: &str| q.get(k).map(|v| v.chars().take(400).collect::<String>());
    let on = |k: &str| q.get(k).is_some_and(|v| !v.is_empty());
    LineOptions {
        noshi: on("noshi").then(|| NoshiChoice {
            omotegaki: field("omotegaki").unwrap_or_default(),
            placement: match q.get("placement").map(String::as_str) {
                Some("outer") => NoshiPlacement::Outer,
                _ => NoshiPlacement::Inner,
            },
            names: (1..=NAME_FIELDS)
                .filter_map(|i| field(&format!("n{i}")))
                .filter(|n| !n.trim().is_empty())
                .collect(),
        }),
        wrapping: field("wrap").filter(|w| !w.is_empty()),
        card: on("card").then(|| field("card_text").unwrap_or_default()),
    }
}

/// What the cart line keeps: `<standard>|<reduced>|<token>|<label>` (see the module).
pub fn cart_value(choice: &LineOptions, priced: &[omiyage_api::OptionLine]) -> String {
    let (standard, reduced) = gift_options::per_unit(priced, 0);
    let label = priced
        .iter()
        .map(|o| format!("{}: {}", o.name, o.detail))
        .collect::<Vec<_>>()
        .join(" / ");
    format!(
        "{standard}|{reduced}|{}|{label}",
        gift_options::token(choice)
    )
}

/// The page that puts `value` on the cart line of `variant` and opens the cart.
fn chosen(lang: Lang, t: &Texts, variant: &str, value: &str) -> Response {
    let body = format!(
        "<div id=\"chosen\" data-line=\"{}\" data-options=\"{}\" hidden></div>\
         <p><a href=\"/cart\" data-test=\"options-back\">{}</a></p>\
         <script src=\"/gift-options.js\"></script>",
        escape(variant),
        escape(value),
        t.back
    );
    crate::pages::form::shell(lang, StatusCode::OK, t.title, &body)
}

/// `/gift-options.js`.
pub async fn script() -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("options.js"),
    )
        .into_response()
}

fn price_text(lang: Lang, t: &Texts, yen: i64) -> String {
    match yen {
        0 => t.free.to_string(),
        _ => lang.price(omiyage_api::Money::jpy(yen)),
    }
}

pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
    Path((product_id, variant_id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let t = texts(lang);
    let product = crate::services::catalog::localized_product(&state, &product_id, lang).await?;
    let offered = state
        .storage
        .product_gift_options(&product_id)
        .await?
        .unwrap_or_default();
    let Some((product, variant)) = product
        .and_then(|p| p.variant(&variant_id).cloned().map(|v| (p, v)))
        .filter(|_| offered.any())
    else {
        let body = format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"/cart\">{}</a></p>",
            t.title, t.none_offered, t.back
        );
        return Ok(crate::pages::form::shell(
            lang,
            StatusCode::NOT_FOUND,
            t.title,
            &body,
        ));
    };
    let settings = state.storage.gift_option_settings().await?;
    let quantity: u32 = q
        .get("q")
        .and_then(|n| omiyage_core::text::half_width(n).parse().ok())
        .filter(|n| (1..=99).contains(n))
        .unwrap_or(1);
    let choice = choice_of(&q);
    let checked = gift_options::check(&choice, offered, &settings, None, "options");
    let submitted = q.get("go").map(String::as_str);
    if submitted == Some("remove") {
        return Ok(chosen(lang, t, &variant.id, ""));
    }
    if submitted == Some("add")
        && let Ok(checked) = &checked
    {
        if choice.is_empty() {
            return Ok(chosen(lang, t, &variant.id, ""));
        }
        let priced = gift_options::price(checked, 0, 1, &settings, lang)?;
        return Ok(chosen(lang, t, &variant.id, &cart_value(&choice, &priced)));
    }
    let errors = match (&checked, submitted) {
        (Err(e), Some(_)) => e.clone(),
        _ => Vec::new(),
    };
    let body = page(
        lang, t, &product, &variant, quantity, offered, &settings, &choice, &errors,
    );
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok(crate::pages::form::styled(
        lang, status, t.title, STYLE, &body,
    ))
}

const STYLE: &str = r#"<style>
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;color:#1f1d1a;background:#faf7f2}
main{max-width:560px;margin:0 auto;padding:24px 16px}h1{font-size:1.6rem;margin:8px 0 4px}
fieldset{border:1px solid #ddd5c8;border-radius:12px;margin:16px 0;padding:8px 16px 16px;background:#fff}
legend{font-weight:700;padding:0 6px}label{display:block;margin:10px 0 4px}
.choice{display:flex;gap:10px;align-items:center;min-height:44px;margin:4px 0}.choice input{width:22px;height:22px;margin:0}.swatch{width:40px;height:40px;border-radius:6px;border:1px solid #e2dccf;object-fit:cover}
input[type=text],select,textarea{box-sizing:border-box;width:100%;font:1.05rem system-ui,sans-serif;padding:10px;border:2px solid #8a8175;border-radius:10px;background:#fff}
.names{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.hint{color:#5c574f;font-size:.9rem;margin:6px 0 0}.price{color:#5c574f;font-size:.95rem;margin-left:auto}
.error{background:#fbe9e7;color:#7a1c12;border:1px solid #efc2bb;border-radius:10px;padding:8px 12px}
.paper{display:flex;justify-content:center;margin:12px 0}.paper svg{width:180px;height:240px;box-shadow:0 2px 8px #0002}
.buttons{display:flex;flex-wrap:wrap;gap:10px;margin-top:8px}
button{flex:1 1 200px;min-height:48px;border:2px solid #b8372a;border-radius:999px;background:#fff;color:#b8372a;font:700 1rem system-ui,sans-serif;cursor:pointer}
button.primary{background:#b8372a;color:#fff}
input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}
a{color:#b8372a}.links{display:flex;justify-content:space-between;margin-top:18px}
</style>"#;

fn error_of<'a>(
    errors: &'a [omiyage_api::FieldError],
    prefix: &str,
) -> Option<&'a omiyage_api::FieldError> {
    errors.iter().find(|e| e.field.starts_with(prefix))
}

#[allow(clippy::too_many_arguments)]
fn page(
    lang: Lang,
    t: &Texts,
    product: &omiyage_api::Product,
    variant: &omiyage_api::Variant,
    quantity: u32,
    offered: ProductGiftOptions,
    settings: &omiyage_api::GiftOptionSettings,
    choice: &LineOptions,
    errors: &[omiyage_api::FieldError],
) -> String {
    let mut out = format!(
        "<h1>{}</h1><p>{} ({})<br><span class=\"hint\">{}</span></p>",
        t.title,
        escape(&product.name),
        escape(&variant.name),
        t.for_units.replace("{n}", &quantity.to_string())
    );
    if !errors.is_empty() {
        out.push_str(&format!("<p class=\"error\" role=\"alert\">{}</p>", t.fix));
    }
    out.push_str(&format!(
        "<form method=\"get\" action=\"/options/{}/{}\" data-test=\"options-form\">\
         <input type=\"hidden\" name=\"q\" value=\"{quantity}\">",
        escape(&product.id),
        escape(&variant.id)
    ));
    // The rules' reasons, in the reader's language (the rules name the field).
    let card_long = choice
        .card
        .as_ref()
        .is_some_and(|c| c.trim().chars().count() > MAX_CARD_CHARS);
    let field_error = |prefix: &str| {
        let message = match prefix {
            "options.noshi.omotegaki" => t.err_omotegaki,
            "options.noshi.names" => t.err_name,
            "options.wrapping" => t.err_wrapping,
            _ if card_long => t.err_card_long,
            _ => t.err_card_empty,
        };
        error_of(errors, prefix)
            .map(|_| format!("<p class=\"error\" role=\"alert\">{message}</p>"))
            .unwrap_or_default()
    };
    if offered.noshi {
        let n = choice.noshi.clone().unwrap_or_default();
        let chosen = choice.noshi.is_some();
        out.push_str(&format!(
            "<fieldset><legend>{} <span class=\"price\">{}</span></legend>\
             <label class=\"choice\"><input type=\"checkbox\" name=\"noshi\" value=\"1\" data-test=\"noshi\"{}> {}</label>\
             <label for=\"omotegaki\">{}</label><select id=\"omotegaki\" name=\"omotegaki\" data-test=\"omotegaki\">",
            t.noshi,
            price_text(lang, t, settings.noshi_price),
            if chosen { " checked" } else { "" },
            t.add_noshi,
            t.occasion
        ));
        for o in noshi::omotegaki() {
            let selected = if n.omotegaki == o { " selected" } else { "" };
            out.push_str(&format!("<option{selected}>{o}</option>"));
        }
        out.push_str("</select>");
        out.push_str(&field_error("options.noshi.omotegaki"));
        for (value, label, p) in [
            ("inner", t.inner, NoshiPlacement::Inner),
            ("outer", t.outer, NoshiPlacement::Outer),
        ] {
            let checked = if n.placement == p { " checked" } else { "" };
            out.push_str(&format!(
                "<label class=\"choice\"><input type=\"radio\" name=\"placement\" value=\"{value}\"{checked}> {label}</label>"
            ));
        }
        out.push_str(&format!(
            "<label for=\"n1\">{}</label><div class=\"names\">",
            t.names
        ));
        for i in 1..=NAME_FIELDS {
            let value = n.names.get(i - 1).map(String::as_str).unwrap_or("");
            out.push_str(&format!(
                "<input type=\"text\" id=\"n{i}\" name=\"n{i}\" maxlength=\"20\" autocomplete=\"off\" \
                 aria-label=\"{} {i}\" value=\"{}\" data-test=\"noshi-name\">",
                t.names,
                escape(value)
            ));
        }
        out.push_str(&format!("</div><p class=\"hint\">{}</p>", t.names_hint));
        out.push_str(&field_error("options.noshi.names"));
        // The paper as it will be written (also for a 表書き not yet confirmed by a submit).
        if let Some(choice) = &choice.noshi
            && let Ok(drawn) = noshi::check(
                &choice.omotegaki,
                gift_options::placement(choice.placement),
                &choice.names,
                offered.seafood,
                settings.yellow_for_condolences,
            )
        {
            out.push_str(&format!(
                "<div class=\"paper\" data-test=\"noshi-preview\" data-mizuhiki=\"{}\">{}</div>",
                drawn.mizuhiki.name(),
                noshi::svg(&drawn)
            ));
        }
        out.push_str("</fieldset>");
    }
    if offered.wrapping {
        out.push_str(&format!("<fieldset><legend>{}</legend>", t.wrapping));
        let none = if choice.wrapping.is_none() {
            " checked"
        } else {
            ""
        };
        out.push_str(&format!(
            "<label class=\"choice\"><input type=\"radio\" name=\"wrap\" value=\"\"{none}> {}</label>",
            t.no_wrapping
        ));
        for w in gift_options::offered_wrappings(settings) {
            let checked = if choice.wrapping.as_deref() == Some(w.id.as_str()) {
                " checked"
            } else {
                ""
            };
            // Its picture, as a swatch beside the name (decorative: the name says what it is).
            let swatch = match w.image.is_empty() {
                true => String::new(),
                false => format!(
                    "<img class=\"swatch\" src=\"{}\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\">",
                    escape(&w.image)
                ),
            };
            out.push_str(&format!(
                "<label class=\"choice\"><input type=\"radio\" name=\"wrap\" value=\"{}\" data-test=\"wrap-{}\"{checked}> {swatch}{} <span class=\"price\">{}</span></label>",
                escape(&w.id),
                escape(&w.id),
                escape(gift_options::wrapping_name(w, lang)),
                price_text(lang, t, w.price)
            ));
        }
        out.push_str(&field_error("options.wrapping"));
        out.push_str("</fieldset>");
    }
    if offered.card {
        let checked = if choice.card.is_some() {
            " checked"
        } else {
            ""
        };
        out.push_str(&format!(
            "<fieldset><legend>{} <span class=\"price\">{}</span></legend>\
             <label class=\"choice\"><input type=\"checkbox\" name=\"card\" value=\"1\" data-test=\"card\"{checked}> {}</label>\
             <textarea id=\"card_text\" name=\"card_text\" aria-label=\"{}\" rows=\"4\" maxlength=\"{MAX_CARD_CHARS}\" data-test=\"card-text\">{}</textarea>\
             <p class=\"hint\">{}</p>{}</fieldset>",
            t.card,
            price_text(lang, t, settings.card_price),
            t.add_card,
            t.card,
            escape(choice.card.as_deref().unwrap_or("")),
            t.card_hint.replace("{n}", &MAX_CARD_CHARS.to_string()),
            field_error("options.card"),
        ));
    }
    out.push_str(&format!(
        "<div class=\"buttons\"><button type=\"submit\" name=\"go\" value=\"preview\" data-test=\"options-preview\">{}</button>\
         <button type=\"submit\" name=\"go\" value=\"add\" class=\"primary\" data-test=\"options-add\">{}</button></div></form>\
         <p class=\"links\"><a href=\"/cart\">{}</a><a href=\"/options/{}/{}?go=remove\" data-test=\"options-remove\">{}</a></p>",
        t.preview,
        t.add,
        t.back,
        escape(&product.id),
        escape(&variant.id),
        t.remove
    ));
    out
}
