use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use omiyage_server::{ManualClock, sweep_expired_gifts};
use serde_json::{Value, json};

use crate::helpers::{Http, TestApp, key, spawn_app, spawn_app_with};

/// Buys a gift of `quantity` units of Tokyo Banana (stock 25); returns (order token, claim token).
pub(crate) async fn buy_gift(app: &Http, quantity: i64, greeting: &str) -> (String, String) {
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": quantity}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": greeting, "allow_variant_choice": false}
    });
    let (status, order) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    (
        order["token"].as_str().unwrap().to_string(),
        order["gift"]["claim_token"].as_str().unwrap().to_string(),
    )
}

fn claim_body(name: &str) -> String {
    json!({
        "name": name,
        "phone": "070-1111-2222",
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Kita-ku",
                    "line1": "Umeda 1-1", "line2": "Room 905"}
    })
    .to_string()
}

pub(crate) async fn claim(app: &Http, token: &str, key: &str, name: &str) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{token}/claim")))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key)
        .body(claim_body(name))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn unit_states(app: &TestApp, order: &str) -> Vec<(String, Option<String>)> {
    let (_, view) = app.get_json(&format!("/api/orders/{order}")).await;
    view["gift"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["state"].as_str().unwrap().to_string(),
                u["refund_reason"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_claims_of_one_gift_make_exactly_one_claim() {
    let app = spawn_app().await;
    let (order, token) = buy_gift(&app, 1, "For you").await;
    let results = join_all((0..200).map(|i| {
        let (app, token) = (&app, &token);
        async move { claim(app, token, &key(), &format!("Claimer {i}")).await }
    }))
    .await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 200).count(), 1);
    assert!(
        results
            .iter()
            .filter(|(s, _)| *s != 200)
            .all(|(s, b)| *s == 409 && b["error"]["code"] == "already_claimed")
    );
    assert_eq!(
        unit_states(&app, &order).await,
        [("claimed".to_string(), None)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_group_gift_of_five_with_fifty_parallel_claimers_makes_exactly_five_claims() {
    let app = spawn_app().await;
    let (order, token) = buy_gift(&app, 5, "Share these").await;
    let results = join_all((0..50).map(|i| {
        let (app, token) = (&app, &token);
        async move { claim(app, token, &key(), &format!("Friend {i}")).await }
    }))
    .await;
    let winners: Vec<_> = results.iter().filter(|(s, _)| *s == 200).collect();
    assert_eq!(winners.len(), 5);
    assert_eq!(results.iter().filter(|(s, _)| *s == 409).count(), 45);
    let units: HashSet<_> = winners
        .iter()
        .map(|(_, b)| b["unit_index"].as_u64().unwrap())
        .collect();
    assert_eq!(
        units,
        HashSet::from([0, 1, 2, 3, 4]),
        "each unit claimed once"
    );
    assert!(
        unit_states(&app, &order)
            .await
            .iter()
            .all(|(s, _)| s == "claimed")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retrying_a_claim_with_its_key_returns_the_same_answer_and_claims_once() {
    let app = spawn_app().await;
    let (order, token) = buy_gift(&app, 3, "").await;
    let k = key();
    let results = join_all((0..20).map(|_| {
        let (app, token, k) = (&app, &token, &k);
        async move { claim(app, token, k, "Same Person").await }
    }))
    .await;
    assert!(results.iter().all(|(s, _)| *s == 200), "{results:?}");
    let answers: HashSet<_> = results.iter().map(|(_, b)| b.to_string()).collect();
    assert_eq!(answers.len(), 1);
    let claimed = unit_states(&app, &order)
        .await
        .iter()
        .filter(|(s, _)| s == "claimed")
        .count();
    assert_eq!(claimed, 1);
    // The same key with another body is refused.
    let (status, body) = claim(&app, &token, &k, "Another Person").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("idempotency_mismatch"))
    );
}

#[tokio::test]
async fn the_senders_status_never_contains_the_recipients_details() {
    let app = spawn_app().await;
    let (order, token) = buy_gift(&app, 2, "Hi").await;
    assert_eq!(claim(&app, &token, &key(), "Recipient Ryo").await.0, 200);
    for path in [
        format!("/api/orders/{order}"),
        format!("/api/gifts/{token}"),
    ] {
        let raw = app
            .client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for secret in [
            "Ryo",
            "530-0001",
            "大阪府",
            "Kita-ku",
            "Umeda",
            "Room 905",
            "1111",
            "recipient",
        ] {
            assert!(!raw.contains(secret), "{path} leaks {secret:?}: {raw}");
        }
    }
    let cancelled = app
        .client
        .post(app.url(&format!("/api/orders/{order}/cancel-gift")))
        .send()
        .await
        .unwrap();
    let raw = cancelled.text().await.unwrap();
    assert!(!raw.contains("Ryo") && !raw.contains("大阪府"), "{raw}");
}

#[tokio::test]
async fn a_greeting_of_101_characters_is_422_and_markup_is_kept_as_text() {
    let app = spawn_app().await;
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1}],
        "contact": {"name": "Hana", "email": "hana@example.com"},
        "payment": {"method": "pay_in_shop"},
        "gift": {"sender_name": "Hana", "greeting": "x".repeat(101)}
    });
    let (status, err) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "gift.greeting");
    assert_eq!(app.order_count().await, 0);

    let xss = "<img src=x onerror=alert(1)>";
    let (_, token) = buy_gift(&app, 1, xss).await;
    let (_, gift) = app.get_json(&format!("/api/gifts/{token}")).await;
    assert_eq!(gift["greeting"], xss);
}

#[tokio::test]
async fn unknown_and_malformed_gift_tokens_get_the_same_404() {
    let app = spawn_app().await;
    let (s1, b1) = app
        .get_json("/api/gifts/00000000-0000-4000-8000-000000000000")
        .await;
    let (s2, b2) = app.get_json("/api/gifts/not-a-token").await;
    assert_eq!((s1, s2), (404, 404));
    assert_eq!(b1, b2);
    assert_eq!(claim(&app, "not-a-token", &key(), "X").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn expired_units_are_refunded_by_the_sweep_and_their_stock_returned() {
    let clock = Arc::new(ManualClock::starting_now());
    let app = spawn_app_with(|c| c.clock = clock.clone()).await;
    let before = app.stock_of("tokyo-banana", "tokyo-banana-8").await;
    let (order, token) = buy_gift(&app, 3, "Group").await;
    assert_eq!(claim(&app, &token, &key(), "One").await.0, 200);
    assert_eq!(claim(&app, &token, &key(), "Two").await.0, 200);
    assert_eq!(
        app.stock_of("tokyo-banana", "tokyo-banana-8").await,
        before - 3
    );
    // Three days later (the default window) the sweep refunds the third unit without anyone
    // touching the gift; a second sweep finds nothing more to do.
    clock.advance(omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS - 1);
    assert_eq!(sweep_expired_gifts(&app.state).await.unwrap(), 0);
    clock.advance(2);
    assert_eq!(sweep_expired_gifts(&app.state).await.unwrap(), 1);
    assert_eq!(sweep_expired_gifts(&app.state).await.unwrap(), 0);
    assert_eq!(
        app.stock_of("tokyo-banana", "tokyo-banana-8").await,
        before - 2
    );
    let states = unit_states(&app, &order).await;
    assert_eq!(
        states,
        [
            ("claimed".to_string(), None),
            ("claimed".to_string(), None),
            ("refunded".to_string(), Some("expired".to_string()))
        ]
    );
    let (_, view) = app.get_json(&format!("/api/orders/{order}")).await;
    assert_eq!(view["gift"]["refunded"]["amount"], 1300);
    let (status, body) = claim(&app, &token, &key(), "Late").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (410, Some("gift_expired"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn claims_racing_the_deadline_end_in_one_consistent_outcome() {
    let clock = Arc::new(ManualClock::starting_now());
    let app = spawn_app_with(|c| {
        c.clock = clock.clone();
        c.claim_window_secs = 60;
    })
    .await;
    let before = app.stock_of("tokyo-banana", "tokyo-banana-8").await;
    let (order, token) = buy_gift(&app, 1, "Race").await;
    // Claims keep arriving while the deadline passes and the sweep runs.
    let keys: Vec<String> = (0..40).map(|_| key()).collect();
    let claims = join_all(keys.iter().map(|k| claim(&app, &token, k, "Racer")));
    let deadline = async {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        clock.advance(61);
        sweep_expired_gifts(&app.state).await.unwrap();
    };
    let (results, ()) = tokio::join!(claims, deadline);
    let won = results.iter().filter(|(s, _)| *s == 200).count();
    assert!(
        results.iter().all(|(s, _)| [200, 409, 410].contains(s)),
        "{results:?}"
    );
    let states = unit_states(&app, &order).await;
    match won {
        1 => {
            assert_eq!(states, [("claimed".to_string(), None)]);
            assert_eq!(
                app.stock_of("tokyo-banana", "tokyo-banana-8").await,
                before - 1
            );
        }
        0 => {
            assert_eq!(
                states,
                [("refunded".to_string(), Some("expired".to_string()))]
            );
            assert_eq!(app.stock_of("tokyo-banana", "tokyo-banana-8").await, before);
        }
        n => panic!("{n} claims won a one-unit gift"),
    }
}
