//! Orders waiting for payment at the counter: held until the admin's time, then cancelled with
//! their stock and coupon use back and the shopper told; cancelled by staff; at most three per
//! email (racing checkouts included); and checkouts limited per client address.

use std::sync::Arc;

use futures::future::join_all;
use omiyage_api::PaymentChoice;
use omiyage_server::{Clock, ManualClock, sweep_lapsed_holds};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::promotions::today_plus;

async fn counter_shop() -> (TestApp, Arc<ManualClock>, String) {
    let clock = Arc::new(ManualClock::starting_now());
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.clock = clock;
            c.demo_accounts = true;
            c.outbox_every_ms = 50;
        }
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    (app, clock, admin)
}

/// A pay-in-shop order of `quantity` of a product of its own (`stock` in stock), placed with
/// `email`: (status, body).
async fn counter_order(
    app: &TestApp,
    (product, variant): (&str, &str),
    email: &str,
    coupon: Option<&str>,
) -> (u16, Value) {
    let mut request = order_for(&[(product, variant, 2)], PaymentChoice::PayInShop);
    request.contact.email = email.into();
    request.coupon = coupon.map(Into::into);
    app.checkout(&key(), &request).await
}

async fn set_hold_hours(app: &TestApp, admin: &str, hours: i64) -> Answer {
    app.call(
        Method::PUT,
        "/api/admin/payment-rules",
        Some(admin),
        Some(json!({ "pay_in_shop_hold_hours": hours })),
    )
    .await
}

#[tokio::test]
async fn a_counter_order_is_held_for_the_admins_hours_then_cancelled_with_stock_and_coupon_back() {
    let (app, clock, admin) = counter_shop().await;
    assert_eq!(set_hold_hours(&app, &admin, 2).await.status, 200);
    let product = app.add_limited_product(5, 1_000).await;
    let created = app
        .call(
            Method::POST,
            "/api/admin/coupons",
            Some(&admin),
            Some(
                json!({"code": "ONCE", "kind": "fixed", "value": 100, "max_uses": 1,
                "starts_on": today_plus(0), "ends_on": today_plus(30)}),
            ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);

    let placed_at = clock.now();
    let (status, order) = counter_order(
        &app,
        (&product.0, &product.1),
        "held@example.com",
        Some("ONCE"),
    )
    .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "awaiting_payment");
    assert_eq!(order["payment"]["pay_by"], placed_at + 2 * 3600);
    assert_eq!(app.stock_of(&product.0, &product.1).await, 3);
    // The coupon's one use is held by the unpaid order.
    let (status, body) = counter_order(
        &app,
        (&product.0, &product.1),
        "other@example.com",
        Some("ONCE"),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    // The confirmation tells the shopper until when the order is held.
    let placed = outbox_mails(&app, &admin, "held@example.com", "order_placed", 1).await;
    assert!(
        placed[0]["subject"]
            .as_str()
            .unwrap()
            .contains(order["reference"].as_str().unwrap())
    );

    // A second before the hold ends: nothing happens.
    clock.advance(2 * 3600 - 1);
    assert_eq!(sweep_lapsed_holds(&app.state).await.unwrap(), 0);
    let token = order["token"].as_str().unwrap();
    assert_eq!(
        app.get_json(&format!("/api/orders/{token}")).await.1["status"],
        "awaiting_payment"
    );
    // At its time: cancelled, stock and coupon use back, once however often the sweep runs.
    clock.advance(1);
    assert_eq!(sweep_lapsed_holds(&app.state).await.unwrap(), 1);
    assert_eq!(sweep_lapsed_holds(&app.state).await.unwrap(), 0);
    assert_eq!(
        app.get_json(&format!("/api/orders/{token}")).await.1["status"],
        "cancelled"
    );
    assert_eq!(app.stock_of(&product.0, &product.1).await, 5);
    let mut request = order_for(&[(&product.0, &product.1, 1)], test_card());
    request.coupon = Some("ONCE".into());
    let (status, body) = app.checkout(&key(), &request).await;
    assert_eq!(status, 201, "the coupon's use came back: {body}");
    let cancelled = outbox_mails(&app, &admin, "held@example.com", "order_cancelled", 1).await;
    assert!(
        cancelled[0]["subject"]
            .as_str()
            .unwrap()
            .contains(order["reference"].as_str().unwrap())
    );
    // Staff confirming the lapsed order now is refused: it is no longer waiting.
    let staff = app.sign_in(STAFF).await;
    let confirm = app
        .call(
            Method::POST,
            &format!("/api/orders/{token}/confirm-payment"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(confirm.status, 409, "{}", confirm.body);
    assert_eq!(app.stock_of(&product.0, &product.1).await, 4);
}

#[tokio::test]
async fn hold_hours_are_the_admins_alone_and_bounded_and_apply_to_new_orders() {
    let (app, clock, admin) = counter_shop().await;
    let rules = app
        .call(Method::GET, "/api/admin/payment-rules", Some(&admin), None)
        .await;
    assert_eq!(rules.body, json!({ "pay_in_shop_hold_hours": 48 }));
    for bad in [0, 721] {
        let r = set_hold_hours(&app, &admin, bad).await;
        assert_eq!(r.status, 422);
        assert_eq!(
            r.body["error"]["fields"][0]["field"],
            "pay_in_shop_hold_hours"
        );
    }
    let staff = app.sign_in(STAFF).await;
    assert_eq!(set_hold_hours(&app, &staff, 5).await.status, 403);
    assert_eq!(
        app.call(
            Method::PUT,
            "/api/admin/payment-rules",
            None,
            Some(json!({"pay_in_shop_hold_hours": 5}))
        )
        .await
        .status,
        401
    );

    // An order placed under 48 hours keeps them when the admin shortens the hold.
    let product = app.add_limited_product(10, 1_000).await;
    let (_, first) = counter_order(&app, (&product.0, &product.1), "a@example.com", None).await;
    assert_eq!(set_hold_hours(&app, &admin, 1).await.status, 200);
    let (_, second) = counter_order(&app, (&product.0, &product.1), "b@example.com", None).await;
    assert_eq!(second["payment"]["pay_by"], clock.now() + 3600);
    clock.advance(3600);
    assert_eq!(sweep_lapsed_holds(&app.state).await.unwrap(), 1);
    let status = |o: &Value| {
        let token = o["token"].as_str().unwrap().to_string();
        let app = &app;
        async move { app.get_json(&format!("/api/orders/{token}")).await.1["status"].clone() }
    };
    assert_eq!(status(&first).await, "awaiting_payment");
    assert_eq!(status(&second).await, "cancelled");
    clock.advance(47 * 3600);
    assert_eq!(sweep_lapsed_holds(&app.state).await.unwrap(), 1);
    assert_eq!(status(&first).await, "cancelled");
    assert_eq!(app.stock_of(&product.0, &product.1).await, 10);
}

#[tokio::test]
async fn staff_cancel_an_unpaid_order_once_and_never_a_paid_one() {
    let (app, _clock, admin) = counter_shop().await;
    let staff = app.sign_in(STAFF).await;
    let product = app.add_limited_product(10, 1_000).await;
    let (_, order) = counter_order(&app, (&product.0, &product.1), "c@example.com", None).await;
    let cancel = format!("/api/orders/{}/cancel", order["token"].as_str().unwrap());
    // The shopper's link alone cannot cancel it, nor a promoter.
    assert_eq!(
        app.call(Method::POST, &cancel, None, None).await.status,
        401
    );
    let promoter = app.sign_in(PROMOTER).await;
    assert_eq!(
        app.call(Method::POST, &cancel, Some(&promoter), None)
            .await
            .status,
        403
    );
    assert_eq!(app.stock_of(&product.0, &product.1).await, 8);

    let done = app.call(Method::POST, &cancel, Some(&staff), None).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["status"], "cancelled");
    assert_eq!(app.stock_of(&product.0, &product.1).await, 10);
    let again = app.call(Method::POST, &cancel, Some(&admin), None).await;
    assert_eq!(again.status, 409);
    assert!(
        again.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already cancelled")
    );
    assert_eq!(app.stock_of(&product.0, &product.1).await, 10);
    let told = outbox_mails(&app, &admin, "c@example.com", "order_cancelled", 1).await;
    // In the checkout's language (Japanese without an Accept-Language).
    assert_eq!(told[0]["lang"], "ja");

    // A paid order is refunded, not cancelled.
    let (_, paid) = app
        .checkout(
            &key(),
            &order_for(&[(&product.0, &product.1, 1)], test_card()),
        )
        .await;
    let cancel_paid = format!("/api/orders/{}/cancel", paid["token"].as_str().unwrap());
    let refused = app
        .call(Method::POST, &cancel_paid, Some(&staff), None)
        .await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("refund it")
    );
    assert_eq!(app.stock_of(&product.0, &product.1).await, 9);
    let unknown = app
        .call(
            Method::POST,
            "/api/orders/no-such-order/cancel",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn an_email_holds_at_most_three_unpaid_counter_orders_even_when_racing() {
    let (app, _clock, admin) = counter_shop().await;
    let product = app.add_limited_product(40, 1_000).await;
    let racing = join_all(
        (0..8).map(|_| counter_order(&app, (&product.0, &product.1), "Hoarder@Example.com", None)),
    )
    .await;
    let placed: Vec<&Value> = racing
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(placed.len(), 3, "{racing:?}");
    for (status, body) in racing.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("already has 3 orders"), "{message}");
        // The refusal names no order: whoever typed the email may not own it.
        for p in &placed {
            assert!(!message.contains(p["reference"].as_str().unwrap()));
        }
    }
    assert_eq!(app.stock_of(&product.0, &product.1).await, 40 - 3 * 2);
    // Another email, or a card, is not held back.
    let (status, _) = counter_order(&app, (&product.0, &product.1), "fine@example.com", None).await;
    assert_eq!(status, 201);
    let mut by_card = order_for(&[(&product.0, &product.1, 1)], test_card());
    by_card.contact.email = "hoarder@example.com".into();
    assert_eq!(app.checkout(&key(), &by_card).await.0, 201);

    // The confirmations told the email's owner of the orders it already held.
    let confirmations = outbox_mails(&app, &admin, "hoarder@example.com", "order_placed", 4).await;
    assert_eq!(confirmations.len(), 4);
    // Once staff confirm one, the email may hold another.
    let staff = app.sign_in(STAFF).await;
    let confirm = format!(
        "/api/orders/{}/confirm-payment",
        placed[0]["token"].as_str().unwrap()
    );
    assert_eq!(
        app.call(Method::POST, &confirm, Some(&staff), None)
            .await
            .status,
        204
    );
    let (status, body) =
        counter_order(&app, (&product.0, &product.1), "hoarder@example.com", None).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn one_client_places_a_limited_number_of_checkouts_and_a_retry_is_not_counted() {
    let app = spawn_app_with(|c| {
        c.checkouts_per_client = omiyage_core::account::Limit { max: 3, secs: 600 };
    })
    .await;
    let product = app.add_limited_product(20, 1_000).await;
    let order = order_for(&[(&product.0, &product.1, 1)], test_card());
    let first_key = key();
    assert_eq!(app.checkout(&first_key, &order).await.0, 201);
    // A declined card counts too (card testing is not free).
    let declined = order_for(&[(&product.0, &product.1, 1)], declined_card());
    assert_eq!(app.checkout(&key(), &declined).await.0, 402);
    assert_eq!(app.checkout(&key(), &order).await.0, 201);
    // The fourth fresh checkout is refused, with when to try again; a retry of the first is
    // answered with its order.
    let refused = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .body(serde_json::to_string(&order).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(app.checkout(&first_key, &order).await.0, 200);
    assert_eq!(app.stock_of(&product.0, &product.1).await, 18);
}

#[tokio::test]
async fn the_recipient_of_an_unpaid_gift_sees_it_waiting_for_payment_until_staff_confirm() {
    let (app, _clock, _admin) = counter_shop().await;
    let product = app.add_limited_product(10, 1_000).await;
    let mut request = order_for(&[(&product.0, &product.1, 1)], PaymentChoice::PayInShop);
    request.address = omiyage_api::Address::default();
    request.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Hana".into(),
        greeting: "Thank you".into(),
        allow_variant_choice: false,
        ..Default::default()
    });
    let (status, order) = app.checkout(&key(), &request).await;
    assert_eq!(status, 201, "{order}");
    let gift = format!(
        "/api/gifts/{}",
        order["gift"]["claim_token"].as_str().unwrap()
    );
    let (_, view) = app.get_json(&gift).await;
    assert_eq!(view["state"], "awaiting_payment");
    assert_eq!(view["units_left"], 1);

    let staff = app.sign_in(STAFF).await;
    let confirm = format!(
        "/api/orders/{}/confirm-payment",
        order["token"].as_str().unwrap()
    );
    assert_eq!(
        app.call(Method::POST, &confirm, Some(&staff), None)
            .await
            .status,
        204
    );
    assert_eq!(app.get_json(&gift).await.1["state"], "open");
}
