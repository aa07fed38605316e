//! Card payments through Stripe, against the `localstripe` emulator: a PaymentIntent per order
//! for the exact total, declines, 3-D Secure, signed webhooks (forged → 400, repeats → once,
//! before or after the browser's return → one paid order), abandoned payments.

use std::sync::Arc;
use std::time::Duration;

use omiyage_api::PaymentChoice;
use omiyage_server::{ManualClock, sweep_abandoned_card_payments};
use serde_json::Value;

use crate::emulator::{Emulator, WEBHOOK_SECRET};
use crate::helpers::*;

mod limits;
mod refunds;
mod webhooks;

pub(crate) const VISA: &str = "4242424242424242";
const DECLINED: &str = "4000000000000341";
const THREE_D_SECURE: &str = "4000002500003155";

/// A shop connected to the emulator, with the demo accounts.
pub(crate) async fn card_shop(stripe: &Emulator) -> TestApp {
    let config = stripe.config();
    spawn_app_with(move |c| {
        c.stripe = Some(config);
        c.demo_accounts = true;
        c.outbox_every_ms = 100;
    })
    .await
}

pub(crate) async fn pay(
    app: &TestApp,
    stripe: &Emulator,
    number: &str,
    stock: u32,
) -> (String, String, u16, Value) {
    let (product, variant) = app.add_limited_product(stock, 2_480).await;
    let (status, order) = pay_for(app, stripe, number, (&product, &variant)).await;
    (product, variant, status, order)
}

/// Checks out two of `product`'s variant with a card Stripe.js made of `number`.
async fn pay_for(
    app: &TestApp,
    stripe: &Emulator,
    number: &str,
    (product, variant): (&str, &str),
) -> (u16, Value) {
    let card = PaymentChoice::Card {
        payment_method: stripe.card(number).await,
    };
    let (status, order) = app
        .checkout(&key(), &order_for(&[(product, variant, 2)], card))
        .await;
    (status, order)
}

/// A gift of `quantity` of `(product, variant)` paid by a card Stripe.js made of VISA: the
/// order as checkout answers it.
pub(crate) async fn card_gift(
    app: &TestApp,
    stripe: &Emulator,
    (product, variant): (&str, &str),
    quantity: i64,
) -> Value {
    let mut request = order_for(
        &[(product, variant, quantity)],
        PaymentChoice::Card {
            payment_method: stripe.card(VISA).await,
        },
    );
    request.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Hana".into(),
        greeting: "おめでとう".into(),
        allow_variant_choice: false,
        ..Default::default()
    });
    let (status, order) = app.checkout(&key(), &request).await;
    assert_eq!(status, 201, "{order}");
    order
}

pub(crate) async fn intent_of(app: &TestApp, order: &Value) -> String {
    omiyage_server::on_state!(&app.state, st => st.storage.card_intent(order["token"].as_str().unwrap()).await)
        .unwrap()
        .expect("the order keeps its PaymentIntent")
}

/// Posts `event` to the shop's webhook, signed with `secret`.
async fn deliver(app: &TestApp, event: &Value, secret: &str) -> u16 {
    let body = event.to_string();
    let now = chrono_now();
    let signature = omiyage_server::outbox::webhook::signature(now, &body, &[secret]);
    app.client
        .post(app.url("/api/payments/stripe/webhook"))
        .header("Stripe-Signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn event(id: &str, kind: &str, intent: Value) -> Value {
    serde_json::json!({
        "id": id, "object": "event", "type": kind, "created": chrono_now(),
        "data": { "object": intent },
    })
}

/// The shopper passes the order's 3-D Secure challenge; the `payment_intent.succeeded` event
/// Stripe would then send, with the id `event_id`.
async fn challenge_passed(
    app: &TestApp,
    stripe: &Emulator,
    order: &Value,
    event_id: &str,
) -> Value {
    let intent_id = intent_of(app, order).await;
    stripe.authenticate(&intent_id, true).await;
    event(
        event_id,
        "payment_intent.succeeded",
        stripe.intent(&intent_id).await,
    )
}

pub(crate) async fn order_status(app: &TestApp, order: &Value) -> String {
    let (_, now) = app
        .get_json(&format!("/api/orders/{}", order["token"].as_str().unwrap()))
        .await;
    now["status"].as_str().unwrap().to_string()
}

/// How many "paid" messages the outbox composed for the order's shopper (one per paid order),
/// once the outbox has sent everything it owes.
async fn paid_messages(app: &TestApp) -> usize {
    let count = || async {
        omiyage_server::on_state!(&app.state, st => st.storage.messages("email", None, 200).await)
            .unwrap()
            .iter()
            .filter(|m| m.topic == "order_paid")
            .count()
    };
    eventually(
        Duration::from_secs(10),
        Duration::from_millis(100),
        || async {
            match count().await {
                0 => Err("no order.paid message yet".to_string()),
                _ => Ok(()),
            }
        },
    )
    .await;
    // Whatever else is owed is sent now: a second "paid" message would be among it.
    app.drain_outbox().await;
    count().await
}

#[tokio::test]
async fn a_card_order_is_paid_by_one_payment_intent_for_its_exact_total() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (product, variant, status, order) = pay(&app, &stripe, VISA, 5).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "paid");
    assert_eq!(order["payment"]["method"], "card");
    assert_eq!(order["payment"]["status"], "captured");
    assert_eq!(app.stock_of(&product, &variant).await, 3);

    let intent = stripe.intent(&intent_of(&app, &order).await).await;
    assert_eq!(intent["status"], "succeeded");
    assert_eq!(intent["amount"], order["total"]["amount"], "{intent}");
    assert_eq!(intent["currency"], "jpy");
    assert_eq!(intent["metadata"]["order"], order["token"]);
    // No card number is stored: the order keeps the intent's id only.
    assert!(!order.to_string().contains(VISA));
}

#[tokio::test]
async fn a_declined_card_places_no_order_and_takes_no_stock() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let before = app.order_count().await;
    let (product, variant, status, body) = pay(&app, &stripe, DECLINED, 5).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error"]["code"], "card_declined");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("declined") && message.contains("nothing was charged"),
        "{body}"
    );
    assert_eq!(app.order_count().await, before);
    assert_eq!(app.stock_of(&product, &variant).await, 5);
}

#[tokio::test]
async fn the_test_card_is_refused_where_real_cards_are_taken_and_cards_where_they_are_not() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (product, variant) = app.add_limited_product(5, 1_000).await;
    let (status, body) = app
        .checkout(&key(), &order_for(&[(&product, &variant, 1)], test_card()))
        .await;
    assert_eq!(status, 422, "{body}");
    let forged = PaymentChoice::Card {
        payment_method: "pm_x&amount=1".into(),
    };
    let (status, body) = app
        .checkout(&key(), &order_for(&[(&product, &variant, 1)], forged))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"][0]["field"],
        "payment.payment_method"
    );
    assert_eq!(app.stock_of(&product, &variant).await, 5);

    let plain = spawn_app().await;
    let (product, variant) = plain.add_limited_product(5, 1_000).await;
    let card = PaymentChoice::Card {
        payment_method: stripe.card(VISA).await,
    };
    let (status, body) = plain
        .checkout(&key(), &order_for(&[(&product, &variant, 1)], card))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(plain.stock_of(&product, &variant).await, 5);
}

#[tokio::test]
async fn a_three_d_secure_card_holds_stock_until_the_payment_is_finished() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (product, variant, status, order) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "awaiting_payment");
    assert_eq!(order["payment"]["status"], "pending");
    assert_eq!(
        app.stock_of(&product, &variant).await,
        3,
        "held while pending"
    );

    let token = order["token"].as_str().unwrap();
    let (status, card) = app.get_json(&format!("/api/orders/{token}/card")).await;
    assert_eq!(status, 200, "{card}");
    assert_eq!(card["status"], "requires_action");
    assert!(card["client_secret"].as_str().unwrap().starts_with("pi_"));
    assert_eq!(card["publishable_key"], crate::emulator::PUBLISHABLE_KEY);

    // The shopper passes the challenge; the browser comes back.
    stripe
        .authenticate(&intent_of(&app, &order).await, true)
        .await;
    let (status, now) = app
        .post_json(&format!("/api/orders/{token}/card/return"), &Value::Null)
        .await;
    assert_eq!(status, 200, "{now}");
    assert_eq!(now["status"], "paid");
    assert_eq!(now["payment"]["status"], "captured");
    let (_, card) = app.get_json(&format!("/api/orders/{token}/card")).await;
    assert!(
        card.get("client_secret").is_none(),
        "no secret once paid: {card}"
    );
}

#[tokio::test]
async fn a_failed_challenge_leaves_the_order_waiting_for_another_card() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (product, variant, _, order) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    stripe
        .authenticate(&intent_of(&app, &order).await, false)
        .await;
    let token = order["token"].as_str().unwrap();
    let (status, now) = app
        .post_json(&format!("/api/orders/{token}/card/return"), &Value::Null)
        .await;
    assert_eq!(status, 200, "{now}");
    assert_eq!(now["status"], "awaiting_payment");
    assert_eq!(app.stock_of(&product, &variant).await, 3, "still held");

    // The card page: a declined card is refused and the order keeps waiting; a good one pays.
    let card = |n: &'static str| {
        let stripe = &stripe;
        async move { serde_json::json!({ "payment_method": stripe.card(n).await }) }
    };
    let path = format!("/api/orders/{token}/card");
    let (status, body) = app.post_json(&path, &card(DECLINED).await).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(order_status(&app, &order).await, "awaiting_payment");
    let (status, body) = app.post_json(&path, &card(VISA).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "succeeded");
    assert_eq!(order_status(&app, &order).await, "paid");
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let (status, body) = app.post_json(&path, &card(VISA).await).await;
    assert_eq!(status, 409, "paid orders take no more cards: {body}");
}

#[tokio::test]
async fn an_order_placed_for_the_card_page_is_paid_there() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (product, variant) = app.add_limited_product(5, 2_480).await;
    let later = PaymentChoice::CardPage;
    let (status, order) = app
        .checkout(&key(), &order_for(&[(&product, &variant, 2)], later))
        .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "awaiting_payment");
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let token = order["token"].as_str().unwrap();

    // The page loads Stripe.js from the configured URL, and the policy lets it.
    let page = app
        .client
        .get(app.url(&format!("/pay/{token}")))
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains(&stripe.base), "{csp}");
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("{}/js.stripe.com/v3/", stripe.base)),
        "{html}"
    );
    assert!(html.contains("/pay-card.js") && html.contains("data-test=\"pay\""));
    let (status, card) = app.get_json(&format!("/api/orders/{token}/card")).await;
    assert_eq!(status, 200);
    assert_eq!(card["status"], "requires_payment_method");

    // A 3-D Secure card there: the answer carries what Stripe.js needs to finish.
    let three_d = serde_json::json!({ "payment_method": stripe.card(THREE_D_SECURE).await });
    let (status, body) = app
        .post_json(&format!("/api/orders/{token}/card"), &three_d)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "requires_action");
    assert!(body["client_secret"].as_str().unwrap().starts_with("pi_"));
    stripe
        .authenticate(&intent_of(&app, &order).await, true)
        .await;
    let (_, now) = app
        .post_json(&format!("/api/orders/{token}/card/return"), &Value::Null)
        .await;
    assert_eq!(now["status"], "paid");
    let intent = stripe.intent(&intent_of(&app, &order).await).await;
    assert_eq!(intent["amount"], order["total"]["amount"]);

    // Paid: the page says so instead of asking for a card.
    let html = app
        .client
        .get(app.url(&format!("/pay/{token}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/pay-card.js"));
}

/// The amounts of the intent's refunds, smallest first, once there are `n`.
pub(crate) async fn refunded_amounts(stripe: &Emulator, intent: &str, n: usize) -> Vec<i64> {
    let mut amounts: Vec<i64> = wait_for_refunds(stripe, intent, n)
        .await
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    amounts.sort();
    amounts
}

/// The intent's refunds once there are `n` (panics after 15 s).
pub(crate) async fn wait_for_refunds(stripe: &Emulator, intent: &str, n: usize) -> Vec<Value> {
    eventually(
        Duration::from_secs(15),
        Duration::from_millis(100),
        || async {
            let refunds = stripe.refunds(intent).await;
            match refunds.len() >= n {
                true => Ok(refunds),
                false => Err(format!("{n} refund(s) expected: {refunds:?}")),
            }
        },
    )
    .await
}

#[tokio::test]
async fn a_refund_made_at_stripe_shows_on_the_order() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (_, _, _, order) = pay(&app, &stripe, VISA, 5).await;
    let intent = stripe.intent(&intent_of(&app, &order).await).await;
    let charge = |refunded: bool, amount_refunded: i64| {
        serde_json::json!({
            "id": "ch_dashboard", "object": "charge", "payment_intent": intent["id"],
            "amount": intent["amount"], "amount_refunded": amount_refunded, "refunded": refunded,
        })
    };
    let token = order["token"].as_str().unwrap();
    let payment = || async {
        app.get_json(&format!("/api/orders/{token}")).await.1["payment"]["status"].clone()
    };
    // Part of it: the order is still paid as far as the shopper can tell.
    let partial = event("evt_partial", "charge.refunded", charge(false, 100));
    assert_eq!(deliver(&app, &partial, WEBHOOK_SECRET).await, 200);
    assert_eq!(payment().await, "captured");
    // All of it.
    let full = event(
        "evt_full",
        "charge.refunded",
        charge(true, intent["amount"].as_i64().unwrap()),
    );
    assert_eq!(deliver(&app, &full, WEBHOOK_SECRET).await, 200);
    assert_eq!(payment().await, "refunded");
    assert_eq!(
        order_status(&app, &order).await,
        "paid",
        "the goods may still ship"
    );
}

#[tokio::test]
async fn a_card_shops_pages_tell_the_app_to_take_cards_on_the_card_page() {
    let stripe = Emulator::start().await;
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html lang=\"en\"><head><title>Omiyage</title></head><body></body></html>",
    )
    .unwrap();
    let marked = |app: TestApp| async move {
        let mut out = Vec::new();
        for path in ["/checkout", "/", "/p/matcha-kitkat"] {
            let page = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(page.status(), 200, "{path}");
            out.push(page.text().await.unwrap().contains("<html data-cards"));
        }
        out
    };
    let config = stripe.config();
    let static_dir = dir.clone();
    let cards = spawn_app_with(move |c| {
        c.stripe = Some(config);
        c.static_dir = Some(static_dir);
    })
    .await;
    assert_eq!(marked(cards).await, vec![true; 3]);
    let plain = spawn_app_with_static(Some(&dir)).await;
    assert_eq!(marked(plain).await, vec![false; 3]);
    std::fs::remove_dir_all(&dir).unwrap();
}
