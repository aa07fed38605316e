//! After-sales, what follows an accepted request: a replacement shipped as a new parcel (taken
//! from stock, once), refunds from the request by the payment's own path (never past what the
//! item paid, racing refunds included; a gift's refund goes to its sender's card), the item
//! asked back and received (restocked once, however many marks race), and the sender's view
//! of it with nothing of the recipient.

use futures::future::join_all;
use omiyage_api::PaymentChoice;
use reqwest::Method;
use serde_json::{Value, json};

use crate::after_sales::{DAMAGED, decide, report, requests};
use crate::card_payments::{VISA, card_gift, card_shop, intent_of, pay, refunded_amounts};
use crate::emulator::Emulator;
use crate::gifts::claim;
use crate::helpers::*;

async fn step(app: &TestApp, admin: &str, id: &str, what: &str, body: Value) -> Answer {
    let path = format!("/api/admin/after-sales/{id}/{what}");
    app.call(Method::POST, &path, Some(admin), Some(body)).await
}

/// Reports item `item` of `path`'s form, asking for `remedy`; the merchant accepts. The
/// request's id.
async fn accepted(app: &TestApp, admin: &str, path: &str, item: &str, remedy: &str) -> String {
    let mut form = DAMAGED.to_vec();
    form[0] = ("item", item);
    form[2] = ("remedy", remedy);
    form.push(("email", "ken@example.jp"));
    let (status, page) = report(&app.http, path, &form, &key()).await;
    assert_eq!(status, 200, "{page}");
    let id = requests(app, admin)
        .await
        .iter()
        .find(|r| r["state"] == "open")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .unwrap();
    let (status, body) = decide(app, admin, &id, true, "").await;
    assert_eq!(status, 200, "{body}");
    id
}

#[tokio::test]
async fn a_recipients_unit_is_replaced_and_another_refunded_to_the_senders_card() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    let (product, variant) = app.add_limited_product(5, 3_000).await;
    let order = card_gift(&app, &stripe, (&product, &variant), 2).await;
    let token = order["token"].as_str().unwrap();
    let gift = order["gift"]["claim_token"].as_str().unwrap();
    for name in ["Ken", "Aki"] {
        assert_eq!(claim(&app.http, gift, &key(), name).await.0, 200);
    }
    let path = format!("/g/{gift}/help");
    assert_eq!(app.stock_of(&product, &variant).await, 3);

    // Unit 1: nothing happens before the request is accepted.
    let mut form = DAMAGED.to_vec();
    form.push(("email", "ken@example.jp"));
    assert_eq!(report(&app.http, &path, &form, &key()).await.0, 200);
    let open = requests(&app, &admin).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ship = json!({"tracking_number": "1234-5678-9012"});
    assert_eq!(
        step(&app, &admin, &open, "ship", ship.clone()).await.status,
        409
    );
    assert_eq!(decide(&app, &admin, &open, true, "").await.0, 200);
    let replaced = open;

    // Shipped once, from stock; a bad tracking number or another product's variant changes nothing.
    let bad = json!({"tracking_number": "x"});
    assert_eq!(step(&app, &admin, &replaced, "ship", bad).await.status, 422);
    let other = json!({"tracking_number": "1234-5678-9012", "variant_id": "tokyo-banana-8"});
    assert_eq!(
        step(&app, &admin, &replaced, "ship", other).await.status,
        422
    );
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let r = step(&app, &admin, &replaced, "ship", ship.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["replacement_tracking"], "1234-5678-9012");
    assert_eq!(r.body["replacement_variant"], variant.as_str());
    assert_eq!(
        step(&app, &admin, &replaced, "ship", ship).await.status,
        409
    );
    let refund = json!({"amount": 100});
    assert_eq!(
        step(&app, &admin, &replaced, "refund", refund).await.status,
        409
    );
    assert_eq!(app.stock_of(&product, &variant).await, 2);
    let mails = app
        .email_texts("ken@example.jp", "after_sales_progressed")
        .await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("1234-5678-9012"), "{mails:?}");

    // Unit 2: refunded in two parts to the sender's card, never past what the unit paid.
    let refunded = accepted(&app, &admin, &path, "1", "refund").await;
    let r = step(&app, &admin, &refunded, "refund", json!({"amount": 3_001})).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["error"]["fields"][0]["field"], "amount");
    assert_eq!(
        step(&app, &admin, &refunded, "refund", json!({"amount": 0}))
            .await
            .status,
        422
    );
    for amount in [1_000, 2_000] {
        let r = step(&app, &admin, &refunded, "refund", json!({"amount": amount})).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let r = step(&app, &admin, &refunded, "refund", json!({"amount": 1})).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let intent = intent_of(&app, &order).await;
    assert_eq!(
        refunded_amounts(&stripe, &intent, 2).await,
        vec![1_000, 2_000]
    );
    // The sender (the buyer) is told of the refunds, the recipient that the payer was refunded.
    let sender = order["contact"]["email"].as_str().unwrap();
    outbox_mails(&app, &admin, sender, "order_refunded", 2).await;
    outbox_mails(&app, &admin, "ken@example.jp", "after_sales_progressed", 3).await;

    // The sender's page: what became of each unit's problem, nothing of its recipients.
    let (status, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        view["gift"]["problems"],
        json!([{"unit": 0, "outcome": "replaced"}, {"unit": 1, "outcome": "refunded"}])
    );
    let text = view.to_string();
    for private in ["Ken", "Aki", "Umeda", "ken@example.jp", "crushed"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    // The console's order lists both requests as its history.
    let admin_view = app
        .call(
            Method::GET,
            &format!("/api/admin/orders/{token}"),
            Some(&admin),
            None,
        )
        .await;
    let history = admin_view.body["after_sales"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{}", admin_view.body);
    let second = history.iter().find(|r| r["item"] == 1).unwrap();
    assert_eq!(second["refunded"]["amount"], 3_000);
    assert_eq!(second["refund_path"], "card");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_racing_refunds_never_pass_what_the_line_paid() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    let admin = app.sign_in(ADMIN).await;
    // Two boxes at 2,480 yen: the line paid 4,960.
    let (_, _, status, order) = pay(&app, &stripe, VISA, 5).await;
    assert_eq!(status, 201, "{order}");
    let path = format!("/o/{}/help", order["token"].as_str().unwrap());
    let id = accepted(&app, &admin, &path, "0", "refund").await;
    let answers = join_all((0..20).map(|_| {
        let (app, admin, id) = (&app, &admin, &id);
        async move {
            step(app, admin, id, "refund", json!({"amount": 500}))
                .await
                .status
        }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|&&s| s == 200).count(),
        9,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&s| s == 422).count(),
        11,
        "{answers:?}"
    );
    let intent = intent_of(&app, &order).await;
    assert_eq!(refunded_amounts(&stripe, &intent, 9).await, vec![500; 9]);
    assert_eq!(requests(&app, &admin).await[0]["refunded"]["amount"], 4_500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_item_asked_back_is_received_once_and_restocked_once() {
    let (app, _) = spawn_app_at(1_796_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    let (product, variant) = app.add_limited_product(5, 2_000).await;
    let (status, order) = app
        .http
        .checkout(&key(), &order_for(&[(&product, &variant, 2)], test_card()))
        .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(app.stock_of(&product, &variant).await, 3);
    let path = format!("/o/{}/help", order["token"].as_str().unwrap());
    let id = accepted(&app, &admin, &path, "0", "refund").await;

    // Received before it was asked back: refused; instructions are required.
    let restock = json!({"restock": true});
    assert_eq!(
        step(&app, &admin, &id, "received", restock.clone())
            .await
            .status,
        409
    );
    let blank = json!({"instructions": "  "});
    assert_eq!(step(&app, &admin, &id, "return", blank).await.status, 422);
    let how = json!({"instructions": "Send it to Omiyage, 1-1 Ginza, Tokyo, cash on delivery."});
    let r = step(&app, &admin, &id, "return", how.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(step(&app, &admin, &id, "return", how).await.status, 409);
    let email = order["contact"]["email"].as_str().unwrap();
    let mails = app.email_texts(email, "after_sales_progressed").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("1-1 Ginza"), "{mails:?}");

    let marks = join_all((0..10).map(|_| {
        let (app, admin, id, restock) = (&app, &admin, &id, &restock);
        async move {
            step(app, admin, id, "received", restock.clone())
                .await
                .status
        }
    }))
    .await;
    assert_eq!(marks.iter().filter(|&&s| s == 200).count(), 1, "{marks:?}");
    assert_eq!(marks.iter().filter(|&&s| s == 409).count(), 9, "{marks:?}");
    assert_eq!(app.stock_of(&product, &variant).await, 5);

    // Paid with the shop's test card (no card provider): the refund is noted for the counter.
    let r = step(&app, &admin, &id, "refund", json!({"amount": 4_000})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["refund_path"], "counter");
    // The shopper's order says what became of their report.
    let (_, view) = app
        .get_json(&format!("/api/orders/{}", order["token"].as_str().unwrap()))
        .await;
    assert_eq!(
        view["problems"],
        json!([{"line": 0, "outcome": "refunded"}])
    );
    let mails = app.email_texts(email, "after_sales_progressed").await;
    assert_eq!(mails.len(), 3, "{mails:?}");
    assert!(
        mails.iter().any(|m| m.contains("collect it at the shop")),
        "{mails:?}"
    );
}

#[tokio::test]
async fn a_category_may_have_a_return_period_of_its_own() {
    let (app, clock) = spawn_app_at(1_796_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    let settings = json!({"return_days": 14, "category_days": {"sweets": 2}});
    let r = app
        .call(
            Method::PUT,
            "/api/admin/after-sales-settings",
            Some(&admin),
            Some(settings),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let bad = json!({"return_days": 14, "category_days": {"sweets": 0}});
    let r = app
        .call(
            Method::PUT,
            "/api/admin/after-sales-settings",
            Some(&admin),
            Some(bad),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let (product, variant) = app.add_limited_product(5, 2_000).await;
    let (_, sweets) = app
        .http
        .checkout(&key(), &order_for(&[(&product, &variant, 1)], test_card()))
        .await;
    let (_, tea) = app
        .http
        .checkout(
            &key(),
            &order_for(&[("uji-sencha", "uji-sencha-100g", 1)], test_card()),
        )
        .await;
    clock.advance(3 * 86_400);
    let help = |o: &Value| format!("/o/{}/help", o["token"].as_str().unwrap());
    let (status, page) = report(&app.http, &help(&sweets), &DAMAGED, &key()).await;
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("return period for this item is over"),
        "{page}"
    );
    let (status, page) = report(&app.http, &help(&tea), &DAMAGED, &key()).await;
    assert_eq!(status, 200, "{page}");
}

/// A phone's JPEG: a real photo with an EXIF block naming where it was taken.
fn phone_jpeg() -> Vec<u8> {
    let jpeg = omiyage_server::photos::sample(1200, 900, 7);
    let payload = b"Exif\0\0SECRET-GPS-35.6812N-139.7671E";
    let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
    [&jpeg[..2], &[0xff, 0xe1], &len[..], payload, &jpeg[2..]].concat()
}

/// Sends the report form as the page does (`multipart/form-data`) with `photos`.
async fn report_with_photos(app: &Http, path: &str, photos: Vec<Vec<u8>>) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new().text("key", key());
    for (name, value) in DAMAGED {
        form = form.text(name, value);
    }
    form = form.text("email", "ken@example.jp");
    for photo in photos {
        let part = reqwest::multipart::Part::bytes(photo)
            .file_name("IMG_0001.JPG")
            .mime_str("image/jpeg")
            .unwrap();
        form = form.part("photo", part);
    }
    let r = app
        .client
        .post(app.url(path))
        .header("accept-language", "en")
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_reports_photos_are_kept_without_their_location_for_the_merchant_only() {
    let (app, _) = spawn_app_at(1_796_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    let (_, token) = crate::gifts::buy_gift(&app.http, 1, "Enjoy").await;
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    let path = format!("/g/{token}/help");
    let (status, page) = app.page(&path, "en").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"enctype="multipart/form-data""#), "{page}");

    // Four photos, or a file that is no photo: the form comes back and nothing is kept.
    let (status, page) = report_with_photos(&app.http, &path, vec![phone_jpeg(); 4]).await;
    assert_eq!(status, 422);
    assert!(page.contains("at most three photos"), "{page}");
    let (status, _) = report_with_photos(&app.http, &path, vec![b"%PDF-1.7".to_vec()]).await;
    assert_eq!(status, 422);
    assert!(requests(&app, &admin).await.is_empty());

    let upload = phone_jpeg();
    assert!(upload.windows(6).any(|w| w == b"SECRET"));
    let (status, page) = report_with_photos(&app.http, &path, vec![upload.clone(), upload]).await;
    assert_eq!(status, 200, "{page}");
    let list = requests(&app, &admin).await;
    assert_eq!(list[0]["photos"], 2);
    let id = list[0]["id"].as_str().unwrap();
    let photo = |n: u32, cookie: Option<String>| {
        let mut r = app
            .client
            .get(app.url(&format!("/api/admin/after-sales/{id}/photos/{n}")));
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        r.send()
    };
    let got = photo(0, Some(admin.clone())).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    let bytes = got.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xff, 0xd8]));
    for word in [&b"SECRET"[..], b"Exif"] {
        assert!(!bytes.windows(word.len()).any(|w| w == word));
    }
    assert_eq!(photo(2, Some(admin.clone())).await.unwrap().status(), 404);
    // Nobody else sees them.
    assert_eq!(photo(0, None).await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_refund_from_a_request_takes_the_promoters_share_back_and_a_replacement_keeps_it() {
    let stripe = Emulator::start().await;
    let stripe_config = stripe.config();
    let (app, promoter, code, _) =
        crate::promotions::setup_plan(json!({}), move |c| c.stripe = Some(stripe_config)).await;
    let admin = app.sign_in(ADMIN).await;
    let cookies = crate::promotions::open_link(&app, &format!("/p/matcha-kitkat?ref={code}")).await;
    let mut orders = Vec::new();
    for email in ["hana@example.com", "aki@example.com"] {
        let card = PaymentChoice::Card {
            payment_method: stripe.card(VISA).await,
        };
        let (status, order) = crate::promotions::buy_with(&app, &cookies, email, 2, card).await;
        assert_eq!(status, 201, "{order}");
        let token = order["token"].as_str().unwrap();
        let shipped = app
            .call(
                Method::POST,
                &format!("/api/admin/orders/{token}/ship"),
                Some(&admin),
                Some(json!({"tracking_number": "JP-77"})),
            )
            .await;
        assert!(shipped.status < 300, "{}", shipped.body);
        orders.push(order);
    }
    let stats = || async {
        let s = app
            .call(Method::GET, "/api/promoter/stats", Some(&promoter), None)
            .await
            .body;
        let yen = |f: &str| s["commission"][f]["amount"].as_i64().unwrap();
        (yen("confirmed"), yen("reversed"))
    };
    let (confirmed, reversed) = stats().await;
    assert!(confirmed > 0 && reversed == 0, "{confirmed} {reversed}");

    // The first order's line: a replacement ships, the commission stays.
    let help = |o: &Value| format!("/o/{}/help", o["token"].as_str().unwrap());
    let replaced = accepted(&app, &admin, &help(&orders[0]), "0", "replacement").await;
    let ship = json!({"tracking_number": "JP-78"});
    assert_eq!(
        step(&app, &admin, &replaced, "ship", ship).await.status,
        200
    );
    assert_eq!(stats().await, (confirmed, 0));

    // The second order's line: half refunded from the request, its share of the commission back.
    let total = orders[1]["total"]["amount"].as_i64().unwrap();
    let paid = orders[1]["lines"][0]["line_total"]["amount"]
        .as_i64()
        .unwrap();
    let refunded = accepted(&app, &admin, &help(&orders[1]), "0", "refund").await;
    let r = step(
        &app,
        &admin,
        &refunded,
        "refund",
        json!({"amount": paid / 2}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let per_order = confirmed / 2;
    let back = per_order * (paid / 2) / total;
    assert!(back > 0);
    assert_eq!(stats().await, (confirmed - back, back));
}

#[tokio::test]
async fn an_exchange_asks_for_one_of_the_products_variants_and_ships_it() {
    let (app, _) = spawn_app_at(1_796_000_000).await;
    let admin = app.sign_in(ADMIN).await;
    let (_, order) = app
        .http
        .checkout(
            &key(),
            &order_for(&[("matcha-kitkat", "matcha-kitkat-12", 1)], test_card()),
        )
        .await;
    let path = format!("/o/{}/help", order["token"].as_str().unwrap());
    let (_, page) = app.page(&path, "en").await;
    assert!(
        page.contains(r#"<option value="matcha-kitkat-24">Matcha KitKat / 24 pieces</option>"#),
        "{page}"
    );
    let exchange = |variant: &'static str| {
        vec![
            ("item", "0"),
            ("problem", "wrong_item"),
            ("remedy", "exchange"),
            ("exchange_variant", variant),
        ]
    };
    let (status, page) = report(&app.http, &path, &exchange("tokyo-banana-8"), &key()).await;
    assert_eq!(status, 422);
    assert!(page.contains("Choose one of the variants"), "{page}");
    let (status, page) = report(&app.http, &path, &exchange("matcha-kitkat-24"), &key()).await;
    assert_eq!(status, 200, "{page}");
    let request = &requests(&app, &admin).await[0];
    assert_eq!(request["exchange_variant"], "matcha-kitkat-24");
    let id = request["id"].as_str().unwrap();
    assert_eq!(decide(&app, &admin, id, true, "").await.0, 200);
    let before = app.stock_of("matcha-kitkat", "matcha-kitkat-24").await;
    let ship = json!({"tracking_number": "JP-90", "variant_id": "matcha-kitkat-24"});
    let r = step(&app, &admin, id, "ship", ship).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["replacement_variant"], "matcha-kitkat-24");
    assert_eq!(
        app.stock_of("matcha-kitkat", "matcha-kitkat-24").await,
        before - 1
    );
}
