//! Several server instances on one PostgreSQL database, each with its own pools, caches and
//! batch writers, as behind a load balancer: every rule must hold across them. The test
//! command runs these in its PostgreSQL pass (`--include-ignored`); on SQLite one process owns
//! the file, so they are ignored there.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::join_all;
use omiyage_server::{ManualClock, sweep_expired_gifts};
use reqwest::Method;
use serde_json::json;

use crate::gifts::{buy_gift, claim};
use crate::helpers::{
    ADMIN, STAFF, TestApp, fresh_database_url, key, order_for, spawn_app_with, test_card,
};

const NEEDS_POSTGRES: &str = "needs OMIYAGE_TEST_POSTGRES (the test command's PostgreSQL pass)";

/// Three instances on one fresh database (the first seeds the demo catalog and, with
/// `accounts`, the demo accounts), sharing `clock`.
async fn three_instances_with(clock: Option<Arc<ManualClock>>, accounts: bool) -> Vec<TestApp> {
    let url = fresh_database_url().await.expect(NEEDS_POSTGRES);
    let mut apps = Vec::new();
    for _ in 0..3 {
        let (url, clock) = (url.clone(), clock.clone());
        apps.push(
            spawn_app_with(move |c| {
                c.database_url = Some(url);
                c.demo_accounts = accounts;
                if let Some(clock) = clock {
                    c.clock = clock;
                }
            })
            .await,
        );
    }
    apps
}

async fn three_instances(clock: Option<Arc<ManualClock>>) -> Vec<TestApp> {
    three_instances_with(clock, false).await
}

/// Waits until every instance's catalog shows `stock` for the variant (each instance caches
/// its catalog and learns of other instances' commits by notification); returns how long it took.
async fn until_every_catalog_shows(
    apps: &[TestApp],
    product: &str,
    variant: &str,
    stock: u64,
) -> Duration {
    let started = Instant::now();
    for app in apps {
        loop {
            let (status, catalog) = app.get_json("/api/products").await;
            assert_eq!(status, 200);
            let shown = catalog["products"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == product)
                .and_then(|p| {
                    p["variants"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|v| v["id"] == variant)
                })
                .map(|v| v["stock"].as_u64().unwrap());
            if shown == Some(stock) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "an instance still shows {shown:?} for {variant}, not {stock}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn three_hundred_checkouts_over_three_instances_sell_exactly_the_ten_in_stock() {
    let apps = three_instances(None).await;
    let (product, variant) = apps[0].add_limited_product(10, 2_000).await;
    until_every_catalog_shows(&apps, &product, &variant, 10).await;
    let req = order_for(&[(&product, &variant, 1)], test_card());
    let results = join_all((0..300).map(|i| {
        let (app, req) = (&apps[i % 3], &req);
        async move { app.checkout(&key(), req).await }
    }))
    .await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let refused = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["error"]["code"] == "out_of_stock")
        .count();
    assert_eq!((placed, refused), (10, 290), "{:?}", &results[..3]);
    assert_eq!(apps[0].order_count().await, 10);
    for app in &apps {
        assert_eq!(app.stock_of(&product, &variant).await, 0);
    }
    until_every_catalog_shows(&apps, &product, &variant, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn one_idempotency_key_sent_to_three_instances_at_once_places_one_order() {
    let apps = three_instances(None).await;
    let (product, variant) = apps[0].add_limited_product(100, 500).await;
    until_every_catalog_shows(&apps, &product, &variant, 100).await;
    let req = order_for(&[(&product, &variant, 2)], test_card());
    let k = key();
    let results = join_all((0..30).map(|i| {
        let (app, req, k) = (&apps[i % 3], &req, &k);
        async move { app.checkout(k, req).await }
    }))
    .await;
    assert!(
        results.iter().all(|(s, _)| *s == 200 || *s == 201),
        "{results:?}"
    );
    assert_eq!(results.iter().filter(|(s, _)| *s == 201).count(), 1);
    let tokens: HashSet<_> = results
        .iter()
        .map(|(_, b)| b["token"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        tokens.len(),
        1,
        "every instance answers with the same order"
    );
    assert_eq!(apps[0].order_count().await, 1);
    assert_eq!(apps[2].stock_of(&product, &variant).await, 98);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn two_hundred_claims_of_one_gift_over_three_instances_make_one_claim() {
    let apps = three_instances(None).await;
    let (_order, token) = buy_gift(&apps[1], 1, "For one of you").await;
    let results = join_all((0..200).map(|i| {
        let (app, token) = (&apps[i % 3], &token);
        async move { claim(app, token, &key(), &format!("Claimer {i}")).await }
    }))
    .await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 200).count(), 1);
    assert!(
        results
            .iter()
            .filter(|(s, _)| *s != 200)
            .all(|(s, b)| *s == 409 && b["error"]["code"] == "already_claimed"),
        "{:?}",
        results.iter().find(|(s, _)| *s != 200 && *s != 409)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn a_stock_change_through_one_instance_shows_in_every_instances_catalog() {
    let apps = three_instances(None).await;
    // Every instance has the catalog cached before the change.
    until_every_catalog_shows(&apps, "genmaicha", "genmaicha-200g", 30).await;
    assert!(
        apps[0]
            .state
            .storage
            .set_stock("genmaicha-200g", 7)
            .await
            .unwrap()
    );
    let took = until_every_catalog_shows(&apps, "genmaicha", "genmaicha-200g", 7).await;
    println!("the other instances showed the change after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn an_expiring_gift_is_refunded_once_though_every_instance_sweeps() {
    let clock = Arc::new(ManualClock::starting_now());
    let apps = three_instances(Some(clock.clone())).await;
    let before = apps[0].stock_of("tokyo-banana", "tokyo-banana-8").await;
    let (order, token) = buy_gift(&apps[0], 3, "Three of us").await;
    assert_eq!(claim(&apps[1], &token, &key(), "One").await.0, 200);
    clock.advance(omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS + 1);
    // Every instance sweeps at once, several times over.
    let sweeps = join_all((0..12).map(|i| sweep_expired_gifts(&apps[i % 3].state))).await;
    assert!(sweeps.iter().all(Result::is_ok), "{sweeps:?}");
    assert_eq!(
        apps[2].stock_of("tokyo-banana", "tokyo-banana-8").await,
        before - 1,
        "the two unclaimed units came back once"
    );
    let (status, sender) = apps[2].get_json(&format!("/api/orders/{order}")).await;
    assert_eq!(status, 200);
    let states: Vec<_> = sender["gift"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, ["claimed", "refunded", "refunded"], "{sender}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn the_sign_in_limit_counts_attempts_made_through_every_instance() {
    let apps = three_instances_with(None, true).await;
    // 5 attempts per email and client address: 30 wrong passwords spread over the instances.
    let attempts =
        join_all((0..30).map(|i| apps[i % 3].sign_in_raw(ADMIN.0, "wrong password!"))).await;
    let statuses: Vec<u16> = attempts.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        25,
        "{statuses:?}"
    );
    for app in &apps {
        assert_eq!(app.sign_in_raw(ADMIN.0, ADMIN.1).await.status, 429);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn the_typed_code_limit_counts_lookups_made_through_every_instance() {
    let apps = three_instances_with(None, true).await;
    let staff = apps[0].sign_in(STAFF).await;
    let batch = apps[0]
        .call(
            Method::POST,
            "/api/batches",
            Some(&staff),
            Some(crate::batches::batch_body(1)),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);
    let code = batch.body["codes"][0]["code"].as_str().unwrap().to_string();
    // 5 lookups per code: 24 of the real code through the three instances find it 5 times.
    let lookups = join_all((0..24).map(|i| {
        let (app, code) = (&apps[i % 3], &code);
        async move {
            app.call(
                Method::POST,
                "/api/claim-codes",
                None,
                Some(json!({"code": code})),
            )
            .await
            .status
        }
    }))
    .await;
    assert_eq!(
        lookups.iter().filter(|&&s| s == 200).count(),
        5,
        "{lookups:?}"
    );
    assert_eq!(
        lookups.iter().filter(|&&s| s == 429).count(),
        19,
        "{lookups:?}"
    );
}
