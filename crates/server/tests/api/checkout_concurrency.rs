use std::collections::HashSet;

use futures::future::join_all;

use crate::helpers::{key, order_for, spawn_app, test_card};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_checkouts_for_ten_units_make_exactly_ten_orders() {
    let app = spawn_app().await;
    let (product, variant) = app.add_limited_product(10, 2_000).await;
    let req = order_for(&[(&product, &variant, 1)], test_card());
    let results = join_all((0..200).map(|_| {
        let (app, req) = (&app, &req);
        async move { app.checkout(&key(), req).await }
    }))
    .await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let refused: Vec<_> = results.iter().filter(|(s, _)| *s == 409).collect();
    assert_eq!(placed, 10);
    assert_eq!(refused.len(), 190);
    assert!(
        refused
            .iter()
            .all(|(_, b)| b["error"]["code"] == "out_of_stock"
                && b["error"]["message"].as_str().unwrap().contains("sold out"))
    );
    assert_eq!(app.stock_of(&product, &variant).await, 0);
    assert_eq!(app.order_count().await, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_retries_of_one_key_place_one_order() {
    let app = spawn_app().await;
    let (product, variant) = app.add_limited_product(100, 500).await;
    let req = order_for(&[(&product, &variant, 3)], test_card());
    let k = key();
    let results = join_all((0..50).map(|_| {
        let (app, req, k) = (&app, &req, &k);
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
    assert_eq!(tokens.len(), 1);
    assert_eq!(app.order_count().await, 1);
    assert_eq!(app.stock_of(&product, &variant).await, 97);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_order_short_on_one_line_takes_nothing_from_its_other_lines() {
    let app = spawn_app().await;
    let (product, variant) = app.add_limited_product(1, 700).await;
    let req = order_for(
        &[("genmaicha", "genmaicha-200g", 2), (&product, &variant, 1)],
        test_card(),
    );
    let results = join_all((0..20).map(|_| {
        let (app, req) = (&app, &req);
        async move { app.checkout(&key(), req).await }
    }))
    .await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 201).count(), 1);
    assert_eq!(results.iter().filter(|(s, _)| *s == 409).count(), 19);
    assert_eq!(app.stock_of("genmaicha", "genmaicha-200g").await, 30 - 2);
    assert_eq!(app.stock_of(&product, &variant).await, 0);
}
