//! A product's photos: ordered, described in every language (Japanese required, the others
//! falling back to it), focus points, variants pointing at a photo; refusals change nothing;
//! a client that knows only `image`, and a database from before photos, keep working.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, spawn_app_with_accounts};

fn photo(src: &str, alt: &str) -> Value {
    json!({"src": src, "alt": alt})
}

fn product(photos: Value, variant_photo: Option<&str>) -> Value {
    json!({
        "name": "風呂敷", "description": "綿の風呂敷。", "category": "crafts",
        "translations": {"en": {"name": "Cotton furoshiki"}},
        "photos": photos,
        "variants": [
            {"name": "藍", "sku": "F-AI", "price": 2400, "stock": 5, "photo": variant_photo},
            {"name": "紅", "sku": "F-BENI", "price": 2400, "stock": 5}
        ]
    })
}

fn alts(product: &Value) -> Vec<&str> {
    product["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["alt"].as_str().unwrap())
        .collect()
}

async fn save(app: &TestApp, admin: &str, id: Option<&str>, body: Value) -> (u16, Value) {
    let (method, path) = match id {
        Some(id) => (Method::PUT, format!("/api/admin/products/{id}")),
        None => (Method::POST, "/api/admin/products".to_string()),
    };
    let a = app.call(method, &path, Some(admin), Some(body)).await;
    (a.status, a.body)
}

#[tokio::test]
async fn a_product_has_ordered_photos_described_in_every_language_and_variants_point_at_them() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let photos = json!([
        {"src": "/img/furoshiki.svg", "alt": "広げた風呂敷", "translations": {"en": {"name": "The furoshiki spread out"}}},
        {"src": "/img/kokeshi.svg", "alt": "藍色の包み", "focus_x": 30, "focus_y": 70,
         "translations": {"zh-Hans": {"name": "靛蓝色的包袱"}}},
        photo("/img/daruma.svg", "箱"),
    ]);
    let (status, created) = save(
        &app,
        &admin,
        None,
        product(photos, Some("/img/kokeshi.svg")),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["image"], "/img/furoshiki.svg");
    assert_eq!(
        created["photos"][1]["translations"]["zh-Hans"]["name"],
        "靛蓝色的包袱"
    );
    assert_eq!(created["variants"][0]["photo"], "/img/kokeshi.svg");
    assert!(created["variants"][1].get("photo").is_none());

    // Each reader gets the alt texts in their language, falling back to Japanese.
    let path = format!("/api/products/{id}");
    let ja = app.get_json_in(&path, "ja").await;
    assert_eq!(alts(&ja), ["広げた風呂敷", "藍色の包み", "箱"]);
    let en = app.get_json_in(&path, "en-GB").await;
    assert_eq!(alts(&en), ["The furoshiki spread out", "藍色の包み", "箱"]);
    let zh = app.get_json_in(&path, "zh-CN").await;
    assert_eq!(alts(&zh), ["広げた風呂敷", "靛蓝色的包袱", "箱"]);
    assert_eq!(
        (&ja["photos"][1]["focus_x"], &ja["photos"][1]["focus_y"]),
        (&json!(30), &json!(70))
    );
    assert_eq!(ja["variants"][0]["photo"], "/img/kokeshi.svg");
    assert!(ja["photos"][0].get("translations").is_none(), "{ja}");
    let catalog = app.get_json_in("/api/products", "en").await;
    let listed = catalog["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        alts(listed),
        ["The furoshiki spread out", "藍色の包み", "箱"]
    );

    // Removing the photo a variant points at, while it still does: refused, nothing changed.
    let mut edit = product(
        json!([
            photo("/img/daruma.svg", "箱"),
            photo("/img/furoshiki.svg", "広げた風呂敷")
        ]),
        Some("/img/kokeshi.svg"),
    );
    edit["variants"][0]["id"] = created["variants"][0]["id"].clone();
    edit["variants"][1]["id"] = created["variants"][1]["id"].clone();
    let (status, body) = save(&app, &admin, Some(&id), edit.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "variants[0].photo");
    assert_eq!(alts(&app.get_json_in(&path, "ja").await).len(), 3);

    // Reordered and one removed: the first is the card's image; the removed one's texts go.
    edit["variants"][0]["photo"] = json!("/img/furoshiki.svg");
    let (status, body) = save(&app, &admin, Some(&id), edit.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["image"], "/img/daruma.svg");
    assert_eq!(
        body["photos"][1]["translations"],
        Value::Null,
        "texts were replaced: {body}"
    );
    let en = app.get_json_in(&path, "en").await;
    assert_eq!(alts(&en), ["箱", "広げた風呂敷"]);
    assert_eq!(en["image"], "/img/daruma.svg");
    assert_eq!(en["variants"][0]["photo"], "/img/furoshiki.svg");

    // A variant left out of the form stops pointing at a photo the product no longer has.
    let only_second = json!({
        "name": "風呂敷", "category": "crafts", "photos": [photo("/img/daruma.svg", "箱")],
        "variants": [{"id": created["variants"][1]["id"], "name": "紅", "sku": "F-BENI", "price": 2400}]
    });
    let (status, body) = save(&app, &admin, Some(&id), only_second).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["variants"][0].get("photo").is_none(), "{body}");
}

#[tokio::test]
async fn bad_photos_are_refused_with_the_field_and_change_nothing() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let (status, created) = save(
        &app,
        &admin,
        None,
        product(json!([photo("/img/daruma.svg", "だるま")]), None),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let many: Vec<Value> = (0..13)
        .map(|i| photo(&format!("/img/{i}.svg"), "写真"))
        .collect();
    for (photos, variant_photo, field) in [
        (
            json!([photo("/img/daruma.svg", " ")]),
            None,
            "photos[0].alt",
        ),
        (
            json!([photo("/img/a.svg", "a"), photo("/img/a.svg", "b")]),
            None,
            "photos[1].src",
        ),
        (
            json!([photo("https://elsewhere.example/a.jpg", "a")]),
            None,
            "photos[0].src",
        ),
        (
            json!([{"src": "/img/a.svg", "alt": "a", "focus_x": 101}]),
            None,
            "photos[0].focus_x",
        ),
        (
            json!([photo("/img/a.svg", "a")]),
            Some("/img/b.svg"),
            "variants[0].photo",
        ),
        (
            json!([{"src": "/img/a.svg", "alt": "a", "translations": {"fr": {"name": "une"}}}]),
            None,
            "photos[0].translations.fr",
        ),
        (Value::Array(many), None, "photos"),
    ] {
        for id in [None, Some(id.as_str())] {
            let (status, body) =
                save(&app, &admin, id, product(photos.clone(), variant_photo)).await;
            assert_eq!(status, 422, "{field}: {body}");
            let fields = crate::helpers::error_fields(&body);
            assert!(fields.contains(&field), "{field}: {fields:?}");
        }
    }
    let products = app
        .call(Method::GET, "/api/admin/products", Some(&admin), None)
        .await
        .body;
    let ours: Vec<&Value> = products
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "風呂敷" && p["category"] == "crafts" && p["id"] != "furoshiki")
        .collect();
    assert_eq!(ours.len(), 1, "no product was created");
    assert_eq!(alts(ours[0]), ["だるま"]);
}

#[tokio::test]
async fn a_client_that_knows_only_image_gives_the_product_one_photo_described_by_its_name() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let body = json!({
        "name": "柚子胡椒", "category": "sweets", "image": "/img/matcha-kitkat.svg",
        "translations": {"en": {"name": "Yuzu kosho"}},
        "variants": [{"name": "緑", "sku": "YK", "price": 900, "stock": 3}]
    });
    let (status, created) = save(&app, &admin, None, body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["photos"],
        json!([{"src": "/img/matcha-kitkat.svg", "alt": "柚子胡椒", "focus_x": 50, "focus_y": 50}])
    );
    let en = app
        .get_json_in(
            &format!("/api/products/{}", created["id"].as_str().unwrap()),
            "en",
        )
        .await;
    assert_eq!(en["image"], "/img/matcha-kitkat.svg");
    // The alt text falls back to Japanese: the merchant described it in Japanese only.
    assert_eq!(alts(&en), ["柚子胡椒"]);
}

/// The demo catalog's photos: one per product, described by its name in each language.
#[tokio::test]
async fn the_demo_products_each_have_a_photo_described_in_three_languages() {
    let app = crate::helpers::spawn_app().await;
    let zh = app
        .get_json_in("/api/products/matcha-kitkat", "zh-CN")
        .await;
    assert_eq!(
        zh["photos"],
        json!([{"src": "/img/matcha-kitkat.svg", "alt": "抹茶奇巧", "focus_x": 50, "focus_y": 50}])
    );
}

/// A database from before photos: each product's image becomes its first photo, described by
/// its name in every language it has.
#[tokio::test]
async fn a_database_from_before_photos_keeps_each_products_image_as_its_first_photo() {
    use sqlx::Connection;
    let dir = std::env::temp_dir().join(format!("omiyage-photos-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("old.db"))
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let migrator = sqlx::migrate!("./migrations/sqlite");
    migrator.run_to(25, &mut conn).await.unwrap();
    for sql in [
        "INSERT INTO categories (id, name, position) VALUES ('c', 'カテゴリ', 0)",
        "INSERT INTO products (id, name, description, category_id, image, position) VALUES ('old', '古い品', '', 'c', '/api/images/abc', 0)",
        "INSERT INTO products (id, name, description, category_id, image, position) VALUES ('bare', '写真なし', '', 'c', '', 1)",
        "INSERT INTO catalog_texts (entry, id, lang, name) VALUES ('product', 'old', 'en', 'Old thing')",
    ] {
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
    migrator.run(&mut conn).await.unwrap();
    let photos: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT product_id, src, alt, focus_x FROM product_photos ORDER BY product_id",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        photos,
        [("old".into(), "/api/images/abc".into(), "古い品".into(), 50)]
    );
    let texts: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, lang, name FROM catalog_texts WHERE entry = 'photo'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        texts,
        [(
            "old /api/images/abc".into(),
            "en".into(),
            "Old thing".into()
        )]
    );
    conn.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
