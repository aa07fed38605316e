use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::gifts::{buy_gift, claim};
use crate::helpers::{ADMIN, STAFF, TestApp, key, order_for, spawn_app_with_accounts, test_card};

mod images_and_sales;
mod photos;

fn two_variant_product(price: i64) -> Value {
    json!({
        "name": "Yuzu Kosho", "description": "Citrus chilli paste.", "category": "sweets",
        "image": "/img/matcha-kitkat.svg",
        "variants": [
            {"name": "Green", "sku": "YK-G", "price": price, "stock": 12},
            {"name": "Red", "sku": "YK-R", "price": price, "stock": 3}
        ]
    })
}

async fn admin_products(app: &TestApp, admin: &str) -> Value {
    app.call(Method::GET, "/api/admin/products", Some(admin), None)
        .await
        .body
}

#[tokio::test]
async fn a_created_product_shows_in_the_storefront_and_price_changes_take_effect_at_once() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    // Warm the storefront's catalog cache first, so the test proves it is refreshed.
    assert_eq!(app.get_json("/api/products").await.0, 200);
    let created = app
        .call(
            Method::POST,
            "/api/admin/products",
            Some(&admin),
            Some(two_variant_product(900)),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["id"], "yuzu-kosho");
    assert_eq!(created.body["variants"][1]["sku"], "YK-R");
    let (_, catalog) = app.get_json("/api/products").await;
    let listed = catalog["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "yuzu-kosho")
        .cloned();
    assert_eq!(listed.unwrap()["variants"][0]["price"]["amount"], 900);

    let mut edit = two_variant_product(1_100);
    edit["variants"][0]["id"] = created.body["variants"][0]["id"].clone();
    edit["variants"][1]["id"] = created.body["variants"][1]["id"].clone();
    edit["variants"][0]["stock"] = json!(999); // ignored: stock changes through its own rule
    let updated = app
        .call(
            Method::PUT,
            "/api/admin/products/yuzu-kosho",
            Some(&admin),
            Some(edit),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let (_, product) = app.get_json("/api/products/yuzu-kosho").await;
    assert_eq!(product["variants"][0]["price"]["amount"], 1_100);
    assert_eq!(product["variants"][0]["stock"], 12);

    // A checkout is priced at the new price by the server.
    let variant = product["variants"][0]["id"].as_str().unwrap();
    let (status, order) = app
        .checkout(
            &key(),
            &order_for(&[("yuzu-kosho", variant, 2)], test_card()),
        )
        .await;
    assert_eq!((status, &order["subtotal"]["amount"]), (201, &json!(2_200)));

    let archived = app
        .call(
            Method::POST,
            "/api/admin/products/yuzu-kosho/archive",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(archived.body["archived"], true);
    assert_eq!(app.get_json("/api/products/yuzu-kosho").await.0, 404);
}

#[tokio::test]
async fn negative_prices_or_stock_and_unknown_categories_are_422_and_change_nothing() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let before = admin_products(&app, &admin).await;
    let mut bad = two_variant_product(-1);
    bad["variants"][1]["stock"] = json!(-4);
    let a = app
        .call(Method::POST, "/api/admin/products", Some(&admin), Some(bad))
        .await;
    assert_eq!(a.status, 422);
    let fields: Vec<_> = a.body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].clone())
        .collect();
    assert_eq!(
        fields,
        [
            json!("variants[0].price"),
            json!("variants[1].price"),
            json!("variants[1].stock")
        ]
    );
    let mut unknown = two_variant_product(100);
    unknown["category"] = json!("weapons");
    assert_eq!(
        app.call(
            Method::POST,
            "/api/admin/products",
            Some(&admin),
            Some(unknown)
        )
        .await
        .status,
        422
    );
    let mut edit = two_variant_product(-5);
    edit["variants"] =
        json!([{"id": "tokyo-banana-8", "name": "Box of 8", "sku": "", "price": -5}]);
    assert_eq!(
        app.call(
            Method::PUT,
            "/api/admin/products/tokyo-banana",
            Some(&admin),
            Some(edit)
        )
        .await
        .status,
        422
    );
    let negative = json!({"rule": "set", "stock": -1, "expected": 25});
    assert_eq!(
        app.call(
            Method::POST,
            "/api/admin/variants/tokyo-banana-8/stock",
            Some(&admin),
            Some(negative)
        )
        .await
        .status,
        422
    );
    let not_json = app
        .client
        .post(app.url("/api/admin/products"))
        .header("cookie", &admin)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(admin_products(&app, &admin).await, before);
}

#[tokio::test]
async fn two_admins_setting_the_same_stock_at_once_cannot_both_win() {
    let app = spawn_app_with_accounts().await;
    let (a, b) = (app.sign_in(ADMIN).await, app.sign_in(ADMIN).await);
    let path = "/api/admin/variants/tokyo-banana-8/stock";
    let (one, two) = tokio::join!(
        app.call(
            Method::POST,
            path,
            Some(&a),
            Some(json!({"rule": "set", "stock": 40, "expected": 25}))
        ),
        app.call(
            Method::POST,
            path,
            Some(&b),
            Some(json!({"rule": "set", "stock": 7, "expected": 25}))
        ),
    );
    let mut statuses = [one.status, two.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let loser = if one.status == 409 { &one } else { &two };
    assert!(
        loser.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changed to")
    );
    let winner = if one.status == 200 { &one } else { &two };
    assert_eq!(
        app.stock_of("tokyo-banana", "tokyo-banana-8").await,
        winner.body["stock"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn stock_adjustments_racing_checkouts_lose_no_update_and_never_go_negative() {
    let app = spawn_app_with_accounts().await;
    let (a, b) = (app.sign_in(ADMIN).await, app.sign_in(ADMIN).await);
    let (product, variant) = app.add_limited_product(10, 500).await;
    let path = format!("/api/admin/variants/{variant}/stock");
    // 20 × (+3) by two admins, 20 × (−1) removals, and 60 one-unit checkouts, all at once.
    let adds = (0..20).map(|i| {
        let cookie = if i % 2 == 0 { &a } else { &b };
        app.call(
            Method::POST,
            &path,
            Some(cookie),
            Some(json!({"rule": "adjust", "delta": 3})),
        )
    });
    let removals = (0..20).map(|_| {
        app.call(
            Method::POST,
            &path,
            Some(&a),
            Some(json!({"rule": "adjust", "delta": -1})),
        )
    });
    let order = order_for(&[(&product, &variant, 1)], test_card());
    let app_ref = &app;
    let checkouts = (0..60).map(|_| {
        let order = order.clone();
        async move { app_ref.checkout(&key(), &order).await.0 }
    });
    let (adds, removals, checkouts) =
        tokio::join!(join_all(adds), join_all(removals), join_all(checkouts));
    assert!(adds.iter().all(|r| r.status == 200));
    let removed = removals.iter().filter(|r| r.status == 200).count() as i64;
    assert!(removals.iter().all(|r| r.status == 200 || r.status == 409));
    let sold = checkouts.iter().filter(|&&s| s == 201).count() as i64;
    assert!(
        checkouts.iter().all(|&s| s == 201 || s == 409),
        "{checkouts:?}"
    );
    let stock = app.stock_of(&product, &variant).await as i64;
    assert_eq!(
        stock,
        10 + 60 - removed - sold,
        "every change counted exactly once"
    );
    assert!(stock >= 0);
    let below = app
        .call(
            Method::POST,
            &path,
            Some(&a),
            Some(json!({"rule": "adjust", "delta": -(stock + 1)})),
        )
        .await;
    assert_eq!(below.status, 409);
    assert_eq!(app.stock_of(&product, &variant).await as i64, stock);
}

#[tokio::test]
async fn shipping_needs_payment_and_the_shoppers_order_link_shows_the_tracking_number() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let (status, order) = app
        .checkout(
            &key(),
            &order_for(
                &[("tokyo-banana", "tokyo-banana-8", 1)],
                omiyage_api::PaymentChoice::PayInShop,
            ),
        )
        .await;
    assert_eq!(status, 201);
    let token = order["token"].as_str().unwrap();
    let ship = |t: &'static str| json!({"tracking_number": t});
    let path = format!("/api/admin/orders/{token}/ship");
    let early = app
        .call(
            Method::POST,
            &path,
            Some(&admin),
            Some(ship("JP-1234-5678")),
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    // Staff confirm the counter payment; shoppers cannot.
    let confirm = format!("/api/orders/{token}/confirm-payment");
    assert_eq!(
        app.call(Method::POST, &confirm, None, None).await.status,
        401
    );
    let staff = app.sign_in(STAFF).await;
    assert_eq!(
        app.call(Method::POST, &confirm, Some(&staff), None)
            .await
            .status,
        204
    );
    assert_eq!(
        app.call(Method::POST, &confirm, Some(&staff), None)
            .await
            .status,
        409
    );
    assert_eq!(
        app.call(Method::POST, &path, Some(&admin), Some(ship("<b>")))
            .await
            .status,
        422
    );
    let shipped = app
        .call(
            Method::POST,
            &path,
            Some(&admin),
            Some(ship("JP-1234-5678")),
        )
        .await;
    assert_eq!(shipped.status, 200, "{}", shipped.body);
    let (_, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(view["status"], "shipped");
    assert_eq!(view["payment"]["status"], "captured");
    assert_eq!(view["shipment"]["tracking_number"], "JP-1234-5678");
    assert_eq!(
        app.call(
            Method::POST,
            &path,
            Some(&admin),
            Some(ship("JP-1234-5678"))
        )
        .await
        .status,
        409
    );
    let listed = app
        .call(
            Method::GET,
            "/api/admin/orders?status=shipped",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["token"], token);
}

#[tokio::test]
async fn the_admin_sees_where_a_gift_ships_and_the_sender_still_does_not() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let (order, gift) = buy_gift(&app, 2, "For you").await;
    assert_eq!(claim(&app, &gift, &key(), "Kenta Yamada").await.0, 200);
    let detail = app
        .call(
            Method::GET,
            &format!("/api/admin/orders/{order}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(detail.body["recipients"][0]["name"], "Kenta Yamada");
    assert_eq!(detail.body["recipients"][0]["address"]["city"], "Kita-ku");
    let gifts = app
        .call(
            Method::GET,
            "/api/admin/orders?gift=true",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(gifts.body.as_array().unwrap().len(), 1);
    assert_eq!(
        app.call(
            Method::GET,
            "/api/admin/orders?gift=false",
            Some(&admin),
            None
        )
        .await
        .body,
        json!([])
    );

    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{order}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "YAMATO 4455"})),
        )
        .await;
    assert_eq!(shipped.status, 200, "{}", shipped.body);
    let raw = app
        .client
        .get(app.url(&format!("/api/orders/{order}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for secret in ["Kenta", "Kita-ku", "Umeda", "070-1111"] {
        assert!(
            !raw.contains(secret),
            "the sender's order leaks {secret}: {raw}"
        );
    }
    let view: Value = serde_json::from_str(&raw).unwrap();
    let states: Vec<_> = view["gift"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["state"].clone())
        .collect();
    assert_eq!(states, [json!("shipped"), json!("unclaimed")]);
    // One unit can still be claimed, so the order is not done yet.
    assert_eq!(view["status"], "paid");
}
