//! `copy-to`: a shop built on SQLite, moved to PostgreSQL, served from there as it was. Runs in
//! the test command's PostgreSQL pass (ignored on SQLite alone).

use reqwest::Method;

use crate::gifts::{buy_gift, claim};
use crate::helpers::{
    ADMIN, STAFF, TestApp, fresh_database_url, key, order_for, spawn_app_with, test_card,
};

/// The answers a shopper, a sender, staff and the admin get, to compare across databases.
async fn views(app: &TestApp, order: &str, gift_order: &str, batch: &str) -> Vec<String> {
    let admin = app.sign_in(ADMIN).await;
    let mut seen = Vec::new();
    for (path, cookie) in [
        ("/api/products".to_string(), None),
        (format!("/api/orders/{order}"), None),
        (format!("/api/orders/{gift_order}"), None),
        (format!("/api/admin/orders/{gift_order}"), Some(&admin)),
        (format!("/api/batches/{batch}"), Some(&admin)),
        ("/api/admin/accounts".to_string(), Some(&admin)),
    ] {
        let answer = app
            .call(Method::GET, &path, cookie.map(String::as_str), None)
            .await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        seen.push(answer.body.to_string());
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn a_shop_copied_from_sqlite_to_postgresql_answers_the_same() {
    let sqlite = spawn_app_with(|c| {
        c.database_url = None;
        c.demo_accounts = true;
    })
    .await;
    let (status, placed) = sqlite
        .checkout(
            &key(),
            &order_for(&[("genmaicha", "genmaicha-200g", 2)], test_card()),
        )
        .await;
    assert_eq!(status, 201, "{placed}");
    let order = placed["token"].as_str().unwrap().to_string();
    let (gift_order, gift) = buy_gift(&sqlite, 2, "For the team").await;
    assert_eq!(claim(&sqlite, &gift, &key(), "Kenji").await.0, 200);
    let staff = sqlite.sign_in(STAFF).await;
    let batch = sqlite
        .call(
            Method::POST,
            "/api/batches",
            Some(&staff),
            Some(crate::batches::batch_body(3)),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);
    let batch = batch.body["id"].as_str().unwrap().to_string();
    let before = views(&sqlite, &order, &gift_order, &batch).await;

    let url = fresh_database_url()
        .await
        .expect("needs OMIYAGE_TEST_POSTGRES");
    let copied = omiyage_server::storage::copy::copy_to_postgres(&sqlite.db_path(), &url)
        .await
        .unwrap();
    let rows = |table: &str| copied.iter().find(|(t, _)| *t == table).unwrap().1;
    assert_eq!(
        rows("orders"),
        2 + 3,
        "two orders and a batch of three codes"
    );
    assert_eq!(rows("gift_units"), 2 + 3);
    assert_eq!(rows("accounts"), 4, "the demo accounts");
    assert_eq!(rows("agencies"), 1, "the demo agency");
    assert!(rows("products") > 0 && rows("catalog_texts") > 0);

    let postgres = spawn_app_with(|c| {
        c.database_url = Some(url.clone());
        c.demo_accounts = true;
    })
    .await;
    assert_eq!(views(&postgres, &order, &gift_order, &batch).await, before);
    // The copied shop goes on working: the gift's second unit can still be claimed there.
    assert_eq!(claim(&postgres, &gift, &key(), "Yui").await.0, 200);

    // A second copy into the same database is refused, and changes nothing.
    let again = omiyage_server::storage::copy::copy_to_postgres(&sqlite.db_path(), &url).await;
    assert!(
        again.unwrap_err().to_string().contains("already has rows"),
        "an occupied database is refused"
    );
    assert_eq!(postgres.order_count().await, 5);
}
