//! Promoter levels: the admin's ladder, a promoter climbing it as commission is confirmed,
//! orders earning the level's bonus on top of the plan's rate, and the rolling window letting a
//! level lapse at the daily recompute.

use std::sync::Arc;

use omiyage_server::{ManualClock, refresh_levels};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, PROMOTER, STAFF, TestApp};
use crate::promotions::{buy_with, credited, open_link, setup_plan, today_plus};

async fn level(app: &TestApp, promoter: &str) -> Value {
    let s = app
        .call(Method::GET, "/api/promoter/stats", Some(promoter), None)
        .await;
    assert_eq!(s.status, 200, "{}", s.body);
    s.body["level"].clone()
}

async fn ship(app: &TestApp, order: &Value) {
    let admin = app.sign_in(ADMIN).await;
    let token = order["token"].as_str().unwrap();
    let r = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{token}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "JP-LEVEL"})),
        )
        .await;
    assert!(r.status < 300, "{}", r.body);
}

fn ladder() -> Value {
    json!({"window_days": 30, "levels": [
        {"name": "★1", "min_sales": 0, "min_orders": 1, "bonus_bps": 100},
        {"name": "★2", "min_sales": 2400, "min_orders": 2, "bonus_bps": 500},
    ]})
}

#[tokio::test]
async fn a_promoter_climbs_as_commission_is_confirmed_earns_the_bonus_and_the_level_lapses_with_the_window()
 {
    let clock = Arc::new(ManualClock::starting_now());
    let moved = clock.clone();
    let (app, promoter, code, _) =
        setup_plan(json!({"ends_on": today_plus(90)}), move |c| c.clock = moved).await;
    let admin = app.sign_in(ADMIN).await;
    let set = app
        .call(
            Method::PUT,
            "/api/admin/levels",
            Some(&admin),
            Some(ladder()),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["levels"][1]["name"], "★2");

    let l = level(&app, &promoter).await;
    assert_eq!(l["level"], Value::Null, "{l}");
    assert_eq!(
        (l["next"]["name"].as_str(), l["needs_orders"].as_u64()),
        (Some("★1"), Some(1))
    );

    let link = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let buy = |email: &'static str| {
        let (app, link) = (&app, link.clone());
        async move {
            let (status, order) = buy_with(app, &link, email, 1, crate::helpers::test_card()).await;
            assert_eq!(status, 201, "{order}");
            order
        }
    };
    let a = buy("a@example.com").await;
    ship(&app, &a).await;
    let l = level(&app, &promoter).await;
    assert_eq!(l["level"]["name"], "★1", "{l}");
    assert_eq!(l["next"]["name"], "★2");
    assert_eq!(
        (
            l["needs_sales"]["amount"].as_i64(),
            l["needs_orders"].as_u64()
        ),
        (Some(1200), Some(1))
    );

    // Placed at ★1: the plan's 10 % plus 1 %.
    let b = buy("b@example.com").await;
    ship(&app, &b).await;
    assert_eq!(level(&app, &promoter).await["level"]["name"], "★2");
    // Placed at ★2: 10 % plus 5 %; not yet shipped, it does not count towards the level.
    let _c = buy("c@example.com").await;
    let rates: Vec<(i64, i64)> = credited(&app, &promoter)
        .await
        .iter()
        .map(|r| (r.1, r.2))
        .collect();
    assert_eq!(rates, [(1000, 120), (1100, 132), (1500, 180)]);

    // A month later, the daily recompute: nothing confirmed inside the window, no level.
    clock.advance(31 * 86_400);
    assert!(refresh_levels(&app.state).await.unwrap() >= 1);
    let promoter = app.sign_in(PROMOTER).await;
    let l = level(&app, &promoter).await;
    assert_eq!(l["level"], Value::Null, "{l}");
    let link = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let (status, _) = buy_with(&app, &link, "d@example.com", 1, crate::helpers::test_card()).await;
    assert_eq!(status, 201);
    let last = credited(&app, &promoter).await.pop().unwrap();
    assert_eq!((last.1, last.2), (1000, 120));
}

#[tokio::test]
async fn a_ladder_must_rise_and_only_the_admin_sets_it() {
    let (app, promoter, _, _) = setup_plan(json!({}), |_| {}).await;
    let admin = app.sign_in(ADMIN).await;
    assert_eq!(
        app.call(
            Method::PUT,
            "/api/admin/levels",
            Some(&admin),
            Some(ladder())
        )
        .await
        .status,
        200
    );
    let falling = json!({"window_days": 30, "levels": [
        {"name": "★1", "min_sales": 5000, "min_orders": 3, "bonus_bps": 100},
        {"name": "★2", "min_sales": 1000, "min_orders": 3, "bonus_bps": 500},
    ]});
    for (body, field) in [
        (falling, "levels[1].min_sales"),
        (json!({"window_days": 0, "levels": []}), "window_days"),
        (
            json!({"window_days": 30, "levels": [{"name": " ", "min_sales": 0, "min_orders": 0, "bonus_bps": 0}]}),
            "levels[0].name",
        ),
        (
            json!({"window_days": 30, "levels": [{"name": "★", "min_sales": 0, "min_orders": 0, "bonus_bps": 5001}]}),
            "levels[0].bonus_bps",
        ),
    ] {
        let r = app
            .call(Method::PUT, "/api/admin/levels", Some(&admin), Some(body))
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.body["error"]["fields"][0]["field"], field, "{}", r.body);
    }
    let kept = app
        .call(Method::GET, "/api/admin/levels", Some(&admin), None)
        .await;
    assert_eq!(
        kept.body["levels"].as_array().unwrap().len(),
        2,
        "bad input changes nothing"
    );
    let staff = app.sign_in(STAFF).await;
    for who in [&promoter, &staff] {
        assert_eq!(
            app.call(Method::GET, "/api/admin/levels", Some(who), None)
                .await
                .status,
            403
        );
        assert_eq!(
            app.call(Method::PUT, "/api/admin/levels", Some(who), Some(ladder()))
                .await
                .status,
            403
        );
    }
    // An empty ladder: no levels, and the promoter's stats say so.
    let r = app
        .call(
            Method::PUT,
            "/api/admin/levels",
            Some(&admin),
            Some(json!({"window_days": 30, "levels": []})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(level(&app, &promoter).await, Value::Null);
}
