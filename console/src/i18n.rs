//! The console's one translation layer: every piece of UI text comes from [`Texts`]; another
//! language is another table chosen in [`t`].

use omiyage_api::{Address, GiftUnit, OrderStatus, Role, UnitState};

/// All UI text of the console.
pub struct Texts {
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
    pub claim_by: &'static str,
    pub scan_or_type: &'static str,
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

static EN: Texts = Texts {
    plans: "Promotion plans",
    joined: "Joined",
    join: "Join",
    share_links: "Your share links",
    no_links: "Join a plan to get share links.",
    copied: "Copied",
    copy_link: "Copy link",
    share_card: "Share card",
    card_failed: "The share card could not be made. Try again.",
    clicks: "Clicks",
    conversion: "Conversion",
    pending: "Pending",
    confirmed: "Confirmed",
    reversed: "Reversed",
    clicks_chart: "Clicks and orders per day, last 30 days",
    paused: "paused",
    pause: "Pause",
    resume: "Resume",
    new_plan: "New plan",
    commission_percent: "Commission (%)",
    window_days: "Attribution window (days)",
    starts: "First day",
    ends: "Last day",
    open_to_all: "Open to every promoter (otherwise invite-only)",
    create_plan: "Create plan",
    nav_batches: "Gift batches",
    invite: "Invite:",
    invited: "Invited: the promoter can now join this plan.",
    edit_shop: "Edit shop",
    edit: "Edit",
    preparing_cards: "Preparing the cards and their QR codes…",
    no_batches: "No batches yet.",
    codes: "Codes",
    claimed: "Claimed",
    expires: "Expires",
    new_batch: "New batch of gift codes",
    in_stock: "in stock",
    codes_to_print: "Codes (1–500)",
    greeting: "Greeting (optional, up to 100 characters)",
    last_claim_day: "Last day to claim",
    allow_choice: "Let recipients choose another variant at the same price",
    create_batch: "Create and reserve stock",
    back_to_batches: "← All batches",
    print_cards: "Print cards",
    export_csv: "Export CSV",
    code: "Code",
    void: "Void",
    back_to_batch: "← Back to the batch",
    print: "Print",
    qr_alt: "QR code of the claim link",
    claim_by: "Claim by",
    scan_or_type: "Scan, or type the code at",
    accounts: "Accounts",
    add_shop: "Add shop",
    add_staff: "Add staff account",
    add_variant: "Add a variant",
    address: "Address",
    adjust_stock: "Add / remove",
    all: "All",
    archive: "Archive (hide from the shop)",
    archived: "Archived",
    back_to_orders: "← All orders",
    category: "Category",
    choose: "Choose…",
    claim_days: "Gift claim window (days)",
    confirm_payment: "Confirm payment received",
    confirm_payment_title: "Confirm a counter payment",
    console_name: "Omiyage console",
    demo_badge: "DEMO",
    demo_note: "This server runs with --demo: these accounts and their passwords are public. Never use --demo for a real shop. Choose one to fill the form.",
    demo_title: "Demo accounts",
    description: "Description",
    disable: "Disable",
    disabled: "disabled",
    email: "Email",
    enable: "Enable",
    fix_fields: "Please correct the highlighted fields.",
    gift: "Gift",
    from_date: "From",
    to_date: "To",
    sign_up: "Create promoter account",
    sign_up_title: "Become a promoter",
    sign_up_note: "Share the shop's products with your friends and earn commission on what they buy. Your password needs at least 10 characters.",
    sign_up_link: "New promoter? Create an account",
    in_shop: "in",
    gift_ships_to: "Each claimed unit ships to its recipient (only you see this, never the sender).",
    gifts: "Gifts",
    image: "Image",
    image_hint: "PNG, JPEG, WebP or GIF, up to 2 MiB.",
    items: "Items",
    kind: "Kind",
    live: "In the shop",
    loading: "Loading…",
    mark_shipped: "Mark shipped",
    name: "Name",
    nav_home: "Home",
    nav_label: "Console",
    nav_orders: "Orders",
    nav_products: "Products",
    nav_shops: "Shops & staff",
    new_product: "New product",
    new_shop: "New shop",
    new_staff: "New staff account",
    no_orders: "No orders match.",
    no_sales: "No sales in the last 30 days yet.",
    not_found: "This page does not exist.",
    not_gifts: "Not gifts",
    order: "Order",
    order_link: "Order link or token",
    orders_30: "Orders, 30 days",
    password: "Password",
    payment: "Payment",
    payment_confirmed: "Payment confirmed: the order is paid.",
    placed: "Placed",
    price: "Price",
    price_yen: "Price (¥)",
    product: "Product",
    promoter_soon: "Promotion plans, share links and your dashboard open here once the shop starts a plan.",
    reference: "Reference",
    restore: "Put back in the shop",
    revenue: "Revenue",
    revenue_30: "Revenue, 30 days",
    role: "Role",
    sales_title: "Sales, last 30 days",
    save: "Save",
    saved: "Saved: the shop shows it now.",
    set_stock: "Set to counted",
    ship_to: "Ship to",
    shop: "Shop",
    shops: "Shops",
    sign_in: "Sign in",
    sign_in_title: "Sign in to the console",
    sign_out: "Sign out",
    skip_to_content: "Skip to content",
    sku: "SKU",
    invoices: "Qualified invoices",
    invoices_note: "Printed on every receipt (適格簡易請求書). Without a registration number, receipts are plain receipts.",
    registered_name: "Registered name",
    registration_number: "Registration number (T + 13 digits)",
    tax_class: "Consumption tax",
    tax_standard: "Standard 10 %",
    tax_reduced: "Reduced 8 % (food, non-alcoholic drinks)",
    status: "Status",
    stock: "Stock",
    stock_rules: "“Set to counted” applies only if nobody changed the stock since this page loaded; “Add / remove” changes it relative to whatever it is now, never below zero.",
    top_products: "Top products",
    total: "Total",
    tracking: "Tracking number",
    units: "Units",
    uploading: "Uploading…",
    variant_name: "Variant",
    variants: "Variants",
    view_in_shop: "View in the shop ↗",
    welcome: "Welcome,",
};

/// The texts for the current locale (English until a second table exists).
pub fn t() -> &'static Texts {
    &EN
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::Admin => "Admin",
        Role::Staff => "Shop staff",
        Role::Promoter => "Promoter",
    }
}

/// The public password of a `--demo` account (shown only when the server says demo accounts
/// exist).
pub fn demo_password(r: Role) -> &'static str {
    match r {
        Role::Admin => "demo-admin-password",
        Role::Staff => "demo-staff-password",
        Role::Promoter => "demo-promoter-password",
    }
}

pub fn yen(amount: i64) -> String {
    omiyage_api::Money::jpy(amount).format()
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
    if n == 1 {
        "1 variant".into()
    } else {
        format!("{n} variants")
    }
}

pub fn order_count(n: u32) -> String {
    if n == 1 {
        "1 order".into()
    } else {
        format!("{n} orders")
    }
}

pub fn chart_summary(first: &str, last: &str) -> String {
    format!("Revenue per day from {first} to {last}; hover a bar for its figures.")
}

/// "Test card ending 4242 · captured".
pub fn payment(p: &omiyage_api::PaymentSummary) -> String {
    let method = match (p.method.as_str(), &p.card_last4) {
        ("test_card", Some(last4)) => format!("Test card ending {last4}"),
        ("pay_in_shop", _) => "Pay in shop".to_string(),
        (other, _) => other.to_string(),
    };
    let status = match p.status {
        omiyage_api::PaymentStatus::Pending => "pending",
        omiyage_api::PaymentStatus::Captured => "captured",
        omiyage_api::PaymentStatus::Refunded => "refunded",
    };
    format!("{method} · {status}")
}

pub fn order_status(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::AwaitingPayment => "Awaiting payment",
        OrderStatus::Paid => "Paid — to ship",
        OrderStatus::Shipped => "Shipped",
        OrderStatus::Cancelled => "Cancelled",
    }
}

/// A time in the browser's zone, e.g. "25/11/2026, 14:05:00".
pub fn time(at: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    date.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

pub fn address(a: &Address) -> String {
    [&a.postal_code, &a.prefecture, &a.city, &a.line1, &a.line2]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Units: 1 claimed, 1 shipped, 1 waiting".
pub fn units_summary(units: &[GiftUnit]) -> String {
    let count = |s: UnitState| units.iter().filter(|u| u.state == s).count();
    format!(
        "Units: {} waiting, {} claimed, {} shipped, {} refunded",
        count(UnitState::Unclaimed),
        count(UnitState::Claimed),
        count(UnitState::Shipped),
        count(UnitState::Refunded)
    )
}

/// "gifts claimable for 3 days".
pub fn claim_window(secs: i64) -> String {
    let hours = secs / 3600;
    if hours % 24 == 0 {
        format!("gifts claimable for {} days", hours / 24)
    } else {
        format!("gifts claimable for {hours} hours")
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
        CodeState::Unclaimed => "Unclaimed",
        CodeState::Claimed => "Claimed",
        CodeState::Shipped => "Shipped",
        CodeState::Voided => "Voided",
        CodeState::Expired => "Expired",
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
    format!(
        "{unclaimed} unclaimed · {claimed} claimed · {shipped} shipped · {voided} voided · {expired} expired"
    )
}

pub fn cards_ready(cards: usize, sheets: usize) -> String {
    let s = if sheets == 1 { "sheet" } else { "sheets" };
    format!("{cards} cards on {sheets} A4 {s}: ready to print.")
}

/// Basis points as a percentage: 1,000 → "10 %", 1,250 → "12.5 %".
pub fn percent(bps: u32) -> String {
    let fraction = format!("{:02}", bps % 100);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{} %", bps / 100)
    } else {
        format!("{}.{fraction} %", bps / 100)
    }
}

pub fn window(days: u32) -> String {
    if days == 1 {
        "1-day window".into()
    } else {
        format!("{days}-day window")
    }
}

pub fn shared_by(name: &str) -> String {
    format!("Shared by {name}")
}
