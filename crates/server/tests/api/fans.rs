//! Messages to fans: only members who asked for the shop's news get one, in their language,
//! with the product cards and a one-click stop that the next message honours; an order placed
//! from a card counts for the message.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::members::{ask, emailed_token, no_redirect, use_link};

/// Signs `email` in (reading `lang`) and sets their preferences: the member's cookie.
async fn fan(app: &TestApp, email: &str, lang: &str, news: bool) -> String {
    assert_eq!(ask(app, email).await.0, 200);
    let token = emailed_token(app, email).await;
    let cookie = use_link(app, &token).await.1.unwrap();
    let mut form = vec![("lang", lang)];
    if news {
        form.push(("news", "on"));
    }
    let r = no_redirect()
        .post(app.url("/account/preferences"))
        .header("cookie", &cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    cookie
}

fn message(products: &[&str]) -> Value {
    json!({
        "texts": [
            {"lang": "ja", "subject": "新茶のお知らせ", "text": "今年の新茶が入りました。"},
            {"lang": "zh-Hans", "subject": "新茶上市", "text": "今年的新茶到了。"},
            {"lang": "en", "subject": "New tea is in", "text": "This year's first tea has arrived."}
        ],
        "product_ids": products,
    })
}

async fn send(app: &TestApp, admin: &str, body: Value) -> Answer {
    app.call(
        Method::POST,
        "/api/admin/fan-messages",
        Some(admin),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_message_reaches_only_the_fans_who_asked_in_their_language_and_one_click_stops_it() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    fan(&app, "kana@example.com", "ja", true).await;
    fan(&app, "ben@example.com", "en", true).await;
    fan(&app, "quiet@example.com", "ja", false).await;

    // Refused: no words for a language it goes to, a seventh product, one that is not.
    let mut missing = message(&["genmaicha"]);
    missing["texts"].as_array_mut().unwrap().remove(2);
    let r = send(&app, &admin, missing).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(error_fields(&r.body), ["texts.en.subject", "texts.en.text"]);
    let r = send(&app, &admin, message(&["a", "b", "c", "d", "e", "f", "g"])).await;
    assert_eq!(error_fields(&r.body), ["product_ids"]);
    let r = send(&app, &admin, message(&["no-such-thing"])).await;
    assert_eq!(error_fields(&r.body), ["product_ids"]);
    let staff = app.sign_in(STAFF).await;
    let r = send(&app, &staff, message(&[])).await;
    assert_eq!(r.status, 403);
    let r = app
        .call(Method::GET, "/api/admin/fan-messages", None, None)
        .await;
    assert_eq!(r.status, 401);

    // Sent with three cards: to the two who asked, each in their language.
    let products = ["matcha-kitkat", "genmaicha", "tokyo-banana"];
    let r = send(&app, &admin, message(&products)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["recipients"], 2);
    let id = r.body["id"].as_str().unwrap().to_string();
    let ja = app.email_text("kana@example.com", "fan_message").await;
    assert!(ja.contains("今年の新茶が入りました。"), "{ja}");
    assert!(ja.contains("抹茶キットカット"), "{ja}");
    assert_eq!(ja.matches(&format!("/m/{id}/p/")).count(), 3, "{ja}");
    let en = app.email_text("ben@example.com", "fan_message").await;
    assert!(en.contains("This year's first tea has arrived."), "{en}");
    assert!(en.contains("Matcha KitKat"), "{en}");
    assert!(
        app.email_texts("quiet@example.com", "fan_message")
            .await
            .is_empty()
    );

    // Ben stops the news in one click (a mail reader's POST); the next message skips him.
    let stop = en
        .split("/news/stop/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let r = app
        .client
        .post(app.url(&format!("/news/stop/{stop}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .post(app.url("/news/stop/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = send(&app, &admin, message(&["genmaicha"])).await;
    assert_eq!(r.body["recipients"], 1, "{}", r.body);
    assert_eq!(
        app.email_texts("ben@example.com", "fan_message")
            .await
            .len(),
        1
    );
    assert_eq!(
        app.email_texts("kana@example.com", "fan_message")
            .await
            .len(),
        2
    );

    // A card opened, then an order: it counts for the message, in the list.
    let r = no_redirect()
        .get(app.url(&format!("/m/{id}/p/genmaicha")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/p/genmaicha");
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("omiyage_msg="), "{cookie}");
    let order = order_for(&[("genmaicha", "genmaicha-200g", 2)], test_card());
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("Idempotency-Key", key())
        .header("cookie", &cookie)
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let placed: Value = r.json().await.unwrap();
    let (_, other) = app.http.checkout(&key(), &order).await;
    assert!(other["token"].is_string());
    let list = app
        .call(Method::GET, "/api/admin/fan-messages", Some(&admin), None)
        .await;
    let first = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id.as_str())
        .unwrap();
    assert_eq!(first["orders"], 1, "{}", list.body);
    assert_eq!(first["sales"], placed["total"]);
    assert_eq!(first["recipients"], 2);
    assert_eq!(first["subject"], "新茶のお知らせ");

    // A card of no message opens the product and marks nothing.
    let r = no_redirect()
        .get(app.url("/m/nothing/p/genmaicha"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn a_message_to_a_rank_reaches_only_the_fans_of_that_rank() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let rules = json!({"rate_bps": 100, "expiry_days": 365, "notice_days": 30,
        "ranks": [{"name": "Gold", "from_spend": 3000, "rate_bps": 300}]});
    let r = app
        .call(Method::PUT, "/api/admin/points", Some(&admin), Some(rules))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let gold = "gold-fan@example.com";
    let plain = "plain-fan@example.com";
    fan(&app, gold, "en", true).await;
    fan(&app, plain, "en", true).await;
    // The Gold fan's ¥3,600 of goods shipped: their rank.
    let mut req = order_for(&[("genmaicha", "genmaicha-200g", 4)], test_card());
    req.contact.email = gold.into();
    let (status, order) = app.checkout(&key(), &req).await;
    assert_eq!(status, 201, "{order}");
    let token = order["token"].as_str().unwrap();
    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "1234-5678-9012"})),
        )
        .await;
    assert_eq!(shipped.status, 200, "{}", shipped.body);

    let mut to_gold = message(&["genmaicha"]);
    to_gold["ranks"] = json!(["Platinum"]);
    let refused = send(&app, &admin, to_gold.clone()).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(error_fields(&refused.body), ["ranks"]);
    to_gold["ranks"] = json!(["Gold"]);
    let sent = send(&app, &admin, to_gold).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert_eq!(sent.body["recipients"], 1);
    assert_eq!(app.email_texts(gold, "fan_message").await.len(), 1);
    assert!(app.email_texts(plain, "fan_message").await.is_empty());
}
