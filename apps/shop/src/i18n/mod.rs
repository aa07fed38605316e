//! The one translation layer: every piece of UI text comes from a [`Texts`] table, one per
//! language (Japanese, Simplified Chinese, English), chosen in [`t`] from the reader's
//! language. A key missing from any table is a compile error. All three tables are on
//! the first load: together they cost a few KB of brotli, less than any loader.

#[cfg(not(feature = "ssr"))]
use std::cell::Cell;

use omiyage_api::{ApiError, ErrorCode, FieldError, Money, OrderStatus, TaxTotal};
pub use omiyage_core::lang::Lang;

mod en;
mod ja;
mod zh;
pub use en::EN;
pub use ja::JA;
pub use zh::ZH;

/// Defines [`Texts`] and the list of its entries (for the tests that check every table).
macro_rules! texts {
    ($($field:ident),+ $(,)?) => {
        /// All UI text of the storefront.
        pub struct Texts {
            $(pub $field: &'static str,)+
        }

        impl Texts {
            /// Every text with its key (used by tests; not linked into the app).
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field)),+]
            }
        }
    };
}

texts! {
    shop_name,
    tagline,
    nav_shop,
    nav_cart,
    skip_to_content,
    search_label,
    search_placeholder,
    categories_label,
    all_categories,
    loading,
    no_results,
    from_price,
    in_stock,
    sold_out,
    choose_variant,
    quantity,
    add_to_cart,
    added_to_cart,
    view_cart,
    back_to_shop,
    photos_label,
    previous_photo,
    next_photo,
    cart_title,
    cart_empty,
    remove,
    decrease,
    increase,
    subtotal,
    discount,
    points_used,
    coupon_code,
    shipping,
    shipping_free,
    total,
    to_checkout,
    prices_confirmed,
    checkout_title,
    contact_section,
    name,
    email,
    phone_optional,
    address_section,
    postal_code,
    prefecture,
    err_name,
    err_email,
    err_phone,
    err_postal_code,
    err_prefecture,
    err_city,
    err_line1,
    err_line2,
    err_card,
    err_sender_name,
    err_greeting,
    err_out_of_stock,
    err_card_declined,
    err_not_found,
    err_network,
    err_rate_limited,
    err_invalid,
    err_delivery,
    err_other,
    choose_prefecture,
    name_placeholder,
    city,
    line1,
    line2_optional,
    payment_section,
    pay_test_card,
    test_card_note,
    pay_card,
    pay_card_note,
    card_number,
    pay_in_shop,
    pay_in_shop_note,
    place_order,
    placing_order,
    order_summary,
    order_title,
    order_thanks,
    order_private_link,
    copy_link,
    copied,
    ship_to,
    payment,
    paid_by_card,
    pay_at_counter,
    not_found_title,
    not_found_body,
    demo_mode,
    send_as_gift,
    send_as_gift_note,
    gift_options,
    gift_sender_name,
    gift_greeting,
    gift_allow_choice,
    gift_title,
    gift_link_label,
    gift_share,
    gift_qr_label,
    gift_units_title,
    gift_cancel,
    gift_cancel_done,
    gift_never_address,
    gift_from,
    gift_claim,
    gift_claiming,
    gift_decline,
    gift_declined,
    gift_claimed_title,
    gift_claimed_body,
    gift_all_claimed,
    gift_thank,
    gift_thanks_title,
    gift_return,
    gift_visit_shop,
    report_problem,
    gift_return_note,
    gift_return_sent,
    return_banner,
    return_cancel,
    err_return_for,
    gift_expired,
    gift_cancelled,
    gift_unpaid,
    gift_choose_variant,
    gift_your_details,
    gift_privacy_note,
    gift_opened,
    tracking,
    gift_card_heading,
    gift_card_scan,
    gift_card_download,
    gift_card_failed,
    from_suffix,
    language,
    tax_included,
    tax_heading,
    receipt,
    gift_email_optional,
    find_orders_link,
    my_page_link,
    privacy_link,
    gift_recipient_email,
    gift_opens_at,
    gift_opens_at_note,
    open_gift,
    gift_not_yet,
    gift_opens_on,
    gift_change_opening,
    err_recipient_email,
    err_opens_at,
}

/// A field's problem in the reader's language, by the field's stable name. English readers get
/// the rule's own message, which says exactly what is wrong.
pub fn field_message(e: &FieldError) -> String {
    let t = t();
    let text = match e.field.as_str() {
        "contact.name" | "name" => t.err_name,
        "contact.email" | "email" => t.err_email,
        "contact.phone" | "phone" => t.err_phone,
        "address.postal_code" => t.err_postal_code,
        "address.prefecture" => t.err_prefecture,
        "address.city" => t.err_city,
        "address.line1" => t.err_line1,
        "address.line2" => t.err_line2,
        "payment.card_number" => t.err_card,
        "gift.sender_name" => t.err_sender_name,
        "gift.greeting" => t.err_greeting,
        "gift.recipient_email" => t.err_recipient_email,
        "gift.opens_at" => t.err_opens_at,
        "gift.return_for" => t.err_return_for,
        "delivery.date" | "delivery.slot" | "gift.delivery_date" => t.err_delivery,
        _ => "",
    };
    or_message(text, &e.message)
}

/// The messages of an error's fields that a form has no place of its own for: the delivery
/// day and slot (their pickers are drawn by a script), said by [`error_message`].
pub fn unplaced_messages(e: &ApiError) -> Vec<String> {
    e.fields
        .iter()
        .filter(|f| {
            f.field.starts_with("delivery.")
                || f.field == "gift.delivery_date"
                || f.field == "gift.return_for"
                || f.field == "points"
        })
        .map(field_message)
        .collect()
}

/// An API error in the reader's language, by its stable code (English: the error's message).
pub fn error_message(e: &ApiError) -> String {
    let t = t();
    let text = match e.code {
        ErrorCode::OutOfStock => t.err_out_of_stock,
        ErrorCode::CardDeclined => t.err_card_declined,
        ErrorCode::NotFound => t.err_not_found,
        ErrorCode::AlreadyClaimed => t.gift_all_claimed,
        ErrorCode::GiftExpired => t.gift_expired,
        ErrorCode::GiftCancelled => t.gift_cancelled,
        ErrorCode::Network => t.err_network,
        ErrorCode::RateLimited => t.err_rate_limited,
        ErrorCode::Invalid => t.err_invalid,
        _ => t.err_other,
    };
    let mut text = or_message(text, &e.message);
    for unplaced in unplaced_messages(e) {
        text.push(' ');
        text.push_str(&unplaced);
    }
    text
}

fn or_message(text: &str, message: &str) -> String {
    if lang() == Lang::En || text.is_empty() {
        message.to_string()
    } else {
        text.to_string()
    }
}

/// The texts of one language.
pub fn texts_in(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &JA,
        Lang::ZhHans => &ZH,
        Lang::En => &EN,
    }
}

/// The demo note shows only in the mock build; elsewhere its text is left out of the wasm.
const fn demo(text: &'static str) -> &'static str {
    if cfg!(feature = "mock") { text } else { "" }
}

/// The reader's language: on the server, the one the request asked for (provided as context).
#[cfg(feature = "ssr")]
pub fn lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or(Lang::Ja)
}

#[cfg(not(feature = "ssr"))]
thread_local! {
    static LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The reader's language, decided once per page load (and `<html lang>` set to match).
#[cfg(not(feature = "ssr"))]
pub fn lang() -> Lang {
    LANG.with(|cell| {
        cell.get().unwrap_or_else(|| {
            let l = initial_lang();
            cell.set(Some(l));
            omiyage_ui::set_document_lang(l);
            l
        })
    })
}

/// The language the server rendered the page in, else the remembered choice, else the
/// browser's preferences.
#[cfg(not(feature = "ssr"))]
fn initial_lang() -> Lang {
    let served = crate::page_data::server_rendered()
        .then(omiyage_ui::document_lang)
        .flatten();
    served
        .or_else(omiyage_ui::remembered)
        .unwrap_or_else(omiyage_ui::preferred)
}

/// Switches the language: remembers it in this browser (and in a cookie, so the server renders
/// the next first page in it) and loads the page again in it (`omiyage_ui::choose`, as the
/// console does). The cart and the address stay (they live in localStorage and the URL). A
/// reload, rather than rebuilding every view from a language signal, keeps the first load
/// ~2 KB smaller.
pub fn set_lang(l: Lang) {
    #[cfg(feature = "ssr")]
    let _ = l;
    #[cfg(not(feature = "ssr"))]
    {
        omiyage_ui::remember(l);
        relabel_and_reload(l.tag());
    }
}

#[cfg(not(feature = "ssr"))]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/lazy.js")]
extern "C" {
    /// Names the saved cart's lines in `lang` (`public/lazy/relabel.js`), then loads the page
    /// again.
    #[wasm_bindgen(js_name = relabelAndReload)]
    fn relabel_and_reload(lang: &str);
}

fn current() -> Lang {
    lang()
}

/// The texts of the current language.
pub fn t() -> &'static Texts {
    texts_in(current())
}

/// A unit's state as the sender reads it.
pub fn unit_state(u: &omiyage_api::GiftUnit) -> &'static str {
    use omiyage_api::{RefundReason, UnitState};
    let [waiting, claimed, shipped, expired, declined, cancelled] = match current() {
        Lang::Ja => [
            "受け取り待ち",
            "受け取り済み",
            "発送済み",
            "期限切れ — 返金済み",
            "辞退 — 返金済み",
            "取り消し — 返金済み",
        ],
        Lang::ZhHans => [
            "等待领取",
            "已领取",
            "已发货",
            "已过期 — 已退款",
            "已谢绝 — 已退款",
            "已取消 — 已退款",
        ],
        Lang::En => [
            "Waiting to be claimed",
            "Claimed",
            "Shipped",
            "Expired — refunded",
            "Declined — refunded",
            "Cancelled — refunded",
        ],
    };
    match (u.state, u.refund_reason) {
        (UnitState::Unclaimed, _) => waiting,
        (UnitState::Claimed, _) => claimed,
        (UnitState::Shipped, _) => shipped,
        (UnitState::Refunded, Some(RefundReason::Expired)) => expired,
        (UnitState::Refunded, Some(RefundReason::Declined)) => declined,
        (UnitState::Refunded, _) => cancelled,
    }
}

/// A time (seconds since the epoch) in the shop's time zone, as the language writes it
/// (`omiyage_core::dates`, as the emails and the server's pages write it).
pub fn time(at: i64) -> String {
    omiyage_core::dates::date_time(current(), at)
}

/// A counter order's hold: "Pay at the counter by … : unpaid then, it is cancelled".
pub fn pay_by(at: i64) -> String {
    let at = time(at);
    match current() {
        Lang::Ja => format!(
            "{at}までに店頭でお支払いください。それまでにお支払いがない場合、ご注文はキャンセルされます。"
        ),
        Lang::ZhHans => format!("请在{at}之前到店付款，逾期未付款的订单将被取消。"),
        Lang::En => format!(
            "Please pay at the counter by {at}. If it is not paid by then, the order is cancelled."
        ),
    }
}

/// "Claim by Fri 4 Dec 2026, 13:06 (JST)".
pub fn deadline(expires_at: i64) -> String {
    let at = omiyage_core::dates::deadline(current(), expires_at);
    match current() {
        Lang::Ja => format!("受け取り期限：{at}まで"),
        Lang::ZhHans => format!("领取截止：{at}"),
        Lang::En => format!("Claim by {at}"),
    }
}

/// "Only 3 left".
pub fn only_left(n: u32) -> String {
    match current() {
        Lang::Ja => format!("残り{n}点"),
        Lang::ZhHans => format!("仅剩 {n} 件"),
        Lang::En => format!("Only {n} left"),
    }
}

/// "3 items".
pub fn item_count(n: u32) -> String {
    match (current(), n) {
        (Lang::Ja, n) => format!("{n}点"),
        (Lang::ZhHans, n) => format!("{n} 件商品"),
        (Lang::En, 1) => "1 item".to_string(),
        (Lang::En, n) => format!("{n} items"),
    }
}

/// Prices as the current language writes them: `¥1,200`, or `1,200円` in Japanese.
pub fn price(m: Money) -> String {
    current().price(m)
}

/// One rate's line of an order's tax: "10 % on ¥1,800: ¥163 tax".
pub fn tax_line(t: &TaxTotal) -> String {
    current().tax_line(t)
}

pub fn order_status(s: OrderStatus) -> &'static str {
    let [awaiting, paid, shipped, cancelled] = match current() {
        Lang::Ja => [
            "店頭でのお支払い待ち",
            "お支払い済み — 準備中",
            "発送済み",
            "キャンセル",
        ],
        Lang::ZhHans => ["等待到店付款", "已付款 — 备货中", "已发货", "已取消"],
        Lang::En => [
            "Awaiting payment in the shop",
            "Paid — being prepared",
            "Shipped",
            "Cancelled",
        ],
    };
    match s {
        OrderStatus::AwaitingPayment => awaiting,
        OrderStatus::Paid => paid,
        OrderStatus::Shipped => shipped,
        OrderStatus::Cancelled => cancelled,
    }
}
