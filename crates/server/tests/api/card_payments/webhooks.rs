//! Stripe's webhooks: signed, once per event, and the timeout of a payment left waiting.

use super::*;

#[tokio::test]
async fn a_forged_webhook_is_refused_and_changes_nothing() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let (_, _, _, order) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    let succeeded = challenge_passed(&app, &stripe, &order, "evt_forged").await;

    assert_eq!(deliver(&app, &succeeded, "whsec_not_the_shops").await, 400);
    let unsigned = app
        .client
        .post(app.url("/api/payments/stripe/webhook"))
        .body(succeeded.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    assert_eq!(order_status(&app, &order).await, "awaiting_payment");
}

#[tokio::test]
async fn the_same_event_twice_and_the_browser_return_make_one_paid_order() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;

    // Webhook first (twice), then the browser comes back.
    let (product, variant, _, first) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    let succeeded = challenge_passed(&app, &stripe, &first, "evt_first").await;
    assert_eq!(deliver(&app, &succeeded, WEBHOOK_SECRET).await, 200);
    assert_eq!(deliver(&app, &succeeded, WEBHOOK_SECRET).await, 200);
    assert_eq!(order_status(&app, &first).await, "paid");
    let token = first["token"].as_str().unwrap();
    let (_, now) = app
        .post_json(&format!("/api/orders/{token}/card/return"), &Value::Null)
        .await;
    assert_eq!(now["status"], "paid");

    // The browser first, then the webhook (and an out-of-order failure event afterwards).
    let (_, second) = pay_for(&app, &stripe, THREE_D_SECURE, (&product, &variant)).await;
    let intent_id = intent_of(&app, &second).await;
    stripe.authenticate(&intent_id, true).await;
    let token = second["token"].as_str().unwrap();
    let (_, now) = app
        .post_json(&format!("/api/orders/{token}/card/return"), &Value::Null)
        .await;
    assert_eq!(now["status"], "paid");
    let intent = stripe.intent(&intent_id).await;
    let succeeded = event("evt_second", "payment_intent.succeeded", intent.clone());
    assert_eq!(deliver(&app, &succeeded, WEBHOOK_SECRET).await, 200);
    let late_failure = event("evt_late", "payment_intent.payment_failed", intent);
    assert_eq!(deliver(&app, &late_failure, WEBHOOK_SECRET).await, 200);
    assert_eq!(order_status(&app, &second).await, "paid");

    // Two orders became paid, each once.
    assert_eq!(paid_messages(&app).await, 2);
}

#[tokio::test]
async fn the_emulators_own_signed_webhook_pays_the_order() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    stripe
        .send_webhooks_to(&app.url("/api/payments/stripe/webhook"))
        .await;
    let (_, _, _, order) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    stripe
        .authenticate(&intent_of(&app, &order).await, true)
        .await;
    // Nobody comes back from the browser: the webhook alone settles the order.
    eventually(
        Duration::from_secs(15),
        Duration::from_millis(100),
        || async {
            match order_status(&app, &order).await.as_str() {
                "paid" => Ok(()),
                other => Err(format!("the webhook never paid the order: {other}")),
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_payment_left_waiting_is_cancelled_after_the_timeout() {
    let stripe = Emulator::start().await;
    let clock = Arc::new(ManualClock::starting_now());
    let config = stripe.config();
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.stripe = Some(config);
            c.clock = clock;
        }
    })
    .await;
    let (product, variant, _, order) = pay(&app, &stripe, THREE_D_SECURE, 5).await;
    assert_eq!(
        sweep_abandoned_card_payments(&app.state).await.unwrap(),
        0,
        "not yet"
    );
    clock.advance(omiyage_server::on_state!(&app.state, st => st.card_payment_timeout_secs) + 1);
    assert_eq!(sweep_abandoned_card_payments(&app.state).await.unwrap(), 1);
    assert_eq!(order_status(&app, &order).await, "cancelled");
    assert_eq!(app.stock_of(&product, &variant).await, 5);
    let intent = stripe.intent(&intent_of(&app, &order).await).await;
    assert_eq!(intent["status"], "canceled");
    assert_eq!(sweep_abandoned_card_payments(&app.state).await.unwrap(), 0);
}
