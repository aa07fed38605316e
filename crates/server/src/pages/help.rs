//! `/o/<token>/help` (a plain order's shopper, for a line) and `/g/<token>/help` (a gift's
//! recipient, for their unit): report a problem with an item and say what would put it right.
//! Plain server-rendered HTML in the reader's language, so it costs the shopper's app no bytes
//! and works without JavaScript; the form's key makes a form sent twice one request.

use axum::Form;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use omiyage_api::{Problem, Remedy, Requester};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::http::extract::PageLang;
use crate::storage::{Backend, NewReport, Reported};

/// The page's text, one table per language.
struct Texts {
    title: &'static str,
    intro: &'static str,
    item: &'static str,
    /// `{n}`: a gift's unit number.
    unit: &'static str,
    problem: &'static str,
    problems: [&'static str; 4],
    remedy: &'static str,
    remedies: [&'static str; 3],
    exchange: &'static str,
    note: &'static str,
    email: &'static str,
    photos: &'static str,
    bad_photos: &'static str,
    submit: &'static str,
    sent: &'static str,
    not_found: &'static str,
    gift_order: &'static str,
    no_item: &'static str,
    no_variant: &'static str,
    not_received: &'static str,
    too_late: &'static str,
    already_open: &'static str,
    bad_email: &'static str,
    failed: &'static str,
}

const EN: Texts = Texts {
    title: "Report a problem",
    intro: "Tell the shop what is wrong and what would put it right. The shop answers by email.",
    item: "Item",
    unit: "Your gift (#{n})",
    problem: "What is wrong",
    problems: [
        "It arrived damaged",
        "It is not what was ordered",
        "Something is missing",
        "Something else",
    ],
    remedy: "What would you like",
    remedies: ["A refund", "The same item again", "Another variant instead"],
    exchange: "Which variant instead (for an exchange)",
    note: "Details (optional, up to 500 characters)",
    email: "Your email (the shop's answer goes there)",
    photos: "Photos (optional, up to three; only the shop sees them, without their location data)",
    bad_photos: "Attach at most three photos, each a JPEG, PNG or WebP of up to 10 MB.",
    submit: "Send the report",
    sent: "The shop has your report and will answer by email.",
    not_found: "This link is not valid. Check the link you were sent.",
    gift_order: "This order is a gift: its recipients report problems from the gift's page.",
    no_item: "Choose one of the items.",
    no_variant: "Choose one of the variants offered for an exchange.",
    not_received: "This can be reported once the order is paid (a gift: once you have claimed it).",
    too_late: "The shop's return period for this item is over.",
    already_open: "A report about this item is already open: the shop will answer it first.",
    bad_email: "Enter your email like name@example.com.",
    failed: "Something went wrong on our side. Please try again.",
};

const JA: Texts = Texts {
    title: "商品の問題を連絡する",
    intro: "どのような問題か、どうしてほしいかをお知らせください。お店からメールでお返事します。",
    item: "商品",
    unit: "受け取ったギフト（#{n}）",
    problem: "問題の内容",
    problems: [
        "破損して届いた",
        "注文と違う商品が届いた",
        "足りないものがある",
        "その他",
    ],
    remedy: "ご希望",
    remedies: ["返金", "同じ商品の再送", "別の種類への交換"],
    exchange: "交換を希望する種類（交換の場合）",
    note: "詳しい内容（任意、500文字まで）",
    email: "メールアドレス（お店からのお返事が届きます）",
    photos: "写真（任意、3枚まで。お店だけが見ます。位置情報は消して保存します）",
    bad_photos: "写真は3枚まで、1枚10MBまでのJPEG・PNG・WebPを添えてください。",
    submit: "連絡する",
    sent: "ご連絡をお受けしました。お店からメールでお返事します。",
    not_found: "このリンクは無効です。届いたリンクをご確認ください。",
    gift_order: "このご注文はギフトです。問題は受け取った方がギフトのページからご連絡ください。",
    no_item: "商品を選んでください。",
    no_variant: "交換先の種類は一覧から選んでください。",
    not_received: "お支払い後（ギフトは受け取り手続きの後）にご連絡いただけます。",
    too_late: "この商品の返品・交換の受付期間は終了しました。",
    already_open: "この商品についてのご連絡はすでに受け付けています。お店からのお返事をお待ちください。",
    bad_email: "メールアドレスは name@example.com のように入力してください。",
    failed: "エラーが発生しました。もう一度お試しください。",
};

const ZH: Texts = Texts {
    title: "反馈商品问题",
    intro: "请告诉商店出了什么问题，以及希望如何处理。商店会通过邮件答复。",
    item: "商品",
    unit: "您收到的礼物（#{n}）",
    problem: "问题",
    problems: ["到货时已损坏", "与订购的商品不符", "缺少物品", "其他"],
    remedy: "希望的处理方式",
    remedies: ["退款", "补发同样的商品", "换成其他款式"],
    exchange: "希望换成的款式（换货时）",
    note: "详细说明（选填，最多 500 字）",
    email: "您的邮箱（商店的答复会发到这里）",
    photos: "照片（选填，最多 3 张；仅商店可见，位置信息会被删除）",
    bad_photos: "最多附 3 张照片，每张为 10 MB 以内的 JPEG、PNG 或 WebP。",
    submit: "提交反馈",
    sent: "商店已收到您的反馈，会通过邮件答复。",
    not_found: "此链接无效，请检查您收到的链接。",
    gift_order: "此订单是礼物：请由收礼人在礼物页面反馈问题。",
    no_item: "请选择商品。",
    no_variant: "请从列表中选择要换成的款式。",
    not_received: "订单付款后（礼物需先领取）才能反馈。",
    too_late: "此商品的退换期限已过。",
    already_open: "关于此商品的反馈已在处理中，请等待商店答复。",
    bad_email: "请填写正确的邮箱（例如 name@example.com）。",
    failed: "出错了，请重试。",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

const STYLE: &str = "<style>select,textarea{box-sizing:border-box;width:100%;font:1.05rem/1.5 system-ui,sans-serif;padding:12px;border:2px solid #8a8175;border-radius:10px;background:#fff}textarea{min-height:6em}fieldset{border:0;padding:0;margin:16px 0 0}legend{font-weight:700;margin-bottom:6px}.choice{display:flex;gap:8px;align-items:center;font-weight:400;margin:6px 0}.choice input{width:auto}select:focus-visible,textarea:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}</style>";

/// Which side a page is for, by its path (`o`: an order's, `g`: a gift's).
fn requester(path: &str) -> Option<Requester> {
    match path {
        "g" => Some(Requester::Recipient),
        "o" => Some(Requester::Buyer),
        _ => None,
    }
}

/// What a form offers: its items (value, label), and the variants of their products an exchange
/// may ask for (id, label).
struct Choices {
    items: Vec<(u32, String)>,
    variants: Vec<(String, String)>,
}

/// The variants of `products` (each once, in the reader's language), for an exchange.
async fn variants_of<S: Backend>(
    state: &AppState<S>,
    products: Vec<String>,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in products {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Ok(Some(p)) = crate::services::catalog::localized_product(state, &id, lang).await {
            out.extend(
                p.variants
                    .iter()
                    .map(|v| (v.id.clone(), format!("{} / {}", p.name, v.name))),
            );
        }
    }
    out
}

async fn choices<S: Backend>(
    state: &AppState<S>,
    by: Requester,
    token: &str,
    lang: Lang,
) -> Option<Choices> {
    let t = texts(lang);
    match by {
        Requester::Buyer => {
            let order = crate::services::orders::load(state, token).await.ok()?;
            let items = order
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| (i as u32, format!("{} / {}", l.product_name, l.variant_name)))
                .collect();
            let products: Vec<String> = order.lines.iter().map(|l| l.product_id.clone()).collect();
            let variants = variants_of(state, products, lang).await;
            Some(Choices { items, variants })
        }
        Requester::Recipient => {
            let gift = state
                .storage
                .gift_view(token, state.clock.now(), false)
                .await
                .ok()?;
            let gift = crate::services::gifts::localized(state, gift, lang)
                .await
                .ok()?;
            let units = gift.units_total.max(1);
            let items = (0..units)
                .map(|i| {
                    let n = (i + 1).to_string();
                    (
                        i,
                        format!("{} — {}", gift.product.name, t.unit.replace("{n}", &n)),
                    )
                })
                .collect();
            let variants = variants_of(state, vec![gift.product.id.clone()], lang).await;
            Some(Choices { items, variants })
        }
    }
}

/// The most photos a report takes.
pub const MAX_PHOTOS: usize = 3;
/// The most a report's request may weigh: its photos at their largest and the form.
pub const BODY_LIMIT: usize = MAX_PHOTOS * omiyage_core::image::MAX_IMAGE_BYTES + 64 * 1024;

/// A report as sent: the form's fields, and its photos when sent as `multipart/form-data` (the
/// page's form; a form sent urlencoded has none).
pub struct ReportBody {
    form: ReportForm,
    photos: Vec<Bytes>,
}

impl<S: Send + Sync> FromRequest<S> for ReportBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let Form(form) = Form::<ReportForm>::from_request(req, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(ReportBody {
                form,
                photos: Vec::new(),
            });
        }
        let mut parts = Multipart::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut fields = serde_json::Map::new();
        let mut photos = Vec::new();
        while let Some(field) = parts
            .next_field()
            .await
            .map_err(IntoResponse::into_response)?
        {
            let name = field.name().unwrap_or_default().to_string();
            if name == "photo" {
                let bytes = field.bytes().await.map_err(IntoResponse::into_response)?;
                // A file input left empty sends one part without a name or bytes.
                if !bytes.is_empty() {
                    photos.push(bytes);
                }
            } else {
                let text = field.text().await.map_err(IntoResponse::into_response)?;
                fields.insert(name, serde_json::Value::String(text));
            }
        }
        let form = serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|_| StatusCode::UNPROCESSABLE_ENTITY.into_response())?;
        Ok(ReportBody { form, photos })
    }
}

/// What the form held when sent.
#[derive(Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    item: String,
    #[serde(default)]
    problem: String,
    #[serde(default)]
    remedy: String,
    #[serde(default)]
    exchange_variant: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    key: String,
}

fn form_page(
    lang: Lang,
    status: StatusCode,
    action: &str,
    by: Requester,
    choices: &Choices,
    typed: &ReportForm,
    error: Option<&str>,
) -> Response {
    let t = texts(lang);
    let (error_html, _) = crate::pages::form::error("report", error);
    let variant_options: String = choices
        .variants
        .iter()
        .map(|(id, label)| {
            let selected = if &typed.exchange_variant == id {
                " selected"
            } else {
                ""
            };
            format!(
                r#"<option value="{}"{selected}>{}</option>"#,
                escape(id),
                escape(label)
            )
        })
        .collect();
    let options: String = choices
        .items
        .iter()
        .map(|(i, label)| {
            let selected = if typed.item == i.to_string() {
                " selected"
            } else {
                ""
            };
            format!(
                r#"<option value="{i}"{selected}>{}</option>"#,
                escape(label)
            )
        })
        .collect();
    let radios = |name: &str, values: &[&str], labels: &[&str], chosen: &str| -> String {
        values
            .iter()
            .zip(labels)
            .enumerate()
            .map(|(i, (v, label))| {
                let checked = if chosen == *v || (chosen.is_empty() && i == 0) { " checked" } else { "" };
                format!(
                    r#"<label class="choice"><input type="radio" name="{name}" value="{v}" data-test="{name}-{v}"{checked}> {label}</label>"#
                )
            })
            .collect()
    };
    let problems: Vec<&str> = Problem::ALL.iter().map(|p| p.as_str()).collect();
    let remedies: Vec<&str> = Remedy::ALL.iter().map(|r| r.as_str()).collect();
    let email = match by {
        Requester::Recipient => format!(
            r#"<label for="email">{}</label><input id="email" name="email" type="email" autocomplete="email" required value="{}">"#,
            t.email,
            escape(&typed.email)
        ),
        Requester::Buyer => String::new(),
    };
    let key = match typed.key.is_empty() {
        true => uuid::Uuid::new_v4().to_string(),
        false => typed.key.clone(),
    };
    let body = format!(
        r#"<h1>{title}</h1>
<p>{intro}</p>
{error_html}
<form method="post" action="{action}" enctype="multipart/form-data" data-test="report-form">
<input type="hidden" name="key" value="{key}">
<label for="item">{item_label}</label>
<select id="item" name="item">{options}</select>
<fieldset><legend>{problem}</legend>{problem_radios}</fieldset>
<fieldset><legend>{remedy}</legend>{remedy_radios}</fieldset>
<label for="exchange">{exchange}</label>
<select id="exchange" name="exchange_variant"><option value="">—</option>{variant_options}</select>
<label for="note">{note}</label>
<textarea id="note" name="note" maxlength="500">{note_value}</textarea>
{email}
<label for="photos">{photos}</label>
<input id="photos" type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple data-test="report-photos">
<button type="submit" data-test="send-report">{submit}</button>
</form>"#,
        title = t.title,
        intro = t.intro,
        action = escape(action),
        key = escape(&key),
        item_label = t.item,
        problem = t.problem,
        problem_radios = radios("problem", &problems, &t.problems, &typed.problem),
        remedy = t.remedy,
        remedy_radios = radios("remedy", &remedies, &t.remedies, &typed.remedy),
        exchange = t.exchange,
        note = t.note,
        note_value = escape(&typed.note),
        photos = t.photos,
        submit = t.submit,
    );
    let style = format!("{}{STYLE}", crate::pages::form::STYLE);
    crate::pages::form::styled(lang, status, t.title, &style, &body)
}

fn note_page(lang: Lang, status: StatusCode, class: &str, text: &str) -> Response {
    let t = texts(lang);
    let role = if class == "done" { "status" } else { "alert" };
    let body = format!(
        r#"<h1>{}</h1><p class="{class}" role="{role}" data-test="report-{class}">{}</p>"#,
        t.title,
        escape(text)
    );
    crate::pages::form::shell(lang, status, t.title, &body)
}

/// `GET /o/<token>/help`, `GET /g/<token>/help`: the form.
pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    Path((side, token)): Path<(String, String)>,
    PageLang(lang): PageLang,
) -> Response {
    let not_found = || note_page(lang, StatusCode::NOT_FOUND, "error", texts(lang).not_found);
    let Some(by) = requester(&side) else {
        return not_found();
    };
    match choices(&state, by, &token, lang).await {
        Some(choices) => {
            let action = format!(
                "/{side}/{}/help",
                omiyage::api::encode_uri_component(&token)
            );
            form_page(
                lang,
                StatusCode::OK,
                &action,
                by,
                &choices,
                &ReportForm::default(),
                None,
            )
        }
        None => not_found(),
    }
}

/// `POST /o/<token>/help`, `POST /g/<token>/help`: the report, or the form back with why.
pub async fn submit<S: Backend>(
    State(state): State<AppState<S>>,
    Path((side, token)): Path<(String, String)>,
    PageLang(lang): PageLang,
    ReportBody { form, photos }: ReportBody,
) -> Response {
    let t = texts(lang);
    let Some(by) = requester(&side) else {
        return note_page(lang, StatusCode::NOT_FOUND, "error", t.not_found);
    };
    let Some(choices) = choices(&state, by, &token, lang).await else {
        return note_page(lang, StatusCode::NOT_FOUND, "error", t.not_found);
    };
    let action = format!(
        "/{side}/{}/help",
        omiyage::api::encode_uri_component(&token)
    );
    let again = |status, message: &str| {
        form_page(lang, status, &action, by, &choices, &form, Some(message))
    };
    let item = form
        .item
        .parse::<u32>()
        .ok()
        .filter(|i| choices.items.iter().any(|(v, _)| v == i));
    let (Some(item), Ok(problem), Ok(remedy)) = (
        item,
        Problem::try_from(form.problem.clone()),
        Remedy::try_from(form.remedy.clone()),
    ) else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t.no_item);
    };
    if let Err(e) =
        omiyage_core::after_sales::check_report(&form.note, remedy, &form.exchange_variant)
    {
        let message = e
            .fields
            .first()
            .map_or(e.message.clone(), |f| f.message.clone());
        return again(StatusCode::UNPROCESSABLE_ENTITY, &message);
    }
    let variant = form.exchange_variant.trim();
    if !variant.is_empty() && !choices.variants.iter().any(|(id, _)| id == variant) {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t.no_variant);
    }
    if by == Requester::Recipient && !omiyage_core::checkout::is_plausible_email(form.email.trim())
    {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t.bad_email);
    }
    let key = match form.key.trim() {
        k if !k.is_empty() && k.len() <= 64 => k.to_string(),
        _ => return again(StatusCode::UNPROCESSABLE_ENTITY, t.failed),
    };
    let too_big = photos
        .iter()
        .any(|p| p.len() > omiyage_core::image::MAX_IMAGE_BYTES);
    if photos.len() > MAX_PHOTOS || too_big {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t.bad_photos);
    }
    let mut kept = Vec::with_capacity(photos.len());
    for photo in photos {
        match crate::services::photos::evidence(photo).await {
            Ok(Ok(jpeg)) => kept.push(jpeg.bytes),
            Ok(Err(_)) => return again(StatusCode::UNPROCESSABLE_ENTITY, t.bad_photos),
            Err(e) => {
                tracing::error!(error = %e, "a report's photo could not be processed");
                return again(StatusCode::INTERNAL_SERVER_ERROR, t.failed);
            }
        }
    }
    let report = NewReport {
        requester: by,
        token: token.clone(),
        item,
        problem,
        remedy,
        exchange_variant: variant.to_string(),
        note: form.note.clone(),
        email: form.email.clone(),
        lang: lang.tag(),
        key,
        photos: kept,
    };
    match state
        .storage
        .report_problem(&report, state.clock.now())
        .await
    {
        Ok(Reported::Made(_)) => note_page(lang, StatusCode::OK, "done", t.sent),
        Ok(Reported::NotFound) => note_page(lang, StatusCode::NOT_FOUND, "error", t.not_found),
        Ok(Reported::GiftOrder) => again(StatusCode::CONFLICT, t.gift_order),
        Ok(Reported::NoSuchItem) => again(StatusCode::UNPROCESSABLE_ENTITY, t.no_item),
        Ok(Reported::NotReceived) => again(StatusCode::CONFLICT, t.not_received),
        Ok(Reported::TooLate) => again(StatusCode::CONFLICT, t.too_late),
        Ok(Reported::AlreadyOpen) => again(StatusCode::CONFLICT, t.already_open),
        Err(e) => {
            tracing::error!(error = %e, "a problem report failed");
            again(StatusCode::INTERNAL_SERVER_ERROR, t.failed)
        }
    }
}
