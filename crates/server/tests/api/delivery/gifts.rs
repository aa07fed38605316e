//! A gift's delivery days: each unit's day and slot chosen by its recipient (or the day fixed
//! by its sender), and gifts scheduled to open at a chosen moment.

use reqwest::Method;
use serde_json::{Value, json};

use super::{WEDNESDAY_1130_JST, read_sjis_csv, set_shipper, shop_on_wednesday};
use crate::helpers::ADMIN;
use crate::helpers::{TestApp, key};

/// A recipient's claim with a delivery choice, read in `lang`.
async fn claim_for(
    app: &TestApp,
    token: &str,
    key: &str,
    name: &str,
    delivery: Value,
    lang: &str,
) -> (u16, Value) {
    let body = json!({
        "name": name, "phone": "070-1111-2222",
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "北区",
                    "line1": "梅田1-1", "line2": "905号室"},
        "delivery": delivery,
    });
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{token}/claim")))
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .header("Idempotency-Key", key)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn gift_order(quantity: u32, fixed: &str) -> Value {
    json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": quantity}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "", "delivery_date": fixed}
    })
}

#[tokio::test]
async fn each_unit_of_a_gift_gets_the_day_its_recipient_or_its_sender_chose() {
    let (app, _clock) = shop_on_wednesday().await;
    let admin = app.sign_in(ADMIN).await;
    set_shipper(&app, &admin).await;

    // A group gift of two: each recipient picks their own day and slot.
    let (status, order) = app
        .checkout_raw(&key(), gift_order(2, "").to_string())
        .await;
    assert_eq!(status, 201, "{order}");
    let order_token = order["token"].as_str().unwrap();
    let token = order["gift"]["claim_token"].as_str().unwrap();
    let first_key = key();
    let (status, first) = claim_for(
        &app,
        token,
        &first_key,
        "王 芳",
        json!({"date": "2026-12-12", "slot": "1416"}),
        "zh-CN",
    )
    .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        first["delivery"],
        json!({"date": "2026-12-12", "slot": "1416"})
    );
    assert!(
        first["delivery_text"]
            .as_str()
            .unwrap()
            .contains("14点–16点"),
        "{first}"
    );
    // Refusals change nothing: a slot Yamato does not have, a day before the earliest.
    for (delivery, field) in [
        (
            json!({"date": "2026-12-15", "slot": "1214"}),
            "delivery.slot",
        ),
        (json!({"date": "2026-12-09"}), "delivery.date"),
    ] {
        let (status, refused) = claim_for(&app, token, &key(), "李 明", delivery, "ja").await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["fields"][0]["field"], field);
    }
    assert_eq!(
        app.get_json_in(&format!("/api/gifts/{token}"), "ja").await["units_left"],
        1
    );
    let (status, second) = claim_for(
        &app,
        token,
        &key(),
        "李 明",
        json!({"date": "2026-12-15", "slot": "1820"}),
        "ja",
    )
    .await;
    assert_eq!(status, 200, "{second}");
    // A retry of the first claim answers its own day.
    let (status, again) = claim_for(
        &app,
        token,
        &first_key,
        "王 芳",
        json!({"date": "2026-12-12", "slot": "1416"}),
        "zh-CN",
    )
    .await;
    assert_eq!((status, &again["delivery"]), (200, &first["delivery"]));

    // The sender sees each unit's day and slot, in their language, and nobody's address.
    let view = app
        .get_json_in(&format!("/api/orders/{order_token}"), "ja")
        .await;
    let units = &view["gift"]["units"];
    assert_eq!(
        units[0]["delivery"],
        json!({"date": "2026-12-12", "slot": "1416"})
    );
    assert_eq!(
        units[0]["delivery_text"],
        "お届け希望日時: 2026年12月12日(土) 14時〜16時"
    );
    assert_eq!(
        units[1]["delivery_text"],
        "お届け希望日時: 2026年12月15日(火) 18時〜20時"
    );
    let text = view.to_string();
    for secret in ["王 芳", "李 明", "梅田", "530-0001", "070-1111-2222"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }

    // B2: each unit's parcel carries its day and slot, shipping a day before (Sunday closed:
    // Tuesday's parcel leaves on Monday).
    let r = app
        .client
        .get(app.url("/api/admin/shipments/b2.csv"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    let rows = read_sjis_csv(&r.bytes().await.unwrap());
    let reference = view["reference"].as_str().unwrap();
    let row = |n: u32| {
        rows.iter()
            .find(|r| r[0] == format!("{reference}-{n}"))
            .unwrap_or_else(|| panic!("{rows:?}"))
            .clone()
    };
    assert_eq!(
        (row(1)[4].as_str(), row(1)[5].as_str(), row(1)[6].as_str()),
        ("2026/12/11", "2026/12/12", "1416")
    );
    assert_eq!(
        (row(2)[4].as_str(), row(2)[5].as_str(), row(2)[6].as_str()),
        ("2026/12/14", "2026/12/15", "1820")
    );
    // The admin's order page lists each recipient with their day.
    let admin_view = app
        .call(
            Method::GET,
            &format!("/api/admin/orders/{order_token}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        admin_view.body["recipients"][1]["delivery"],
        json!({"date": "2026-12-15", "slot": "1820"})
    );

    // A sender may fix the day (a birthday): it must be one the shop can meet now…
    let (status, refused) = app
        .checkout_raw(&key(), gift_order(1, "2026-12-10 ").to_string())
        .await;
    assert_eq!(
        status, 201,
        "tomorrow is still possible before noon: {refused}"
    );
    let (status, refused) = app
        .checkout_raw(&key(), gift_order(1, "2026-12-09").to_string())
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["fields"][0]["field"], "gift.delivery_date");
    let (status, fixed) = app
        .checkout_raw(&key(), gift_order(1, "2026-12-24").to_string())
        .await;
    assert_eq!(status, 201, "{fixed}");
    let token = fixed["gift"]["claim_token"].as_str().unwrap();
    // …and the recipient then picks only the slot.
    let gift = app.get_json_in(&format!("/api/gifts/{token}"), "en").await;
    assert_eq!(gift["delivery_date"], "2026-12-24");
    let (status, refused) = claim_for(
        &app,
        token,
        &key(),
        "Ken",
        json!({"date": "2026-12-25", "slot": "1921"}),
        "en",
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["fields"][0]["field"], "delivery.date");
    let (status, claimed) =
        claim_for(&app, token, &key(), "Ken", json!({"slot": "1921"}), "en").await;
    assert_eq!(status, 200, "{claimed}");
    assert_eq!(
        claimed["delivery"],
        json!({"date": "2026-12-24", "slot": "1921"})
    );
    assert_eq!(
        claimed["delivery_text"],
        "Delivery: Thu 24 Dec 2026 19:00–21:00"
    );
}

#[tokio::test]
async fn a_scheduled_gift_stays_wrapped_until_its_moment_then_its_link_is_emailed_once() {
    let (app, clock) = shop_on_wednesday().await;
    let admin = app.sign_in(ADMIN).await;
    let now = WEDNESDAY_1130_JST;
    let scheduled = |opens_at: i64, email: &str| {
        let mut body = gift_order(1, "");
        body["gift"]["opens_at"] = json!(opens_at);
        body["gift"]["recipient_email"] = json!(email);
        body.to_string()
    };
    // A moment gone, one over a year away, an email that is not one: refused, nothing placed.
    for (body, field) in [
        (scheduled(now - 60, "ken@example.jp"), "gift.opens_at"),
        (
            scheduled(now + 400 * 86_400, "ken@example.jp"),
            "gift.opens_at",
        ),
        (scheduled(now + 3_600, "ken@"), "gift.recipient_email"),
    ] {
        let (status, refused) = app.checkout_raw(&key(), body).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["fields"][0]["field"], field);
    }
    // To open at 13:30 and be told by email then.
    let (status, order) = app
        .checkout_raw(&key(), scheduled(now + 2 * 3_600, "Ken@Example.jp"))
        .await;
    assert_eq!(status, 201, "{order}");
    let order_token = order["token"].as_str().unwrap();
    let token = order["gift"]["claim_token"].as_str().unwrap();
    let window = order["gift"]["expires_at"].as_i64().unwrap() - (now + 2 * 3_600);
    assert_eq!(
        window,
        3 * 86_400,
        "the claim window counts from the moment it opens"
    );

    // Before: wrapped (who it is from, not what), not claimable, nobody told.
    let gift = app.get_json_in(&format!("/api/gifts/{token}"), "ja").await;
    assert_eq!(gift["state"], "not_yet");
    assert_eq!(gift["opens_at"], now + 2 * 3_600);
    assert_eq!(gift["sender_name"], "Hana");
    assert_eq!(gift["product"]["name"], "");
    assert!(!gift.to_string().contains("tokyo-banana"), "{gift}");
    let (status, refused) = claim_for(&app, token, &key(), "Ken", json!(null), "ja").await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(
        omiyage_server::tell_opened_gifts(&app.state).await.unwrap(),
        0
    );

    // The sender moves it to 14:30, not to a moment gone.
    let path = format!("/api/orders/{order_token}/gift/opens-at");
    let move_to = |at: i64| app.call(Method::PUT, &path, None, Some(json!({"opens_at": at})));
    let moved = move_to(now + 3 * 3_600).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["gift"]["opens_at"], now + 3 * 3_600);
    assert_eq!(
        moved.body["gift"]["expires_at"],
        now + 3 * 3_600 + 3 * 86_400
    );
    assert_eq!(move_to(now - 1).await.status, 422);

    // 14:00: still wrapped. 14:30: open, and its link goes to Ken, once.
    clock.advance(150 * 60);
    assert_eq!(
        omiyage_server::tell_opened_gifts(&app.state).await.unwrap(),
        0
    );
    assert_eq!(
        app.get_json_in(&format!("/api/gifts/{token}"), "ja").await["state"],
        "not_yet"
    );
    clock.advance(30 * 60);
    assert_eq!(
        omiyage_server::tell_opened_gifts(&app.state).await.unwrap(),
        1
    );
    assert_eq!(
        omiyage_server::tell_opened_gifts(&app.state).await.unwrap(),
        0
    );
    let gift = app.get_json_in(&format!("/api/gifts/{token}"), "ja").await;
    assert_eq!(gift["state"], "open");
    assert_eq!(gift["product"]["id"], "tokyo-banana");
    let mails =
        crate::helpers::outbox_mails(&app, &admin, "ken@example.jp", "gift_opened", 1).await;
    assert_eq!(mails[0]["topic"], "gift_opened");
    assert_eq!(mails[0]["subject"], "Hanaさんからギフトが届きました");
    // Once open, the moment can no longer move; the gift is claimed as any other.
    assert_eq!(move_to(now + 5 * 3_600).await.status, 409);
    let (status, claimed) = claim_for(&app, token, &key(), "Ken", json!(null), "ja").await;
    assert_eq!(status, 200, "{claimed}");
    let (_, view) = app.get_json(&format!("/api/orders/{order_token}")).await;
    assert!(view["gift"]["told_at"].is_i64(), "{view}");
}
