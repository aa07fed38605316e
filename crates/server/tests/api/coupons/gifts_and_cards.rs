//! A code on a gift (each unit refunds what it paid) and on a card order left unpaid (its use comes back).

use super::*;

#[tokio::test]
async fn a_gift_sender_saves_with_a_code_and_each_unit_refunds_what_it_paid() {
    let (app, _, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    create(
        &app,
        &admin,
        coupon("GIFT500", json!({"kind": "fixed", "value": 500})),
    )
    .await;
    // Three units of Tokyo Banana (¥3,900): ¥500 off is ¥166 a unit, ¥498 in all.
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 3}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "", "allow_variant_choice": false},
        "coupon": "gift500"
    });
    let (status, order) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["lines"][0]["discount"], 498);
    assert_eq!(order["total"]["amount"], 3_900 - 498);
    // The sender cancels: every unit is refunded, and the refunds come to what was paid.
    let token = order["token"].as_str().unwrap();
    let cancelled = app
        .client
        .post(app.url(&format!("/api/orders/{token}/cancel-gift")))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    let (_, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(view["gift"]["refunded"]["amount"], 3_402, "{view}");
}

#[tokio::test]
async fn a_card_order_left_unpaid_gives_its_coupon_use_back() {
    let stripe = crate::emulator::Emulator::start().await;
    let clock = std::sync::Arc::new(omiyage_server::ManualClock::starting_now());
    let config = stripe.config();
    let app = crate::helpers::spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.stripe = Some(config);
            c.clock = clock;
            c.demo_accounts = true;
        }
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    let order = |email: &str| {
        let mut o = mixed_cart(email);
        o.payment = omiyage_api::PaymentChoice::CardPage;
        o
    };
    // WELCOME10 (once per email) on an order waiting for its card on the card page.
    let (status, waiting) =
        checkout_with(&app, order("ema@example.com"), "WELCOME10", "en", "").await;
    assert_eq!(status, 201, "{waiting}");
    assert_eq!(waiting["status"], "awaiting_payment");
    assert_eq!(coupon_view(&app, &admin, "WELCOME10").await["uses"], 1);
    let (status, _) = checkout_with(&app, order("ema@example.com"), "WELCOME10", "en", "").await;
    assert_eq!(status, 409, "used while the first order waits");

    // Never paid: the sweep cancels it, and the use comes back.
    clock.advance(omiyage_server::on_state!(&app.state, st => st.card_payment_timeout_secs) + 1);
    assert_eq!(
        omiyage_server::sweep_abandoned_card_payments(&app.state)
            .await
            .unwrap(),
        1
    );
    let view = coupon_view(&app, &admin, "WELCOME10").await;
    assert_eq!(
        (view["uses"].as_u64(), view["discounted"]["amount"].as_i64()),
        (Some(0), Some(0))
    );
    let (status, again) =
        checkout_with(&app, order("ema@example.com"), "WELCOME10", "en", "").await;
    assert_eq!(status, 201, "{again}");
}
