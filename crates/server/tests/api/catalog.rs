use reqwest::Method;

use crate::helpers::{ADMIN, spawn_app, spawn_app_with_accounts};

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
    // Search reads the names in the reader's language: Japanese unless asked otherwise.
    let (_, found) = app.get_json("/api/products?q=キットカット").await;
    let found = found["products"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], "matcha-kitkat");
    let found = app.get_json_in("/api/products?q=kitkat", "en").await;
    assert_eq!(found["products"][0]["id"], "matcha-kitkat");
    assert_eq!(found["products"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_catalog_speaks_the_readers_language_and_falls_back_to_japanese() {
    let app = spawn_app_with_accounts().await;
    let ja = app.get_json_in("/api/products", "fr-FR").await;
    let zh = app.get_json_in("/api/products", "zh-CN,zh;q=0.9").await;
    let en = app.get_json_in("/api/products", "en-GB").await;
    assert_eq!(ja["products"][0]["name"], "抹茶キットカット");
    assert_eq!(zh["products"][0]["name"], "抹茶奇巧");
    assert_eq!(en["products"][0]["name"], "Matcha KitKat");
    assert_eq!(en["products"][0]["variants"][0]["name"], "12 pieces");
    assert_eq!(zh["categories"][0]["name"], "点心");
    // Same products, prices and stock in every language; only the texts differ.
    for (a, b) in [(&ja, &zh), (&ja, &en)] {
        let ids = |c: &serde_json::Value| {
            c["products"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["id"].clone(), p["variants"][0]["price"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(a), ids(b));
    }
    let product = app.get_json_in("/api/products/furoshiki", "zh-Hans").await;
    assert_eq!(product["name"], "风吕敷包袱布");
    assert_eq!(product["variants"][1]["name"], "樱花粉");

    // The admin translates a new product only into English: Chinese readers get the Japanese.
    let cookie = app.sign_in(ADMIN).await;
    let call = |method: Method, path: &'static str, body: Option<serde_json::Value>| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let a = app.call(method, path, Some(&cookie), body).await;
            (a.status, a.body)
        }
    };
    let input = serde_json::json!({
        "name": "柚子ジャム", "description": "高知の柚子で作ったジャム。", "category": "sweets",
        "variants": [{"name": "1瓶", "sku": "YJ", "price": 900, "stock": 5, "tax_class": "reduced",
            "translations": {"en": {"name": "One jar"}}}],
        "translations": {"en": {"name": "Yuzu Jam", "description": "Jam of Kochi yuzu."}}
    });
    let (status, made) = call(Method::POST, "/api/admin/products", Some(input.clone())).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(
        made["id"], "yuzu-jam",
        "the id is made from the English name"
    );
    assert_eq!(made["translations"]["en"]["name"], "Yuzu Jam");
    assert_eq!(made["variants"][0]["translations"]["en"]["name"], "One jar");
    let en = app.get_json_in("/api/products/yuzu-jam", "en").await;
    assert_eq!(
        (en["name"].as_str(), en["variants"][0]["name"].as_str()),
        (Some("Yuzu Jam"), Some("One jar"))
    );
    assert_eq!(en["description"], "Jam of Kochi yuzu.");
    let zh = app.get_json_in("/api/products/yuzu-jam", "zh-CN").await;
    assert_eq!(
        (zh["name"].as_str(), zh["variants"][0]["name"].as_str()),
        (Some("柚子ジャム"), Some("1瓶"))
    );

    // An unknown language is refused by field, and nothing changes.
    let mut bad = input.clone();
    bad["translations"]["fr"] = serde_json::json!({"name": "Confiture"});
    let (status, body) = call(Method::PUT, "/api/admin/products/yuzu-jam", Some(bad)).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["field"], "translations.fr");
    assert_eq!(
        app.get_json_in("/api/products/yuzu-jam", "en").await["name"],
        "Yuzu Jam"
    );

    // Categories are renamed per language; a blank translation falls back to Japanese.
    let (status, cats) = call(Method::GET, "/api/admin/categories", None).await;
    assert_eq!(status, 200);
    assert_eq!(cats[0]["translations"]["en"]["name"], "Sweets");
    let rename = serde_json::json!({"name": "和菓子", "translations": {"en": {"name": "Japanese sweets"}, "zh-Hans": {"name": " "}}});
    let (status, cat) = call(
        Method::PUT,
        "/api/admin/categories/sweets",
        Some(rename.clone()),
    )
    .await;
    assert_eq!(status, 200, "{cat}");
    assert!(cat["translations"].get("zh-Hans").is_none());
    assert_eq!(
        app.get_json_in("/api/products", "en").await["categories"][0]["name"],
        "Japanese sweets"
    );
    assert_eq!(
        app.get_json_in("/api/products", "zh").await["categories"][0]["name"],
        "和菓子"
    );
    let (status, _) = call(Method::PUT, "/api/admin/categories/nope", Some(rename)).await;
    assert_eq!(status, 404);
    let (status, made) = call(
        Method::POST,
        "/api/admin/categories",
        Some(serde_json::json!({"name": "季節限定", "translations": {"en": {"name": "Seasonal"}}})),
    )
    .await;
    assert_eq!((status, made["id"].as_str()), (201, Some("seasonal")));
    assert_eq!(
        app.get_json_in("/api/products", "ja").await["categories"][3]["name"],
        "季節限定"
    );
    let anonymous = app
        .call(Method::GET, "/api/admin/categories", None, None)
        .await;
    assert_eq!(anonymous.status, 401);
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
    // Only whether the server and its database are well: no business figures.
    assert_eq!(health, serde_json::json!({"status": "ok"}));
    // Every acknowledged write is on disk before it is acknowledged.
    let expected =
        omiyage_server::on_state!(&app.state, st => (st.storage.kind() == "sqlite").then_some(2));
    assert_eq!(
        omiyage_server::on_state!(&app.state, st => st.storage.sqlite_synchronous().await).unwrap(),
        expected
    );
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
    omiyage_server::on_state!(&app.state, st => st.storage.set_stock("kokeshi-standard", 7).await)
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

/// Places an order for one unit in `lang` and answers its first line's product name.
async fn ordered_name(app: &crate::helpers::TestApp, product: &str, variant: &str) -> String {
    let order = crate::helpers::order_for(&[(product, variant, 1)], crate::helpers::test_card());
    let r = crate::helpers::client()
        .build()
        .unwrap()
        .post(app.url("/api/checkout"))
        .header("Idempotency-Key", crate::helpers::key())
        .header("Accept-Language", "en")
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: serde_json::Value = r.json().await.unwrap();
    body["lines"][0]["product_name"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_order_is_named_in_the_texts_of_the_moment_even_right_after_a_rename() {
    let app = spawn_app_with_accounts().await;
    let cookie = app.sign_in(ADMIN).await;
    let got = app
        .call(
            Method::GET,
            "/api/admin/products/tokyo-banana",
            Some(&cookie),
            None,
        )
        .await;
    let (status, product) = (got.status, got.body);
    assert_eq!(status, 200, "{product}");
    let variant = product["variants"][0]["id"].as_str().unwrap().to_string();
    let first = ordered_name(&app, "tokyo-banana", &variant).await;
    // Orders move stock (the catalog's version) but leave the texts as they are.
    assert_eq!(ordered_name(&app, "tokyo-banana", &variant).await, first);

    // The edit form sends prices as yen.
    let mut input = product.clone();
    for v in input["variants"].as_array_mut().unwrap() {
        v["price"] = v["price"]["amount"].clone();
    }
    input["translations"]["en"]["name"] = "Tokyo Banana (renamed)".into();
    let put = app
        .call(
            Method::PUT,
            "/api/admin/products/tokyo-banana",
            Some(&cookie),
            Some(input),
        )
        .await;
    let (status, body) = (put.status, put.body);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ordered_name(&app, "tokyo-banana", &variant).await,
        "Tokyo Banana (renamed)"
    );
}
