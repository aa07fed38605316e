//! Paying promoters: confirmed commission is held for the return window, then payable; the
//! admin pays it with a reference (never past the balance, also when racing); a refund after a
//! payout leaves a negative balance; the ledger as CSV; each promoter sees only their own.

use std::sync::Arc;

use futures::future::join_all;
use omiyage_api::PaymentChoice;
use omiyage_server::ManualClock;
use reqwest::Method;
use serde_json::{Value, json};

use crate::card_payments::VISA;
use crate::emulator::Emulator;
use crate::helpers::{ADMIN, Answer, PROMOTER, STAFF, TestApp, test_card};
use crate::promotions::{buy_with, open_link, setup_plan};

const DAY: i64 = 86_400;
const HOLD: i64 = 14 * DAY;

async fn balance(app: &TestApp, promoter: &str) -> Value {
    let b = app
        .call(Method::GET, "/api/promoter/payouts", Some(promoter), None)
        .await;
    assert_eq!(b.status, 200, "{}", b.body);
    b.body
}

fn yen(v: &Value, field: &str) -> i64 {
    v[field]["amount"].as_i64().unwrap()
}

async fn ship(app: &TestApp, admin: &str, order: &Value) {
    let token = order["token"].as_str().unwrap();
    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/ship"),
            Some(admin),
            Some(json!({"tracking_number": "JP-77"})),
        )
        .await;
    assert!(shipped.status < 300, "{}", shipped.body);
}

async fn pay_out(
    app: &TestApp,
    admin: &str,
    account: &str,
    amount: i64,
    reference: &str,
) -> Answer {
    app.call(
        Method::POST,
        "/api/admin/payouts",
        Some(admin),
        Some(json!({"account_id": account, "amount": amount, "reference": reference})),
    )
    .await
}

fn commission_of(order: &Value) -> i64 {
    order["lines"][0]["line_total"]["amount"].as_i64().unwrap() / 10
}

#[tokio::test]
async fn commission_is_held_for_the_return_window_then_paid_and_a_later_refund_leaves_a_negative_balance()
 {
    let stripe = Emulator::start().await;
    let clock = Arc::new(ManualClock::starting_now());
    let (stripe_config, moved) = (stripe.config(), clock.clone());
    let (app, promoter, code, _) = setup_plan(json!({}), move |c| {
        c.stripe = Some(stripe_config);
        c.clock = moved;
    })
    .await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let card = PaymentChoice::Card {
        payment_method: stripe.card(VISA).await,
    };
    let (status, order) = buy_with(&app, &cookies, "hana@example.com", 2, card).await;
    assert_eq!(status, 201, "{order}");
    let commission = commission_of(&order);
    let total = order["total"]["amount"].as_i64().unwrap();
    assert!(commission > 0);

    // Pending (not shipped): nothing in the ledger yet.
    let b = balance(&app, &promoter).await;
    assert_eq!((yen(&b, "held"), yen(&b, "balance")), (0, 0), "{b}");
    let admin = app.sign_in(ADMIN).await;
    let me = app
        .call(Method::GET, "/api/auth/me", Some(&promoter), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = pay_out(&app, &admin, &me, 1, "BANK-0").await;
    assert_eq!(r.status, 422, "{}", r.body);

    // Shipped: confirmed, held for the return window.
    ship(&app, &admin, &order).await;
    let b = balance(&app, &promoter).await;
    assert_eq!(
        (yen(&b, "held"), yen(&b, "payable"), yen(&b, "balance")),
        (commission, 0, 0),
        "{b}"
    );
    assert_eq!(b["next_release_at"], clock_now(&clock) + HOLD);
    let r = pay_out(&app, &admin, &me, commission, "BANK-1").await;
    assert_eq!(r.status, 422, "inside the hold nothing is owed: {}", r.body);
    assert_eq!(r.body["error"]["fields"][0]["field"], "amount");

    // After the hold: payable and owed.
    clock.advance(HOLD);
    let (admin, promoter) = (app.sign_in(ADMIN).await, app.sign_in(PROMOTER).await);
    let b = balance(&app, &promoter).await;
    assert_eq!(
        (yen(&b, "held"), yen(&b, "payable"), yen(&b, "balance")),
        (0, commission, commission),
        "{b}"
    );
    let all = app
        .call(Method::GET, "/api/admin/payouts", Some(&admin), None)
        .await;
    assert_eq!(all.status, 200, "{}", all.body);
    let row = all
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account_id"] == me.as_str())
        .unwrap();
    assert_eq!(yen(row, "balance"), commission);

    // Bad payouts change nothing; the right one brings the balance to zero.
    for (amount, reference) in [
        (commission + 1, "BANK-2"),
        (0, "BANK-2"),
        (commission, "  "),
    ] {
        let r = pay_out(&app, &admin, &me, amount, reference).await;
        assert_eq!(r.status, 422, "{amount} {reference:?}: {}", r.body);
    }
    let r = pay_out(&app, &admin, "no-such-promoter", 1, "BANK-2").await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = pay_out(&app, &admin, &me, commission, " BANK-2 ").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["reference"], "BANK-2");
    let b = balance(&app, &promoter).await;
    assert_eq!(
        (yen(&b, "paid"), yen(&b, "balance")),
        (commission, 0),
        "{b}"
    );
    assert_eq!(b["payouts"][0]["reference"], "BANK-2");

    // A day later the buyer returns half: the refund takes its share back; the balance goes
    // negative.
    clock.advance(DAY);
    let (admin, promoter) = (app.sign_in(ADMIN).await, app.sign_in(PROMOTER).await);
    let token = order["token"].as_str().unwrap();
    let refund = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/refund"),
            Some(&admin),
            Some(json!({"amount": total / 2, "reason": "One box returned"})),
        )
        .await;
    assert!(refund.status < 300, "{}", refund.body);
    let reversed = commission * (total / 2) / total;
    assert!(reversed > 0);
    let b = balance(&app, &promoter).await;
    assert_eq!(
        (yen(&b, "payable"), yen(&b, "balance")),
        (commission - reversed, -reversed),
        "{b}"
    );
    let r = pay_out(&app, &admin, &me, 1, "BANK-3").await;
    assert_eq!(
        r.status, 422,
        "nothing is owed while the balance is negative: {}",
        r.body
    );
    let stats = app
        .call(Method::GET, "/api/promoter/stats", Some(&promoter), None)
        .await
        .body;
    assert_eq!(
        (
            yen(&stats["commission"], "confirmed"),
            yen(&stats["commission"], "reversed")
        ),
        (commission - reversed, reversed),
        "{stats}"
    );

    // The ledger, line by line, ends at the balance.
    let csv = app.text("/api/admin/payouts.csv", &admin).await;
    let lines: Vec<&str> = csv.lines().filter(|l| l.starts_with("promoter@")).collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[0].contains(&format!(
            ",earned,{},,{commission},{commission}",
            order["reference"].as_str().unwrap()
        )),
        "{csv}"
    );
    assert!(
        lines[1].contains(&format!(",payout,,BANK-2,-{commission},0")),
        "{csv}"
    );
    assert!(
        lines[2].ends_with(&format!(
            ",reversed,{},,-{reversed},-{reversed}",
            order["reference"].as_str().unwrap()
        )),
        "{csv}"
    );
}

fn clock_now(clock: &ManualClock) -> i64 {
    omiyage_server::Clock::now(clock)
}

/// A shop where the demo promoter's link sold an order that shipped and whose return window has
/// passed: the app, the admin's and the promoter's sessions, the promoter's id, the order.
async fn commission_released() -> (TestApp, String, String, String, Value) {
    let clock = Arc::new(ManualClock::starting_now());
    let moved = clock.clone();
    let (app, _, code, _) = setup_plan(json!({}), move |c| c.clock = moved).await;
    let cookies = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let (status, order) = buy_with(&app, &cookies, "kenji@example.com", 3, test_card()).await;
    assert_eq!(status, 201, "{order}");
    let admin = app.sign_in(ADMIN).await;
    ship(&app, &admin, &order).await;
    clock.advance(HOLD + 1);
    let admin = app.sign_in(ADMIN).await;
    let promoter = app.sign_in(PROMOTER).await;
    let me = app
        .call(Method::GET, "/api/auth/me", Some(&promoter), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    (app, admin, promoter, me, order)
}

#[tokio::test]
async fn payouts_racing_for_one_balance_pay_it_once() {
    let (app, admin, promoter, me, order) = commission_released().await;
    let owed = yen(&balance(&app, &promoter).await, "balance");
    assert_eq!(owed, commission_of(&order));
    let answers = join_all((0..12).map(|i| {
        let (app, admin, me) = (&app, &admin, &me);
        async move { pay_out(app, admin, me, owed, &format!("RACE-{i}")).await }
    }))
    .await;
    let paid = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(
        paid,
        1,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(answers.iter().all(|a| a.status == 201 || a.status == 422));
    let b = balance(&app, &promoter).await;
    assert_eq!((yen(&b, "paid"), yen(&b, "balance")), (owed, 0), "{b}");
    assert_eq!(b["payouts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_the_admin_sees_every_balance_and_a_promoter_only_their_own() {
    let (app, promoter, _, _) = setup_plan(json!({}), |_| {}).await;
    let staff = app.sign_in(STAFF).await;
    for path in ["/api/admin/payouts", "/api/admin/payouts.csv"] {
        assert_eq!(
            app.call(Method::GET, path, Some(&promoter), None)
                .await
                .status,
            403,
            "{path}"
        );
        assert_eq!(
            app.call(Method::GET, path, Some(&staff), None).await.status,
            403,
            "{path}"
        );
        assert_eq!(
            app.call(Method::GET, path, None, None).await.status,
            401,
            "{path}"
        );
    }
    let r = pay_out(&app, &promoter, "anyone", 1, "SELF").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(
        app.call(Method::GET, "/api/promoter/payouts", Some(&staff), None)
            .await
            .status,
        403
    );
    let b = balance(&app, &promoter).await;
    assert_eq!(
        (yen(&b, "balance"), b["payouts"].as_array().unwrap().len()),
        (0, 0)
    );
}

/// Posts a payout with an `Idempotency-Key`.
async fn pay_out_with_key(
    app: &TestApp,
    admin: &str,
    key: &str,
    (account, amount, reference): (&str, i64, &str),
) -> (u16, Value) {
    let r = app
        .client
        .post(app.url("/api/admin/payouts"))
        .header("cookie", admin)
        .header("Idempotency-Key", key)
        .json(&json!({"account_id": account, "amount": amount, "reference": reference}))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn the_same_payout_sent_twice_with_its_key_is_recorded_once() {
    let (app, admin, promoter, me, _) = commission_released().await;
    let part = yen(&balance(&app, &promoter).await, "balance") / 3;
    assert!(part > 0);

    // Ten requests with one key at once (a double click, a retry after a timeout): one payout,
    // and every answer is that payout.
    let answers = join_all((0..10).map(|_| {
        let (app, admin, me) = (&app, &admin, &me);
        async move { pay_out_with_key(app, admin, "key-1", (me, part, "BANK-1")).await }
    }))
    .await;
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 1, "{answers:?}");
    assert!(
        answers.iter().all(|(s, _)| *s == 201 || *s == 200),
        "{answers:?}"
    );
    let id = &answers[0].1["id"];
    assert!(answers.iter().all(|(_, p)| &p["id"] == id), "{answers:?}");
    let b = balance(&app, &promoter).await;
    assert_eq!(b["payouts"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(yen(&b, "paid"), part);

    // The key again for another amount is refused and records nothing; a new key pays.
    let (status, body) = pay_out_with_key(&app, &admin, "key-1", (&me, part + 1, "BANK-1")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "idempotency_mismatch", "{body}");
    let (status, again) = pay_out_with_key(&app, &admin, "key-2", (&me, part, "BANK-2")).await;
    assert_eq!(status, 201, "{again}");
    assert_ne!(again["id"], *id);
    let b = balance(&app, &promoter).await;
    assert_eq!(b["payouts"].as_array().unwrap().len(), 2, "{b}");
    assert_eq!(yen(&b, "paid"), 2 * part);
}
