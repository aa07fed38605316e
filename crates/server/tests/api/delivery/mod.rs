//! Delivery dates and slots through the API, on a clock the test moves: the admin's rules,
//! what may be chosen now in the shop's calendar (JST), a plain order's choice on its page,
//! receipt and email, refusals that change nothing, and the day that moves at the cut-off.

use std::sync::Arc;

use omiyage_server::ManualClock;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, STAFF, TestApp, key, order_for, test_card};

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

/// The demo shop with its accounts, on a clock standing at Wednesday 11:30 in Tokyo.
async fn shop_on_wednesday() -> (TestApp, Arc<ManualClock>) {
    crate::helpers::spawn_app_at(WEDNESDAY_1130_JST).await
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
    let (app, clock) = shop_on_wednesday().await;
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
    let fields = crate::helpers::error_fields(&refused.body);
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

/// The test's rules with the shop as the labels' sender.
async fn set_shipper(app: &TestApp, admin: &str) {
    let mut settings = rules();
    settings["shipper"] = json!({"name": "おみやげ堂", "phone": "03-1234-5678",
        "postal_code": "100-0005", "address": "東京都千代田区丸の内1-1"});
    let saved = app
        .call(
            Method::PUT,
            "/api/admin/delivery",
            Some(admin),
            Some(settings),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
}

/// B2's title row and the fields of a Shift_JIS CSV, decoded.
fn read_sjis_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
    assert!(!bad, "not Shift_JIS");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.trim_matches('"')
                .split("\",\"")
                .map(|f| f.replace("\"\"", "\""))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn parcels_go_out_as_a_b2_file_and_their_tracking_numbers_come_back() {
    let (app, _clock) = shop_on_wednesday().await;
    let admin = app.sign_in(ADMIN).await;
    let export = || async {
        let r = app
            .client
            .get(app.url("/api/admin/shipments/b2.csv"))
            .header("cookie", &admin)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    };
    // Without the shop's name and address as sender there is no file to print from.
    assert_eq!(export().await.0, 409);
    set_shipper(&app, &admin).await;

    // A plain order for Friday 14–16, and a gift of two boxes both claimed.
    let (status, plain) = app
        .checkout_raw(
            &key(),
            plain_order(json!({"date": "2026-12-11", "slot": "1416"})).to_string(),
        )
        .await;
    assert_eq!(status, 201, "{plain}");
    let (gift_order, claim_token) = crate::gifts::buy_gift(&app, 2, "おめでとう").await;
    for name in ["王 芳", "李 明"] {
        let (status, body) = crate::gifts::claim(&app, &claim_token, &key(), name).await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, gift) = app.get_json(&format!("/api/orders/{gift_order}")).await;
    let (plain_ref, gift_ref) = (
        plain["reference"].as_str().unwrap(),
        gift["reference"].as_str().unwrap(),
    );

    let (status, bytes) = export().await;
    assert_eq!(status, 200);
    let rows = read_sjis_csv(&bytes);
    assert_eq!(rows[0].len(), 33);
    assert_eq!(rows[0][0], "お客様管理番号");
    assert_eq!(rows[0][6], "配達時間帯");
    let row = |key: &str| {
        rows.iter()
            .find(|r| r[0] == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    let p = row(plain_ref);
    // Shipped on Thursday (one day in transit), delivered Friday 14–16.
    assert_eq!(
        (p[4].as_str(), p[5].as_str(), p[6].as_str()),
        ("2026/12/10", "2026/12/11", "1416")
    );
    assert_eq!(p[15], "Aiko Tanaka");
    // Each claimed unit is a parcel to its recipient; the shop, never the gift's sender, is the
    // sender on every label.
    let unit = row(&format!("{gift_ref}-2"));
    assert_eq!(unit[15], "李 明");
    assert_eq!(unit[8], "070-1111-2222");
    assert_eq!(unit[10], "530-0001");
    assert_eq!(unit[12], "Room 905");
    for r in &rows[1..] {
        assert_eq!(
            (r[24].as_str(), r[19].as_str()),
            ("おみやげ堂", "03-1234-5678")
        );
        assert!(!r.iter().any(|f| f.contains("Hana")), "{r:?}");
    }
    assert_eq!(rows.len(), 4, "{rows:?}");

    // B2's issued file, in Shift_JIS: the plain order and a gift unit get tracking numbers.
    let issued = format!(
        "\"伝票番号\",\"お客様管理番号\",\"お届け先名\"\r\n\
         \"4455-6677-8899\",\"{plain_ref}\",\"Aiko Tanaka\"\r\n\
         \"4455-6677-8900\",\"{gift_ref}-1\",\"王 芳\"\r\n\
         \"4455-6677-8901\",\"NOSUCH99\",\"誰\"\r\n"
    );
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&issued);
    let import = || async {
        let r = app
            .client
            .post(app.url("/api/admin/shipments/b2-tracking"))
            .header("cookie", &admin)
            .header("content-type", "text/csv")
            .body(sjis.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json::<Value>().await.unwrap()
    };
    let first = import().await;
    assert_eq!(first["shipped"], json!([plain_ref, gift_ref]), "{first}");
    assert_eq!(first["unknown"], json!(["NOSUCH99"]));
    let (_, shipped) = app
        .get_json(&format!("/api/orders/{}", plain["token"].as_str().unwrap()))
        .await;
    assert_eq!(shipped["status"], "shipped");
    assert_eq!(shipped["shipment"]["tracking_number"], "445566778899");
    // Twice importing changes nothing.
    let again = import().await;
    assert_eq!(again["shipped"], json!([]));
    assert_eq!(again["already"], json!([plain_ref, gift_ref]));
    // A file that is not B2's issued file is refused.
    let wrong = app
        .client
        .post(app.url("/api/admin/shipments/b2-tracking"))
        .header("cookie", &admin)
        .body("name,price\r\ntea,900\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 422);
    // Nothing is left to export.
    assert_eq!(read_sjis_csv(&export().await.1).len(), 1);
}

mod gifts;
