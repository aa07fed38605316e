//! Qualified invoices: the admin sets the shop's registration number (checked), and every paid
//! order has a receipt page with the issuer, the number, and the tax per rate.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, STAFF, key, spawn_app_with_accounts};

fn mixed_cart(payment: Value) -> String {
    json!({
        "lines": [
            {"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1},
            {"product_id": "furoshiki", "variant_id": "furoshiki-indigo", "quantity": 1}
        ],
        "contact": {"name": "Aiko <Tanaka>", "email": "aiko@example.jp"},
        "address": {"postal_code": "150-0001", "prefecture": "東京都", "city": "渋谷区", "line1": "神宮前1-2-3"},
        "payment": payment
    })
    .to_string()
}

#[tokio::test]
async fn only_the_admin_sets_the_registration_number_and_a_wrong_one_changes_nothing() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let staff = app.sign_in(STAFF).await;
    let path = "/api/admin/invoice-issuer";
    let good =
        json!({"registered_name": "株式会社おみやげ", "registration_number": "T7000012050002"});

    assert_eq!(
        app.call(Method::PUT, path, None, Some(good.clone()))
            .await
            .status,
        401
    );
    assert_eq!(
        app.call(Method::PUT, path, Some(&staff), Some(good.clone()))
            .await
            .status,
        403
    );
    assert_eq!(
        app.call(Method::GET, path, Some(&admin), None).await.body,
        Value::Null
    );

    let saved = app.call(Method::PUT, path, Some(&admin), Some(good)).await;
    assert_eq!(saved.status, 200);
    let wrong_digit = json!({"registered_name": "Other", "registration_number": "T8000012050002"});
    let refused = app
        .call(Method::PUT, path, Some(&admin), Some(wrong_digit))
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.body["error"]["fields"][0]["field"],
        "registration_number"
    );
    let short = json!({"registered_name": "Other", "registration_number": "T123"});
    assert_eq!(
        app.call(Method::PUT, path, Some(&admin), Some(short))
            .await
            .status,
        422
    );

    let now = app.call(Method::GET, path, Some(&admin), None).await;
    assert_eq!(now.body["registration_number"], "T7000012050002");
    assert_eq!(now.body["registered_name"], "株式会社おみやげ");
}

#[tokio::test]
async fn a_paid_order_has_a_receipt_with_the_number_and_the_tax_per_rate() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let issuer =
        json!({"registered_name": "株式会社おみやげ", "registration_number": "T7000012050002"});
    app.call(
        Method::PUT,
        "/api/admin/invoice-issuer",
        Some(&admin),
        Some(issuer),
    )
    .await;
    let (status, order) = app
        .checkout_raw(
            &key(),
            mixed_cart(json!({"method": "test_card", "card_number": "4242 4242 4242 4242"})),
        )
        .await;
    assert_eq!(status, 201);
    let token = order["token"].as_str().unwrap();

    let page = app
        .client
        .get(app.url(&format!("/o/{token}/receipt")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    for expected in [
        r#"<html lang="ja">"#,
        "領収書（適格簡易請求書）",
        "株式会社おみやげ",
        "T7000012050002",
        "東京ばな奈 (8個入) ※",
        // ¥1,300 of sweets at 8 %; ¥2,400 + ¥600 shipping at 10 %.
        "10%対象 3,000円（内消費税 272円）",
        "※8%対象 1,300円（内消費税 96円）",
        "4,300円",
        // The customer as a Japanese receipt addresses them.
        "Aiko &lt;Tanaka&gt; 様",
    ] {
        assert!(html.contains(expected), "missing {expected} in {html}");
    }
    assert!(!html.contains("Aiko <Tanaka>"));

    let (_, en) = app.page(&format!("/o/{token}/receipt"), "en-US").await;
    assert!(
        en.contains("Receipt (qualified simplified invoice)")
            && en.contains("※8 % on ¥1,300: ¥96 tax")
    );
    assert!(!en.contains(" 様"));
}

#[tokio::test]
async fn an_unpaid_or_unknown_order_has_no_receipt() {
    let app = spawn_app_with_accounts().await;
    let (_, order) = app
        .checkout_raw(&key(), mixed_cart(json!({"method": "pay_in_shop"})))
        .await;
    let token = order["token"].as_str().unwrap();
    let (status, unpaid) = app.page(&format!("/o/{token}/receipt"), "").await;
    assert_eq!(status, 409);
    assert!(unpaid.contains("お支払いの確認後"));
    let (status, _) = app
        .page("/o/00000000-0000-4000-8000-000000000000/receipt", "")
        .await;
    assert_eq!(status, 404);
    // Without a registration number the shop still gives a plain receipt once paid.
    let admin = app.sign_in(ADMIN).await;
    app.call(
        Method::POST,
        &format!("/api/orders/{token}/confirm-payment"),
        Some(&admin),
        None,
    )
    .await;
    let (status, html) = app.page(&format!("/o/{token}/receipt"), "").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>領収書</h1>") && !html.contains("登録番号"));
}

#[tokio::test]
async fn a_gifts_receipt_lists_what_was_refunded_with_its_tax() {
    let app = spawn_app_with_accounts().await;
    // Two furoshiki (¥2,400 each, 10 %) as a gift; the sender cancels what is left unclaimed.
    let body = json!({
        "lines": [{"product_id": "furoshiki", "variant_id": "furoshiki-indigo", "quantity": 2}],
        "contact": {"name": "Hana", "email": "hana@example.jp"},
        "address": {"postal_code": "", "prefecture": "", "city": "", "line1": ""},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "", "allow_variant_choice": false}
    });
    let (status, order) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    let token = order["token"].as_str().unwrap();
    let (_, before) = app.page(&format!("/o/{token}/receipt"), "ja").await;
    assert!(!before.contains("返金"), "{before}");

    let cancelled = app
        .call(
            Method::POST,
            &format!("/api/orders/{token}/cancel-gift"),
            None,
            None,
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    let (status, html) = app.page(&format!("/o/{token}/receipt"), "ja").await;
    assert_eq!(status, 200);
    for expected in [
        "<h2>返金</h2>",
        "ギフト 2 個分の返金",
        "−4,800円",
        // ¥4,800 refunded at 10 %: ¥436 of tax taken back.
        "10%対象 4,800円（内消費税 436円）",
        "返金後のお支払い額",
    ] {
        assert!(html.contains(expected), "missing {expected} in {html}");
    }
    assert!(html.contains(r#"data-test="receipt-net">0円"#), "{html}");
    let (_, en) = app.page(&format!("/o/{token}/receipt"), "en").await;
    assert!(en.contains("Refund of 2 gift unit(s)") && en.contains("Paid after refunds"));
}
