//! The points sweep: expiry after the period with an email before, and a rank's birthday
//! coupon once a year.

use serde_json::json;

use super::{buy, ledger, member, order, set_rules, ship, standing, swept};
use crate::helpers::*;

#[tokio::test]
async fn points_expire_after_the_period_with_an_email_before() {
    let day = 86_400;
    let (app, clock) = spawn_app_at(1_800_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    set_rules(
        &app,
        &admin,
        json!({"rate_bps": 1000, "expiry_days": 60, "notice_days": 10}),
    )
    .await;
    let item = app.add_limited_product(10, 3_000).await;
    let email = "expiry@example.com";
    let cookie = member(&app, email).await;
    let (status, o) = buy(
        &app,
        Some(&cookie),
        &order(email, (&item.0, &item.1), 1, test_card(), 0),
    )
    .await;
    assert_eq!(status, 201, "{o}");
    ship(&app, &admin, &o).await;
    assert_eq!(standing(&app, &cookie).await["balance"], 300);

    // Nothing before the notice period; then one email, once.
    clock.advance(49 * day);
    assert_eq!(swept(&app).await, (0, 0));
    clock.advance(2 * day);
    assert_eq!(swept(&app).await, (0, 1));
    assert_eq!(swept(&app).await, (0, 0));
    app.drain_outbox().await;
    let texts = app.email_texts(email, "points_expiring").await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("300 points"), "{}", texts[0]);

    // At the end of the period they expire: the balance is 0, the ledger says why.
    clock.advance(10 * day);
    assert_eq!(swept(&app).await, (1, 0));
    // (The session of 60 days ago has ended: signed in again.)
    let cookie = member(&app, email).await;
    let s = standing(&app, &cookie).await;
    assert_eq!(s["balance"], 0, "{s}");
    assert_eq!(s["entries"][0]["kind"], "expire");
    assert_eq!(s["entries"][0]["amount"], -300);
    assert_eq!(ledger(&app, email).await, (0, 0));
}

#[tokio::test]
async fn a_rank_with_a_birthday_gift_sends_a_coupon_in_the_birth_month_once_a_year() {
    let day = 86_400;
    // 2027-01-15 17:00 JST.
    let (app, clock) = spawn_app_at(1_800_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    let rules = json!({"rate_bps": 100, "expiry_days": 365, "notice_days": 30, "ranks": [
        {"name": "Gold", "from_spend": 2000, "rate_bps": 300, "birthday_coupon": 500}]});
    set_rules(&app, &admin, rules).await;
    let item = app.add_limited_product(10, 3_000).await;
    let (gold, plain) = ("birthday-gold@example.com", "birthday-plain@example.com");
    let gold_cookie = member(&app, gold).await;
    let plain_cookie = member(&app, plain).await;
    let birthday = |cookie: String, month: &'static str, day: &'static str| {
        let app = &app;
        async move {
            crate::members::no_redirect()
                .post(app.url("/account/preferences"))
                .header("cookie", cookie)
                .form(&[("lang", "en"), ("birth_month", month), ("birth_day", day)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        birthday(gold_cookie.clone(), "2", "30").await,
        303,
        "no such day"
    );
    let refused = app
        .client
        .get(app.url("/account?saved=birthday"))
        .header("cookie", &gold_cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        refused.contains(r#"data-test="preferences-refused""#),
        "{refused}"
    );
    assert!(
        refused.contains(r#"<option value="" selected>—</option>"#),
        "nothing saved"
    );
    assert_eq!(birthday(gold_cookie.clone(), "2", "3").await, 303);
    assert_eq!(birthday(plain_cookie.clone(), "2", "20").await, 303);
    let page = crate::members::my_page(&app, &gold_cookie).await;
    assert!(
        page.contains(r#"<option value="3" selected>3</option>"#),
        "{page}"
    );
    // Gold by a shipped ¥3,000 order.
    let (status, o) = buy(
        &app,
        Some(&gold_cookie),
        &order(gold, (&item.0, &item.1), 1, test_card(), 0),
    )
    .await;
    assert_eq!(status, 201, "{o}");
    ship(&app, &admin, &o).await;

    // January: nothing. February: the Gold member's coupon, once; the other has no rank.
    assert_eq!(
        omiyage_server::sweep_points(&app.state)
            .await
            .unwrap()
            .birthday_coupons,
        0
    );
    clock.advance(20 * day);
    assert_eq!(
        omiyage_server::sweep_points(&app.state)
            .await
            .unwrap()
            .birthday_coupons,
        1
    );
    assert_eq!(
        omiyage_server::sweep_points(&app.state)
            .await
            .unwrap()
            .birthday_coupons,
        0
    );
    let texts = app.email_texts(gold, "birthday_coupon").await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(app.email_texts(plain, "birthday_coupon").await.is_empty());
    let code = texts[0]
        .split("code ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    assert!(code.starts_with("BDAY"), "{code}");
    // The code takes ¥500 off their next order, once.
    let gold_cookie = member(&app, gold).await;
    let mut req = order(gold, (&item.0, &item.1), 1, test_card(), 0);
    req.coupon = Some(code.into());
    let (status, next) = buy(&app, Some(&gold_cookie), &req).await;
    assert_eq!(status, 201, "{next}");
    assert_eq!(next["total"]["amount"], 3_000 + 600 - 500);
    let (status, again) = buy(&app, Some(&gold_cookie), &req).await;
    assert_eq!(status, 409, "{again}");
}
