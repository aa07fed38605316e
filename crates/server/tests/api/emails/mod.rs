//! Emails through the outbox, received by a real SMTP server (`mailbox`): each in its reader's
//! language, the sender never told who claimed or where, retries then "failed" then resend,
//! messages kept without mail set up, "find my orders", and a bad `--smtp-url`.

use std::sync::Arc;
use std::time::Duration;

use omiyage_server::{ManualClock, sweep_expired_gifts};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Http, TestApp, eventually, key, spawn_app_with};
use crate::mailbox::{Mailbox, with_subject};

mod restarts;

/// A server with the demo shop and accounts that mails through `mailbox` (checked every 50 ms).
async fn mailing_app(
    mailbox: Option<&Mailbox>,
    adjust: impl FnOnce(&mut omiyage_server::Config),
) -> TestApp {
    let url = mailbox.map(Mailbox::url);
    spawn_app_with(|c| {
        c.demo_accounts = true;
        c.smtp_url = url;
        c.outbox_every_ms = 50;
        adjust(c);
    })
    .await
}

/// Places an order in a language; returns the order.
pub(crate) async fn place(
    app: &Http,
    lang: &str,
    email: &str,
    gift: bool,
    payment: Value,
) -> Value {
    let mut body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": if gift { 2 } else { 1 }}],
        "contact": {"name": "Hana Sato", "email": email},
        "address": {"postal_code": "150-0001", "prefecture": "東京都", "city": "Shibuya-ku", "line1": "Jingumae 1-1"},
        "payment": payment,
    });
    if gift {
        body["gift"] =
            json!({"sender_name": "Hana", "greeting": "おめでとう", "allow_variant_choice": false});
    }
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .header("Accept-Language", lang)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

pub(crate) fn card() -> Value {
    json!({"method": "test_card", "card_number": "4242 4242 4242 4242"})
}

async fn claim(app: &Http, token: &str, lang: &str, email: &str) -> Value {
    let body = json!({
        "name": "Secret Recipient",
        "phone": "070-1111-2222",
        "email": email,
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Hiddenville",
                    "line1": "Umeda 1-1", "line2": "Room 905"}
    });
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{token}/claim")))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .header("Accept-Language", lang)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

fn text_of(m: &Value) -> String {
    format!("{}\n{}\n{}", m["subject"], m["text"], m["html"])
}

#[tokio::test]
async fn a_gift_tells_its_sender_and_recipient_each_in_their_language_and_keeps_the_recipient_private()
 {
    let mail = Mailbox::start();
    let app = mailing_app(Some(&mail), |_| {}).await;
    let order = place(&app, "zh-CN,zh;q=0.9", "Sender@Example.com", true, card()).await;
    let (reference, token) = (
        order["reference"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    let claim_token = order["gift"]["claim_token"].as_str().unwrap();

    // Order placed and the claim link, in the checkout's language (Chinese).
    let sent = mail.wait_for("sender@example.com", 2).await;
    let placed = with_subject(&sent, "感谢您的订购");
    assert!(placed["subject"].as_str().unwrap().contains(reference));
    assert!(
        placed["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/o/{token}"))
    );
    let link = with_subject(&sent, "礼物领取链接");
    assert!(
        link["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/g/{claim_token}"))
    );
    assert!(
        link["html"].as_str().unwrap().contains("role=\"img\""),
        "the QR code"
    );

    // A recipient claims in English and leaves an email.
    claim(&app, claim_token, "en", "Recipient@Example.org").await;
    let sent = mail.wait_for("sender@example.com", 3).await;
    let claimed = with_subject(&sent, "礼物已被领取");
    let body = text_of(claimed);
    for secret in [
        "Secret Recipient",
        "Hiddenville",
        "Umeda",
        "070-1111-2222",
        "recipient@example.org",
    ] {
        assert!(
            !body.contains(secret),
            "the sender's mail shows {secret}: {body}"
        );
    }

    // The admin ships: the sender hears it shipped, the recipient gets the tracking number.
    let admin = app.sign_in(ADMIN).await;
    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "TRACK-123456"})),
        )
        .await;
    assert_eq!(shipped.status, 200, "{}", shipped.body);
    let parcel = mail.wait_for("recipient@example.org", 1).await;
    assert_eq!(parcel.len(), 1);
    assert!(
        parcel[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Your gift has shipped")
    );
    assert!(parcel[0]["text"].as_str().unwrap().contains("TRACK-123456"));
    let sent = mail.wait_for("sender@example.com", 4).await;
    let note = with_subject(&sent, "已发货");
    assert!(
        !text_of(note).contains("TRACK-123456"),
        "the sender gets the status only"
    );

    // Every message has its own Message-ID, and the console lists them as sent.
    let all = mail.messages();
    let ids: std::collections::HashSet<&str> = all
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), all.len());
    // The worker marks a message sent once the mail server has taken it: the last one may
    // still be on its way from "pending" when it arrives.
    let listed = eventually(
        Duration::from_secs(10),
        Duration::from_millis(50),
        || async {
            let outbox = app
                .call(Method::GET, "/api/admin/messages", Some(&admin), None)
                .await;
            assert_eq!(outbox.status, 200);
            assert_eq!(outbox.body["mail_configured"], true);
            let listed = outbox.body["messages"].as_array().unwrap().clone();
            match listed.iter().all(|m| m["status"] == "sent") {
                true => Ok(listed),
                false => Err(format!("{listed:#?}")),
            }
        },
    )
    .await;
    assert_eq!(listed.len(), all.len());
    for m in listed {
        let id = m["id"].as_str().unwrap();
        assert!(
            ids.iter().any(|mid| mid.contains(id)),
            "Message-ID carries the outbox id {id}"
        );
    }
}

#[tokio::test]
async fn reminders_refunds_and_counter_payments_are_told_once() {
    let mail = Mailbox::start();
    let clock = Arc::new(ManualClock::starting_now());
    let app = mailing_app(Some(&mail), |c| c.clock = clock.clone()).await;
    let order = place(&app, "en", "hana@example.com", true, card()).await;
    mail.wait_for("hana@example.com", 2).await;

    // A day before the 72-hour window closes: one reminder, however often the sweep runs.
    clock.advance(48 * 3600 + 60);
    sweep_expired_gifts(&app.state).await.unwrap();
    sweep_expired_gifts(&app.state).await.unwrap();
    let sent = mail.wait_for("hana@example.com", 3).await;
    let reminder = with_subject(&sent, "closes soon");
    assert!(reminder["text"].as_str().unwrap().contains("2 unit(s)"));

    // Past the deadline: both units refunded, told once with the amount.
    clock.advance(24 * 3600);
    sweep_expired_gifts(&app.state).await.unwrap();
    let sent = mail.wait_for("hana@example.com", 4).await;
    let refund = with_subject(&sent, "Unclaimed gift refunded");
    let unit_price = order["lines"][0]["unit_price"]["amount"].as_i64().unwrap();
    let amount = omiyage_api::Money::jpy(2 * unit_price).format();
    assert!(
        refund["text"].as_str().unwrap().contains(&amount),
        "{refund}"
    );
    sweep_expired_gifts(&app.state).await.unwrap();

    // Pay in shop: staff confirm, the shopper hears it (in Japanese, the checkout's language).
    let counter = place(
        &app,
        "ja",
        "kenji@example.com",
        false,
        json!({"method": "pay_in_shop"}),
    )
    .await;
    let admin = app.sign_in(ADMIN).await;
    let token = counter["token"].as_str().unwrap();
    let paid = app
        .call(
            Method::POST,
            &format!("/api/orders/{token}/confirm-payment"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(paid.status, 204, "{}", paid.body);
    let sent = mail.wait_for("kenji@example.com", 2).await;
    let confirmed = with_subject(&sent, "お支払いを確認しました");
    assert!(confirmed["text"].as_str().unwrap().contains("/receipt"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        mail.messages()
            .iter()
            .filter(|m| m["to"][0] == "hana@example.com")
            .count(),
        4
    );
}

#[tokio::test]
async fn a_failing_mail_server_gets_retries_then_the_message_is_failed_and_can_be_sent_again() {
    // A port nobody listens on yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(|c| {
        c.demo_accounts = true;
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.outbox_every_ms = 50;
        c.outbox_retry_secs = 1;
        c.outbox_attempts = 3;
    })
    .await;
    place(&app, "en", "hana@example.com", false, card()).await;
    let admin = app.sign_in(ADMIN).await;
    let started = std::time::Instant::now();
    let failed = loop {
        let outbox = app
            .call(Method::GET, "/api/admin/messages", Some(&admin), None)
            .await;
        let m = outbox.body["messages"][0].clone();
        if m["status"] == "failed" {
            break m;
        }
        assert!(m["status"] == "pending" || m.is_null(), "{m}");
        assert!(
            started.elapsed().as_secs() < 20,
            "no failure after 20 s: {m}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(failed["attempts"], 3, "{failed}");
    assert!(!failed["last_error"].as_str().unwrap().is_empty());

    // Mail comes back; the admin sends it again and it arrives, once.
    let mail = Mailbox::start_on(port);
    let id = failed["id"].as_str().unwrap();
    let again = app
        .call(
            Method::POST,
            &format!("/api/admin/messages/{id}/resend"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["status"], "pending");
    let got = mail.wait_for("hana@example.com", 1).await;
    assert!(got[0]["message_id"].as_str().unwrap().contains(id));
    let missing = app
        .call(
            Method::POST,
            "/api/admin/messages/no-such-message/resend",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    let shopper = app
        .call(Method::GET, "/api/admin/messages", None, None)
        .await;
    assert_eq!(shopper.status, 401);
}

#[tokio::test]
async fn without_mail_set_up_messages_are_kept_and_listed() {
    let app = mailing_app(None, |_| {}).await;
    place(&app, "en", "hana@example.com", true, card()).await;
    let admin = app.sign_in(ADMIN).await;
    let started = std::time::Instant::now();
    loop {
        let outbox = app
            .call(Method::GET, "/api/admin/messages", Some(&admin), None)
            .await;
        assert_eq!(outbox.body["mail_configured"], false);
        let listed = outbox.body["messages"].as_array().unwrap();
        if listed.len() == 2 {
            assert!(
                listed
                    .iter()
                    .all(|m| m["status"] == "pending" && m["attempts"] == 0)
            );
            let topics: Vec<&str> = listed
                .iter()
                .map(|m| m["topic"].as_str().unwrap())
                .collect();
            assert!(
                topics.contains(&"order_placed") && topics.contains(&"gift_sent"),
                "{topics:?}"
            );
            break;
        }
        assert!(started.elapsed().as_secs() < 20);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn find_my_orders_mails_every_link_and_answers_the_same_for_an_unknown_email() {
    let mail = Mailbox::start();
    let app = mailing_app(Some(&mail), |_| {}).await;
    let first = place(&app, "en", "Aiko@Example.com", false, card()).await;
    let second = place(&app, "en", "aiko@example.com", true, card()).await;
    mail.wait_for("aiko@example.com", 3).await;

    let find = |email: &str, lang: &str| {
        let body = json!({"email": email}).to_string();
        app.client
            .post(app.url("/api/find-orders"))
            .header("content-type", "application/json")
            .header("Accept-Language", lang)
            .body(body)
            .send()
    };
    let known = find(" AIKO@example.com ", "ja").await.unwrap();
    assert_eq!(known.status(), 202);
    let unknown = find("nobody@example.com", "ja").await.unwrap();
    assert_eq!(unknown.status(), 202);
    assert_eq!(
        unknown.text().await.unwrap(),
        "",
        "the same answer either way"
    );

    let sent = mail.wait_for("aiko@example.com", 4).await;
    let list = with_subject(&sent, "ご注文の一覧");
    for order in [&first, &second] {
        assert!(
            list["text"]
                .as_str()
                .unwrap()
                .contains(&format!("/o/{}", order["token"].as_str().unwrap()))
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        mail.messages()
            .iter()
            .all(|m| m["to"][0] != "nobody@example.com")
    );

    // The page (`/orders`, a plain form) in the reader's language, also for bad input.
    let form = |email: &str| {
        app.client
            .post(app.url("/orders"))
            .header("Accept-Language", "ja")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email={}", email.replace('@', "%40")))
            .send()
    };
    let page = form("nope").await.unwrap();
    assert_eq!(page.status(), 422);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("role=\"alert\"") && html.contains("name@example.com"),
        "{html}"
    );
    let page = form("someone@example.com").await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("リンクを記載したメールをお送りしました")
    );

    // Bad input, and the per-email limit (three an hour).
    let bad = find("not-an-email", "en").await.unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(find("aiko@example.com", "en").await.unwrap().status(), 202);
    assert_eq!(find("aiko@example.com", "en").await.unwrap().status(), 202);
    let limited = find("aiko@example.com", "en").await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}
