//! The new buyer's rate: a first order by an email earns it, a returning buyer the plan's rate, racing first orders one only.

use super::*;

#[tokio::test]
async fn a_new_buyers_first_order_earns_the_new_buyer_rate_and_a_returning_buyers_the_plan_rate() {
    let (app, promoter, code, plan_id) = setup_plan(json!({"new_buyer_bps": 2500.0}), |_| {}).await;
    let link = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    // Kaito bought once without any link: through the link later, he is a returning buyer.
    let (status, _) = buy(&app, "", "kaito@example.com", 1).await;
    assert_eq!(status, 201);
    let (status, first) = buy(&app, &link, "yuki@example.com", 2).await;
    assert_eq!(status, 201, "{first}");
    // The same person again (the email normalised: case and spaces do not make a new buyer).
    let (status, _) = buy(&app, &link, "  Yuki@Example.COM ", 1).await;
    assert_eq!(status, 201);
    let (status, _) = buy(&app, &link, "kaito@example.com", 1).await;
    assert_eq!(status, 201);
    let (status, _) = buy(&app, &link, "hana@example.com", 1).await;
    assert_eq!(status, 201);

    let rows = credited(&app, &promoter).await;
    let rates: Vec<(i64, i64, bool)> = rows.iter().map(|r| (r.1, r.2, r.3)).collect();
    assert_eq!(
        rates,
        [
            (2500, 2 * 1_200 / 4, true),
            (1000, 120, false),
            (1000, 120, false),
            (2500, 300, true)
        ],
        "{rows:?}"
    );
    let s = stats(&app, &promoter).await;
    assert_eq!(s["orders"], 4);
    assert_eq!(s["new_buyer_orders"], 2);
    assert_eq!(s["new_buyer_share_bps"], 5_000);
    assert_eq!(
        s["commission"]["pending"]["amount"].as_i64().unwrap(),
        600 + 120 + 120 + 300
    );
    // The admin's plan list splits the plan's orders the same way; a promoter sees no totals.
    let admin = app.sign_in(ADMIN).await;
    let plans = app
        .call(Method::GET, "/api/admin/plans", Some(&admin), None)
        .await;
    let plan = plans
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == plan_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            &plan["new_buyer_bps"],
            &plan["orders"],
            &plan["new_buyer_orders"]
        ),
        (&json!(2500), &json!(4), &json!(2))
    );
    let mine = app
        .call(Method::GET, "/api/promoter/plans", Some(&promoter), None)
        .await;
    assert_eq!(mine.body[0]["new_buyer_bps"], 2500);
    assert_eq!(mine.body[0]["orders"], 0);
    let links = app
        .call(Method::GET, "/api/promoter/links", Some(&promoter), None)
        .await;
    assert_eq!(links.body[0]["new_buyer_bps"], 2500);
}

#[tokio::test]
async fn of_many_first_orders_racing_with_one_email_exactly_one_is_a_new_buyers() {
    let (app, promoter, code, _) = setup_plan(json!({"new_buyer_bps": 2000}), |_| {}).await;
    let link = open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let emails = ["mei@example.com", "MEI@example.com ", "sora@example.com"];
    let results = join_all((0..24).map(|i| {
        let (app, link) = (&app, &link);
        async move { buy(app, link, emails[i % 3], 1).await }
    }))
    .await;
    assert!(results.iter().all(|(s, _)| *s == 201), "{results:?}");
    let rows = credited(&app, &promoter).await;
    assert_eq!(rows.len(), 24);
    let new: Vec<_> = rows.iter().filter(|r| r.3).collect();
    println!(
        "24 racing orders of 2 buyers: {} credited as a new buyer's",
        new.len()
    );
    assert_eq!(new.len(), 2, "one first order per buyer: {rows:?}");
    assert!(new.iter().all(|r| r.1 == 2000 && r.2 == 240));
    assert!(
        rows.iter()
            .filter(|r| !r.3)
            .all(|r| r.1 == 1000 && r.2 == 120)
    );
    let s = stats(&app, &promoter).await;
    assert_eq!(
        (s["orders"].as_u64(), s["new_buyer_orders"].as_u64()),
        (Some(24), Some(2))
    );
}

#[tokio::test]
async fn a_new_buyer_rate_below_the_plan_rate_or_past_half_is_refused() {
    let app = spawn_app_with(|c| c.demo_accounts = true).await;
    let admin = app.sign_in(ADMIN).await;
    for bad in [999, 5001, -1] {
        let plan = json!({"name": "X", "commission_bps": 1000, "new_buyer_bps": bad, "product_ids": ["matcha-kitkat"],
                          "starts_on": today_plus(0), "ends_on": today_plus(3)});
        let r = app
            .call(Method::POST, "/api/admin/plans", Some(&admin), Some(plan))
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
        assert_eq!(
            r.body["error"]["fields"][0]["field"], "new_buyer_bps",
            "{}",
            r.body
        );
    }
    let plans = app
        .call(Method::GET, "/api/admin/plans", Some(&admin), None)
        .await;
    assert_eq!(plans.body, json!([]), "nothing was created");
    let plan = json!({"name": "Same", "commission_bps": 1000, "new_buyer_bps": null, "product_ids": ["matcha-kitkat"],
                      "starts_on": today_plus(0), "ends_on": today_plus(3)});
    let r = app
        .call(Method::POST, "/api/admin/plans", Some(&admin), Some(plan))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["new_buyer_bps"], Value::Null);
}
