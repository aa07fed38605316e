//! Delivery dates and slots through the API, on a clock the test moves: the admin's rules,
//! what may be chosen now in the shop's calendar (JST), a plain order's choice on its page,
//! receipt and email, refusals that change nothing, and the day that moves at the cut-off.

use std::sync::Arc;

use omiyage_server::ManualClock;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, STAFF, key, order_for, spawn_app_with, test_card};

/// 2026-12-09 (a Wednesday) at 11:30 in Tokyo.
const WEDNESDAY_1130_JST: i64 = 1_796_783_400;

fn rules() -> Value {
    json!({
        "enabled": true, "carrier": "yamato", "slots": [],
        "transit_days": 1, "cutoff_hour": 12, "horizon_days": 30,
        "closed_weekdays": [0],
        "closed_dates": ["2027-01-03", "2026-12-31", "2027-01-01", "2027-01-02"]
    })
}

fn plain_order(delivery: Value) -> Value {
    let mut body = serde_json::to_value(order_for(
        &[("matcha-kitkat", "matcha-kitkat-12", 1)],
        test_card(),
    ))
    .unwrap();
    body["delivery"] = delivery;
    body
}

#[tokio::test]
async fn a_shopper_chooses_a_day_and_slot_that_the_server_checks_in_tokyo_time() {
    let clock = Arc::new(ManualClock::at(WEDNESDAY_1130_JST));
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.clock = clock;
            c.demo_accounts = true;
        }
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    let staff = app.sign_in(STAFF).await;

    // The admin's rules: staff may not set them; bad ones change nothing; good ones come back
    // tidied.
    let put = |cookie: String, body: Value| {
        let app = &app;
        async move {
            app.call(
                Method::PUT,
                "/api/admin/delivery",
                Some(&cookie),
                Some(body),
            )
            .await
        }
    };
    assert_eq!(put(staff.clone(), rules()).await.status, 403);
    let mut bad = rules();
    bad["transit_days"] = json!(20);
    bad["slots"] = json!(["1214"]);
    let refused = put(admin.clone(), bad).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let fields: Vec<&str> = refused.body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["transit_days", "slots[0]"]);
    let saved = put(admin.clone(), rules()).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["closed_dates"][0], "2026-12-31");

    // Before the noon cut-off, a parcel ships today and arrives tomorrow at the earliest.
    let dates = app.get_json_in("/api/delivery", "ja").await;
    assert_eq!(dates["earliest"], "2026-12-10", "{dates}");
    assert_eq!(dates["latest"], "2027-01-08");
    assert_eq!(dates["slots"][1]["slot"], "1416");
    assert_eq!(dates["slots"][1]["label"], "14時〜16時");

    // The day after next, 14–16: placed, on the order, its receipt and its email.
    let (status, placed) = app
        .checkout_raw(
            &key(),
            plain_order(json!({"date": "2026-12-11", "slot": "1416"})).to_string(),
        )
        .await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(
        placed["delivery"],
        json!({"date": "2026-12-11", "slot": "1416"})
    );
    let token = placed["token"].as_str().unwrap();
    let (_, receipt) = app.page(&format!("/o/{token}/receipt"), "ja").await;
    assert!(
        receipt.contains("2026年12月11日(金) 14時〜16時"),
        "{receipt}"
    );
    let (_, receipt) = app.page(&format!("/o/{token}/receipt"), "en").await;
    assert!(receipt.contains("Fri 11 Dec 2026 14:00–16:00"));

    // Tomorrow is still possible until noon; at noon the earliest day moves.
    let tomorrow = plain_order(json!({"date": "2026-12-10"})).to_string();
    clock.advance(30 * 60);
    assert_eq!(
        app.get_json_in("/api/delivery", "ja").await["earliest"],
        "2026-12-11"
    );
    let orders = || app.call(Method::GET, "/api/admin/orders", Some(&admin), None);
    let before = orders().await.body;
    let (status, refused) = app.checkout_raw(&key(), tomorrow).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["fields"][0]["field"], "delivery.date");
    // A slot Yamato does not have, a date past the horizon, a gift's sender choosing: refused.
    for (body, field) in [
        (plain_order(json!({"slot": "1214"})), "delivery.slot"),
        (plain_order(json!({"date": "2027-01-09"})), "delivery.date"),
        (plain_order(json!({"date": "2026-02-30"})), "delivery.date"),
    ] {
        let (status, refused) = app.checkout_raw(&key(), body.to_string()).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["fields"][0]["field"], field);
    }
    let mut gift = plain_order(json!({"date": "2026-12-20"}));
    gift["gift"] = json!({"sender_name": "花子", "greeting": ""});
    gift.as_object_mut().unwrap().remove("address");
    let (status, refused) = app.checkout_raw(&key(), gift.to_string()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["fields"][0]["field"], "delivery.date");
    // Nothing was written by the refusals.
    let after = orders().await.body;
    assert!(before.as_array().is_some_and(|o| !o.is_empty()));
    assert_eq!(before, after);

    // No preference is an order like any other.
    let (status, placed) = app
        .checkout_raw(&key(), plain_order(json!({"date": ""})).to_string())
        .await;
    assert_eq!(status, 201, "{placed}");
    assert!(placed.get("delivery").is_none(), "{placed}");
}
