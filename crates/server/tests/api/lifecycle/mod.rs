//! The life of an order, its card payment and its gift units in unusual but ordinary orders of
//! steps, against the `localstripe` emulator (on SQLite, and on PostgreSQL in the test
//! command's second pass). Each test named after a sequence once found to lose money or stock
//! stays as a regression test; `random_sequences_keep_the_books` tries seeded random sequences
//! and checks the books after every step:
//!
//! - stock + units sold or held = the starting stock;
//! - for the order, charged − refunded at Stripe = what the order says it kept, and no refund
//!   above a charge;
//! - no unit of an unpaid order claimed.

use std::sync::Arc;

use omiyage_api::{GiftOptions, PaymentChoice};
use omiyage_core::lifecycle::Books;
use omiyage_server::{Clock, ManualClock, sweep_abandoned_card_payments};
use reqwest::Method;
use serde_json::{Value, json};

use crate::card_payments::VISA;
use crate::emulator::{Emulator, WEBHOOK_SECRET};
use crate::helpers::*;

mod random;
mod regressions;

const THREE_D_SECURE: &str = "4000002500003155";
const DECLINED: &str = "4000000000000341";
const STOCK: u32 = 10;
const PRICE: i64 = 1_000;

struct Shop {
    app: TestApp,
    stripe: Emulator,
    clock: Arc<ManualClock>,
    admin: String,
}

async fn shop() -> Shop {
    let stripe = Emulator::start().await;
    let clock = Arc::new(ManualClock::starting_now());
    let config = stripe.config();
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.stripe = Some(config);
            c.clock = clock;
            c.demo_accounts = true;
            // The tests drive the outbox themselves (`drain`): the worker sleeps.
            c.outbox_every_ms = 3_600_000;
        }
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    Shop {
        app,
        stripe,
        clock,
        admin,
    }
}

/// A one-variant product of its own (10 in stock, 1,000 yen) for each order, so that each
/// order's books stand alone.
async fn new_product(s: &Shop) -> (String, String) {
    let id = format!("lifecycle-{}", uuid::Uuid::new_v4().simple());
    let product = omiyage_api::Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: id.clone(),
        name: "Yokan".into(),
        description: "Bean jelly.".into(),
        category: "sweets".into(),
        image: "/img/matcha-kitkat.svg".into(),
        variants: vec![omiyage_api::Variant {
            photo: None,
            id: format!("{id}-box"),
            name: "Box".into(),
            price: omiyage_api::Money::jpy(PRICE),
            stock: STOCK,
            tax_class: omiyage_api::TaxClass::Standard,
        }],
    };
    omiyage_server::on_state!(&s.app.state, st => st.storage.add_product(&product).await).unwrap();
    (id.clone(), format!("{id}-box"))
}

struct Order {
    product: String,
    variant: String,
    token: String,
    claim_token: String,
}

/// A gift of `units` of a new product (10 in stock, 1,000 yen), paid as `payment`.
async fn gift(s: &Shop, units: i64, payment: PaymentChoice) -> Order {
    let (product, variant) = new_product(s).await;
    let mut request = order_for(&[(&product, &variant, units)], payment);
    request.address = omiyage_api::Address::default();
    request.gift = Some(GiftOptions {
        sender_name: "Hana".into(),
        greeting: "おめでとう".into(),
        allow_variant_choice: false,
        ..Default::default()
    });
    let (status, order) = s.app.checkout(&key(), &request).await;
    assert_eq!(status, 201, "{order}");
    Order {
        product,
        variant,
        token: order["token"].as_str().unwrap().into(),
        claim_token: order["gift"]["claim_token"].as_str().unwrap().into(),
    }
}

async fn view(s: &Shop, o: &Order) -> Value {
    s.app.get_json(&format!("/api/orders/{}", o.token)).await.1
}

async fn stock(s: &Shop, o: &Order) -> i64 {
    s.app.stock_of(&o.product, &o.variant).await as i64
}

/// A card entered on the card page: (status, body).
async fn attempt(s: &Shop, o: &Order, number: &str) -> (u16, Value) {
    let body = json!({ "payment_method": s.stripe.card(number).await });
    s.app
        .post_json(&format!("/api/orders/{}/card", o.token), &body)
        .await
}

async fn latest_intent(s: &Shop, o: &Order) -> Option<String> {
    omiyage_server::on_state!(&s.app.state, st => st.storage.card_intent(&o.token).await).unwrap()
}

/// The shopper passes or fails the challenge of `intent` at Stripe (refused by Stripe when the
/// intent is no longer open). Returns whether Stripe took it.
async fn challenge(s: &Shop, intent: &str, pass: bool) -> bool {
    let current = s.stripe.intent(intent).await;
    let r = s
        .app
        .client
        .post(format!(
            "{}/v1/payment_intents/{intent}/_authenticate?success={pass}",
            s.stripe.base
        ))
        .json(&json!({
            "key": crate::emulator::PUBLISHABLE_KEY,
            "client_secret": current["client_secret"],
        }))
        .send()
        .await
        .unwrap();
    r.status() == 200
}

async fn card_return(s: &Shop, o: &Order) -> u16 {
    s.app
        .post_json(
            &format!("/api/orders/{}/card/return", o.token),
            &Value::Null,
        )
        .await
        .0
}

/// Stripe's `payment_intent.succeeded` for `intent`, signed at the shop's clock.
async fn webhook_succeeded(s: &Shop, intent: &str, event_id: &str) -> u16 {
    let object = s.stripe.intent(intent).await;
    let now = s.clock.now();
    let body = json!({
        "id": event_id, "object": "event", "type": "payment_intent.succeeded", "created": now,
        "data": { "object": object },
    })
    .to_string();
    let signature = omiyage_server::outbox::webhook::signature(now, &body, &[WEBHOOK_SECRET]);
    s.app
        .client
        .post(s.app.url("/api/payments/stripe/webhook"))
        .header("Stripe-Signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn claim(s: &Shop, o: &Order) -> (u16, Value) {
    let body = json!({
        "name": "Aki", "phone": "070-1111-2222",
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Osaka", "line1": "Umeda 1-1"}
    });
    let r = s
        .app
        .client
        .post(s.app.url(&format!("/api/gifts/{}/claim", o.claim_token)))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn decline(s: &Shop, o: &Order) -> u16 {
    s.app
        .post_json(
            &format!("/api/gifts/{}/decline", o.claim_token),
            &Value::Null,
        )
        .await
        .0
}

async fn cancel(s: &Shop, o: &Order) -> u16 {
    s.app
        .post_json(
            &format!("/api/orders/{}/cancel-gift", o.token),
            &Value::Null,
        )
        .await
        .0
}

async fn timeout(s: &Shop) {
    s.clock
        .advance(omiyage_server::on_state!(&s.app.state, st => st.card_payment_timeout_secs) + 1);
    sweep_abandoned_card_payments(&s.app.state).await.unwrap();
}

async fn expire(s: &Shop) {
    s.clock
        .advance(omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS + 1);
    omiyage_server::on_state!(&s.app.state, st => st.storage.expire_due(s.clock.now()).await)
        .unwrap();
}

/// A call as the admin (signed in again when the clock has moved past the session).
async fn as_admin(s: &Shop, method: Method, path: &str, body: Option<Value>) -> Answer {
    let answer = s
        .app
        .call(method.clone(), path, Some(&s.admin), body.clone())
        .await;
    if answer.status != 401 {
        return answer;
    }
    let admin = s.app.sign_in(ADMIN).await;
    s.app.call(method, path, Some(&admin), body).await
}

/// The order as the admin sees it.
async fn admin_order(s: &Shop, o: &Order) -> Value {
    let path = format!("/api/admin/orders/{}", o.token);
    let answer = as_admin(s, Method::GET, &path, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

/// The books of one order as observed: the shop's stock and order, Stripe's charges and refunds.
async fn books(s: &Shop, o: &Order) -> Books {
    let order = view(s, o).await;
    let units = order["gift"]["units"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let held = match order["status"].as_str().unwrap() {
        "cancelled" => 0,
        _ => units.iter().filter(|u| u["state"] != "refunded").count() as i64,
    };
    let (mut charged, mut refunded) = (0, 0);
    for (intent, _, heard) in
        omiyage_server::on_state!(&s.app.state, st => st.storage.order_intents(&o.token).await)
            .unwrap()
    {
        let at_stripe = s.stripe.intent(&intent).await;
        // A payment Stripe has not told the shop about yet is in flight: its webhook will.
        if at_stripe["status"] == "succeeded" && heard {
            charged += at_stripe["amount"].as_i64().unwrap();
            for r in s.stripe.refunds(&intent).await {
                refunded += r["amount"].as_i64().unwrap();
            }
        }
    }
    let admin = admin_order(s, o).await;
    let card = &admin["card"];
    let kept = match card["status"].as_str().unwrap_or("") {
        "succeeded" | "refunded" => {
            card["amount"]["amount"].as_i64().unwrap()
                - card["refunded"]["amount"].as_i64().unwrap()
        }
        _ => 0,
    };
    Books {
        start: STOCK as i64,
        stock: stock(s, o).await,
        sold_or_held: held,
        charged,
        refunded,
        kept,
    }
}

/// Runs the outbox until it has nothing left to compose or send (its refunds are then at
/// Stripe), as the worker would.
async fn drain(s: &Shop) {
    assert_eq!(s.app.drain_outbox().await, 0, "no message failed");
}

/// Lets the outbox send what it owes Stripe, then checks the books. Reading the order first
/// settles what its claim window owes (a gift is settled as it is read).
async fn check_books(s: &Shop, o: &Order, trail: &str) {
    books(s, o).await;
    drain(s).await;
    let broken = books(s, o).await.broken();
    if !broken.is_empty() {
        let admin = admin_order(s, o).await;
        panic!("{trail}: {broken:?}\n{admin}");
    }
    // No unit of an unpaid order claimed.
    let order = view(s, o).await;
    if !matches!(order["status"].as_str(), Some("paid" | "shipped")) {
        let units = order["gift"]["units"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            units
                .iter()
                .all(|u| u["state"] == "unclaimed" || u["state"] == "refunded"),
            "{trail}: a unit of an unpaid order was claimed: {order}"
        );
    }
}
