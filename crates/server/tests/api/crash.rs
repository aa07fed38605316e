//! Durability: the server process is killed (SIGKILL) in the middle of a checkout load and
//! started again on the same file. Every order that was acknowledged is there, stock and units
//! sold add up, and the file passes SQLite's integrity check.

use std::process::Child;
use std::sync::{Arc, Mutex};

use futures::stream::{self, StreamExt};
use omiyage_server::storage::sqlite::{SqliteStorage, backup};
use omiyage_server::storage::{Backend, Storage};
use serde_json::json;

use crate::helpers::{key, order_for, start_binary, test_card};

pub(crate) const STOCK: i64 = 5_000;

/// Starts the real binary on `db`; returns it and its base URL.
pub(crate) fn start(db: &std::path::Path) -> (Child, String) {
    let db = db.as_os_str();
    start_binary([
        std::ffi::OsStr::new("--demo"),
        std::ffi::OsStr::new("--db"),
        db,
    ])
}

/// A product with `STOCK` units, made by the demo admin of the server at `base`.
pub(crate) async fn product_with_stock(client: &reqwest::Client, base: &str) -> (String, String) {
    let signed_in = client
        .post(format!("{base}/api/auth/sign-in"))
        .json(&json!({"email": "admin@demo.omiyage.test", "password": "demo-admin-password"}))
        .send()
        .await
        .unwrap();
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let made: serde_json::Value = client
        .post(format!("{base}/api/admin/products"))
        .header("cookie", &cookie)
        .json(&json!({"name": "羊羹", "category": "sweets", "variants": [
            {"name": "1本", "sku": "Y", "price": 500, "stock": STOCK, "tax_class": "reduced"}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        made["id"].as_str().unwrap().to_string(),
        made["variants"][0]["id"].as_str().unwrap().to_string(),
    )
}

/// 1,000 orders of one unit from 64 clients at a time; `server` is killed (SIGKILL) after
/// `kill_after` acknowledgements. Answers the tokens of the acknowledged orders.
pub(crate) async fn orders_until_killed(
    server: &mut Child,
    client: &reqwest::Client,
    base: &str,
    (product, variant): (&str, &str),
    kill_after: usize,
) -> Vec<String> {
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let killer = {
        let acked = acked.clone();
        async move {
            while acked.lock().unwrap().len() < kill_after {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            server.kill().expect("SIGKILL");
            server.wait().unwrap();
        }
    };
    let load = stream::iter(0..1_000).for_each_concurrent(64, |_| {
        let acked = acked.clone();
        let body = order_for(&[(product, variant, 1)], test_card());
        async move {
            let answer = client
                .post(format!("{base}/api/checkout"))
                .header("Idempotency-Key", key())
                .json(&body)
                .send()
                .await;
            if let Ok(r) = answer
                && r.status().as_u16() == 201
                && let Ok(order) = r.json::<serde_json::Value>().await
            {
                acked
                    .lock()
                    .unwrap()
                    .push(order["token"].as_str().unwrap().to_string());
            }
        }
    });
    tokio::join!(load, killer);
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= kill_after && acked.len() < 1_000,
        "{}",
        acked.len()
    );
    acked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_keeps_every_acknowledged_order() {
    let dir = std::env::temp_dir().join(format!("omiyage-crash-{}", uuid::Uuid::new_v4()));
    let db = dir.join("shop.db");
    let (mut server, base) = start(&db);
    let client = crate::helpers::client().build().unwrap();
    let (product, variant) = product_with_stock(&client, &base).await;
    let acked = orders_until_killed(&mut server, &client, &base, (&product, &variant), 300).await;

    // The file is whole, and it holds every acknowledged order.
    backup::check_integrity(&db).await.unwrap();
    let (mut again, base) = start(&db);
    for token in &acked {
        let r = client
            .get(format!("{base}/api/orders/{token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status().as_u16(),
            200,
            "acknowledged order {token} was lost"
        );
    }
    again.kill().unwrap();
    again.wait().unwrap();
    let storage = SqliteStorage::open(&db).await.unwrap();
    let orders = storage.order_count().await.unwrap();
    let left = storage.product(&product).await.unwrap().unwrap().variants[0].stock;
    assert!(orders as usize >= acked.len());
    // Every order took one unit: what is left and what was sold add up to what there was
    // (the demo orders of other products aside: there are none).
    assert_eq!(i64::from(left) + orders, STOCK);
    storage.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
