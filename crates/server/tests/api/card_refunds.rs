//! The admin's refunds of card-paid orders, against the `localstripe` emulator: in part and in
//! full, never past what was paid (also when racing), a cancel that refunds everything and puts
//! the stock back, gifts keeping what their rules may still refund, and the console's record.

use std::time::Duration;

use omiyage_api::PaymentChoice;
use reqwest::Method;
use serde_json::{Value, json};

use crate::card_payments::{VISA, card_shop, intent_of, pay, refunded_amounts, wait_for_refunds};
use crate::emulator::Emulator;
use crate::helpers::*;

async fn refund(app: &TestApp, admin: &str, order: &Value, body: Value) -> Answer {
    let token = order["token"].as_str().unwrap();
    app.call(
        Method::POST,
        &format!("/api/admin/orders/{token}/refund"),
        Some(admin),
        Some(body),
    )
    .await
}

async fn admin_view(app: &TestApp, admin: &str, order: &Value) -> Value {
    let token = order["token"].as_str().unwrap();
    let got = app
        .call(
            Method::GET,
            &format!("/api/admin/orders/{token}"),
            Some(admin),
            None,
        )
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    got.body
}

fn total(order: &Value) -> i64 {
    order["total"]["amount"].as_i64().unwrap()
}

/// The emails composed for the buyer with `topic`.
async fn mails(app: &TestApp, topic: &str) -> usize {
    omiyage_server::on_state!(&app.state, st => st.storage.messages("email", None, 200).await)
        .unwrap()
        .iter()
        .filter(|m| m.topic == topic)
        .count()
}

#[tokio::test]
async fn the_admin_refunds_part_then_the_rest_through_stripe_and_never_more() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let (_, _, status, order) = pay(&app, &stripe, VISA, 5).await;
    assert_eq!(status, 201, "{order}");
    let paid = total(&order);
    let intent = intent_of(&app, &order).await;

    let view = admin_view(&app, &admin, &order).await;
    assert_eq!(view["card"]["intent_id"], intent.as_str());
    assert_eq!(view["card"]["status"], "succeeded");
    assert_eq!(view["card"]["amount"]["amount"], paid);
    assert_eq!(view["card"]["refundable"]["amount"], paid);

    // Bad input is 422 and changes nothing.
    for (body, field) in [
        (json!({"amount": 0, "reason": "Broken box"}), "amount"),
        (json!({"amount": 100, "reason": "   "}), "reason"),
        (json!({"amount": paid + 1, "reason": "Too much"}), "amount"),
    ] {
        let r = refund(&app, &admin, &order, body).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.body["error"]["fields"][0]["field"], field, "{}", r.body);
    }
    // Staff may not refund.
    let staff = app.sign_in(STAFF).await;
    let r = refund(&app, &staff, &order, json!({"amount": 100, "reason": "x"})).await;
    assert_eq!(r.status, 403);

    let r = refund(
        &app,
        &admin,
        &order,
        // A whole number written with a fraction is the number (JSON Schema's integer).
        json!({"amount": 1_000.0, "reason": "A dented box"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["card"]["refunded"]["amount"], 1_000);
    assert_eq!(r.body["card"]["refundable"]["amount"], paid - 1_000);
    assert_eq!(
        r.body["order"]["status"], "paid",
        "a refund alone does not cancel"
    );
    let r = refund(
        &app,
        &admin,
        &order,
        json!({"amount": paid, "reason": "All"}),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{} yen", paid - 1_000)),
        "{}",
        r.body
    );
    let r = refund(
        &app,
        &admin,
        &order,
        json!({"amount": paid - 1_000, "reason": "Lost"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["order"]["payment"]["status"], "refunded");
    assert_eq!(r.body["card"]["refundable"]["amount"], 0);

    // Stripe holds exactly those two refunds, each once; the buyer is told twice.
    let amounts = refunded_amounts(&stripe, &intent, 2).await;
    assert_eq!(amounts, vec![1_000, paid - 1_000]);
    let view = eventually(
        Duration::from_secs(10),
        Duration::from_millis(100),
        || async {
            let view = admin_view(&app, &admin, &order).await;
            let refunds = view["card"]["refunds"].as_array().unwrap().clone();
            match refunds.len() == 2 && refunds.iter().all(|r| r["status"] == "sent") {
                true => Ok(view),
                false => Err(format!("{refunds:#?}")),
            }
        },
    )
    .await;
    assert_eq!(view["card"]["status"], "refunded");
    assert!(
        view["card"]["refunds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["reason"] == "admin_refund")
    );
    assert_eq!(mails(&app, "order_refunded").await, 2);
    // One more outbox round, run here: nothing is left to send, so Stripe's count is final.
    let round =
        omiyage_server::on_state!(&app.state, st => omiyage_server::outbox::run_once(st).await)
            .unwrap();
    assert_eq!(round.sent, 0, "{round:?}");
    assert_eq!(stripe.refunds(&intent).await.len(), 2, "each refund once");
}

#[tokio::test]
async fn twenty_admin_refunds_racing_never_add_up_past_what_was_paid() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let (_, _, _, order) = pay(&app, &stripe, VISA, 5).await;
    let paid = total(&order);
    let each = paid / 4;
    let answers = futures::future::join_all((0..20).map(|_| {
        refund(
            &app,
            &admin,
            &order,
            json!({"amount": each, "reason": "Twenty clicks"}),
        )
    }))
    .await;
    let done = answers.iter().filter(|a| a.status == 200).count();
    let refused = answers.iter().filter(|a| a.status == 422).count();
    println!("20 racing refunds of {each} yen on {paid} yen: {done} done, {refused} refused");
    assert_eq!((done, refused), (4, 16));
    let refunds = wait_for_refunds(&stripe, &intent_of(&app, &order).await, 4).await;
    let sum: i64 = refunds.iter().map(|r| r["amount"].as_i64().unwrap()).sum();
    assert_eq!(sum, 4 * each);
}

#[tokio::test]
async fn cancelling_a_paid_order_refunds_everything_and_puts_the_stock_back() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let (product, variant, _, order) = pay(&app, &stripe, VISA, 5).await;
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let paid = total(&order);

    // A cancel refunds everything still paid, or nothing.
    let partial = json!({"amount": 100, "reason": "Out of season", "cancel": true});
    let r = refund(&app, &admin, &order, partial).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let all = json!({"amount": paid, "reason": "Out of season", "cancel": true});
    let r = refund(&app, &admin, &order, all.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["order"]["status"], "cancelled");
    assert_eq!(r.body["order"]["payment"]["status"], "refunded");
    assert_eq!(app.stock_of(&product, &variant).await, 5);
    let again = refund(&app, &admin, &order, all).await;
    assert_eq!(again.status, 409, "{}", again.body);

    let refunds = wait_for_refunds(&stripe, &intent_of(&app, &order).await, 1).await;
    assert_eq!(refunds[0]["amount"], paid);
    eventually(
        Duration::from_secs(10),
        Duration::from_millis(100),
        || async {
            match mails(&app, "order_cancelled").await {
                1 => Ok(()),
                n => Err(format!("{n} cancellation mails")),
            }
        },
    )
    .await;

    // Orders not paid by card online are refunded where they were paid.
    let (status, counter) = app
        .checkout(
            &key(),
            &order_for(&[(&product, &variant, 1)], PaymentChoice::PayInShop),
        )
        .await;
    assert_eq!(status, 201, "{counter}");
    let r = refund(
        &app,
        &admin,
        &counter,
        json!({"amount": 100, "reason": "x"}),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let unknown = json!({"token": "00000000-0000-4000-8000-000000000000"});
    let r = refund(
        &app,
        &admin,
        &unknown,
        json!({"amount": 100, "reason": "x"}),
    )
    .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn a_card_paid_gift_keeps_what_its_rules_may_still_refund() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let (product, variant) = app.add_limited_product(5, 3_000).await;
    let order = crate::card_payments::card_gift(&app, &stripe, (&product, &variant), 3).await;
    let paid = total(&order);
    let shipping = paid - 9_000;
    // Three unclaimed units: the gift rules hold them.
    let view = admin_view(&app, &admin, &order).await;
    assert_eq!(view["card"]["refundable"]["amount"], shipping);
    let r = refund(
        &app,
        &admin,
        &order,
        json!({"amount": shipping + 1, "reason": "x"}),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let cancel = json!({"amount": 1, "reason": "x", "cancel": true});
    assert_eq!(refund(&app, &admin, &order, cancel).await.status, 409);

    // One unit claimed: its price may now be refunded by the admin (e.g. it arrived broken).
    let claim_token = order["gift"]["claim_token"].as_str().unwrap();
    let claim = json!({
        "name": "Aki", "phone": "070-1111-2222",
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Osaka", "line1": "Umeda 1-1"}
    });
    let claimed = app
        .client
        .post(app.url(&format!("/api/gifts/{claim_token}/claim")))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .body(claim.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status(), 200);
    let view = admin_view(&app, &admin, &order).await;
    assert_eq!(view["card"]["refundable"]["amount"], shipping + 3_000);
    let r = refund(
        &app,
        &admin,
        &order,
        json!({"amount": 3_000, "reason": "Broken"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The sender cancels the rest: the rules refund the two unclaimed units.
    let token = order["token"].as_str().unwrap();
    let (status, body) = app
        .post_json(&format!("/api/orders/{token}/cancel-gift"), &Value::Null)
        .await;
    assert!(status < 300, "{status} {body}");
    let intent = intent_of(&app, &order).await;
    let amounts = refunded_amounts(&stripe, &intent, 2).await;
    assert_eq!(amounts, vec![3_000, 6_000]);
    let view = admin_view(&app, &admin, &order).await;
    assert_eq!(view["card"]["refunded"]["amount"], 9_000);
    assert_eq!(view["card"]["refundable"]["amount"], shipping);
    let reasons: Vec<&str> = view["card"]["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"gift_cancelled") && reasons.contains(&"admin_refund"),
        "{reasons:?}"
    );
}
