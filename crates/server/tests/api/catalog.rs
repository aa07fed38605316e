use crate::helpers::spawn_app;

#[tokio::test]
async fn the_demo_catalog_is_seeded_on_first_start() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/products").await;
    assert_eq!(status, 200);
    assert!(body["products"].as_array().unwrap().len() >= 12);
    assert_eq!(body["categories"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_catalog_filters_by_category_and_search_text() {
    let app = spawn_app().await;
    let (_, tea) = app.get_json("/api/products?category=tea").await;
    let tea = tea["products"].as_array().unwrap();
    assert!(!tea.is_empty());
    assert!(tea.iter().all(|p| p["category"] == "tea"));
    let (_, found) = app.get_json("/api/products?q=kitkat").await;
    let found = found["products"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], "matcha-kitkat");
}

#[tokio::test]
async fn an_unknown_product_is_a_json_404() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/products/no-such-thing").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, body) = app.get_json("/api/no-such-route").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn an_unknown_order_token_is_404() {
    let app = spawn_app().await;
    let (status, _) = app
        .get_json("/api/orders/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    let app = spawn_app().await;
    let (status, health) = app.get_json("/api/health").await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    let (status, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    for path in [
        "/api/products",
        "/api/products/{id}",
        "/api/checkout",
        "/api/orders/{token}",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(
        doc["components"]["schemas"]
            .get("CheckoutRequest")
            .is_some()
    );
}

#[tokio::test]
async fn the_catalog_shows_stock_changes_at_once() {
    use crate::helpers::{key, order_for, test_card};
    let app = spawn_app().await;
    let stock = |body: &serde_json::Value| {
        body["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "kokeshi")
            .unwrap()["variants"][0]["stock"]
            .as_u64()
            .unwrap()
    };
    let (_, before) = app.get_json("/api/products").await;
    assert_eq!(stock(&before), 1);
    let (status, _) = app
        .checkout(
            &key(),
            &order_for(&[("kokeshi", "kokeshi-standard", 1)], test_card()),
        )
        .await;
    assert_eq!(status, 201);
    let (_, after) = app.get_json("/api/products").await;
    assert_eq!(stock(&after), 0);
    app.state
        .storage
        .set_stock("kokeshi-standard", 7)
        .await
        .unwrap();
    let (_, restocked) = app.get_json("/api/products").await;
    assert_eq!(stock(&restocked), 7);
}

#[tokio::test]
async fn the_qr_endpoint_renders_svg_and_refuses_overlong_text() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/api/qr?text=http%3A%2F%2F127.0.0.1%2Fg%2Fabc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(r.text().await.unwrap().starts_with("<svg"));
    let long = "x".repeat(513);
    let (status, body) = app.get_json(&format!("/api/qr?text={long}")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["field"], "text");
}
