//! The console's one translation layer: every piece of UI text comes from [`Texts`], one table
//! per language (Japanese, Simplified Chinese, English), chosen in [`t`] from the reader's
//! language (crates/core's rule, the choice shared with the shop). A missing key does not
//! compile.

use omiyage_api::{Address, GiftUnit, OrderStatus, Role, UnitState};
pub use omiyage_core::lang::Lang;

mod en;
mod errors;
mod ja;
mod promotion;
mod zh;
use en::EN;
pub use errors::{error_message, field_message};
use ja::JA;
pub use promotion::{new_buyer_orders, percent, rates, shared_by, window};
use zh::ZH;

/// All UI text of the console.
pub struct Texts {
    pub translations: &'static str,
    pub translations_hint: &'static str,
    pub gift_options: &'static str,
    pub gift_options_hint: &'static str,
    pub gift_noshi: &'static str,
    pub gift_wrapping: &'static str,
    pub gift_card: &'static str,
    pub gift_seafood: &'static str,
    pub categories: &'static str,
    pub add_category: &'static str,
    pub new_category: &'static str,
    pub plans: &'static str,
    pub joined: &'static str,
    pub join: &'static str,
    pub share_links: &'static str,
    pub no_links: &'static str,
    pub copied: &'static str,
    pub copy_link: &'static str,
    pub share_card: &'static str,
    pub card_failed: &'static str,
    pub clicks: &'static str,
    pub conversion: &'static str,
    pub pending: &'static str,
    pub confirmed: &'static str,
    pub reversed: &'static str,
    pub clicks_chart: &'static str,
    pub paused: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub new_plan: &'static str,
    pub commission_percent: &'static str,
    pub window_days: &'static str,
    pub starts: &'static str,
    pub ends: &'static str,
    pub open_to_all: &'static str,
    pub create_plan: &'static str,
    pub nav_batches: &'static str,
    pub invite: &'static str,
    pub invited: &'static str,
    pub edit_shop: &'static str,
    pub edit: &'static str,
    pub preparing_cards: &'static str,
    pub no_batches: &'static str,
    pub codes: &'static str,
    pub claimed: &'static str,
    pub expires: &'static str,
    pub new_batch: &'static str,
    pub in_stock: &'static str,
    pub codes_to_print: &'static str,
    pub greeting: &'static str,
    pub last_claim_day: &'static str,
    pub allow_choice: &'static str,
    pub create_batch: &'static str,
    pub back_to_batches: &'static str,
    pub print_cards: &'static str,
    pub export_csv: &'static str,
    pub code: &'static str,
    pub void: &'static str,
    pub back_to_batch: &'static str,
    pub print: &'static str,
    pub qr_alt: &'static str,
    pub accounts: &'static str,
    pub add_shop: &'static str,
    pub add_staff: &'static str,
    pub add_variant: &'static str,
    pub address: &'static str,
    pub adjust_stock: &'static str,
    pub all: &'static str,
    pub archive: &'static str,
    pub archived: &'static str,
    pub back_to_orders: &'static str,
    pub category: &'static str,
    pub choose: &'static str,
    pub claim_days: &'static str,
    pub confirm_payment: &'static str,
    pub confirm_payment_title: &'static str,
    pub console_name: &'static str,
    pub demo_badge: &'static str,
    pub demo_note: &'static str,
    pub demo_title: &'static str,
    pub description: &'static str,
    pub disable: &'static str,
    pub disabled: &'static str,
    pub email: &'static str,
    pub enable: &'static str,
    pub fix_fields: &'static str,
    pub gift: &'static str,
    pub from_date: &'static str,
    pub to_date: &'static str,
    pub sign_up: &'static str,
    pub sign_up_title: &'static str,
    pub sign_up_note: &'static str,
    pub sign_up_link: &'static str,
    pub in_shop: &'static str,
    pub gift_ships_to: &'static str,
    pub gifts: &'static str,
    pub image: &'static str,
    pub image_hint: &'static str,
    pub photos: &'static str,
    pub photos_hint: &'static str,
    pub photo: &'static str,
    pub photo_on_card: &'static str,
    pub photo_alt: &'static str,
    pub focus_across: &'static str,
    pub focus_down: &'static str,
    pub move_earlier: &'static str,
    pub move_later: &'static str,
    pub remove_photo: &'static str,
    pub add_photos: &'static str,
    pub variant_photo: &'static str,
    pub no_photo: &'static str,
    pub items: &'static str,
    pub kind: &'static str,
    pub live: &'static str,
    pub loading: &'static str,
    pub mark_shipped: &'static str,
    pub name: &'static str,
    pub nav_home: &'static str,
    pub nav_label: &'static str,
    pub nav_orders: &'static str,
    pub nav_products: &'static str,
    pub nav_shops: &'static str,
    pub new_product: &'static str,
    pub new_shop: &'static str,
    pub new_staff: &'static str,
    pub no_orders: &'static str,
    pub no_sales: &'static str,
    pub not_found: &'static str,
    pub not_gifts: &'static str,
    pub order: &'static str,
    pub order_link: &'static str,
    pub orders_30: &'static str,
    pub password: &'static str,
    pub payment: &'static str,
    pub payment_confirmed: &'static str,
    pub cancel_unpaid: &'static str,
    pub unpaid_cancelled: &'static str,
    pub held_until: &'static str,
    pub holds: &'static str,
    pub holds_note: &'static str,
    pub hold_hours: &'static str,
    pub placed: &'static str,
    pub price: &'static str,
    pub price_yen: &'static str,
    pub product: &'static str,
    pub promoter_soon: &'static str,
    pub reference: &'static str,
    pub restore: &'static str,
    pub revenue: &'static str,
    pub revenue_30: &'static str,
    pub role: &'static str,
    pub sales_title: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub set_stock: &'static str,
    pub ship_to: &'static str,
    pub shop: &'static str,
    pub shops: &'static str,
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_out: &'static str,
    pub skip_to_content: &'static str,
    pub sku: &'static str,
    pub language: &'static str,
    pub invoices: &'static str,
    pub invoices_note: &'static str,
    pub registered_name: &'static str,
    pub registration_number: &'static str,
    pub tax_class: &'static str,
    pub tax_standard: &'static str,
    pub tax_reduced: &'static str,
    pub status: &'static str,
    pub stock: &'static str,
    pub stock_rules: &'static str,
    pub top_products: &'static str,
    pub total: &'static str,
    pub tracking: &'static str,
    pub units: &'static str,
    pub uploading: &'static str,
    pub variant_name: &'static str,
    pub variants: &'static str,
    pub view_in_shop: &'static str,
    pub welcome: &'static str,
}

thread_local! {
    static LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The reader's language, decided once per page load: the choice remembered in this browser
/// (shared with the shop), else the browser's preferences (crates/core's rule).
pub fn lang() -> Lang {
    LANG.with(|cell| {
        cell.get().unwrap_or_else(|| {
            let l = omiyage_ui::remembered().unwrap_or_else(omiyage_ui::preferred);
            omiyage_ui::set_document_lang(l);
            cell.set(Some(l));
            l
        })
    })
}

/// Switches the language, remembers it for both apps and for the server's pages
/// (`omiyage_ui::choose`), and reloads.
pub fn set_lang(l: Lang) {
    omiyage_ui::choose(l);
}

/// The texts for the reader's language.
pub fn t() -> &'static Texts {
    match lang() {
        Lang::Ja => &JA,
        Lang::ZhHans => &ZH,
        Lang::En => &EN,
    }
}

/// Picks the reader's language's version of a text.
pub(crate) fn pick<T>(ja: T, zh: T, en: T) -> T {
    match lang() {
        Lang::Ja => ja,
        Lang::ZhHans => zh,
        Lang::En => en,
    }
}

/// A field's label in a named language: `名前 · English`.
pub fn in_lang(label: &str, l: Lang) -> String {
    format!("{label} · {}", l.name())
}

/// A catalog entry's name as the reader of the console reads it (Japanese when untranslated).
pub fn local_name(name: &str, t: &omiyage_api::Translations) -> String {
    t.get(lang().tag())
        .map(|x| x.name.as_str())
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
        .to_string()
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::Admin => pick("管理者", "管理员", "Admin"),
        Role::Staff => pick("店舗スタッフ", "店员", "Shop staff"),
        Role::Promoter => pick("プロモーター", "推广员", "Promoter"),
        Role::Agency => pick("エージェンシー", "代理商", "Agency"),
    }
}

/// The public password of a `--demo` account (shown only when the server says demo accounts
/// exist).
pub fn demo_password(r: Role) -> &'static str {
    match r {
        Role::Admin => "demo-admin-password",
        Role::Staff => "demo-staff-password",
        Role::Promoter => "demo-promoter-password",
        Role::Agency => "demo-agency-password",
    }
}

/// A yen amount as the language writes it (`1,200円`, `¥1,200`).
pub fn yen(amount: i64) -> String {
    lang().price(omiyage_api::Money::jpy(amount))
}

/// "¥800" or "¥800–¥1,200".
pub fn price_range(amounts: impl Iterator<Item = i64>) -> String {
    let all: Vec<i64> = amounts.collect();
    match (all.iter().min(), all.iter().max()) {
        (Some(lo), Some(hi)) if lo != hi => format!("{}–{}", yen(*lo), yen(*hi)),
        (Some(lo), _) => yen(*lo),
        _ => String::new(),
    }
}

pub fn variant_count(n: usize) -> String {
    match (lang(), n) {
        (Lang::Ja, n) => format!("{n}種類"),
        (Lang::ZhHans, n) => format!("{n} 个款式"),
        (Lang::En, 1) => "1 variant".into(),
        (Lang::En, n) => format!("{n} variants"),
    }
}

pub fn order_count(n: u32) -> String {
    match (lang(), n) {
        (Lang::Ja, n) => format!("{n}件の注文"),
        (Lang::ZhHans, n) => format!("{n} 个订单"),
        (Lang::En, 1) => "1 order".into(),
        (Lang::En, n) => format!("{n} orders"),
    }
}

pub fn chart_summary(first: &str, last: &str) -> String {
    match lang() {
        Lang::Ja => {
            format!("{first}から{last}までの日別売上。棒にカーソルを合わせると数値が出ます。")
        }
        Lang::ZhHans => format!("{first} 至 {last} 的每日销售额；将鼠标移到柱上可查看数值。"),
        Lang::En => format!("Revenue per day from {first} to {last}; hover a bar for its figures."),
    }
}

/// "Test card ending 4242 · captured".
pub fn payment(p: &omiyage_api::PaymentSummary) -> String {
    let method = match (p.method.as_str(), &p.card_last4) {
        ("test_card", Some(last4)) => format!(
            "{} {last4}",
            pick("テストカード 末尾", "测试卡 尾号", "Test card ending")
        ),
        ("pay_in_shop", _) => pick("店頭払い", "到店付款", "Pay in shop").to_string(),
        ("card", _) => pick("カード（Stripe）", "银行卡（Stripe）", "Card (Stripe)").to_string(),
        (other, _) => other.to_string(),
    };
    let status = match p.status {
        omiyage_api::PaymentStatus::Pending => pick("未入金", "待付款", "pending"),
        omiyage_api::PaymentStatus::Captured => pick("入金済み", "已收款", "captured"),
        omiyage_api::PaymentStatus::Refunded => pick("返金済み", "已退款", "refunded"),
    };
    format!("{method} · {status}")
}

pub fn order_status(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::AwaitingPayment => pick("入金待ち", "待付款", "Awaiting payment"),
        OrderStatus::Paid => pick("支払い済み — 発送待ち", "已付款 — 待发货", "Paid — to ship"),
        OrderStatus::Shipped => pick("発送済み", "已发货", "Shipped"),
        OrderStatus::Cancelled => pick("キャンセル", "已取消", "Cancelled"),
    }
}

/// A time in the shop's zone (Asia/Tokyo) as the language writes it (`omiyage_core::dates`,
/// as the shop, the server's pages and the emails write it).
pub fn time(at: i64) -> String {
    omiyage_core::dates::date_time(lang(), at)
}

/// An address in Japanese order: 〒 postal code, prefecture, city, street, building.
pub fn address(a: &Address) -> String {
    omiyage_core::checkout::address_text(a)
}

/// "Units: 1 claimed, 1 shipped, 1 waiting".
pub fn units_summary(units: &[GiftUnit]) -> String {
    let count = |s: UnitState| units.iter().filter(|u| u.state == s).count();
    let (w, c, s, r) = (
        count(UnitState::Unclaimed),
        count(UnitState::Claimed),
        count(UnitState::Shipped),
        count(UnitState::Refunded),
    );
    match lang() {
        Lang::Ja => format!("受け取り待ち {w}・受け取り済み {c}・発送済み {s}・返金済み {r}"),
        Lang::ZhHans => format!("等待领取 {w}，已领取 {c}，已发货 {s}，已退款 {r}"),
        Lang::En => format!("Units: {w} waiting, {c} claimed, {s} shipped, {r} refunded"),
    }
}

/// "gifts claimable for 3 days".
pub fn claim_window(secs: i64) -> String {
    let hours = secs / 3600;
    let days = hours / 24;
    match (lang(), hours % 24 == 0) {
        (Lang::Ja, true) => format!("ギフトの受け取り期間 {days}日"),
        (Lang::Ja, false) => format!("ギフトの受け取り期間 {hours}時間"),
        (Lang::ZhHans, true) => format!("礼物领取期 {days} 天"),
        (Lang::ZhHans, false) => format!("礼物领取期 {hours} 小时"),
        (Lang::En, true) => format!("gifts claimable for {days} days"),
        (Lang::En, false) => format!("gifts claimable for {hours} hours"),
    }
}

/// Now, in seconds since the epoch (the browser's clock).
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The shop-time date `days` from today, `YYYY-MM-DD`.
pub fn date_in_days(days: i64) -> String {
    use omiyage_core::sales::{date_of, day_of};
    date_of(day_of(now()) + days)
}

pub fn code_state(s: omiyage_api::CodeState) -> &'static str {
    use omiyage_api::CodeState;
    match s {
        CodeState::Unclaimed => pick("未受け取り", "未领取", "Unclaimed"),
        CodeState::Claimed => pick("受け取り済み", "已领取", "Claimed"),
        CodeState::Shipped => pick("発送済み", "已发货", "Shipped"),
        CodeState::Voided => pick("無効", "已作废", "Voided"),
        CodeState::Expired => pick("期限切れ", "已过期", "Expired"),
    }
}

/// "3 unclaimed · 1 claimed · 0 shipped · 0 voided · 0 expired".
pub fn batch_counts(
    unclaimed: usize,
    claimed: usize,
    shipped: usize,
    voided: usize,
    expired: usize,
) -> String {
    match lang() {
        Lang::Ja => format!(
            "未受け取り {unclaimed}・受け取り済み {claimed}・発送済み {shipped}・無効 {voided}・期限切れ {expired}"
        ),
        Lang::ZhHans => format!(
            "未领取 {unclaimed} · 已领取 {claimed} · 已发货 {shipped} · 已作废 {voided} · 已过期 {expired}"
        ),
        Lang::En => format!(
            "{unclaimed} unclaimed · {claimed} claimed · {shipped} shipped · {voided} voided · {expired} expired"
        ),
    }
}

pub fn cards_ready(cards: usize, sheets: usize) -> String {
    match lang() {
        Lang::Ja => format!("{cards}枚のカード（A4 {sheets}枚）：印刷できます。"),
        Lang::ZhHans => format!("{cards} 张卡片，共 {sheets} 张 A4：可以打印了。"),
        Lang::En => {
            let s = if sheets == 1 { "sheet" } else { "sheets" };
            format!("{cards} cards on {sheets} A4 {s}: ready to print.")
        }
    }
}
