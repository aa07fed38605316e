//! The one translation layer: every piece of UI text comes from a [`Texts`] table. English ships
//! first; another language is another table, chosen in [`t`], without touching components.

use omiyage_api::{Money, OrderStatus};

/// All UI text of the storefront.
pub struct Texts {
    pub shop_name: &'static str,
    pub tagline: &'static str,
    pub nav_shop: &'static str,
    pub nav_cart: &'static str,
    pub skip_to_content: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub categories_label: &'static str,
    pub all_categories: &'static str,
    pub loading: &'static str,
    pub no_results: &'static str,
    pub from_price: &'static str,
    pub in_stock: &'static str,
    pub sold_out: &'static str,
    pub choose_variant: &'static str,
    pub quantity: &'static str,
    pub add_to_cart: &'static str,
    pub added_to_cart: &'static str,
    pub view_cart: &'static str,
    pub back_to_shop: &'static str,
    pub cart_title: &'static str,
    pub cart_empty: &'static str,
    pub remove: &'static str,
    pub decrease: &'static str,
    pub increase: &'static str,
    pub subtotal: &'static str,
    pub shipping: &'static str,
    pub shipping_free: &'static str,
    pub total: &'static str,
    pub to_checkout: &'static str,
    pub prices_confirmed: &'static str,
    pub checkout_title: &'static str,
    pub contact_section: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub phone_optional: &'static str,
    pub address_section: &'static str,
    pub postal_code: &'static str,
    pub prefecture: &'static str,
    pub city: &'static str,
    pub line1: &'static str,
    pub line2_optional: &'static str,
    pub payment_section: &'static str,
    pub pay_test_card: &'static str,
    pub test_card_note: &'static str,
    pub card_number: &'static str,
    pub pay_in_shop: &'static str,
    pub pay_in_shop_note: &'static str,
    pub place_order: &'static str,
    pub placing_order: &'static str,
    pub order_summary: &'static str,
    pub order_title: &'static str,
    pub order_thanks: &'static str,
    pub order_reference: &'static str,
    pub order_private_link: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub ship_to: &'static str,
    pub payment: &'static str,
    pub paid_by_card: &'static str,
    pub pay_at_counter: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub try_again: &'static str,
    pub demo_mode: &'static str,
    pub send_as_gift: &'static str,
    pub send_as_gift_note: &'static str,
    pub gift_section: &'static str,
    pub gift_sender_name: &'static str,
    pub gift_greeting: &'static str,
    pub gift_allow_choice: &'static str,
    pub gift_title: &'static str,
    pub gift_link_label: &'static str,
    pub gift_share: &'static str,
    pub gift_qr_label: &'static str,
    pub gift_units_title: &'static str,
    pub gift_cancel: &'static str,
    pub gift_cancel_done: &'static str,
    pub gift_never_address: &'static str,
    pub gift_from: &'static str,
    pub gift_claim_title: &'static str,
    pub gift_claim: &'static str,
    pub gift_claiming: &'static str,
    pub gift_decline: &'static str,
    pub gift_declined: &'static str,
    pub gift_claimed_title: &'static str,
    pub gift_claimed_body: &'static str,
    pub gift_all_claimed: &'static str,
    pub gift_expired: &'static str,
    pub gift_cancelled: &'static str,
    pub gift_choose_variant: &'static str,
    pub gift_your_details: &'static str,
    pub gift_privacy_note: &'static str,
    pub gift_opened: &'static str,
    pub tracking: &'static str,
    pub gift_card_heading: &'static str,
    pub gift_card_scan: &'static str,
    pub gift_card_download: &'static str,
    pub gift_card_failed: &'static str,
}

pub const EN: Texts = Texts {
    shop_name: "Omiyage",
    tagline: "Souvenirs from Japan, to keep or to give",
    nav_shop: "Shop",
    nav_cart: "Cart",
    skip_to_content: "Skip to content",
    search_label: "Search products",
    search_placeholder: "Search matcha, sake, daruma…",
    categories_label: "Categories",
    all_categories: "All",
    loading: "Loading…",
    no_results: "No products match. Try another word or category.",
    from_price: "from",
    in_stock: "In stock",
    sold_out: "Sold out",
    choose_variant: "Choose",
    quantity: "Quantity",
    add_to_cart: "Add to cart",
    added_to_cart: "Added to your cart.",
    view_cart: "View cart",
    back_to_shop: "← Back to the shop",
    cart_title: "Your cart",
    cart_empty: "Your cart is empty.",
    remove: "Remove",
    decrease: "One less",
    increase: "One more",
    subtotal: "Subtotal",
    shipping: "Shipping",
    shipping_free: "Free",
    total: "Total",
    to_checkout: "Go to checkout",
    prices_confirmed: "Prices and stock are confirmed when you place the order. Free shipping from ¥5,000.",
    checkout_title: "Checkout",
    contact_section: "Contact",
    name: "Full name",
    email: "Email",
    phone_optional: "Phone (optional)",
    address_section: "Shipping address",
    postal_code: "Postal code",
    prefecture: "Prefecture",
    city: "City / ward",
    line1: "Street address",
    line2_optional: "Building, room (optional)",
    payment_section: "Payment",
    pay_test_card: "Test card",
    test_card_note: "This shop runs on a test payment provider: no real money moves. Use 4242 4242 4242 4242 to pay; 4000 0000 0000 0002 is declined.",
    card_number: "Card number",
    pay_in_shop: "Pay in the shop",
    pay_in_shop_note: "Pay at our counter; we ship once staff confirms your payment.",
    place_order: "Place order",
    placing_order: "Placing order…",
    order_summary: "Order summary",
    order_title: "Order",
    order_thanks: "Thank you! Your order is placed.",
    order_reference: "Reference",
    order_private_link: "This page is private to you: keep its link to follow your order from any device.",
    copy_link: "Copy link",
    copied: "Link copied",
    ship_to: "Ships to",
    payment: "Payment",
    paid_by_card: "Test card ending",
    pay_at_counter: "Pay in the shop",
    not_found_title: "Page not found",
    not_found_body: "We could not find that page. It may have moved.",
    try_again: "Try again",
    demo_mode: "Demo mode: this app runs on an in-browser mock backend; orders are stored in this browser only.",
    send_as_gift: "Send as a gift",
    send_as_gift_note: "No address needed: you get a link and a QR code to send; whoever opens it enters their own address. Shipping is included.",
    gift_section: "Gift",
    gift_sender_name: "Your name (shown to the recipient)",
    gift_greeting: "Greeting (up to 100 characters)",
    gift_allow_choice: "Let the recipient choose another variant at the same price",
    gift_title: "Your gift",
    gift_link_label: "Gift link: send it to your friend. Anyone with this link can claim the gift.",
    gift_share: "Share",
    gift_qr_label: "QR code of the gift link",
    gift_units_title: "Status",
    gift_cancel: "Cancel unclaimed gifts and refund",
    gift_cancel_done: "Unclaimed units were refunded.",
    gift_never_address: "You will see when it is claimed and shipped, never where it goes.",
    gift_from: "A gift from",
    gift_claim_title: "Where should we send it?",
    gift_claim: "Claim my gift",
    gift_claiming: "Claiming…",
    gift_decline: "Decline this gift",
    gift_declined: "You declined the gift; the sender gets a refund.",
    gift_claimed_title: "It's yours!",
    gift_claimed_body: "We will ship it to:",
    gift_all_claimed: "This gift has already been claimed.",
    gift_expired: "This gift was not claimed in time, so it was refunded to the sender.",
    gift_cancelled: "The sender cancelled this gift.",
    gift_choose_variant: "Choose your favourite",
    gift_your_details: "Your name and address",
    gift_privacy_note: "Only the shop sees them, to ship your gift; the sender never does.",
    gift_opened: "opened",
    tracking: "Tracking number:",
    gift_card_heading: "A gift for you",
    gift_card_scan: "Scan to open your gift",
    gift_card_download: "Download gift card (PNG)",
    gift_card_failed: "The gift card could not be made. Please try again.",
};

/// A unit's state as the sender reads it.
pub fn unit_state(u: &omiyage_api::GiftUnit) -> &'static str {
    use omiyage_api::{RefundReason, UnitState};
    match (u.state, u.refund_reason) {
        (UnitState::Unclaimed, _) => "Waiting to be claimed",
        (UnitState::Claimed, _) => "Claimed",
        (UnitState::Shipped, _) => "Shipped",
        (UnitState::Refunded, Some(RefundReason::Expired)) => "Expired — refunded",
        (UnitState::Refunded, Some(RefundReason::Declined)) => "Declined — refunded",
        (UnitState::Refunded, _) => "Cancelled — refunded",
    }
}

/// A time (seconds since the epoch) as the locale writes date and time.
pub fn time(at: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    date.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// "Claim by 28/11/2026, 14:05:00".
pub fn deadline(expires_at: i64) -> String {
    format!("Claim by {}", time(expires_at))
}

/// The texts for the current locale (English until a second table exists).
pub fn t() -> &'static Texts {
    &EN
}

/// "Only 3 left".
pub fn only_left(n: u32) -> String {
    format!("Only {n} left")
}

/// "3 items".
pub fn item_count(n: u32) -> String {
    match n {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

/// Prices as the current locale writes them.
pub fn price(m: Money) -> String {
    m.format()
}

pub fn order_status(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::AwaitingPayment => "Awaiting payment in the shop",
        OrderStatus::Paid => "Paid — being prepared",
        OrderStatus::Shipped => "Shipped",
        OrderStatus::Cancelled => "Cancelled",
    }
}
