//! Coupons: the admin's codes, a shopper saving with one (tax and commission on what was paid),
//! every reason a code does not apply (a clear message, nothing changed), the caps exact under
//! racing checkouts, and a promoter's code crediting the order like their link.

use futures::future::join_all;
use omiyage_api::CheckoutRequest;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, PROMOTER, STAFF, TestApp, key, order_for, test_card};
use crate::promotions::{credited, open_link, setup_plan, today_plus};

mod gifts_and_cards;

pub(crate) fn coupon(code: &str, fields: Value) -> Value {
    let mut c = json!({"code": code, "kind": "percent", "value": 10, "starts_on": today_plus(0),
                       "ends_on": today_plus(30)});
    for (k, v) in fields.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

pub(crate) async fn create(app: &TestApp, admin: &str, body: Value) -> Value {
    let r = app
        .call(Method::POST, "/api/admin/coupons", Some(admin), Some(body))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// Checks out with a coupon code, in a language, with cookies; returns (status, body).
async fn checkout_with(
    app: &TestApp,
    mut order: CheckoutRequest,
    code: &str,
    lang: &str,
    cookie: &str,
) -> (u16, Value) {
    order.coupon = Some(code.into());
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .header("cookie", cookie)
        .header("Idempotency-Key", key())
        .body(serde_json::to_string(&order).unwrap())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn mixed_cart(email: &str) -> CheckoutRequest {
    // Matcha KitKat 12 (sweets, 8 %) ¥1,200 and a furoshiki (crafts, 10 %) ¥2,400.
    let mut o = order_for(
        &[
            ("matcha-kitkat", "matcha-kitkat-12", 1),
            ("furoshiki", "furoshiki-indigo", 1),
        ],
        test_card(),
    );
    o.contact.email = email.into();
    o
}

async fn coupon_view(app: &TestApp, admin: &str, code: &str) -> Value {
    let list = app
        .call(Method::GET, "/api/admin/coupons", Some(admin), None)
        .await;
    assert_eq!(list.status, 200);
    list.body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn a_code_takes_its_share_off_the_covered_lines_and_tax_is_worked_out_on_what_was_paid() {
    let (app, _, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    create(
        &app,
        &admin,
        coupon("SWEETS-10", json!({"category_ids": ["sweets"]})),
    )
    .await;
    // Typed in lower case with a space: the same code.
    let (status, order) =
        checkout_with(&app, mixed_cart("mei@example.com"), " sweets10", "en", "").await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["coupon"], "SWEETS10");
    assert_eq!(order["lines"][0]["discount"], 120);
    assert!(order["lines"][1].get("discount").is_none(), "{order}");
    assert_eq!(order["subtotal"]["amount"], 3_600);
    // Below ¥5,000 after the discount: shipping ¥600.
    assert_eq!(order["total"]["amount"], 3_600 - 120 + 600);
    let taxes = order["taxes"].as_array().unwrap();
    // 10 %: ¥2,400 + ¥600 shipping → ¥272; 8 %: ¥1,080 → ¥80.
    assert_eq!(
        (
            taxes[0]["taxable"]["amount"].as_i64(),
            taxes[0]["tax"]["amount"].as_i64()
        ),
        (Some(3_000), Some(272))
    );
    assert_eq!(
        (
            taxes[1]["taxable"]["amount"].as_i64(),
            taxes[1]["tax"]["amount"].as_i64()
        ),
        (Some(1_080), Some(80))
    );
    let view = coupon_view(&app, &admin, "SWEETS10").await;
    assert_eq!(
        (view["uses"].as_u64(), view["discounted"]["amount"].as_i64()),
        (Some(1), Some(120))
    );
    // The order as stored reads back the same.
    let (_, stored) = app
        .get_json(&format!("/api/orders/{}", order["token"].as_str().unwrap()))
        .await;
    assert_eq!(stored["total"], order["total"]);
    // The receipt lists the coupon's discount between the lines and the total.
    let (status, receipt) = app
        .page(
            &format!("/o/{}/receipt", order["token"].as_str().unwrap()),
            "en",
        )
        .await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Coupon SWEETS10"), "{receipt}");
    assert!(receipt.contains("−¥120"), "{receipt}");
    assert!(receipt.contains("¥4,080"), "{receipt}");
}

#[tokio::test]
async fn every_reason_a_code_does_not_apply_is_a_clear_message_and_changes_nothing() {
    let (app, _, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    for (code, fields) in [
        (
            "LATER",
            json!({"starts_on": today_plus(3), "ends_on": today_plus(9)}),
        ),
        (
            "PAST",
            json!({"starts_on": today_plus(-9), "ends_on": today_plus(-1)}),
        ),
        ("BIGSPEND", json!({"min_spend": 10_000})),
        ("TEAONLY", json!({"category_ids": ["tea"]})),
        ("ONCEEACH", json!({"per_email": 1})),
        ("OFF", json!({"disabled": true})),
    ] {
        create(&app, &admin, coupon(code, fields)).await;
    }
    let (status, _) =
        checkout_with(&app, mixed_cart("sora@example.com"), "ONCEEACH", "en", "").await;
    assert_eq!(status, 201);
    let orders = app.order_count().await;
    let stock = app.stock_of("furoshiki", "furoshiki-indigo").await;
    for (code, status, says) in [
        ("NOSUCH", 422, "does not exist"),
        ("X", 422, "does not exist"),
        ("OFF", 422, "does not exist"),
        ("LATER", 422, "can be used from"),
        ("PAST", 422, "has ended"),
        ("BIGSPEND", 422, "add ¥6,400 more"),
        ("TEAONLY", 422, "not for any of the items"),
        ("ONCEEACH", 409, "already used this coupon"),
    ] {
        let (got, body) = checkout_with(&app, mixed_cart("Sora@Example.com"), code, "en", "").await;
        assert_eq!(got, status, "{code}: {body}");
        assert_eq!(
            body["error"]["fields"][0]["field"], "coupon",
            "{code}: {body}"
        );
        let message = body["error"]["fields"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{code}: {message}");
    }
    // In the shopper's language.
    let (_, body) = checkout_with(&app, mixed_cart("sora@example.com"), "BIGSPEND", "ja", "").await;
    assert!(
        body["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("あと6,400円"),
        "{body}"
    );
    assert_eq!(app.order_count().await, orders);
    assert_eq!(app.stock_of("furoshiki", "furoshiki-indigo").await, stock);
    assert_eq!(coupon_view(&app, &admin, "ONCEEACH").await["uses"], 1);
}

#[tokio::test]
async fn a_hundred_racing_checkouts_with_a_coupon_capped_at_ten_make_exactly_ten_discounted_orders()
{
    let (app, _, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    let (product, variant) = app.add_limited_product(1_000, 1_000).await;
    create(
        &app,
        &admin,
        coupon(
            "FIRST10",
            json!({"kind": "fixed", "value": 300, "max_uses": 10}),
        ),
    )
    .await;
    let before = app.order_count().await;
    let results = join_all((0..100).map(|i| {
        let app = &app;
        let (product, variant) = (product.clone(), variant.clone());
        async move {
            let mut o = order_for(&[(&product, &variant, 1)], test_card());
            o.contact.email = format!("racer{i}@example.com");
            checkout_with(app, o, "FIRST10", "en", "").await
        }
    }))
    .await;
    let placed: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        placed.len(),
        10,
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!(
        placed
            .iter()
            .all(|o| o["total"]["amount"] == 1_000 - 300 + 600)
    );
    for (status, body) in results.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(body["error"]["fields"][0]["field"], "coupon");
    }
    assert_eq!(app.order_count().await, before + 10);
    assert_eq!(app.stock_of(&product, &variant).await, 990);
    let view = coupon_view(&app, &admin, "FIRST10").await;
    assert_eq!(
        (view["uses"].as_u64(), view["discounted"]["amount"].as_i64()),
        (Some(10), Some(3_000))
    );

    // One email, one use, however many checkouts race with it.
    create(&app, &admin, coupon("ONEEACH", json!({"per_email": 1}))).await;
    let results = join_all((0..20).map(|_| {
        let app = &app;
        let (product, variant) = (product.clone(), variant.clone());
        async move {
            let mut o = order_for(&[(&product, &variant, 1)], test_card());
            o.contact.email = "same@example.com".into();
            checkout_with(app, o, "ONEEACH", "en", "").await.0
        }
    }))
    .await;
    assert_eq!(
        results.iter().filter(|s| **s == 201).count(),
        1,
        "{results:?}"
    );
    assert!(
        results.iter().all(|s| *s == 201 || *s == 409),
        "{results:?}"
    );
}

#[tokio::test]
async fn a_promoters_code_credits_the_order_on_what_was_paid_and_wins_over_an_earlier_link() {
    let (app, promoter, _, plan_id) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    let me = app
        .call(Method::GET, "/api/auth/me", Some(&promoter), None)
        .await;
    let promoter_id = me.body["id"].as_str().unwrap().to_string();
    create(
        &app,
        &admin,
        coupon(
            "AYA500",
            json!({"kind": "fixed", "value": 500, "promoter_id": promoter_id}),
        ),
    )
    .await;
    // The promoter sees their code.
    let mine = app
        .call(Method::GET, "/api/promoter/coupons", Some(&promoter), None)
        .await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.body[0]["code"], "AYA500");

    // No link at all: the code alone credits the promoter, on what the kitkat paid after ¥500.
    let mut o = order_for(&[("matcha-kitkat", "matcha-kitkat-12", 2)], test_card());
    o.contact.email = "kenji@example.com".into();
    let (status, order) = checkout_with(&app, o.clone(), "aya500", "en", "").await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["total"]["amount"], 2_400 - 500 + 600);
    let rows = credited(&app, &promoter).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].1, rows[0].2),
        (1_000, 190),
        "10 % of ¥1,900: {rows:?}"
    );

    // Another promoter's link opened before, then the code: the code's promoter's order.
    let (_, ren) = app.sign_up_promoter("ren@example.com", "Ren").await;
    let joined = app
        .call(
            Method::POST,
            &format!("/api/promoter/plans/{plan_id}/join"),
            Some(&ren),
            None,
        )
        .await;
    assert_eq!(joined.status, 204);
    let links = app
        .call(Method::GET, "/api/promoter/links", Some(&ren), None)
        .await;
    let link = open_link(&app, links.body[0]["path"].as_str().unwrap()).await;
    o.contact.email = "rin@example.com".into();
    let (status, _) = checkout_with(&app, o.clone(), "AYA500", "en", &link).await;
    assert_eq!(status, 201);
    assert_eq!(credited(&app, &promoter).await.len(), 2);
    assert_eq!(credited(&app, &ren).await.len(), 0);
    // Without the code, Ren's link credits Ren.
    o.contact.email = "sae@example.com".into();
    o.coupon = None;
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("cookie", &link)
        .header("Idempotency-Key", key())
        .body(serde_json::to_string(&o).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(credited(&app, &ren).await.len(), 1);

    // The stats tell code orders apart: they have no click, so they leave conversion alone.
    let stats = |who: String| {
        let app = &app;
        async move {
            app.call(Method::GET, "/api/promoter/stats", Some(&who), None)
                .await
                .body
        }
    };
    let aya = stats(promoter.clone()).await;
    assert_eq!(
        (aya["orders"].as_u64(), aya["coupon_orders"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(aya["conversion_bps"], 0);
    let ren = stats(ren.clone()).await;
    assert_eq!(
        (
            ren["clicks"].as_u64(),
            ren["orders"].as_u64(),
            ren["coupon_orders"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(ren["conversion_bps"], 10_000);
}

#[tokio::test]
async fn the_admin_manages_coupons_and_bad_input_changes_nothing() {
    let (app, promoter, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    create(&app, &admin, coupon("SPRING", json!({"max_uses": 5}))).await;
    let refused = [
        (coupon("SPRING", json!({})), 409),
        (coupon("AB", json!({})), 422),
        (coupon("BADPCT", json!({"value": 120})), 422),
        (
            coupon("BADFIXED", json!({"kind": "fixed", "value": 0})),
            422,
        ),
        (
            coupon(
                "BADDATES",
                json!({"starts_on": today_plus(5), "ends_on": today_plus(1)}),
            ),
            422,
        ),
        (coupon("BADCAP", json!({"max_uses": 0})), 422),
        (coupon("BADCAT", json!({"category_ids": ["shoes"]})), 422),
        (
            coupon("BADPROMO", json!({"promoter_id": "no-such-account"})),
            422,
        ),
    ];
    for (body, status) in refused {
        let r = app
            .call(
                Method::POST,
                "/api/admin/coupons",
                Some(&admin),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
    }
    let list = app
        .call(Method::GET, "/api/admin/coupons", Some(&admin), None)
        .await;
    // Nothing refused was stored: the demo shop's WELCOME10 and SPRING only.
    let mut codes: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    codes.sort();
    assert_eq!(codes, ["SPRING", "WELCOME10"]);

    // Edit: switch it off; the code then stops working.
    let r = app
        .call(
            Method::PUT,
            "/api/admin/coupons/spring",
            Some(&admin),
            Some(coupon("IGNORED", json!({"disabled": true}))),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["code"].as_str(), r.body["disabled"].as_bool()),
        (Some("SPRING"), Some(true))
    );
    let (status, _) = checkout_with(&app, mixed_cart("a@example.com"), "SPRING", "en", "").await;
    assert_eq!(status, 422);
    let missing = app
        .call(
            Method::PUT,
            "/api/admin/coupons/NOPE1",
            Some(&admin),
            Some(coupon("NOPE1", json!({}))),
        )
        .await;
    assert_eq!(missing.status, 404);

    // Only the admin manages coupons; only promoters read their own.
    let staff = app.sign_in(STAFF).await;
    for who in [&staff, &promoter] {
        let r = app
            .call(Method::GET, "/api/admin/coupons", Some(who), None)
            .await;
        assert_eq!(r.status, 403);
    }
    assert_eq!(
        app.call(Method::GET, "/api/promoter/coupons", Some(&staff), None)
            .await
            .status,
        403
    );
    let _ = PROMOTER;
}
