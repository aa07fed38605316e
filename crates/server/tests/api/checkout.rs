use omiyage_api::PaymentChoice;
use serde_json::json;

use crate::helpers::{declined_card, key, order_for, spawn_app, test_card};

#[tokio::test]
async fn a_test_card_checkout_places_a_paid_order_priced_by_the_server() {
    let app = spawn_app().await;
    let req = order_for(
        &[
            ("matcha-kitkat", "matcha-kitkat-12", 2),
            ("genmaicha", "genmaicha-200g", 1),
        ],
        test_card(),
    );
    let (status, order) = app.checkout(&key(), &req).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "paid");
    assert_eq!(order["subtotal"]["amount"], 1200 * 2 + 900);
    assert_eq!(order["shipping"]["amount"], 600);
    assert_eq!(order["total"]["amount"], 1200 * 2 + 900 + 600);
    assert_eq!(order["payment"]["card_last4"], "4242");
    assert_eq!(app.stock_of("matcha-kitkat", "matcha-kitkat-12").await, 38);
    let token = order["token"].as_str().unwrap();
    let (status, again) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!(again, order);
}

#[tokio::test]
async fn pay_in_shop_places_an_order_awaiting_payment() {
    let app = spawn_app().await;
    let req = order_for(
        &[("kokeshi", "kokeshi-standard", 1)],
        PaymentChoice::PayInShop,
    );
    let (status, order) = app.checkout(&key(), &req).await;
    assert_eq!(status, 201);
    assert_eq!(order["status"], "awaiting_payment");
    assert_eq!(order["payment"]["status"], "pending");
    assert_eq!(order["shipping"]["amount"], 600);
}

#[tokio::test]
async fn a_declined_card_is_402_and_creates_no_order() {
    let app = spawn_app().await;
    let req = order_for(&[("matcha-kitkat", "matcha-kitkat-12", 1)], declined_card());
    let (status, body) = app.checkout(&key(), &req).await;
    assert_eq!(status, 402);
    assert_eq!(body["error"]["code"], "card_declined");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("declined")
    );
    assert_eq!(app.order_count().await, 0);
    assert_eq!(app.stock_of("matcha-kitkat", "matcha-kitkat-12").await, 40);
}

#[tokio::test]
async fn client_sent_prices_are_ignored() {
    let app = spawn_app().await;
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1,
                   "unit_price": {"amount": 1, "currency": "JPY"}, "price": 1}],
        "contact": {"name": "A", "email": "a@example.com"},
        "address": {"postal_code": "1500001", "prefecture": "東京都", "city": "Shibuya", "line1": "1-1"},
        "payment": {"method": "test_card", "card_number": "4242424242424242"},
        "total": {"amount": 1, "currency": "JPY"},
        "subtotal": 1
    });
    let (status, order) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["lines"][0]["unit_price"]["amount"], 1300);
    assert_eq!(order["total"]["amount"], 1300 + 600);
}

#[tokio::test]
async fn retrying_with_the_same_key_returns_the_same_order_and_takes_stock_once() {
    let app = spawn_app().await;
    let req = order_for(&[("uji-sencha", "uji-sencha-100g", 3)], test_card());
    let k = key();
    let (s1, first) = app.checkout(&k, &req).await;
    let (s2, second) = app.checkout(&k, &req).await;
    assert_eq!((s1, s2), (201, 200));
    assert_eq!(first["token"], second["token"]);
    assert_eq!(app.order_count().await, 1);
    assert_eq!(app.stock_of("uji-sencha", "uji-sencha-100g").await, 20 - 3);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422_and_changes_nothing() {
    let app = spawn_app().await;
    let k = key();
    let (s1, _) = app
        .checkout(
            &k,
            &order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card()),
        )
        .await;
    assert_eq!(s1, 201);
    let (s2, body) = app
        .checkout(
            &k,
            &order_for(&[("genmaicha", "genmaicha-200g", 2)], test_card()),
        )
        .await;
    assert_eq!(s2, 422);
    assert_eq!(body["error"]["code"], "idempotency_mismatch");
    assert_eq!(app.order_count().await, 1);
    assert_eq!(app.stock_of("genmaicha", "genmaicha-200g").await, 29);
}

#[tokio::test]
async fn a_missing_idempotency_key_is_400() {
    let app = spawn_app().await;
    let req = order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card());
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .json(&req)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn malformed_json_is_400_and_changes_nothing() {
    let app = spawn_app().await;
    for body in ["{", "not json", "{\"lines\": [}", ""] {
        let (status, err) = app.checkout_raw(&key(), body).await;
        assert_eq!(status, 400, "{body:?} -> {err}");
        assert_eq!(err["error"]["code"], "bad_request");
    }
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn unknown_products_and_variants_are_404_and_change_nothing() {
    let app = spawn_app().await;
    let unknown_product = order_for(&[("no-such-product", "x", 1)], test_card());
    assert_eq!(app.checkout(&key(), &unknown_product).await.0, 404);
    let unknown_variant = order_for(&[("matcha-kitkat", "matcha-kitkat-99", 1)], test_card());
    assert_eq!(app.checkout(&key(), &unknown_variant).await.0, 404);
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn zero_negative_and_absurd_quantities_are_422_and_change_nothing() {
    let app = spawn_app().await;
    for q in [0, -1, -1_000_000, 100, 1_000_000_000_000] {
        let req = order_for(&[("matcha-kitkat", "matcha-kitkat-12", q)], test_card());
        let (status, body) = app.checkout(&key(), &req).await;
        assert_eq!(status, 422, "quantity {q}");
        assert_eq!(body["error"]["fields"][0]["field"], "lines[0].quantity");
    }
    // Beyond i64: still a clear 422, not a crash.
    let huge = r#"{"lines":[{"product_id":"matcha-kitkat","variant_id":"matcha-kitkat-12","quantity":1e40}],
        "contact":{"name":"A","email":"a@b.co"},"address":{"postal_code":"1500001","prefecture":"T","city":"S","line1":"1"},
        "payment":{"method":"pay_in_shop"}}"#;
    assert_eq!(app.checkout_raw(&key(), huge).await.0, 422);
    assert_eq!(app.order_count().await, 0);
    assert_eq!(app.stock_of("matcha-kitkat", "matcha-kitkat-12").await, 40);
}

#[tokio::test]
async fn invalid_contact_and_address_are_422_with_every_field_named() {
    let app = spawn_app().await;
    let mut req = order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card());
    req.contact.email = "not-an-email".into();
    req.address.postal_code = "12".into();
    let (status, body) = app.checkout(&key(), &req).await;
    assert_eq!(status, 422);
    let fields = crate::helpers::error_fields(&body);
    assert_eq!(fields, ["contact.email", "address.postal_code"]);
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn a_body_over_64_kib_is_413_and_changes_nothing() {
    let app = spawn_app().await;
    let mut req = order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card());
    req.address.line2 = "x".repeat(70 * 1024);
    let (status, body) = app.checkout(&key(), &req).await;
    assert_eq!(status, 413);
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn ordering_more_than_in_stock_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let req = order_for(&[("kokeshi", "kokeshi-standard", 2)], test_card());
    let (status, body) = app.checkout(&key(), &req).await;
    assert_eq!(status, 409);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Only 1 left")
    );
    assert_eq!(app.stock_of("kokeshi", "kokeshi-standard").await, 1);
}
