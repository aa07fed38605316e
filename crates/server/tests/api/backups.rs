//! Backups: taken while orders keep arriving, consistent, and restorable.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::future::join_all;
use omiyage_server::storage::sqlite::backup;

use crate::helpers::{key, order_for, spawn_app, spawn_app_with, test_card};

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
