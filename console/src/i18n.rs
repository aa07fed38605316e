//! The console's one translation layer: every piece of UI text comes from [`Texts`], one table
//! per language (Japanese, Simplified Chinese, English), chosen in [`t`] from the reader's
//! language (crates/core's rule, the choice shared with the shop). A missing key does not
//! compile.

use omiyage_api::{Address, GiftUnit, OrderStatus, Role, UnitState};
pub use omiyage_core::lang::Lang;

/// All UI text of the console.
pub struct Texts {
    pub translations: &'static str,
    pub translations_hint: &'static str,
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

static EN: Texts = Texts {
    translations: "Other languages",
    translations_hint: "Shoppers who read Chinese or English see these; an empty field shows the Japanese text.",
    categories: "Categories",
    add_category: "Add category",
    new_category: "New category",
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
    cancel_unpaid: "Cancel unpaid order",
    unpaid_cancelled: "Order cancelled: its stock is back on sale and the shopper has been told.",
    held_until: "Held until",
    holds: "Orders paid at the counter",
    holds_note: "An order to be paid at the counter holds its items for this many hours; unpaid by then, it is cancelled and the shopper told. Orders already placed keep their time.",
    hold_hours: "Hold (hours)",
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
    language: "Language",
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
static JA: Texts = Texts {
    translations: "他の言語",
    translations_hint: "中国語・英語で読む買い物客に表示されます。空欄のときは日本語で表示します。",
    categories: "カテゴリー",
    add_category: "カテゴリーを追加",
    new_category: "新しいカテゴリー",
    plans: "プロモーションプラン",
    joined: "参加中",
    join: "参加する",
    share_links: "あなたのシェアリンク",
    no_links: "プランに参加するとシェアリンクが届きます。",
    copied: "コピーしました",
    copy_link: "リンクをコピー",
    share_card: "シェアカード",
    card_failed: "シェアカードを作れませんでした。もう一度お試しください。",
    clicks: "クリック",
    conversion: "成約率",
    pending: "確定待ち",
    confirmed: "確定",
    reversed: "取り消し",
    clicks_chart: "日別のクリックと注文（過去30日）",
    paused: "一時停止中",
    pause: "一時停止",
    resume: "再開",
    new_plan: "新しいプラン",
    commission_percent: "報酬率（%）",
    window_days: "成果の対象期間（日）",
    starts: "開始日",
    ends: "終了日",
    open_to_all: "すべてのプロモーターに公開（オフなら招待制）",
    create_plan: "プランを作成",
    nav_batches: "ギフトコード",
    invite: "招待：",
    invited: "招待しました。このプロモーターはプランに参加できます。",
    edit_shop: "店舗を編集",
    edit: "編集",
    preparing_cards: "カードとQRコードを準備しています…",
    no_batches: "まだバッチはありません。",
    codes: "コード",
    claimed: "受け取り済み",
    expires: "期限",
    new_batch: "ギフトコードの新しいバッチ",
    in_stock: "在庫",
    codes_to_print: "コード数（1〜500）",
    greeting: "メッセージ（任意、100文字まで）",
    last_claim_day: "受け取り最終日",
    allow_choice: "同じ価格の別の種類を受け取る方が選べるようにする",
    create_batch: "作成して在庫を確保",
    back_to_batches: "← バッチ一覧",
    print_cards: "カードを印刷",
    export_csv: "CSVを書き出す",
    code: "コード",
    void: "無効にする",
    back_to_batch: "← バッチに戻る",
    print: "印刷",
    qr_alt: "受け取りリンクのQRコード",
    claim_by: "受け取り期限",
    scan_or_type: "読み取るか、次のページでコードを入力：",
    accounts: "アカウント",
    add_shop: "店舗を追加",
    add_staff: "スタッフのアカウントを追加",
    add_variant: "種類を追加",
    address: "住所",
    adjust_stock: "増減",
    all: "すべて",
    archive: "アーカイブ（ショップに表示しない）",
    archived: "アーカイブ済み",
    back_to_orders: "← 注文一覧",
    category: "カテゴリー",
    choose: "選択…",
    claim_days: "ギフトの受け取り期間（日）",
    confirm_payment: "入金を確認",
    confirm_payment_title: "店頭でのお支払いを確認",
    console_name: "Omiyage 管理画面",
    demo_badge: "デモ",
    demo_note: "このサーバーは --demo で動いています。これらのアカウントとパスワードは公開されています。実際のショップでは決して --demo を使わないでください。選ぶとフォームに入力されます。",
    demo_title: "デモアカウント",
    description: "説明",
    disable: "無効にする",
    disabled: "無効",
    email: "メールアドレス",
    enable: "有効にする",
    fix_fields: "赤く表示された項目を直してください。",
    gift: "ギフト",
    from_date: "開始",
    to_date: "終了",
    sign_up: "プロモーターのアカウントを作成",
    sign_up_title: "プロモーターになる",
    sign_up_note: "ショップの商品を友だちにシェアして、購入された分の報酬を受け取りましょう。パスワードは10文字以上にしてください。",
    sign_up_link: "はじめてのプロモーターの方：アカウントを作成",
    in_shop: "所属",
    gift_ships_to: "受け取られた各ギフトはその受取人に発送されます（表示されるのはあなただけで、贈り主には表示されません）。",
    gifts: "ギフト",
    image: "画像",
    image_hint: "PNG・JPEG・WebP・GIF、2 MiBまで。",
    items: "商品",
    kind: "種別",
    live: "販売中",
    loading: "読み込み中…",
    mark_shipped: "発送済みにする",
    name: "名前",
    nav_home: "ホーム",
    nav_label: "管理画面",
    nav_orders: "注文",
    nav_products: "商品",
    nav_shops: "店舗とスタッフ",
    new_product: "新しい商品",
    new_shop: "新しい店舗",
    new_staff: "新しいスタッフアカウント",
    no_orders: "該当する注文はありません。",
    no_sales: "過去30日の売上はまだありません。",
    not_found: "このページは存在しません。",
    not_gifts: "ギフト以外",
    order: "注文",
    order_link: "注文リンクまたはトークン",
    orders_30: "注文数（30日）",
    password: "パスワード",
    payment: "お支払い",
    payment_confirmed: "入金を確認しました。注文は支払い済みです。",
    cancel_unpaid: "未払いの注文をキャンセル",
    unpaid_cancelled: "注文をキャンセルしました。在庫は販売に戻り、お客様にお知らせしました。",
    held_until: "取り置き期限",
    holds: "店頭払いの注文",
    holds_note: "店頭払いの注文は、この時間だけ商品を取り置きます。期限までにお支払いがなければキャンセルし、お客様にお知らせします。すでにある注文の期限は変わりません。",
    hold_hours: "取り置き（時間）",
    placed: "注文日時",
    price: "価格",
    price_yen: "価格（円・税込）",
    product: "商品",
    promoter_soon: "ショップがプランを始めると、ここにプロモーションプラン、シェアリンク、ダッシュボードが表示されます。",
    reference: "注文番号",
    restore: "ショップに戻す",
    revenue: "売上",
    revenue_30: "売上（30日）",
    role: "役割",
    sales_title: "売上（過去30日）",
    save: "保存",
    saved: "保存しました。ショップに反映されています。",
    set_stock: "数えた数に設定",
    ship_to: "お届け先",
    shop: "店舗",
    shops: "店舗",
    sign_in: "ログイン",
    sign_in_title: "管理画面にログイン",
    sign_out: "ログアウト",
    skip_to_content: "本文へスキップ",
    sku: "SKU",
    language: "言語",
    invoices: "適格請求書",
    invoices_note: "すべての領収書（適格簡易請求書）に印字されます。登録番号がない場合は通常の領収書になります。",
    registered_name: "登録上の名称",
    registration_number: "登録番号（T＋13桁）",
    tax_class: "消費税",
    tax_standard: "標準税率 10%",
    tax_reduced: "軽減税率 8%（飲食料品）",
    status: "状況",
    stock: "在庫",
    stock_rules: "「数えた数に設定」はこのページを開いてから誰も在庫を変えていない場合だけ反映されます。「増減」は現在の在庫に対して増減し、0未満にはなりません。",
    top_products: "売れ筋商品",
    total: "合計",
    tracking: "追跡番号",
    units: "個数",
    uploading: "アップロード中…",
    variant_name: "種類",
    variants: "種類",
    view_in_shop: "ショップで見る ↗",
    welcome: "ようこそ、",
};

static ZH: Texts = Texts {
    translations: "其他语言",
    translations_hint: "以中文或英语浏览的顾客会看到这些内容；留空时显示日语。",
    categories: "分类",
    add_category: "添加分类",
    new_category: "新分类",
    plans: "推广计划",
    joined: "已加入",
    join: "加入",
    share_links: "您的分享链接",
    no_links: "加入计划即可获得分享链接。",
    copied: "已复制",
    copy_link: "复制链接",
    share_card: "分享卡片",
    card_failed: "分享卡片生成失败，请重试。",
    clicks: "点击",
    conversion: "转化率",
    pending: "待确认",
    confirmed: "已确认",
    reversed: "已撤销",
    clicks_chart: "每日点击和订单（最近 30 天）",
    paused: "已暂停",
    pause: "暂停",
    resume: "恢复",
    new_plan: "新计划",
    commission_percent: "佣金比例（%）",
    window_days: "归因期（天）",
    starts: "开始日期",
    ends: "结束日期",
    open_to_all: "向所有推广员开放（否则仅限邀请）",
    create_plan: "创建计划",
    nav_batches: "礼物码",
    invite: "邀请：",
    invited: "已邀请：该推广员现在可以加入此计划。",
    edit_shop: "编辑门店",
    edit: "编辑",
    preparing_cards: "正在准备卡片和二维码…",
    no_batches: "还没有批次。",
    codes: "代码",
    claimed: "已领取",
    expires: "截止",
    new_batch: "新的礼物码批次",
    in_stock: "库存",
    codes_to_print: "代码数量（1–500）",
    greeting: "祝福语（选填，最多 100 字）",
    last_claim_day: "最后领取日",
    allow_choice: "允许收礼人选择同价位的其他款式",
    create_batch: "创建并预留库存",
    back_to_batches: "← 所有批次",
    print_cards: "打印卡片",
    export_csv: "导出 CSV",
    code: "代码",
    void: "作废",
    back_to_batch: "← 返回批次",
    print: "打印",
    qr_alt: "领取链接的二维码",
    claim_by: "领取截止",
    scan_or_type: "扫码，或在此输入代码：",
    accounts: "账户",
    add_shop: "添加门店",
    add_staff: "添加店员账户",
    add_variant: "添加款式",
    address: "地址",
    adjust_stock: "增减",
    all: "全部",
    archive: "归档（不在商店显示）",
    archived: "已归档",
    back_to_orders: "← 所有订单",
    category: "分类",
    choose: "请选择…",
    claim_days: "礼物领取期（天）",
    confirm_payment: "确认已收款",
    confirm_payment_title: "确认到店付款",
    console_name: "Omiyage 管理后台",
    demo_badge: "演示",
    demo_note: "此服务器以 --demo 运行：这些账户和密码是公开的。真实商店绝不要使用 --demo。选择一个即可填入表单。",
    demo_title: "演示账户",
    description: "描述",
    disable: "停用",
    disabled: "已停用",
    email: "电子邮箱",
    enable: "启用",
    fix_fields: "请更正标出的字段。",
    gift: "礼物",
    from_date: "从",
    to_date: "到",
    sign_up: "创建推广员账户",
    sign_up_title: "成为推广员",
    sign_up_note: "把商店的商品分享给朋友，他们购买后您可获得佣金。密码至少 10 个字符。",
    sign_up_link: "新推广员？创建账户",
    in_shop: "所属",
    gift_ships_to: "每个已领取的礼物寄给其收礼人（只有您能看到，送礼人永远看不到）。",
    gifts: "礼物",
    image: "图片",
    image_hint: "PNG、JPEG、WebP 或 GIF，最大 2 MiB。",
    items: "商品",
    kind: "类型",
    live: "在售",
    loading: "加载中…",
    mark_shipped: "标记为已发货",
    name: "名称",
    nav_home: "首页",
    nav_label: "管理后台",
    nav_orders: "订单",
    nav_products: "商品",
    nav_shops: "门店和店员",
    new_product: "新商品",
    new_shop: "新门店",
    new_staff: "新店员账户",
    no_orders: "没有符合的订单。",
    no_sales: "最近 30 天还没有销售。",
    not_found: "此页面不存在。",
    not_gifts: "非礼物",
    order: "订单",
    order_link: "订单链接或令牌",
    orders_30: "订单数（30 天）",
    password: "密码",
    payment: "付款",
    payment_confirmed: "已确认收款：订单已付款。",
    cancel_unpaid: "取消未付款订单",
    unpaid_cancelled: "订单已取消：库存已恢复销售，并已通知顾客。",
    held_until: "保留至",
    holds: "到店付款的订单",
    holds_note: "到店付款的订单会保留商品这么多小时；届时仍未付款则取消并通知顾客。已下的订单保持原来的期限。",
    hold_hours: "保留（小时）",
    placed: "下单时间",
    price: "价格",
    price_yen: "价格（日元，含税）",
    product: "商品",
    promoter_soon: "商店开始推广计划后，推广计划、分享链接和您的数据面板会显示在这里。",
    reference: "订单号",
    restore: "重新上架",
    revenue: "销售额",
    revenue_30: "销售额（30 天）",
    role: "角色",
    sales_title: "销售（最近 30 天）",
    save: "保存",
    saved: "已保存：商店已显示。",
    set_stock: "设为清点数量",
    ship_to: "收货地址",
    shop: "门店",
    shops: "门店",
    sign_in: "登录",
    sign_in_title: "登录管理后台",
    sign_out: "退出登录",
    skip_to_content: "跳到正文",
    sku: "SKU",
    language: "语言",
    invoices: "合格发票",
    invoices_note: "打印在每张收据（适格简易请求书）上。没有登记号码时，收据为普通收据。",
    registered_name: "登记名称",
    registration_number: "登记号码（T + 13 位数字）",
    tax_class: "消费税",
    tax_standard: "标准税率 10%",
    tax_reduced: "轻减税率 8%（食品、非酒精饮料）",
    status: "状态",
    stock: "库存",
    stock_rules: "“设为清点数量”只有在本页打开后无人改动库存时才生效；“增减”在当前库存上相对增减，绝不低于零。",
    top_products: "热销商品",
    total: "合计",
    tracking: "运单号",
    units: "件数",
    uploading: "上传中…",
    variant_name: "款式",
    variants: "款式",
    view_in_shop: "在商店查看 ↗",
    welcome: "欢迎，",
};

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

/// A field's problem in the console's language, by the field's stable name (the last part of
/// keys like `variants[1].price`). English readers, and fields without a text here, get the
/// rule's own message; a message already written in the reader's language stays as it is.
pub fn field_message(e: &omiyage_api::FieldError) -> String {
    let english = !e.message.starts_with(|c: char| c.is_ascii());
    if lang() == Lang::En || english {
        return e.message.clone();
    }
    let key = if e.field.contains("translations") {
        "translations"
    } else {
        e.field.rsplit('.').next().unwrap_or("")
    };
    let [ja, zh] = match key {
        "name" => [
            "名前を入力してください（文字数の上限以内）。",
            "请填写名称（不超过字数上限）。",
        ],
        "description" => [
            "説明は2,000文字以内にしてください。",
            "说明请不超过2,000个字符。",
        ],
        "category" => [
            "ショップのカテゴリーから選んでください。",
            "请选择商店的分类。",
        ],
        "image" => [
            "画像をアップロードするか、ショップの画像を選んでください。",
            "请上传图片或选择商店已有的图片。",
        ],
        "variants" => [
            "種類は1〜20個にしてください。同じ名前の種類は作れません。",
            "请设置1至20个款式，款式名称不能重复。",
        ],
        "sku" => ["SKUは40文字以内にしてください。", "SKU请不超过40个字符。"],
        "price" => [
            "価格は0円〜10,000,000円で入力してください。",
            "价格请填写0至10,000,000日元。",
        ],
        "stock" | "delta" => [
            "在庫数を確認してください（0〜1,000,000、0未満にはなりません）。",
            "请检查库存数量（0至1,000,000，不能低于0）。",
        ],
        "email" => [
            "メールアドレスを name@example.com の形で入力してください。",
            "请按 name@example.com 的格式填写电子邮箱。",
        ],
        "password" => ["パスワードを確認してください。", "请检查密码。"],
        "shop_id" => [
            "スタッフが働く店舗を選んでください。",
            "请选择员工所在的门店。",
        ],
        "claim_window_secs" => [
            "受け取り期限は1時間〜90日にしてください。",
            "领取期限请设为1小时至90天。",
        ],
        "address" => ["住所を入力してください。", "请填写地址。"],
        "tracking_number" => [
            "追跡番号（英数字とハイフン4〜40文字）を入力してください。",
            "请填写运单号（4至40位字母、数字或连字符）。",
        ],
        "registered_name" => [
            "インボイスの登録名を入力してください。",
            "请填写发票登记名称。",
        ],
        "registration_number" => [
            "登録番号は T と13桁の数字です。通知書の番号と照らし合わせてください。",
            "登记号码为 T 加13位数字，请与通知书核对。",
        ],
        "commission_bps" => ["報酬率は0〜50%にしてください。", "佣金比例请设为0至50%。"],
        "new_buyer_bps" => [
            "新規購入者の報酬率は通常の報酬率以上、50%以下にしてください。",
            "新买家佣金比例须不低于普通比例，且不超过50%。",
        ],
        "amount" => [
            "金額を確認してください（支払える額・返金できる額以内の円）。",
            "请检查金额（不超过可结算或可退款的日元金额）。",
        ],
        "share_bps" => ["取り分は0〜90%にしてください。", "分成比例请设为0至90%。"],
        "reference" => [
            "支払いの参照番号を入力してください（120文字以内）。",
            "请填写付款参考号（不超过120个字符）。",
        ],
        "window_days" => [
            "成果の計測期間（日数）を確認してください。",
            "请检查归因天数。",
        ],
        "starts_on" | "ends_on" => [
            "開始日と終了日を入力し、終了日は開始日以降にしてください。",
            "请填写开始和结束日期，结束日期不得早于开始日期。",
        ],
        "product_ids" => ["商品を1つ以上選んでください。", "请至少选择一件商品。"],
        "count" => [
            "コードの数は1〜500にしてください。",
            "代码数量请设为1至500。",
        ],
        "expires_on" => [
            "有効期限は明日から1年後までの日付にしてください。",
            "有效期请选择明天至一年内的日期。",
        ],
        "variant_id" => ["商品と種類を選んでください。", "请选择商品和款式。"],
        "translations" => [
            "訳は中国語か英語で、文字数の上限以内にしてください。",
            "译文须为中文或英文，且不超过字数上限。",
        ],
        _ => return e.message.clone(),
    };
    pick(ja, zh, "").to_string()
}

/// An API error in the console's language, by its stable code (English: the error's message).
pub fn error_message(e: &omiyage_api::ApiError) -> String {
    use omiyage_api::ErrorCode as C;
    if lang() == Lang::En {
        return e.message.clone();
    }
    let [ja, zh] = match e.code {
        C::Unauthorized => ["ログインしてください。", "请先登录。"],
        C::Forbidden => [
            "このアカウントではできない操作です。",
            "此账号无权进行该操作。",
        ],
        C::NotFound => ["見つかりませんでした。", "未找到。"],
        C::Conflict => [
            "すでに存在するか、ほかの操作で状態が変わっています。内容を確認してください。",
            "已存在或状态已被其他操作更改，请检查后重试。",
        ],
        C::RateLimited => [
            "試行回数が多すぎます。しばらく待ってからお試しください。",
            "尝试次数过多，请稍后再试。",
        ],
        C::Invalid => ["入力内容をご確認ください。", "请检查填写的内容。"],
        C::Network => [
            "サーバーに接続できません。通信環境を確認して、もう一度お試しください。",
            "无法连接服务器，请检查网络后重试。",
        ],
        C::PayloadTooLarge => ["ファイルが大きすぎます。", "文件过大。"],
        _ => [
            "問題が発生しました。もう一度お試しください。",
            "出现问题，请重试。",
        ],
    };
    pick(ja, zh, "").to_string()
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

/// A time in the shop's zone (Asia/Tokyo) as the language writes it, e.g.
/// `2026/12/4 13:06` or `04/12/2026, 13:06`.
pub fn time(at: i64) -> String {
    let options = js_sys::Object::new();
    for (k, v) in [
        ("timeZone", omiyage_core::sales::SHOP_TIME_ZONE),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    let locale = pick("ja", "zh-Hans", "en-GB");
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    date.to_locale_string(locale, &options).into()
}

/// An address in Japanese order: 〒 postal code, prefecture, city, street, building.
pub fn address(a: &Address) -> String {
    let postal = (!a.postal_code.is_empty()).then(|| format!("〒{}", a.postal_code));
    postal
        .into_iter()
        .chain(
            [&a.prefecture, &a.city, &a.line1, &a.line2]
                .into_iter()
                .filter(|s| !s.is_empty())
                .cloned(),
        )
        .collect::<Vec<_>>()
        .join(" ")
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

/// A plan's rate, and its new-buyer rate if it has one: `10 % (new buyers 15 %)`.
pub fn rates(commission_bps: u32, new_buyer_bps: Option<u32>) -> String {
    let rate = percent(commission_bps);
    match new_buyer_bps {
        Some(n) => format!(
            "{rate} ({} {})",
            pick("新規", "新买家", "new buyers"),
            percent(n)
        ),
        None => rate,
    }
}

/// A plan's orders and how many were new buyers': `12 orders, 5 by new buyers (41.66 %)`.
pub fn new_buyer_orders(new_buyers: u32, orders: u32) -> String {
    let share = percent(omiyage_core::promotion::new_buyer_share_bps(
        new_buyers, orders,
    ));
    match lang() {
        Lang::Ja => format!("注文{orders}件・うち新規{new_buyers}件（{share}）"),
        Lang::ZhHans => format!("订单{orders}笔，其中新买家{new_buyers}笔（{share}）"),
        Lang::En => {
            let noun = if orders == 1 { "order" } else { "orders" };
            format!("{orders} {noun}, {new_buyers} by new buyers ({share})")
        }
    }
}

pub fn window(days: u32) -> String {
    match (lang(), days) {
        (Lang::Ja, d) => format!("対象期間 {d}日"),
        (Lang::ZhHans, d) => format!("归因期 {d} 天"),
        (Lang::En, 1) => "1-day window".into(),
        (Lang::En, d) => format!("{d}-day window"),
    }
}

pub fn shared_by(name: &str) -> String {
    match lang() {
        Lang::Ja => format!("{name}さんのおすすめ"),
        Lang::ZhHans => format!("{name} 推荐"),
        Lang::En => format!("Shared by {name}"),
    }
}
