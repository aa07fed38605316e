use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, PROMOTER, TestApp, key, order_for, spawn_app_with, test_card};

mod new_buyers;

const BROWSER: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";

pub(crate) fn today_plus(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    omiyage_core::sales::date_of(omiyage_core::sales::day_of(now) + days)
}

/// A server with the app's HTML (share links are pages), demo accounts and a 10 % plan on
/// Matcha KitKat that the demo promoter joined; returns (app, promoter cookie, ref code, plan id).
async fn setup() -> (TestApp, String, String, String) {
    setup_with(|_| {}).await
}

async fn setup_with(
    adjust: impl FnOnce(&mut omiyage_server::Config),
) -> (TestApp, String, String, String) {
    setup_plan(json!({}), adjust).await
}

/// As [`setup_with`], the plan's fields overridden by `plan_fields`.
pub(crate) async fn setup_plan(
    plan_fields: Value,
    adjust: impl FnOnce(&mut omiyage_server::Config),
) -> (TestApp, String, String, String) {
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><title>Omiyage</title></head></html>",
    )
    .unwrap();
    let app = spawn_app_with(|c| {
        c.static_dir = Some(dir.clone());
        c.demo_accounts = true;
        adjust(c);
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    let plan = json!({"name": "Matcha month", "commission_bps": 1000, "window_days": 7, "product_ids": ["matcha-kitkat"],
                      "starts_on": today_plus(0), "ends_on": today_plus(30), "open": true});
    let mut plan = plan;
    for (k, v) in plan_fields.as_object().unwrap() {
        plan[k] = v.clone();
    }
    let created = app
        .call(Method::POST, "/api/admin/plans", Some(&admin), Some(plan))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let plan_id = created.body["id"].as_str().unwrap().to_string();
    let promoter = app.sign_in(PROMOTER).await;
    assert_eq!(
        app.call(
            Method::POST,
            &format!("/api/promoter/plans/{plan_id}/join"),
            Some(&promoter),
            None
        )
        .await
        .status,
        204
    );
    let links = app
        .call(Method::GET, "/api/promoter/links", Some(&promoter), None)
        .await;
    let path = links.body[0]["path"].as_str().unwrap().to_string();
    let code = path.split("ref=").nth(1).unwrap().to_string();
    (app, promoter, code, plan_id)
}

/// Opens a share link like a phone's browser; returns the cookies it set, as a Cookie header.
pub(crate) async fn open_link(app: &TestApp, path: &str) -> String {
    let r = app
        .client
        .get(app.url(path))
        .header("user-agent", BROWSER)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

async fn buy(app: &TestApp, cookie: &str, email: &str, quantity: i64) -> (u16, Value) {
    buy_with(app, cookie, email, quantity, test_card()).await
}

/// Checks out `quantity` Matcha KitKat boxes with the share link's cookies, paid with `payment`.
pub(crate) async fn buy_with(
    app: &TestApp,
    cookie: &str,
    email: &str,
    quantity: i64,
    payment: omiyage_api::PaymentChoice,
) -> (u16, Value) {
    let mut order = order_for(&[("matcha-kitkat", "matcha-kitkat-12", quantity)], payment);
    order.contact.email = email.into();
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .header("cookie", cookie)
        .body(serde_json::to_string(&order).unwrap())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn stats(app: &TestApp, promoter: &str) -> Value {
    let a = app
        .call(Method::GET, "/api/promoter/stats", Some(promoter), None)
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
}

#[tokio::test]
async fn an_order_through_a_share_link_earns_rate_times_what_was_paid_pending_until_shipped() {
    let (app, promoter, code, _) = setup().await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    assert!(cookies.contains("omiyage_ref="), "{cookies}");
    let (status, order) = buy(&app, &cookies, "yuki@example.com", 3).await;
    assert_eq!(status, 201, "{order}");
    let paid = order["lines"][0]["line_total"]["amount"].as_i64().unwrap();
    let s = stats(&app, &promoter).await;
    assert_eq!(
        (s["clicks"].as_u64(), s["orders"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        s["commission"]["pending"]["amount"].as_i64().unwrap(),
        paid / 10
    );
    assert_eq!(s["conversion_bps"], 10_000);
    // The same visitor opening the link again the same day is not a second click.
    let again = app
        .client
        .get(app.url(&format!("/p/matcha-kitkat?ref={code}")))
        .header("user-agent", BROWSER)
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(stats(&app, &promoter).await["clicks"], 1);
    // Shipped: confirmed.
    let admin = app.sign_in(ADMIN).await;
    let token = order["token"].as_str().unwrap();
    app.call(
        Method::POST,
        &format!("/api/admin/orders/{token}/ship"),
        Some(&admin),
        Some(json!({"tracking_number": "JP-1"})),
    )
    .await;
    let s = stats(&app, &promoter).await;
    assert_eq!(
        s["commission"]["confirmed"]["amount"].as_i64().unwrap(),
        paid / 10
    );
    assert_eq!(s["commission"]["pending"]["amount"], 0);
    let csv = app
        .client
        .get(app.url("/api/promoter/orders.csv"))
        .header("cookie", &promoter)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(&format!(",shipped,{paid},1000,{}", paid / 10)),
        "{csv}"
    );
}

#[tokio::test]
async fn a_self_purchase_earns_nothing_and_forged_codes_or_crawlers_are_ignored_quietly() {
    let (app, promoter, code, _) = setup().await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let (status, _) = buy(&app, &cookies, "promoter@demo.omiyage.test", 1).await;
    assert_eq!(status, 201);
    let (status, _) = buy(
        &app,
        &format!("{cookies}; omiyage_session=x"),
        "PROMOTER@demo.omiyage.test",
        1,
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(stats(&app, &promoter).await["orders"], 0);

    let forged = open_link(&app, "/p/matcha-kitkat?ref=NOTACODE12").await;
    assert!(forged.is_empty(), "no cookie for an unknown code: {forged}");
    let (status, _) = buy(&app, "omiyage_ref=forged~key", "a@example.com", 1).await;
    assert_eq!(status, 201, "a forged attribution is ignored, not an error");
    let bot = app
        .client
        .get(app.url(&format!("/p/matcha-kitkat?ref={code}")))
        .header("user-agent", "facebookexternalhit/1.1")
        .send()
        .await
        .unwrap();
    assert!(bot.headers().get("set-cookie").is_none());
    assert_eq!(
        stats(&app, &promoter).await["clicks"],
        1,
        "only the one real click"
    );
}

#[tokio::test]
async fn a_gift_through_a_link_counts_for_the_promoter_and_its_cancel_reverses_the_commission() {
    let (app, promoter, code, _) = setup().await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let body = json!({
        "lines": [{"product_id": "matcha-kitkat", "variant_id": "matcha-kitkat-12", "quantity": 2}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "", "allow_variant_choice": false}
    });
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .header("cookie", &cookies)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let order: Value = r.json().await.unwrap();
    let total = order["lines"][0]["line_total"]["amount"].as_i64().unwrap() / 10;
    assert_eq!(
        stats(&app, &promoter).await["commission"]["pending"]["amount"]
            .as_i64()
            .unwrap(),
        total
    );
    let token = order["token"].as_str().unwrap();
    assert_eq!(
        app.client
            .post(app.url(&format!("/api/orders/{token}/cancel-gift")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let s = stats(&app, &promoter).await;
    assert_eq!(
        s["commission"]["reversed"]["amount"].as_i64().unwrap(),
        total
    );
    assert_eq!(s["commission"]["pending"]["amount"], 0);
}

#[tokio::test]
async fn fifty_concurrent_orders_through_one_link_are_fifty_attributed_orders_with_an_exact_sum() {
    let (app, promoter, code, _) = setup().await;
    let admin = app.sign_in(ADMIN).await;
    app.call(
        Method::POST,
        "/api/admin/variants/matcha-kitkat-12/stock",
        Some(&admin),
        Some(json!({"rule": "adjust", "delta": 100})),
    )
    .await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let results = join_all((0..50).map(|i| {
        let (app, cookies) = (&app, &cookies);
        async move { buy(app, cookies, &format!("buyer{i}@example.com"), 1).await }
    }))
    .await;
    assert!(results.iter().all(|(s, _)| *s == 201));
    let expected: i64 = results
        .iter()
        .map(|(_, o)| o["lines"][0]["line_total"]["amount"].as_i64().unwrap() / 10)
        .sum();
    let s = stats(&app, &promoter).await;
    assert_eq!(s["orders"], 50);
    assert_eq!(
        s["commission"]["pending"]["amount"].as_i64().unwrap(),
        expected
    );
}

#[tokio::test]
async fn promoters_see_only_their_own_numbers_and_other_roles_none() {
    let (app, promoter, code, plan_id) = setup().await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    buy(&app, &cookies, "x@example.com", 1).await;
    let (_, b) = app.sign_up_promoter("b@example.com", "B").await;
    let theirs = stats(&app, &b).await;
    assert_eq!(
        (theirs["clicks"].as_u64(), theirs["orders"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(stats(&app, &promoter).await["orders"], 1);
    for route in [
        "/api/promoter/stats",
        "/api/promoter/links",
        "/api/promoter/orders.csv",
    ] {
        assert_eq!(app.call(Method::GET, route, None, None).await.status, 401);
        assert_eq!(
            app.call(Method::GET, route, Some(&app.sign_in(ADMIN).await), None)
                .await
                .status,
            403
        );
    }
    assert_eq!(
        app.call(Method::GET, "/api/admin/plans", Some(&promoter), None)
            .await
            .status,
        403
    );
    // Pausing the plan stops new attribution; what was earned stays.
    let admin = app.sign_in(ADMIN).await;
    assert_eq!(
        app.call(
            Method::POST,
            &format!("/api/admin/plans/{plan_id}/pause"),
            Some(&admin),
            None
        )
        .await
        .status,
        204
    );
    buy(&app, &cookies, "y@example.com", 1).await;
    assert_eq!(stats(&app, &promoter).await["orders"], 1);
    assert!(
        open_link(&app, &format!("/p/matcha-kitkat?ref={code}"))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn plans_need_sane_numbers_and_real_products() {
    let (app, _, _, _) = setup().await;
    let admin = app.sign_in(ADMIN).await;
    let bad = json!({"name": "X", "commission_bps": 9000, "window_days": 0, "product_ids": [], "starts_on": today_plus(0), "ends_on": today_plus(1)});
    assert_eq!(
        app.call(Method::POST, "/api/admin/plans", Some(&admin), Some(bad))
            .await
            .status,
        422
    );
    let ghost = json!({"name": "X", "commission_bps": 100, "product_ids": ["ghost"], "starts_on": today_plus(0), "ends_on": today_plus(1)});
    assert_eq!(
        app.call(Method::POST, "/api/admin/plans", Some(&admin), Some(ghost))
            .await
            .status,
        422
    );
}

#[tokio::test]
async fn a_confirmed_commission_is_mailed_to_its_promoter_once() {
    let mail = crate::mailbox::Mailbox::start();
    let url = mail.url();
    let (app, _, code, _) = setup_with(|c| {
        c.smtp_url = Some(url);
        c.outbox_every_ms = 50;
    })
    .await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let (status, order) = buy(&app, &cookies, "yuki@example.com", 3).await;
    assert_eq!(status, 201, "{order}");
    let commission = order["lines"][0]["line_total"]["amount"].as_i64().unwrap() / 10;
    let admin = app.sign_in(ADMIN).await;
    let token = order["token"].as_str().unwrap();
    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "JP-12345"})),
        )
        .await;
    assert_eq!(shipped.status, 200);
    let got = mail.wait_for(PROMOTER.0, 1).await;
    let reference = order["reference"].as_str().unwrap();
    assert!(
        got[0]["subject"].as_str().unwrap().contains(reference),
        "{got:#?}"
    );
    let amount = omiyage_core::lang::Lang::Ja.price(omiyage_api::Money::jpy(commission));
    assert!(
        got[0]["text"].as_str().unwrap().contains(&amount),
        "{amount}: {got:#?}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mail.wait_for(PROMOTER.0, 1).await.len(), 1, "told once");
}

/// The promoter's attributed orders as CSV rows: (reference, commission_bps, commission, new_buyer).
pub(crate) async fn credited(app: &TestApp, promoter: &str) -> Vec<(String, i64, i64, bool)> {
    let csv = app.text("/api/promoter/orders.csv", promoter).await;
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[4].parse().unwrap(),
                f[5].parse().unwrap(),
                f[6] == "1",
            )
        })
        .collect()
}
