//! Members' points and ranks through the API: earned when an order ships, spent at checkout
//! as a discount the taxes follow, given back and taken back by refunds (card orders, through
//! the Stripe emulator), a rank's free shipping at checkout, the refusals, expiry with its
//! email, and the races: checkouts spending the same points, and a hundred credits and
//! refunds at once leaving the balance equal to the ledger.

use omiyage_api::{CheckoutRequest, PaymentChoice};
use reqwest::Method;
use serde_json::{Value, json};

use crate::card_payments::{VISA, card_shop};
use crate::emulator::Emulator;
use crate::helpers::*;
use crate::members::{ask, emailed_token, use_link};

mod sweeps;

/// Signs `email` in by the emailed link: the member cookie.
async fn member(app: &TestApp, email: &str) -> String {
    assert_eq!(ask(app, email).await.0, 200);
    let token = emailed_token(app, email).await;
    use_link(app, &token).await.1.expect("a member cookie")
}

/// Checks out as the member (their cookie), with their email.
async fn buy(app: &TestApp, cookie: Option<&str>, req: &CheckoutRequest) -> (u16, Value) {
    let mut r = app
        .client
        .post(app.url("/api/checkout"))
        .header("Idempotency-Key", key())
        .header("accept-language", "en")
        .json(req);
    if let Some(cookie) = cookie {
        r = r.header("cookie", cookie);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn order(
    email: &str,
    (product, variant): (&str, &str),
    quantity: i64,
    pay: PaymentChoice,
    points: u32,
) -> CheckoutRequest {
    let mut req = order_for(&[(product, variant, quantity)], pay);
    req.contact.email = email.into();
    req.points = points;
    req
}

async fn standing(app: &TestApp, cookie: &str) -> Value {
    let r = app
        .call(Method::GET, "/api/me/points", Some(cookie), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

async fn admin_post(app: &TestApp, admin: &str, path: &str, body: Value) -> Answer {
    app.call(Method::POST, path, Some(admin), Some(body)).await
}

async fn ship(app: &TestApp, admin: &str, order: &Value) {
    let token = order["token"].as_str().unwrap();
    let path = format!("/api/admin/orders/{token}/ship");
    let r = admin_post(
        app,
        admin,
        &path,
        json!({"tracking_number": "1234-5678-9012"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn refund(app: &TestApp, admin: &str, order: &Value, amount: i64, cancel: bool) -> Answer {
    let token = order["token"].as_str().unwrap();
    let path = format!("/api/admin/orders/{token}/refund");
    let body = json!({"amount": amount, "reason": "Sorry", "cancel": cancel});
    admin_post(app, admin, &path, body).await
}

async fn set_rules(app: &TestApp, admin: &str, rules: Value) {
    let r = app
        .call(Method::PUT, "/api/admin/points", Some(admin), Some(rules))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The member's balance and the sum of their ledger, read from the database.
async fn ledger(app: &TestApp, email: &str) -> (i64, i64) {
    use sqlx::Connection;
    let sql = "SELECT m.points, CAST((SELECT COALESCE(SUM(e.amount), 0) FROM point_entries e \
               WHERE e.member_id = m.id) AS BIGINT) AS ledger FROM members m WHERE m.email = $1";
    match app.database_url() {
        Some(url) => {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_as(sql)
                .bind(email)
                .fetch_one(&mut conn)
                .await
                .unwrap()
        }
        None => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(app.db_path())
                .read_only(true);
            let mut conn = sqlx::SqliteConnection::connect_with(&options)
                .await
                .unwrap();
            sqlx::query_as(sql)
                .bind(email)
                .fetch_one(&mut conn)
                .await
                .unwrap()
        }
    }
}

/// Runs the points sweep: (expired, told).
async fn swept(app: &TestApp) -> (usize, usize) {
    let s = omiyage_server::sweep_points(&app.state).await.unwrap();
    (s.expired, s.told)
}

/// A member of a shop earning `rate_bps`, whose first order (`quantity` of a ¥`price` item,
/// the item's stock 100) shipped: (their cookie, the item's product and variant).
async fn member_who_earned(
    app: &TestApp,
    admin: &str,
    email: &str,
    rate_bps: u32,
    (price, quantity): (i64, i64),
) -> (String, (String, String)) {
    let rules = json!({"rate_bps": rate_bps, "expiry_days": 365, "notice_days": 30});
    set_rules(app, admin, rules).await;
    let item = app.add_limited_product(100, price).await;
    let cookie = member(app, email).await;
    let req = order(email, (&item.0, &item.1), quantity, test_card(), 0);
    let (status, first) = buy(app, Some(&cookie), &req).await;
    assert_eq!(status, 201, "{first}");
    ship(app, admin, &first).await;
    (cookie, item)
}

async fn card(stripe: &Emulator) -> PaymentChoice {
    PaymentChoice::Card {
        payment_method: stripe.card(VISA).await,
    }
}

#[tokio::test]
async fn points_are_earned_on_shipping_spent_at_checkout_and_follow_refunds() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let item = app.add_limited_product(100, 2_000).await;
    let item = (item.0.as_str(), item.1.as_str());
    let email = "points@example.com";
    let cookie = member(&app, email).await;
    // 1 % for everyone; Silver from ¥3,000 a year: 2 % and free shipping from ¥3,000.
    set_rules(
        &app,
        &admin,
        json!({"rate_bps": 100, "expiry_days": 365, "notice_days": 30,
               "ranks": [{"name": "Silver", "from_spend": 3000, "rate_bps": 200, "free_shipping_from": 3000}]}),
    )
    .await;
    let s = standing(&app, &cookie).await;
    assert_eq!(
        (s["balance"].as_i64(), s["rate_bps"].as_i64()),
        (Some(0), Some(100))
    );
    assert_eq!(s["next"]["rank"]["name"], "Silver");

    // A guest cannot spend points; a member cannot spend more than they have.
    let (status, body) = buy(&app, None, &order(email, item, 1, card(&stripe).await, 10)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(error_fields(&body), ["points"]);
    let (status, body) = buy(
        &app,
        Some(&cookie),
        &order(email, item, 1, card(&stripe).await, 10),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["message"], "You have 0 points to spend.");

    // ¥4,000 of goods + ¥600 shipping: nothing earned until it ships, then 1 %.
    let (status, first) = buy(
        &app,
        Some(&cookie),
        &order(email, item, 2, card(&stripe).await, 0),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["total"]["amount"], 4_600);
    assert_eq!(standing(&app, &cookie).await["balance"], 0);
    ship(&app, &admin, &first).await;
    let s = standing(&app, &cookie).await;
    assert_eq!(s["balance"], 40, "{s}");
    assert_eq!(s["spend"]["amount"], 4_000);
    assert_eq!(s["rank"]["name"], "Silver", "{s}");
    assert_eq!(
        (s["rate_bps"].as_i64(), s["free_shipping_from"].as_i64()),
        (Some(200), Some(3_000))
    );
    assert!(s["expires_at"].as_i64().is_some());
    let page = crate::members::my_page(&app, &cookie).await;
    assert!(page.contains(r#"data-test="points-balance">40<"#), "{page}");
    assert!(
        page.contains(r#"data-test="member-rank">Silver<"#),
        "{page}"
    );

    // Silver ships ¥4,000 free; 40 points come off the goods, and the tax is on what is paid.
    let (status, second) = buy(
        &app,
        Some(&cookie),
        &order(email, item, 2, card(&stripe).await, 40),
    )
    .await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["shipping"]["amount"], 0);
    assert_eq!(second["total"]["amount"], 3_960);
    assert_eq!(second["points"], 40);
    assert_eq!(second["lines"][0]["discount"], 40);
    let taxed: i64 = second["taxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["taxable"]["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(taxed, 3_960, "{second}");
    assert_eq!(standing(&app, &cookie).await["balance"], 0);
    let token = second["token"].as_str().unwrap();
    let (_, receipt) = app.page(&format!("/o/{token}/receipt"), "en").await;
    assert!(
        receipt.contains(
            r#"data-test="receipt-points"><td>Points used</td><td></td><td class="n">−¥40"#
        ),
        "{receipt}"
    );

    // Cancelled with its money refunded: the 40 points come back.
    let r = refund(&app, &admin, &second, 3_960, true).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(standing(&app, &cookie).await["balance"], 40);

    // Half of the first order refunded: half of what it earned goes back.
    let r = refund(&app, &admin, &first, 2_300, false).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = standing(&app, &cookie).await;
    assert_eq!(s["balance"], 20, "{s}");
    assert_eq!(
        s["spend"]["amount"], 2_000,
        "the refund counts against the rank too"
    );
    assert!(s["rank"].is_null(), "{s}");
    let kinds: Vec<&str> = s["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["earn", "return", "spend", "earn"]);
    let (balance, sum) = ledger(&app, email).await;
    assert_eq!((balance, sum), (20, 20));

    // Bad rules change nothing.
    let r = app
        .call(
            Method::PUT,
            "/api/admin/points",
            Some(&admin),
            Some(json!({"rate_bps": 100, "expiry_days": 30, "notice_days": 30, "ranks": []})),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(error_fields(&r.body), ["notice_days"]);
    let r = app
        .call(Method::GET, "/api/admin/points", Some(&admin), None)
        .await;
    assert_eq!(r.body["ranks"][0]["name"], "Silver");
    let staff = app.sign_in(STAFF).await;
    let r = app
        .call(Method::GET, "/api/admin/points", Some(&staff), None)
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        app.call(Method::GET, "/api/me/points", None, None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn checkouts_racing_to_spend_the_same_points_place_one_order() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    // 50 %: one shipped ¥1,000 order earns 500 points.
    let email = "racer@example.com";
    let (cookie, item) = member_who_earned(&app, &admin, email, 5000, (1_000, 1)).await;
    let item = (item.0.as_str(), item.1.as_str());
    assert_eq!(standing(&app, &cookie).await["balance"], 500);

    // Ten checkouts of ¥2,000 each spending the same 500 points at once: one is placed.
    let req = order(email, item, 2, test_card(), 500);
    let answers = futures::future::join_all((0..10).map(|_| buy(&app, Some(&cookie), &req))).await;
    let placed: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    let refused = answers.iter().filter(|(s, _)| *s == 409).count();
    println!(
        "10 checkouts spending the same 500 points: {} placed, {refused} refused",
        placed.len()
    );
    assert_eq!((placed.len(), refused), (1, 9), "{answers:?}");
    assert_eq!(placed[0]["total"]["amount"], 2_000 + 600 - 500);
    assert_eq!(ledger(&app, email).await, (0, 0));
    assert_eq!(
        app.stock_of(item.0, item.1).await,
        100 - 1 - 2,
        "the refused orders took no stock"
    );
}

#[tokio::test]
async fn a_hundred_credits_and_refunds_at_once_leave_the_balance_equal_to_the_ledger() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    // 10 %: each ¥1,000 order earns 100 points when it ships.
    set_rules(
        &app,
        &admin,
        json!({"rate_bps": 1000, "expiry_days": 365, "notice_days": 30}),
    )
    .await;
    let item = app.add_limited_product(200, 1_000).await;
    let item = (item.0.as_str(), item.1.as_str());
    let email = "busy@example.com";
    let cookie = member(&app, email).await;
    let mut orders = Vec::new();
    for _ in 0..100 {
        let (status, o) = buy(
            &app,
            Some(&cookie),
            &order(email, item, 1, card(&stripe).await, 0),
        )
        .await;
        assert_eq!(status, 201, "{o}");
        orders.push(o);
    }
    // Half shipped first (5,000 points)...
    for o in &orders[..50] {
        ship(&app, &admin, o).await;
    }
    assert_eq!(standing(&app, &cookie).await["balance"], 5_000);
    // ...then, at once, the other half shipped and the first half refunded in full.
    let ships = orders[50..].iter().map(|o| {
        let token = o["token"].as_str().unwrap().to_string();
        let (app, admin) = (&app, &admin);
        async move {
            let path = format!("/api/admin/orders/{token}/ship");
            admin_post(
                app,
                admin,
                &path,
                json!({"tracking_number": "1234-5678-9012"}),
            )
            .await
            .status
        }
    });
    let refunds = orders[..50].iter().map(|o| {
        let (app, admin) = (&app, &admin);
        async move { refund(app, admin, o, 1_600, false).await.status }
    });
    let (shipped, refunded) = futures::future::join(
        futures::future::join_all(ships),
        futures::future::join_all(refunds),
    )
    .await;
    assert!(
        shipped.iter().chain(&refunded).all(|s| *s == 200),
        "{shipped:?} {refunded:?}"
    );
    let (balance, sum) = ledger(&app, email).await;
    println!("100 credits and refunds at once: balance {balance}, ledger {sum}");
    assert_eq!((balance, sum), (5_000, 5_000));
}

#[tokio::test]
async fn a_gift_earns_unit_by_unit_and_a_declined_unit_gives_its_points_back() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let email = "giver@example.com";
    let (cookie, item) = member_who_earned(&app, &admin, email, 1000, (1_000, 3)).await;
    let item = (item.0.as_str(), item.1.as_str());
    assert_eq!(standing(&app, &cookie).await["balance"], 300);

    // A gift of two units (¥2,000, shipping included) paid ¥1,800 and 200 points.
    let mut req = order(email, item, 2, test_card(), 200);
    req.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Hana".into(),
        ..Default::default()
    });
    let (status, gift) = buy(&app, Some(&cookie), &req).await;
    assert_eq!(status, 201, "{gift}");
    assert_eq!(gift["total"]["amount"], 1_800);
    assert_eq!(standing(&app, &cookie).await["balance"], 100);
    let claim_token = gift["gift"]["claim_token"].as_str().unwrap();

    // One unit claimed: it earns 10 % of what it paid (¥900).
    let (status, body) = crate::gifts::claim(&app.http, claim_token, &key(), "Taro").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(standing(&app, &cookie).await["balance"], 100 + 90);
    // The other declined: its share of the points spent (100) comes back.
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{claim_token}/decline")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let s = standing(&app, &cookie).await;
    assert_eq!(s["balance"], 100 + 90 + 100, "{s}");
    assert_eq!(ledger(&app, email).await, (290, 290));
}
