//! Every input constraint of the API in the OpenAPI document, taken from the same constants
//! the rules in `crates/core` use, so the document cannot promise what the server refuses.
//! What JSON Schema cannot say (a check digit, a date relative to today, an end after a start,
//! two variants with one name) is said in the property's description; the server answers 422.

use omiyage_core::{account, admin, batch, checkout, coupon, gift, promotion};
use serde_json::{Value, json};

mod settings;
use utoipa::openapi::schema::{Object, Schema};
use utoipa::openapi::{OpenApi, RefOr};

/// A required text: not blank, at most `max` characters.
pub(super) fn text(max: usize) -> Value {
    json!({"minLength": 1, "maxLength": max, "pattern": NOT_BLANK})
}

/// Holds a character that is not white space: Rust's `trim` also trims U+0085, which
/// ECMAScript's `\s` (the pattern dialect of JSON Schema) does not name.
const NOT_BLANK: &str = "[^\\s\\x85]";
/// An email as the rules accept it: one `@`, a dot in the domain, no spaces.
const EMAIL: &str = "^[^@\\s\\x85]+@[^@\\s\\x85.][^@\\s\\x85]*\\.[^@\\s\\x85]*[^@\\s\\x85.]$";
/// A phone number: 6 to 15 digits with `+ - ( )` and spaces, or nothing.
const PHONE: &str = "^$|^[ +()-]*([0-9][ +()-]*){6,15}$";
/// A shop day, `YYYY-MM-DD`.
pub(super) const DATE: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$";
/// A printed claim code: 16 Crockford base32 characters, dashes between groups allowed.
const CODE: &str = "^[0-9A-TV-Za-tv-z]{4}(-?[0-9A-TV-Za-tv-z]{4}){3}$";

/// (schema, property, constraints) for the request bodies.
fn properties() -> Vec<(&'static str, &'static str, Value)> {
    let prefectures: Vec<&str> = omiyage_core::prefecture::all().map(|(ja, _)| ja).collect();
    let (max_stock, max_price) = (admin::MAX_STOCK, admin::MAX_PRICE);
    vec![
        ("Contact", "name", text(100)),
        (
            "Contact",
            "email",
            json!({"maxLength": 254, "pattern": EMAIL}),
        ),
        ("Contact", "phone", json!({"pattern": PHONE})),
        (
            "Address",
            "postal_code",
            json!({"pattern": "^[0-9]{3}-?[0-9]{4}$"}),
        ),
        ("Address", "prefecture", json!({"enum": prefectures})),
        ("Address", "city", text(100)),
        ("Address", "line1", text(200)),
        ("Address", "line2", json!({"maxLength": 200})),
        (
            "CheckoutRequest",
            "lines",
            json!({"minItems": 1, "maxItems": checkout::MAX_LINES}),
        ),
        ("CheckoutLine", "product_id", text(80)),
        ("CheckoutLine", "variant_id", text(80)),
        (
            "CheckoutLine",
            "quantity",
            json!({"minimum": 1, "maximum": checkout::MAX_QUANTITY,
            "description": "The same variant over several lines may add up to at most 99; a gift holds one line of at most 20 units"}),
        ),
        (
            "PaymentChoice",
            "card_number",
            json!({"pattern": "^[0-9]{12,19}$",
            "description": "Digits of a card number that passes the Luhn check"}),
        ),
        (
            "GiftOptions",
            "sender_name",
            text(gift::SENDER_NAME_MAX_CHARS),
        ),
        (
            "GiftOptions",
            "greeting",
            json!({"maxLength": gift::GREETING_MAX_CHARS}),
        ),
        ("ClaimRequest", "name", text(100)),
        ("ClaimRequest", "phone", json!({"pattern": PHONE})),
        (
            "ClaimRequest",
            "email",
            json!({"maxLength": 254, "pattern": format!("^$|{EMAIL}")}),
        ),
        (
            "FindOrdersRequest",
            "email",
            json!({"maxLength": 254, "pattern": EMAIL}),
        ),
        (
            "WebhookInput",
            "url",
            json!({"maxLength": 2000, "pattern": "^https?://[^\\s/?#@]+([/?#][^\\s]*)?$",
            "description": "The host must resolve to public addresses only (no loopback, private or link-local), unless the server allows private webhooks"}),
        ),
        (
            "WebhookInput",
            "events",
            json!({"minItems": 1, "items": {"type": "string", "enum": omiyage_api::WEBHOOK_EVENTS}}),
        ),
        (
            "FanMessageText",
            "lang",
            json!({"enum": omiyage_api::FAN_LANGS}),
        ),
        (
            "FanMessageText",
            "subject",
            text(omiyage_api::FAN_SUBJECT_MAX),
        ),
        ("FanMessageText", "text", text(omiyage_api::FAN_TEXT_MAX)),
        (
            "FanMessageDraft",
            "texts",
            json!({"minItems": 1, "maxItems": 3,
                "description": "One for each language the message goes to (`langs`, or all three when it is empty)"}),
        ),
        (
            "FanMessageDraft",
            "product_ids",
            json!({"maxItems": omiyage_api::FAN_MESSAGE_PRODUCTS, "uniqueItems": true,
                "description": "Products of the catalog"}),
        ),
        (
            "FanMessageDraft",
            "langs",
            json!({"uniqueItems": true, "items": {"type": "string", "enum": omiyage_api::FAN_LANGS}}),
        ),
        (
            "PointSettings",
            "rate_bps",
            json!({"maximum": omiyage_api::MAX_RATE_BPS}),
        ),
        ("PointSettings", "expiry_days", json!({"minimum": 1, "maximum": 3650})),
        (
            "PointSettings",
            "notice_days",
            json!({"minimum": 1, "description": "Fewer than `expiry_days`"}),
        ),
        (
            "PointSettings",
            "ranks",
            json!({"maxItems": omiyage_api::MAX_RANKS}),
        ),
        ("Rank", "name", text(omiyage_api::RANK_NAME_MAX)),
        ("Rank", "from_spend", json!({"minimum": 1, "maximum": 100_000_000})),
        ("Rank", "rate_bps", json!({"maximum": omiyage_api::MAX_RATE_BPS})),
        (
            "Rank",
            "free_shipping_from",
            json!({"minimum": 0, "maximum": 100_000_000}),
        ),
        (
            "Rank",
            "birthday_coupon",
            json!({"minimum": 1, "maximum": 100_000}),
        ),
        (
            "NewAccount",
            "email",
            json!({"maxLength": 254, "pattern": EMAIL}),
        ),
        ("NewAccount", "name", text(80)),
        (
            "NewAccount",
            "password",
            json!({"minLength": account::MIN_PASSWORD, "maxLength": account::MAX_PASSWORD}),
        ),
        (
            "PayoutInput",
            "reference",
            text(omiyage_core::payout::MAX_REFERENCE),
        ),
        (
            "PayoutInput",
            "amount",
            json!({"minimum": 1, "description": "At most the promoter's balance owed now"}),
        ),
        (
            "AgencyInput",
            "email",
            json!({"maxLength": 254, "pattern": EMAIL}),
        ),
        ("AgencyInput", "name", text(80)),
        (
            "AgencyInput",
            "password",
            json!({"minLength": account::MIN_PASSWORD, "maxLength": account::MAX_PASSWORD}),
        ),
        (
            "AgencyInput",
            "share_bps",
            json!({"minimum": 0, "maximum": omiyage_core::agency::MAX_SHARE_BPS}),
        ),
        (
            "AgencyInviteInput",
            "email",
            json!({"maxLength": 254, "pattern": EMAIL}),
        ),
        ("LevelInput", "name", text(40)),
        (
            "LevelInput",
            "min_sales",
            json!({"minimum": 0, "maximum": 1_000_000_000}),
        ),
        (
            "LevelInput",
            "min_orders",
            json!({"minimum": 0, "maximum": 1_000_000}),
        ),
        (
            "LevelInput",
            "bonus_bps",
            json!({"minimum": 0, "maximum": omiyage_core::promotion::MAX_BPS}),
        ),
        (
            "LadderInput",
            "window_days",
            json!({"minimum": 1, "maximum": omiyage_core::level::MAX_WINDOW_DAYS}),
        ),
        (
            "LadderInput",
            "levels",
            json!({"maxItems": omiyage_core::level::MAX_LEVELS,
            "description": "Lowest level first; each asks for more than the one below"}),
        ),
        ("ShopInput", "name", text(80)),
        ("ShopInput", "address", text(200)),
        (
            "ShopInput",
            "claim_window_secs",
            json!({"minimum": account::MIN_CLAIM_WINDOW_SECS, "maximum": account::MAX_CLAIM_WINDOW_SECS}),
        ),
        ("ProductInput", "name", text(120)),
        ("ProductInput", "description", json!({"maxLength": 2000})),
        ("ProductInput", "category", text(60)),
        (
            "ProductInput",
            "image",
            json!({"maxLength": 300, "pattern": "^(/[!-~]*)?$"}),
        ),
        (
            "ProductInput",
            "variants",
            json!({"minItems": 1, "maxItems": admin::MAX_VARIANTS,
            "description": "No two variants with the same name"}),
        ),
        (
            "ProductInput",
            "photos",
            json!({"maxItems": admin::MAX_PHOTOS,
            "description": "Each src once; a variant's photo is one of them"}),
        ),
        (
            "AdminPhoto",
            "src",
            json!({"maxLength": 300, "description": "A path of the shop's (it starts with /)"}),
        ),
        ("AdminPhoto", "alt", text(200)),
        ("AdminPhoto", "focus_x", json!({"minimum": 0, "maximum": 100})),
        ("AdminPhoto", "focus_y", json!({"minimum": 0, "maximum": 100})),
        ("VariantInput", "name", text(60)),
        ("VariantInput", "sku", json!({"maxLength": 40})),
        (
            "VariantInput",
            "price",
            json!({"minimum": 0, "maximum": max_price}),
        ),
        (
            "VariantInput",
            "stock",
            json!({"minimum": 0, "maximum": max_stock}),
        ),
        ("CategoryInput", "name", text(60)),
        (
            "StockChange",
            "stock",
            json!({"minimum": 0, "maximum": max_stock}),
        ),
        (
            "StockChange",
            "expected",
            json!({"minimum": 0, "maximum": max_stock}),
        ),
        (
            "StockChange",
            "delta",
            json!({"minimum": -max_stock, "maximum": max_stock,
            "description": "Units to add (positive) or remove (negative); never 0"}),
        ),
        (
            "ShipRequest",
            "tracking_number",
            json!({"pattern": "^[A-Za-z0-9-][A-Za-z0-9 -]{2,38}[A-Za-z0-9-]$"}),
        ),
        ("RefundRequest", "amount", json!({"minimum": 1})),
        (
            "RefundRequest",
            "reason",
            text(omiyage_core::payment::REFUND_REASON_MAX_CHARS),
        ),
        (
            "BatchInput",
            "count",
            json!({"minimum": 1, "maximum": batch::MAX_CODES}),
        ),
        (
            "BatchInput",
            "greeting",
            json!({"maxLength": gift::GREETING_MAX_CHARS}),
        ),
        ("BatchInput", "product_id", text(80)),
        ("BatchInput", "variant_id", text(80)),
        (
            "BatchInput",
            "expires_on",
            json!({"pattern": DATE,
            "description": "The last day the codes can be claimed, `YYYY-MM-DD` in the shop's time zone: from tomorrow to a year ahead"}),
        ),
        (
            "CouponInput",
            "code",
            json!({"pattern": "^[ -]*([0-9A-Za-z][ -]*){3,20}$",
            "description": "3 to 20 letters and digits; spaces, hyphens and case do not matter"}),
        ),
        (
            "CouponInput",
            "value",
            json!({"minimum": 1, "maximum": coupon::MAX_FIXED,
            "description": "Yen off (fixed), or percent off from 1 to 100 (percent)"}),
        ),
        (
            "CouponInput",
            "min_spend",
            json!({"minimum": 0, "maximum": coupon::MAX_FIXED * 10}),
        ),
        ("CouponInput", "starts_on", json!({"pattern": DATE})),
        (
            "CouponInput",
            "ends_on",
            json!({"pattern": DATE, "description": "On or after starts_on"}),
        ),
        (
            "CouponInput",
            "max_uses",
            json!({"minimum": 1, "maximum": coupon::MAX_CAP,
            "description": "At least the coupon's uses so far, when editing"}),
        ),
        (
            "CouponInput",
            "per_email",
            json!({"minimum": 1, "maximum": coupon::MAX_CAP}),
        ),
        (
            "CouponInput",
            "product_ids",
            json!({"maxItems": 100, "description": "Products in the catalog"}),
        ),
        (
            "CouponInput",
            "category_ids",
            json!({"maxItems": 100, "description": "Categories in the catalog"}),
        ),
        (
            "CouponInput",
            "promoter_id",
            json!({"description": "A promoter's account id, or null"}),
        ),
        ("PlanInput", "name", text(80)),
        (
            "PlanInput",
            "commission_bps",
            json!({"minimum": 0, "maximum": promotion::MAX_BPS}),
        ),
        (
            "PlanInput",
            "new_buyer_bps",
            json!({"minimum": 0, "maximum": promotion::MAX_BPS,
            "description": "A higher rate on a new buyer's order, from `commission_bps` up to 5,000; absent or null for none"}),
        ),
        (
            "PlanInput",
            "window_days",
            json!({"minimum": 1, "maximum": promotion::MAX_WINDOW_DAYS}),
        ),
        ("PlanInput", "product_ids", json!({"minItems": 1})),
        ("PlanInput", "starts_on", json!({"pattern": DATE})),
        (
            "PlanInput",
            "ends_on",
            json!({"pattern": DATE, "description": "On or after `starts_on`"}),
        ),
        ("InvoiceIssuer", "registered_name", text(100)),
        (
            "InvoiceIssuer",
            "registration_number",
            json!({"pattern": "^T[0-9]{13}$",
            "description": "`T` and 13 digits whose first is the check digit of the other 12"}),
        ),
        ("CodeLookup", "code", json!({"pattern": CODE})),
        (
            "PaymentRules",
            "pay_in_shop_hold_hours",
            json!({"minimum": 1, "maximum": omiyage_core::hold::MAX_HOLD_HOURS}),
        ),
    ]
    .into_iter()
    .chain(settings::properties())
    .collect()
}

/// (path, parameter, constraints) for query parameters.
fn parameters() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "/api/batches/{id}/qr-codes",
            "origin",
            json!({"maxLength": 100,
            "pattern": "^https?://[A-Za-z0-9.:\\[\\]-]+$"}),
        ),
        (
            "/api/qr",
            "text",
            json!({"maxLength": omiyage_core::qr::MAX_QR_TEXT}),
        ),
    ]
}

/// Applies every constraint; a schema or property that no longer exists fails loudly (the
/// document's test asks for the document), so a rename cannot drop a constraint silently.
pub fn apply(doc: &mut OpenApi) {
    let schemas = &mut doc
        .components
        .as_mut()
        .expect("the document has components")
        .schemas;
    for (schema, property, constraints) in properties() {
        let found = schemas
            .get_mut(schema)
            .map(|s| with_property(s, property, &constraints))
            .unwrap_or(0);
        assert!(found > 0, "OpenAPI: no property {schema}.{property}");
    }
    for (path, name, constraints) in parameters() {
        let parameter = doc
            .paths
            .paths
            .get_mut(path)
            .and_then(|item| item.get.as_mut())
            .and_then(|op| op.parameters.as_mut())
            .and_then(|ps| {
                ps.iter_mut().find_map(|p| match p {
                    RefOr::T(p) if p.name == name => Some(p),
                    _ => None,
                })
            });
        let parameter = parameter.unwrap_or_else(|| panic!("OpenAPI: no parameter {path} {name}"));
        if let Some(schema) = parameter.schema.as_mut() {
            merge(schema, &constraints);
        }
    }
    let schemas = &mut doc
        .components
        .as_mut()
        .expect("the document has components")
        .schemas;
    // Staff name their shop: the staff form is the account form with `shop_id` required.
    if let Some(RefOr::T(Schema::Object(account))) = schemas.get("NewAccount") {
        let mut staff = account.clone();
        staff.required.push("shop_id".into());
        staff.description = Some("A new staff account, in one shop".into());
        let mut shop_id = RefOr::T(Schema::Object(Object::default()));
        merge(
            &mut shop_id,
            &json!({"type": "string", "minLength": 1, "maxLength": 80,
            "pattern": NOT_BLANK, "description": "The shop this person works in"}),
        );
        staff.properties.insert("shop_id".into(), shop_id);
        schemas.insert("NewStaff".into(), RefOr::T(Schema::Object(staff)));
        let body = doc
            .paths
            .paths
            .get_mut("/api/admin/staff")
            .and_then(|item| item.post.as_mut())
            .and_then(|op| op.request_body.as_mut());
        if let Some(RefOr::T(body)) = body
            && let Some(RefOr::T(json)) = body.content.get_mut("application/json")
        {
            json.schema = Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                "NewStaff",
            )));
        }
    }
    for (schema, max_name) in [
        ("ProductInput", 120),
        ("VariantInput", 60),
        ("CategoryInput", 60),
        ("AdminPhoto", 200),
    ] {
        if let Some(RefOr::T(Schema::Object(o))) = schemas.get_mut(schema) {
            o.properties.insert(
                "translations".into(),
                RefOr::T(translations_schema(max_name)),
            );
        }
    }
}

/// Merges `constraints` into `property` of a schema (of each variant of a `oneOf`); how many
/// properties it changed.
fn with_property(schema: &mut RefOr<Schema>, property: &str, constraints: &Value) -> usize {
    match schema {
        RefOr::T(Schema::Object(o)) => match o.properties.get_mut(property) {
            Some(p) => {
                merge(p, constraints);
                1
            }
            None => 0,
        },
        RefOr::T(Schema::OneOf(one_of)) => one_of
            .items
            .iter_mut()
            .map(|s| with_property(s, property, constraints))
            .sum(),
        _ => 0,
    }
}

/// Merges JSON keywords into a property schema through its JSON form.
fn merge(property: &mut RefOr<Schema>, constraints: &Value) {
    let mut value = serde_json::to_value(&*property).expect("a schema serialises");
    if let (Some(target), Some(add)) = (value.as_object_mut(), constraints.as_object()) {
        for (k, v) in add {
            target.insert(k.clone(), v.clone());
        }
    }
    *property = serde_json::from_value(value).expect("a merged schema reads back");
}

/// Translations: `en` and `zh-Hans` only, each a name (≤ `max_name` characters) and a
/// description (≤ 2,000).
fn translations_schema(max_name: usize) -> Schema {
    let text = json!({"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "maxLength": max_name},
        "description": {"type": "string", "maxLength": 2000}}});
    let value = json!({"type": "object", "additionalProperties": false,
        "description": "Texts in the shop's other languages; Japanese (the main fields) is the fallback",
        "properties": {"en": text, "zh-Hans": text}});
    Schema::Object(serde_json::from_value::<Object>(value).expect("a valid schema"))
}
