//! Backing up and restoring a shop on PostgreSQL as docs/deploying.md says: `pg_dump` while the
//! server serves, `pg_restore --clean` with it stopped; the shop comes back as it was at the
//! dump. Run in the test command's PostgreSQL pass (`--include-ignored`).

use std::process::Command;

use crate::helpers::{key, order_for, spawn_app, test_card};

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
#[ignore = "needs OMIYAGE_TEST_POSTGRES (the test command's PostgreSQL pass)"]
async fn a_pg_dump_taken_while_serving_restores_the_shop_as_it_was() {
    let mut app = spawn_app().await;
    let url = app
        .database_url()
        .expect("needs OMIYAGE_TEST_POSTGRES")
        .to_string();
    let (product, variant) = app.add_limited_product(10, 500).await;
    let place = async |app: &crate::helpers::TestApp| {
        let (status, order) = app
            .checkout(&key(), &order_for(&[(&product, &variant, 1)], test_card()))
            .await;
        assert_eq!(status, 201, "{order}");
        order["token"].as_str().unwrap().to_string()
    };
    let before = place(&app).await;
    let dir = std::env::temp_dir().join(format!("omiyage-pg-dump-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let dump = dir.join("shop.dump");
    let dump = dump.to_str().unwrap();
    run(
        "pg_dump",
        &["--format=custom", &format!("--file={dump}"), &url],
    );
    let after = place(&app).await;
    assert_eq!(app.stock_of(&product, &variant).await, 8);

    app.stop().await;
    run(
        "pg_restore",
        &[
            "--clean",
            "--if-exists",
            "--no-owner",
            &format!("--dbname={url}"),
            dump,
        ],
    );
    app.restart().await;
    assert_eq!(app.get_json(&format!("/api/orders/{before}")).await.0, 200);
    assert_eq!(
        app.get_json(&format!("/api/orders/{after}")).await.0,
        404,
        "an order after the dump is not in it"
    );
    assert_eq!(app.stock_of(&product, &variant).await, 9);
    // The restored shop goes on taking orders.
    place(&app).await;
    assert_eq!(app.stock_of(&product, &variant).await, 8);
    let _ = std::fs::remove_dir_all(dir);
}
