use crate::helpers::spawn_app_with_static;

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_cache_headers() {
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Omiyage</title>",
    )
    .unwrap();
    std::fs::write(dir.join("omiyage-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let app = spawn_app_with_static(Some(&dir)).await;

    let deep = app
        .client
        .get(app.url("/p/matcha-kitkat"))
        .send()
        .await
        .unwrap();
    assert_eq!(deep.status().as_u16(), 200);
    assert_eq!(deep.headers()["cache-control"], "no-cache");
    assert!(
        deep.text()
            .await
            .unwrap()
            .contains("<title>Omiyage</title>")
    );

    let asset = app
        .client
        .get(app.url("/omiyage-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status().as_u16(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    // The API keeps its own JSON 404s instead of falling back to the app.
    let api = app.client.get(app.url("/api/nope")).send().await.unwrap();
    assert_eq!(api.status().as_u16(), 404);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn precompressed_assets_are_sent_when_the_client_accepts_them() {
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), b"BROTLI-BYTES").unwrap();
    let app = spawn_app_with_static(Some(&dir)).await;
    let r = app
        .client
        .get(app.url("/app-0123456789abcdef.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"BROTLI-BYTES");
    std::fs::remove_dir_all(&dir).unwrap();
}
