//! Backups: taken while orders keep arriving, consistent, and restorable; a restore refuses
//! while a server has the database open, and after a crash keeps the old database whole.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::future::join_all;
use omiyage_server::storage::sqlite::backup;

use crate::crash::{orders_until_killed, product_with_stock, start};
use crate::helpers::{key, order_for, spawn_app, spawn_app_with, test_card};

/// The order tokens in a database file, read without changing it.
async fn tokens_in(db: &std::path::Path) -> std::collections::BTreeSet<String> {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let tokens: Vec<String> = sqlx::query_scalar("SELECT token FROM orders")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    tokens.into_iter().collect()
}

#[tokio::test]
async fn a_restore_is_refused_while_a_server_has_the_database_open() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("omiyage-restore-{}", uuid::Uuid::new_v4()));
    let copy = dir.join("copy.db");
    backup::backup(&app.db_path(), &copy).await.unwrap();
    let (product, variant) = app.add_limited_product(10, 500).await;
    let (status, order) = app
        .checkout(&key(), &order_for(&[(&product, &variant, 1)], test_card()))
        .await;
    assert_eq!(status, 201);

    let refused = backup::restore(&copy, &app.db_path()).await.unwrap_err();
    assert!(refused.to_string().contains("stop it first"), "{refused}");
    // Nothing moved: the server goes on with its database, the new order in it.
    assert!(!app.db_path().with_extension("before-restore").exists());
    let token = order["token"].as_str().unwrap();
    let (status, _) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(status, 200);
    assert!(tokens_in(&app.db_path()).await.contains(token));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_a_crash_a_restore_keeps_the_old_database_whole_and_serves_exactly_the_backup() {
    let dir = std::env::temp_dir().join(format!("omiyage-restore-{}", uuid::Uuid::new_v4()));
    let db = dir.join("shop.db");
    let (mut server, base) = start(&db);
    let client = crate::helpers::client().build().unwrap();
    let (product, variant) = product_with_stock(&client, &base).await;
    let copy = dir.join("copy.db");
    backup::backup(&db, &copy).await.unwrap();
    let in_backup = tokens_in(&copy).await;
    // Killed in the middle of a load: what it acknowledged may live only in its log.
    let acked = orders_until_killed(&mut server, &client, &base, (&product, &variant), 200).await;

    let kept = backup::restore(&copy, &db)
        .await
        .unwrap()
        .expect("a kept copy");
    assert_eq!(kept, dir.join("shop.before-restore"));
    // The kept copy opens on its own, whole, with every acknowledged order.
    backup::check_integrity(&kept).await.unwrap();
    let in_kept = tokens_in(&kept).await;
    for token in &acked {
        assert!(
            in_kept.contains(token),
            "acknowledged order {token} is not in the kept copy"
        );
    }
    // The restored database is the backup: its rows, no more (no old log beside it).
    assert_eq!(tokens_in(&db).await, in_backup);
    let (mut again, base) = start(&db);
    let r = client
        .get(format!("{base}/api/orders/{}", acked[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        404,
        "an order after the backup is not restored"
    );
    again.kill().unwrap();
    again.wait().unwrap();
    assert_eq!(tokens_in(&db).await, in_backup);

    // A second restore keeps the first kept copy and names the next one after it.
    let second = backup::restore(&copy, &db)
        .await
        .unwrap()
        .expect("a kept copy");
    assert_eq!(second, dir.join("shop.before-restore.2"));
    assert_eq!(tokens_in(&kept).await, in_kept);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_load_holds_every_order_acknowledged_before_it_and_restores() {
    let app = Arc::new(spawn_app().await);
    let (product, variant) = app.add_limited_product(10_000, 500).await;
    let acked: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let load = {
        let (app, acked) = (app.clone(), acked.clone());
        tokio::spawn(async move {
            join_all((0..300).map(|_| {
                let (app, acked) = (app.clone(), acked.clone());
                let req = order_for(&[(&product, &variant, 1)], test_card());
                async move {
                    let (status, body) = app.checkout(&key(), &req).await;
                    assert_eq!(status, 201, "{body}");
                    let token = body["token"].as_str().unwrap().to_string();
                    acked.lock().unwrap().push((token, Instant::now()));
                }
            }))
            .await;
        })
    };
    // Wait until the load is well under way, then back up in the middle of it.
    while acked.lock().unwrap().len() < 60 {
        tokio::task::yield_now().await;
    }
    let dir = std::env::temp_dir().join(format!("omiyage-backup-{}", uuid::Uuid::new_v4()));
    let copy = dir.join("copy.db");
    let began = Instant::now();
    backup::backup(&app.db_path(), &copy).await.unwrap();
    load.await.unwrap();
    let before: Vec<String> = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(t, _)| t.clone())
        .collect();
    assert!(before.len() >= 60);
    backup::check_integrity(&copy).await.unwrap();
    // A second backup to the same file is refused rather than overwriting it.
    assert!(backup::backup(&app.db_path(), &copy).await.is_err());

    // Restored into a fresh place, the copy serves every order acknowledged before it began,
    // and its stock adds up with what it sold.
    let restored_db = dir.join("restored").join("shop.db");
    backup::restore(&copy, &restored_db).await.unwrap();
    let restored = spawn_app_with(|c| c.db_path = restored_db.clone()).await;
    for token in &before {
        let (status, _) = restored.get_json(&format!("/api/orders/{token}")).await;
        assert_eq!(
            status, 200,
            "order {token} acknowledged before the backup is missing"
        );
    }
    let sold = restored.order_count().await;
    assert!(sold >= before.len() as i64 && sold <= 300);
    assert_eq!(
        restored
            .stock_of("limited-yokan", "limited-yokan-box")
            .await,
        10_000 - sold as u64
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_the_database_is_left_alone() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("omiyage-restore-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.db");
    std::fs::write(&bad, b"this is not a database").unwrap();
    let target = dir.join("shop.db");
    backup::backup(&app.db_path(), &target).await.unwrap();
    let size = std::fs::metadata(&target).unwrap().len();
    assert!(backup::restore(&bad, &target).await.is_err());
    assert_eq!(std::fs::metadata(&target).unwrap().len(), size);
    backup::check_integrity(&target).await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
