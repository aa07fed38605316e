//! The one translation layer: every piece of UI text comes from a [`Texts`] table, one per
//! language (Japanese, Simplified Chinese, English), chosen in [`t`] from the reader's
//! language. A key missing from any table is a compile error. All three tables are on
//! the first load: together they cost a few KB of brotli, less than any loader.

#[cfg(not(feature = "ssr"))]
use std::cell::Cell;

use omiyage_api::{ApiError, ErrorCode, FieldError, Money, OrderStatus, TaxTotal};
pub use omiyage_core::lang::Lang;

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
    cart_title,
    cart_empty,
    remove,
    decrease,
    increase,
    subtotal,
    discount,
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
    order_reference,
    order_private_link,
    copy_link,
    copied,
    ship_to,
    payment,
    paid_by_card,
    pay_at_counter,
    not_found_title,
    not_found_body,
    try_again,
    demo_mode,
    send_as_gift,
    send_as_gift_note,
    gift_section,
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
    gift_claim_title,
    gift_claim,
    gift_claiming,
    gift_decline,
    gift_declined,
    gift_claimed_title,
    gift_claimed_body,
    gift_all_claimed,
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
    from_price: "from ",
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
    discount: "Coupon",
    coupon_code: "Coupon code (optional)",
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
    err_name: "",
    err_email: "",
    err_phone: "",
    err_postal_code: "",
    err_prefecture: "",
    err_city: "",
    err_line1: "",
    err_line2: "",
    err_card: "",
    err_sender_name: "",
    err_greeting: "",
    err_out_of_stock: "",
    err_card_declined: "",
    err_not_found: "",
    err_network: "",
    err_rate_limited: "",
    err_invalid: "",
    err_other: "",
    choose_prefecture: "Choose…",
    name_placeholder: "Hanako Yamada",
    city: "City / ward",
    line1: "Street address",
    line2_optional: "Building, room (optional)",
    payment_section: "Payment",
    pay_test_card: "Test card",
    pay_card: "Card",
    pay_card_note: "You enter your card on the next page, secured by Stripe.",
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
    demo_mode: demo(
        "Demo mode: this app runs on an in-browser mock backend; orders are stored in this browser only.",
    ),
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
    gift_unpaid: "This gift is waiting for its sender's payment. Open this link again once it is paid to choose where it goes.",
    gift_choose_variant: "Choose your favourite",
    gift_your_details: "Your name and address",
    gift_privacy_note: "Only the shop sees them, to ship your gift; the sender never does.",
    gift_opened: "opened",
    tracking: "Tracking number:",
    gift_card_heading: "A gift for you",
    gift_card_scan: "Scan to open your gift",
    gift_card_download: "Download gift card (PNG)",
    gift_card_failed: "The gift card could not be made. Please try again.",
    from_suffix: "",
    language: "Language",
    tax_included: "incl. tax",
    tax_heading: "Consumption tax included",
    receipt: "Receipt (printable)",
    gift_email_optional: "Email (optional): we tell you when it ships",
    find_orders_link: "Lost your order link?",
};

pub const JA: Texts = Texts {
    shop_name: "Omiyage",
    tagline: "日本のおみやげを、自分に、大切な人に",
    nav_shop: "ショップ",
    nav_cart: "カート",
    skip_to_content: "本文へスキップ",
    search_label: "商品を検索",
    search_placeholder: "抹茶、日本酒、だるま…",
    categories_label: "カテゴリー",
    all_categories: "すべて",
    loading: "読み込み中…",
    no_results: "該当する商品がありません。別の言葉やカテゴリーでお試しください。",
    from_price: "",
    in_stock: "在庫あり",
    sold_out: "売り切れ",
    choose_variant: "種類を選ぶ",
    quantity: "数量",
    add_to_cart: "カートに入れる",
    added_to_cart: "カートに追加しました。",
    view_cart: "カートを見る",
    back_to_shop: "← ショップに戻る",
    cart_title: "カート",
    cart_empty: "カートは空です。",
    remove: "削除",
    decrease: "1つ減らす",
    increase: "1つ増やす",
    subtotal: "小計",
    discount: "クーポン割引",
    coupon_code: "クーポンコード（任意）",
    shipping: "送料",
    shipping_free: "無料",
    total: "合計",
    to_checkout: "ご購入手続きへ",
    prices_confirmed: "価格と在庫はご注文確定時に確定します。5,000円以上で送料無料。",
    checkout_title: "ご購入手続き",
    contact_section: "ご連絡先",
    name: "お名前",
    email: "メールアドレス",
    phone_optional: "電話番号（任意）",
    address_section: "お届け先",
    postal_code: "〒 郵便番号",
    prefecture: "都道府県",
    err_name: "お名前を入力してください（100文字まで）。",
    err_email: "メールアドレスを name@example.com の形で入力してください。",
    err_phone: "電話番号は6〜15桁の数字で入力するか、空欄にしてください。",
    err_postal_code: "郵便番号は 150-0001 のように7桁で入力してください。",
    err_prefecture: "都道府県を選んでください。",
    err_city: "市区町村を入力してください（100文字まで）。",
    err_line1: "番地を入力してください（200文字まで）。",
    err_line2: "建物名・部屋番号は200文字以内で入力してください。",
    err_card: "カード番号を確認してください。",
    err_sender_name: "受け取る方に表示するお名前を入力してください（50文字まで）。",
    err_greeting: "メッセージは100文字以内で入力してください。",
    err_out_of_stock: "在庫が足りない商品があります。数量を減らしてもう一度お試しください。",
    err_card_declined: "カードが承認されませんでした。注文は作成されていません。別のカードをお試しください。",
    err_not_found: "見つかりませんでした。リンクをご確認ください。",
    err_network: "ショップに接続できません。通信環境を確認して、もう一度お試しください。",
    err_rate_limited: "試行回数が多すぎます。しばらく待ってからお試しください。",
    err_invalid: "入力内容をご確認ください。",
    err_other: "問題が発生しました。ページを再読み込みして、もう一度お試しください。",
    choose_prefecture: "選択してください",
    name_placeholder: "山田 花子",
    city: "市区町村",
    line1: "番地",
    line2_optional: "建物名・部屋番号（任意）",
    payment_section: "お支払い",
    pay_test_card: "テストカード",
    pay_card: "クレジットカード",
    pay_card_note: "カード情報は次のページ（Stripe による安全な入力欄）で入力します。",
    test_card_note: "このショップはテスト用の決済で動いています。実際のお金は動きません。4242 4242 4242 4242 で支払い、4000 0000 0000 0002 は拒否されます。",
    card_number: "カード番号",
    pay_in_shop: "店頭でお支払い",
    pay_in_shop_note: "店頭でお支払いください。スタッフが入金を確認してから発送します。",
    place_order: "注文を確定する",
    placing_order: "注文しています…",
    order_summary: "ご注文内容",
    order_title: "ご注文",
    order_thanks: "ありがとうございます。ご注文を承りました。",
    order_reference: "注文番号",
    order_private_link: "このページはあなた専用です。リンクを保存すれば、どの端末からでもご注文を確認できます。",
    copy_link: "リンクをコピー",
    copied: "リンクをコピーしました",
    ship_to: "お届け先",
    payment: "お支払い",
    paid_by_card: "テストカード 末尾",
    pay_at_counter: "店頭でお支払い",
    not_found_title: "ページが見つかりません",
    not_found_body: "お探しのページは見つかりませんでした。移動した可能性があります。",
    try_again: "もう一度試す",
    demo_mode: demo(
        "デモモード：このアプリはブラウザ内の模擬バックエンドで動いています。注文はこのブラウザにのみ保存されます。",
    ),
    send_as_gift: "ギフトとして贈る",
    send_as_gift_note: "住所は不要です。送れるリンクとQRコードをお渡しし、受け取った方がご自身で住所を入力します。送料込み。",
    gift_section: "ギフト",
    gift_sender_name: "お名前（受け取る方に表示されます）",
    gift_greeting: "メッセージ（100文字まで）",
    gift_allow_choice: "同じ価格の別の種類を受け取る方が選べるようにする",
    gift_title: "あなたのギフト",
    gift_link_label: "ギフトリンク：お相手に送ってください。このリンクを持つ人なら誰でも受け取れます。",
    gift_share: "共有",
    gift_qr_label: "ギフトリンクのQRコード",
    gift_units_title: "状況",
    gift_cancel: "未受け取りのギフトを取り消して返金",
    gift_cancel_done: "未受け取りの分を返金しました。",
    gift_never_address: "受け取りと発送はお知らせしますが、お届け先が表示されることはありません。",
    gift_from: "ギフトの贈り主：",
    gift_claim_title: "どちらにお届けしますか？",
    gift_claim: "ギフトを受け取る",
    gift_claiming: "受け取っています…",
    gift_decline: "このギフトを辞退する",
    gift_declined: "ギフトを辞退しました。贈り主に返金されます。",
    gift_claimed_title: "受け取りました！",
    gift_claimed_body: "お届け先：",
    gift_all_claimed: "このギフトはすでに受け取られています。",
    gift_expired: "期限内に受け取られなかったため、贈り主に返金されました。",
    gift_cancelled: "贈り主がこのギフトを取り消しました。",
    gift_unpaid: "このギフトは贈り主のお支払い待ちです。お支払いが済んだら、もう一度このリンクを開いてお届け先を入力してください。",
    gift_choose_variant: "お好きなものを選んでください",
    gift_your_details: "お名前とご住所",
    gift_privacy_note: "発送のためにショップだけが見ます。贈り主には表示されません。",
    gift_opened: "開封済み",
    tracking: "追跡番号：",
    gift_card_heading: "あなたへのギフト",
    gift_card_scan: "読み取ってギフトを開けてください",
    gift_card_download: "ギフトカードをダウンロード（PNG）",
    gift_card_failed: "ギフトカードを作れませんでした。もう一度お試しください。",
    from_suffix: "〜",
    language: "言語",
    tax_included: "税込",
    tax_heading: "消費税（内税）",
    receipt: "領収書（印刷用）",
    gift_email_optional: "メールアドレス（任意）：発送時にお知らせします",
    find_orders_link: "注文のリンクをなくした方",
};

pub const ZH: Texts = Texts {
    shop_name: "Omiyage",
    tagline: "日本伴手礼，自己留着或送给重要的人",
    nav_shop: "商店",
    nav_cart: "购物车",
    skip_to_content: "跳到正文",
    search_label: "搜索商品",
    search_placeholder: "抹茶、清酒、达摩…",
    categories_label: "分类",
    all_categories: "全部",
    loading: "加载中…",
    no_results: "没有符合的商品。请换个关键词或分类试试。",
    from_price: "",
    in_stock: "有货",
    sold_out: "售罄",
    choose_variant: "选择款式",
    quantity: "数量",
    add_to_cart: "加入购物车",
    added_to_cart: "已加入购物车。",
    view_cart: "查看购物车",
    back_to_shop: "← 返回商店",
    cart_title: "购物车",
    cart_empty: "购物车是空的。",
    remove: "删除",
    decrease: "减少一件",
    increase: "增加一件",
    subtotal: "小计",
    discount: "优惠券",
    coupon_code: "优惠码（选填）",
    shipping: "运费",
    shipping_free: "免费",
    total: "合计",
    to_checkout: "去结算",
    prices_confirmed: "价格和库存在下单时确认。满 5,000 日元免运费。",
    checkout_title: "结算",
    contact_section: "联系方式",
    name: "姓名",
    email: "电子邮箱",
    phone_optional: "电话（选填）",
    address_section: "收货地址",
    postal_code: "〒 邮政编码",
    prefecture: "都道府县",
    err_name: "请填写姓名（最多100个字符）。",
    err_email: "请按 name@example.com 的格式填写电子邮箱。",
    err_phone: "电话号码请填写6至15位数字，或留空。",
    err_postal_code: "请填写7位邮政编码，例如 150-0001。",
    err_prefecture: "请选择都道府县。",
    err_city: "请填写市区町村（最多100个字符）。",
    err_line1: "请填写街道门牌（最多200个字符）。",
    err_line2: "楼栋和房间号请不超过200个字符。",
    err_card: "请检查银行卡号。",
    err_sender_name: "请填写收礼人将看到的姓名（最多50个字符）。",
    err_greeting: "留言请不超过100个字符。",
    err_out_of_stock: "有商品库存不足，请减少数量后重试。",
    err_card_declined: "银行卡未获授权，订单未创建。请换一张卡再试。",
    err_not_found: "未找到，请检查链接。",
    err_network: "无法连接商店，请检查网络后重试。",
    err_rate_limited: "尝试次数过多，请稍后再试。",
    err_invalid: "请检查填写的内容。",
    err_other: "出现问题，请刷新页面后重试。",
    choose_prefecture: "请选择",
    name_placeholder: "王小明",
    city: "市区町村",
    line1: "街道门牌",
    line2_optional: "楼名、房间号（选填）",
    payment_section: "付款",
    pay_test_card: "测试卡",
    pay_card: "银行卡",
    pay_card_note: "下一页输入银行卡信息（由 Stripe 安全处理）。",
    test_card_note: "本店使用测试支付，不会产生真实扣款。用 4242 4242 4242 4242 付款；4000 0000 0000 0002 会被拒绝。",
    card_number: "卡号",
    pay_in_shop: "到店付款",
    pay_in_shop_note: "请在店内柜台付款；店员确认收款后发货。",
    place_order: "提交订单",
    placing_order: "正在下单…",
    order_summary: "订单摘要",
    order_title: "订单",
    order_thanks: "谢谢！您的订单已提交。",
    order_reference: "订单号",
    order_private_link: "此页面仅属于您：保存链接即可在任何设备上查看订单。",
    copy_link: "复制链接",
    copied: "链接已复制",
    ship_to: "收货地址",
    payment: "付款",
    paid_by_card: "测试卡 尾号",
    pay_at_counter: "到店付款",
    not_found_title: "找不到页面",
    not_found_body: "找不到该页面，可能已被移动。",
    try_again: "重试",
    demo_mode: demo("演示模式：本应用运行在浏览器内的模拟后端上，订单只保存在此浏览器中。"),
    send_as_gift: "作为礼物送出",
    send_as_gift_note: "无需填写地址：您会得到可发送的链接和二维码，收礼人自己填写地址。含运费。",
    gift_section: "礼物",
    gift_sender_name: "您的名字（收礼人可见）",
    gift_greeting: "祝福语（最多 100 字）",
    gift_allow_choice: "允许收礼人选择同价位的其他款式",
    gift_title: "您的礼物",
    gift_link_label: "礼物链接：发给您的朋友。任何拿到此链接的人都可以领取礼物。",
    gift_share: "分享",
    gift_qr_label: "礼物链接的二维码",
    gift_units_title: "状态",
    gift_cancel: "取消未领取的礼物并退款",
    gift_cancel_done: "未领取的部分已退款。",
    gift_never_address: "您会知道礼物何时被领取和发货，但永远不会看到寄往哪里。",
    gift_from: "礼物来自",
    gift_claim_title: "寄到哪里？",
    gift_claim: "领取礼物",
    gift_claiming: "正在领取…",
    gift_decline: "谢绝这份礼物",
    gift_declined: "您已谢绝礼物，送礼人将获得退款。",
    gift_claimed_title: "礼物是您的了！",
    gift_claimed_body: "我们将寄往：",
    gift_all_claimed: "这份礼物已经被领取了。",
    gift_expired: "礼物未在期限内领取，已退款给送礼人。",
    gift_cancelled: "送礼人已取消这份礼物。",
    gift_unpaid: "这份礼物正在等待送礼人付款。付款完成后，请再次打开此链接填写收货地址。",
    gift_choose_variant: "选择您喜欢的款式",
    gift_your_details: "您的姓名和地址",
    gift_privacy_note: "只有商店为发货而查看，送礼人永远看不到。",
    gift_opened: "已打开",
    tracking: "运单号：",
    gift_card_heading: "送给您的礼物",
    gift_card_scan: "扫码打开礼物",
    gift_card_download: "下载礼物卡（PNG）",
    gift_card_failed: "礼物卡生成失败，请重试。",
    from_suffix: " 起",
    language: "语言",
    tax_included: "含税",
    tax_heading: "消费税（已含）",
    receipt: "收据（可打印）",
    gift_email_optional: "邮箱（选填）：发货时通知您",
    find_orders_link: "找不到订单链接？",
};

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
        _ => "",
    };
    or_message(text, &e.message)
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
    or_message(text, &e.message)
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
    omiyage_ui::choose(l);
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

/// A time (seconds since the epoch) in the shop's time zone, as the language writes it:
/// `2026年12月4日(金) 13:06`; with `zone`, the zone is marked (for deadlines).
pub fn time_in_shop_zone(at: i64, zone: bool) -> String {
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("timeZone", omiyage_core::sales::SHOP_TIME_ZONE);
    set("year", "numeric");
    set(
        "month",
        if current() == Lang::En {
            "short"
        } else {
            "long"
        },
    );
    set("day", "numeric");
    set("weekday", "short");
    set("hour", "2-digit");
    set("minute", "2-digit");
    if zone {
        set("timeZoneName", "short");
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    date.to_locale_string(current().tag(), &options).into()
}

/// A time, without the zone.
pub fn time(at: i64) -> String {
    time_in_shop_zone(at, false)
}

/// A counter order's hold: "Pay at the counter by … : unpaid then, it is cancelled".
pub fn pay_by(at: i64) -> String {
    let at = time_in_shop_zone(at, true);
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

/// "Claim by 4 Dec 2026 (Fri) 13:06 GMT+9".
pub fn deadline(expires_at: i64) -> String {
    let at = time_in_shop_zone(expires_at, true);
    match current() {
        Lang::Ja => format!("受け取り期限：{at}"),
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
