//! `/privacy`: what the shop keeps about a shopper, why and for how long, and what they can do
//! about it (APPI). Server-rendered in three languages, linked from the shop's footer and the
//! member's pages.

use axum::http::StatusCode;
use axum::response::Response;

use crate::http::extract::PageLang;

struct Texts {
    title: &'static str,
    intro: &'static str,
    /// (what, why and how long) pairs.
    items: [(&'static str, &'static str); 8],
    rights_title: &'static str,
    rights: &'static str,
    my_page: &'static str,
    back: &'static str,
}

const EN: Texts = Texts {
    title: "Privacy",
    intro: "What the Omiyage shop keeps about you, why, and for how long.",
    items: [
        (
            "Your orders",
            "The items, amounts and tax, with your name, email, phone and address: to deliver them, to put a problem right, and as the sales records tax law requires the shop to keep for seven years. If you delete your account, your name, email, phone and address are erased from them and the rest stays.",
        ),
        (
            "Gifts you send",
            "Your name and greeting for the recipient, and the email you told the gift to. The recipient's address is never shown to you.",
        ),
        (
            "Gifts you claim",
            "Your name, phone and address, to ship the gift. The sender never sees them.",
        ),
        (
            "Your requests to the shop",
            "What you wrote and the photos you added (stored again without their location or camera data), to put the problem right; only the shop's staff see them.",
        ),
        (
            "My page",
            "Your email and language. A sign-in link works once within 15 minutes; you stay signed in for 30 days or until you sign out.",
        ),
        (
            "Passkeys",
            "Only each passkey's public key, when it was added and last used. Your fingerprint or face never leaves your device.",
        ),
        (
            "Emails the shop sent you",
            "Kept with your orders, to show what was sent; erased when you delete your account.",
        ),
        (
            "Protection against abuse",
            "The network address and the email of a request that emails someone, with its time, for one hour.",
        ),
    ],
    rights_title: "What you can do",
    rights: "On My page, download everything the shop keeps about you (JSON) and delete your account. The shop does not sell your data; it shares only what is needed with the card payment processor (Stripe) and the carrier that delivers your parcel.",
    my_page: "My page",
    back: "Omiyage shop",
};

const JA: Texts = Texts {
    title: "プライバシー",
    intro: "Omiyage ショップがあなたについて保存するデータ、その理由と期間。",
    items: [
        (
            "ご注文",
            "商品・金額・消費税と、お名前・メールアドレス・電話番号・住所。お届けとお問い合わせへの対応のため、また税法で7年間の保存が義務付けられている売上の記録として保存します。アカウントを削除すると、お名前・メールアドレス・電話番号・住所は消去され、それ以外は残ります。",
        ),
        (
            "贈ったギフト",
            "受け取る方へのお名前とメッセージ、お知らせ先のメールアドレス。受け取る方の住所があなたに表示されることはありません。",
        ),
        (
            "受け取ったギフト",
            "お届けのためのお名前・電話番号・住所。贈り主に表示されることはありません。",
        ),
        (
            "お問い合わせ",
            "書かれた内容と添付の写真（位置情報やカメラの情報を除いて保存し直します）。対応のためで、見るのはお店のスタッフだけです。",
        ),
        (
            "マイページ",
            "メールアドレスと言語。サインイン用のリンクは15分以内に1回だけ使えます。サインインは30日間、またはサインアウトするまで続きます。",
        ),
        (
            "パスキー",
            "各パスキーの公開鍵と、追加・最終使用の日時だけです。指紋や顔の情報がデバイスから出ることはありません。",
        ),
        (
            "お店からのメール",
            "送った内容を示すため、ご注文とともに保存します。アカウントを削除すると消去されます。",
        ),
        (
            "不正利用の防止",
            "メールを送るリクエストのネットワークアドレスとメールアドレスを、時刻とともに1時間保存します。",
        ),
    ],
    rights_title: "できること",
    rights: "マイページで、お店が保存しているあなたのデータをすべてダウンロード（JSON）したり、アカウントを削除したりできます。お店があなたのデータを売ることはありません。カード決済会社（Stripe）と荷物を届ける配送会社にだけ、必要なものを渡します。",
    my_page: "マイページ",
    back: "Omiyage ショップ",
};

const ZH: Texts = Texts {
    title: "隐私",
    intro: "Omiyage 商店保存哪些关于您的数据、原因以及保存多久。",
    items: [
        (
            "您的订单",
            "商品、金额、消费税，以及您的姓名、邮箱、电话和地址：用于配送和处理售后，也作为税法要求商店保存七年的销售记录。删除账户后，其中的姓名、邮箱、电话和地址会被抹去，其余保留。",
        ),
        (
            "您送出的礼物",
            "给收礼人看的您的姓名和祝福语，以及您通知礼物的邮箱。收礼人的地址绝不会显示给您。",
        ),
        (
            "您领取的礼物",
            "用于配送的姓名、电话和地址。送礼人绝不会看到。",
        ),
        (
            "您的售后申请",
            "您填写的内容和附上的照片（去除位置和相机信息后重新保存），用于解决问题；只有商店员工能看到。",
        ),
        (
            "我的页面",
            "您的邮箱和语言。登录链接在 15 分钟内有效且只能使用一次；登录状态保持 30 天或直到您退出。",
        ),
        (
            "通行密钥",
            "仅保存每个通行密钥的公钥及其添加和最近使用的时间。您的指纹或面容信息不会离开您的设备。",
        ),
        (
            "商店发给您的邮件",
            "与订单一起保存，以证明发送过的内容；删除账户时一并抹去。",
        ),
        (
            "防止滥用",
            "会发送邮件的请求的网络地址和邮箱及其时间，保存一小时。",
        ),
    ],
    rights_title: "您可以做什么",
    rights: "在“我的页面”下载商店保存的您的全部数据（JSON），或删除您的账户。商店不出售您的数据，只向银行卡支付服务商（Stripe）和配送包裹的物流公司提供必要的信息。",
    my_page: "我的页面",
    back: "Omiyage 商店",
};

/// `GET /privacy`.
pub async fn show(PageLang(lang): PageLang) -> Response {
    let t: &Texts = lang.pick(&JA, &ZH, &EN);
    let items: String = t
        .items
        .iter()
        .map(|(what, why)| format!("<dt>{what}</dt><dd>{why}</dd>"))
        .collect();
    let body = format!(
        r#"<p><a href="/">{back}</a></p>
<h1>{title}</h1>
<p>{intro}</p>
<dl data-test="privacy-items">{items}</dl>
<h2>{rights_title}</h2>
<p>{rights}</p>
<p><a href="/account">{my_page}</a></p>"#,
        back = t.back,
        title = t.title,
        intro = t.intro,
        rights_title = t.rights_title,
        rights = t.rights,
        my_page = t.my_page,
    );
    let style = format!(
        "{}<style>dt{{font-weight:700;margin-top:16px}}dd{{margin:4px 0 0}}h2{{font-size:1.2rem;margin:24px 0 8px}}</style>",
        crate::pages::form::STYLE
    );
    crate::pages::form::styled(lang, StatusCode::OK, t.title, &style, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_the_same_things() {
        for t in [&EN, &JA, &ZH] {
            assert!(t.items.iter().all(|(a, b)| !a.is_empty() && !b.is_empty()));
        }
        // The periods the code keeps to: a sign-in link, a session.
        assert_eq!(crate::services::members::LINK_SECS, 15 * 60);
        assert_eq!(crate::services::members::SESSION_SECS, 30 * 86_400);
    }
}
