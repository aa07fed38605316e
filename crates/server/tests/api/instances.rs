//! Several server processes on one PostgreSQL database, as behind a load balancer: each is the
//! real binary with its own pools, caches, batch writers and expiry sweep, and every rule must
//! hold across them. The test command runs these in its PostgreSQL pass (`--include-ignored`);
//! on SQLite one process owns the file, so they are ignored there.

use std::collections::HashSet;
use std::process::Child;
use std::time::{Duration, Instant};

use futures::future::join_all;
use omiyage_server::storage::Backend;
use omiyage_server::storage::postgres::PgStorage;
use reqwest::Method;
use serde_json::json;

use crate::gifts::{buy_gift, claim};
use crate::helpers::{
    ADMIN, Http, STAFF, add_limited_product, eventually, fresh_database_url, key, order_for,
    start_binary, test_card,
};

/// The server binary running as its own process; killed when dropped.
struct Instance {
    http: Http,
    process: Child,
}

impl std::ops::Deref for Instance {
    type Target = Http;
    fn deref(&self) -> &Http {
        &self.http
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Three server processes on one fresh database (with the demo catalog and demo accounts),
/// started with `flags`; and the database opened from the test, to arrange and count.
async fn three_processes(flags: &[&str]) -> (Vec<Instance>, PgStorage) {
    let url = fresh_database_url()
        .await
        .expect("needs OMIYAGE_TEST_POSTGRES (the test command's PostgreSQL pass)");
    let database = PgStorage::open(&url).await.unwrap();
    let mut instances = Vec::new();
    for _ in 0..3 {
        let mut args = vec!["--database-url", url.as_str(), "--demo"];
        args.extend(flags);
        let (process, base) = start_binary(args);
        instances.push(Instance {
            http: Http::new(base),
            process,
        });
    }
    (instances, database)
}

/// The stock every instance's catalog shows for a variant (each instance caches its catalog
/// and learns of commits elsewhere by notification).
async fn catalog_stock(http: &Http, product: &str, variant: &str) -> Option<u64> {
    let (status, catalog) = http.get_json("/api/products").await;
    assert_eq!(status, 200);
    catalog["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == product)?["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == variant)
        .map(|v| v["stock"].as_u64().unwrap())
}

/// Waits until every instance's catalog shows `stock`; returns how long that took.
async fn until_every_catalog_shows(
    instances: &[Instance],
    product: &str,
    variant: &str,
    stock: u64,
) -> Duration {
    let started = Instant::now();
    for instance in instances {
        eventually(
            Duration::from_secs(5),
            Duration::from_millis(10),
            || async {
                match catalog_stock(instance, product, variant).await {
                    Some(shown) if shown == stock => Ok(()),
                    shown => Err(format!(
                        "an instance still shows {shown:?} for {variant}, not {stock}"
                    )),
                }
            },
        )
        .await;
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn three_hundred_checkouts_over_three_processes_sell_exactly_the_ten_in_stock() {
    let (instances, database) = three_processes(&[]).await;
    let (product, variant) = add_limited_product(&database, 10, 2_000).await;
    until_every_catalog_shows(&instances, &product, &variant, 10).await;
    let req = order_for(&[(&product, &variant, 1)], test_card());
    let results = join_all((0..300).map(|i| {
        let (instance, req) = (&instances[i % 3], &req);
        async move { instance.checkout(&key(), req).await }
    }))
    .await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let refused = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["error"]["code"] == "out_of_stock")
        .count();
    assert_eq!((placed, refused), (10, 290), "{:?}", &results[..3]);
    assert_eq!(database.order_count().await.unwrap(), 10);
    for instance in &instances {
        assert_eq!(instance.stock_of(&product, &variant).await, 0);
    }
    until_every_catalog_shows(&instances, &product, &variant, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn one_idempotency_key_sent_to_three_processes_at_once_places_one_order() {
    let (instances, database) = three_processes(&[]).await;
    let (product, variant) = add_limited_product(&database, 100, 500).await;
    until_every_catalog_shows(&instances, &product, &variant, 100).await;
    let req = order_for(&[(&product, &variant, 2)], test_card());
    let k = key();
    let results = join_all((0..30).map(|i| {
        let (instance, req, k) = (&instances[i % 3], &req, &k);
        async move { instance.checkout(k, req).await }
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
    assert_eq!(database.order_count().await.unwrap(), 1);
    assert_eq!(instances[2].stock_of(&product, &variant).await, 98);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn two_hundred_claims_of_one_gift_over_three_processes_make_one_claim() {
    let (instances, _database) = three_processes(&[]).await;
    let (_order, token) = buy_gift(&instances[1], 1, "For one of you").await;
    let results = join_all((0..200).map(|i| {
        let (instance, token) = (&instances[i % 3], &token);
        async move { claim(instance, token, &key(), &format!("Claimer {i}")).await }
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
async fn a_stock_change_through_one_process_shows_in_every_processs_catalog() {
    let (instances, _database) = three_processes(&[]).await;
    // Every instance has the catalog cached before the change.
    until_every_catalog_shows(&instances, "genmaicha", "genmaicha-200g", 30).await;
    let admin = instances[0].sign_in(ADMIN).await;
    let changed = instances[0]
        .call(
            Method::POST,
            "/api/admin/variants/genmaicha-200g/stock",
            Some(&admin),
            Some(json!({"rule": "set", "stock": 7, "expected": 30})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let took = until_every_catalog_shows(&instances, "genmaicha", "genmaicha-200g", 7).await;
    println!("the other processes showed the change after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn an_expiring_gift_is_refunded_once_though_every_process_sweeps() {
    // A 2-second claim window, and every process sweeps every second: across processes there
    // is no shared clock to move, so this test waits for the real deadline.
    let (instances, _database) = three_processes(&[
        "--gift-claim-window-secs",
        "2",
        "--gift-expiry-sweep-secs",
        "1",
    ])
    .await;
    let before = instances[0]
        .stock_of("tokyo-banana", "tokyo-banana-8")
        .await;
    let (order, token) = buy_gift(&instances[0], 3, "Three of us").await;
    assert_eq!(claim(&instances[1], &token, &key(), "One").await.0, 200);
    eventually(
        Duration::from_secs(15),
        Duration::from_millis(100),
        || async {
            match instances[2]
                .stock_of("tokyo-banana", "tokyo-banana-8")
                .await
            {
                now if now == before - 1 => Ok(()),
                now => Err(format!("the unclaimed units never came back: {now}")),
            }
        },
    )
    .await;
    // Let every process sweep a few more times: nothing more may come back.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    for instance in &instances {
        assert_eq!(
            instance.stock_of("tokyo-banana", "tokyo-banana-8").await,
            before - 1,
            "the two unclaimed units came back once"
        );
    }
    let (status, sender) = instances[2].get_json(&format!("/api/orders/{order}")).await;
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
async fn the_sign_in_limit_counts_attempts_made_through_every_process() {
    let (instances, _database) = three_processes(&[]).await;
    // 5 attempts per email and client address: 30 wrong passwords spread over the processes.
    let attempts =
        join_all((0..30).map(|i| instances[i % 3].sign_in_raw(ADMIN.0, "wrong password!"))).await;
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
    for instance in &instances {
        assert_eq!(instance.sign_in_raw(ADMIN.0, ADMIN.1).await.status, 429);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn the_typed_code_limit_counts_lookups_made_through_every_process() {
    let (instances, _database) = three_processes(&[]).await;
    let staff = instances[0].sign_in(STAFF).await;
    let batch = instances[0]
        .call(
            Method::POST,
            "/api/batches",
            Some(&staff),
            Some(crate::batches::batch_body(1)),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);
    let code = batch.body["codes"][0]["code"].as_str().unwrap().to_string();
    // 5 lookups per code: 24 of the real code through the three processes find it 5 times.
    let lookups = join_all((0..24).map(|i| {
        let (instance, code) = (&instances[i % 3], &code);
        async move {
            instance
                .call(
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster: the test command runs it"]
async fn the_checkout_limit_counts_checkouts_placed_through_every_process() {
    let (instances, _database) = three_processes(&["--checkout-limit", "5/600"]).await;
    let order = order_for(&[("daruma", "daruma-small", 1)], test_card());
    let answers = join_all((0..12).map(|i| {
        let (instance, order) = (&instances[i % 3], &order);
        async move { instance.checkout(&key(), order).await.0 }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|&&s| s == 201).count(),
        5,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&s| s == 429).count(),
        7,
        "{answers:?}"
    );
}
