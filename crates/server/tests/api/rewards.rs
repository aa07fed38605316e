//! Gifts that bring new customers: a recipient who opens the shop from their gift page and
//! places their own first order earns the gift's sender one coupon (by email, usable once);
//! never the sender buying for themselves, a browser or an email that ordered before, or a
//! forged cookie; rewards racing for one order make one; the merchant's report counts it.

use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::gifts::{buy_gift, claim};
use omiyage_api::PaymentChoice;

use crate::helpers::{
    ADMIN, STAFF, TestApp, client, key, order_for, outbox_mails, spawn_app_with_accounts, test_card,
};

const BROWSER: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1";

/// Opens the gift page's "visit the shop" link: the cookies it sets, as a `cookie` header.
async fn visit(app: &TestApp, token: &str, cookie: &str) -> String {
    let no_redirect = client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirect
        .get(app.url(&format!("/g/{token}/shop")))
        .header("user-agent", BROWSER)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/");
    let set: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    // As a browser keeps them: a cookie set again replaces the one it had.
    let mut jar: Vec<String> = cookie
        .split("; ")
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    for c in set {
        let name = c.split('=').next().unwrap_or_default().to_string();
        jar.retain(|k| k.split('=').next() != Some(name.as_str()));
        jar.push(c);
    }
    jar.join("; ")
}

/// Checks out one Matcha KitKat box as `email` with `cookie`: (status, order, cookies set).
async fn buy(
    app: &TestApp,
    cookie: &str,
    email: &str,
    payment: PaymentChoice,
    coupon: Option<&str>,
) -> (u16, Value, String) {
    let mut order = order_for(&[("matcha-kitkat", "matcha-kitkat-12", 1)], payment);
    order.contact.email = email.into();
    order.coupon = coupon.map(str::to_string);
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .header("cookie", cookie)
        .body(serde_json::to_string(&order).unwrap())
        .send()
        .await
        .unwrap();
    let set = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    (r.status().as_u16(), r.json().await.unwrap(), set)
}

async fn enable(app: &TestApp, admin: &str, amount: i64) {
    let settings = json!({"enabled": true, "within_days": 30,
                          "amount": amount, "valid_days": 60});
    let put = app
        .call(
            Method::PUT,
            "/api/admin/gift-rewards",
            Some(admin),
            Some(settings),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
}

async fn report(app: &TestApp, admin: &str) -> Value {
    let r = app
        .call(Method::GET, "/api/admin/gift-report", Some(admin), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// The reward coupons' codes, as the admin's coupon list shows them.
async fn reward_codes(app: &TestApp, admin: &str) -> Vec<String> {
    let list = app
        .call(Method::GET, "/api/admin/coupons", Some(admin), None)
        .await;
    let coupons = list.body["coupons"]
        .as_array()
        .or(list.body.as_array())
        .cloned()
        .unwrap_or_else(|| panic!("{}", list.body));
    coupons
        .iter()
        .filter_map(|c| c["code"].as_str())
        .filter(|c| c.starts_with("GIFT"))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_recipients_first_order_from_the_gift_page_earns_the_sender_one_coupon() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    // Bad settings change nothing.
    let bad = app
        .call(
            Method::PUT,
            "/api/admin/gift-rewards",
            Some(&admin),
            Some(json!({"enabled": true, "within_days": 0,
                        "amount": 0, "valid_days": 400})),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let now = app
        .call(Method::GET, "/api/admin/gift-rewards", Some(&admin), None)
        .await;
    assert_eq!(now.body["enabled"], false);
    enable(&app, &admin, 700).await;

    // Hana (hana@example.com) gives Ken a gift; he claims it, opens the shop from it and buys.
    let (_, token) = buy_gift(&app.http, 1, "Enjoy").await;
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    let cookies = visit(&app, &token, "").await;
    assert!(cookies.contains("omiyage_gift="), "{cookies}");
    let (status, order, set) = buy(&app, &cookies, "ken.new@example.jp", test_card(), None).await;
    assert_eq!(status, 201, "{order}");
    assert!(set.contains("omiyage_customer=1"), "{set}");

    // Hana's email: the coupon, and nothing of Ken or what he bought.
    let mails = outbox_mails(&app, &admin, "hana@example.com", "gift_rewarded", 1).await;
    assert_eq!(
        mails[0]["subject"],
        "あなたのギフトが新しいお客さまを連れてきてくれました"
    );
    let codes = reward_codes(&app, &admin).await;
    assert_eq!(codes.len(), 1, "{codes:?}");
    // Ken's next order earns nothing more.
    let (status, _, _) = buy(&app, &cookies, "ken.new@example.jp", test_card(), None).await;
    assert_eq!(status, 201);
    assert_eq!(
        omiyage_server::reward_gift_senders(&app.state)
            .await
            .unwrap(),
        0
    );
    assert_eq!(reward_codes(&app, &admin).await.len(), 1);

    // Hana uses it once: ¥700 off; a second time it is used up.
    let (status, paid, _) = buy(&app, "", "hana@example.com", test_card(), Some(&codes[0])).await;
    assert_eq!(status, 201, "{paid}");
    assert_eq!(paid["lines"][0]["discount"], 700, "{paid}");
    let (status, refused, _) =
        buy(&app, "", "hana@example.com", test_card(), Some(&codes[0])).await;
    assert!(status == 409 || status == 422, "{status} {refused}");

    // The report: one gift, one visit, one new customer with both his orders, one reward used.
    let r = report(&app, &admin).await;
    assert_eq!(
        (
            &r["visits"],
            &r["new_customers"],
            &r["rewards_given"],
            &r["rewards_used"]
        ),
        (&json!(1), &json!(1), &json!(1), &json!(1)),
        "{r}"
    );
    let total = order["total"]["amount"].as_i64().unwrap();
    assert_eq!(r["new_customer_revenue"]["amount"], 2 * total, "{r}");
    assert_eq!(r["units_claimed"], 1, "{r}");
}

#[tokio::test]
async fn no_reward_for_the_sender_a_returning_customer_or_a_forged_cookie() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    enable(&app, &admin, 500).await;
    let (_, token) = buy_gift(&app.http, 2, "For two").await;
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);

    // The sender buying for herself from her own gift's page.
    let cookies = visit(&app, &token, "").await;
    assert_eq!(
        buy(&app, &cookies, "Hana@Example.com", test_card(), None)
            .await
            .0,
        201
    );
    // A browser that ordered before (its checkout marked it).
    let cookies = visit(&app, &token, "omiyage_customer=1").await;
    assert_eq!(
        buy(&app, &cookies, "mei.new@example.jp", test_card(), None)
            .await
            .0,
        201
    );
    // An email that ordered before, from a fresh browser.
    assert_eq!(
        buy(&app, "", "yuki@example.jp", test_card(), None).await.0,
        201
    );
    let cookies = visit(&app, &token, "").await;
    assert_eq!(
        buy(&app, &cookies, "yuki@example.jp", test_card(), None)
            .await
            .0,
        201
    );
    // A gift cookie the shop never set (no visit by this browser), and an unknown gift.
    let forged = format!("omiyage_gift={token}; omiyage_visitor=someoneelse");
    assert_eq!(
        buy(&app, &forged, "sora.new@example.jp", test_card(), None)
            .await
            .0,
        201
    );
    assert_eq!(visit(&app, "no-such-gift", "").await, "");

    assert_eq!(
        omiyage_server::reward_gift_senders(&app.state)
            .await
            .unwrap(),
        0
    );
    assert!(reward_codes(&app, &admin).await.is_empty());
    let r = report(&app, &admin).await;
    assert_eq!(r["new_customers"], 0, "{r}");
    assert_eq!(r["visits"], 3, "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rewards_racing_for_one_first_order_make_one() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    enable(&app, &admin, 500).await;
    let (_, token) = buy_gift(&app.http, 1, "Enjoy").await;
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    // Paid at the counter later: credited now, rewarded once paid.
    let cookies = visit(&app, &token, "").await;
    let (status, order, _) = buy(
        &app,
        &cookies,
        "ken.new@example.jp",
        PaymentChoice::PayInShop,
        None,
    )
    .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(
        omiyage_server::reward_gift_senders(&app.state)
            .await
            .unwrap(),
        0
    );
    let staff = app.sign_in(STAFF).await;
    let order_token = order["token"].as_str().unwrap();
    let paid = app
        .call(
            Method::POST,
            &format!("/api/orders/{order_token}/confirm-payment"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(paid.status, 204, "{}", paid.body);
    let rewarded = join_all((0..20).map(|_| omiyage_server::reward_gift_senders(&app.state))).await;
    let total: usize = rewarded.into_iter().map(Result::unwrap).sum();
    assert_eq!(total, 1);
    assert_eq!(reward_codes(&app, &admin).await.len(), 1);
    outbox_mails(&app, &admin, "hana@example.com", "gift_rewarded", 1).await;
}

/// A gift bought by `email`: its claim token.
async fn gift_from(app: &TestApp, email: &str) -> String {
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1}],
        "contact": {"name": "Sender", "email": email},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Sender", "greeting": "", "allow_variant_choice": false}
    });
    let (status, order) = app.http.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    order["gift"]["claim_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_recipient_of_several_gifts_credits_the_one_whose_page_they_came_from() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    enable(&app, &admin, 500).await;
    let (aki, ben) = (
        gift_from(&app, "aki@example.com").await,
        gift_from(&app, "ben@example.com").await,
    );
    // Ben's gift page last: his gift brought the customer.
    let cookies = visit(&app, &aki, "").await;
    let cookies = visit(&app, &ben, &cookies).await;
    assert_eq!(
        buy(&app, &cookies, "chika.new@example.jp", test_card(), None)
            .await
            .0,
        201
    );
    outbox_mails(&app, &admin, "ben@example.com", "gift_rewarded", 1).await;
    outbox_mails(&app, &admin, "aki@example.com", "gift_rewarded", 0).await;
}
