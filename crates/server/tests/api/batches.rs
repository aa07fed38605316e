use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::gifts::claim;
use crate::helpers::{ADMIN, STAFF, TestApp, key, spawn_app_with_accounts};

fn tomorrow_plus(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let day = omiyage_core::sales::day_of(now) + 1 + days;
    omiyage_core::sales::date_of(day)
}

pub(crate) fn batch_body(count: i64) -> Value {
    json!({"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "count": count,
           "greeting": "Welcome to Asakusa!", "expires_on": tomorrow_plus(30)})
}

async fn create(app: &TestApp, cookie: &str, body: Value) -> (u16, Value) {
    let a = app
        .call(Method::POST, "/api/batches", Some(cookie), Some(body))
        .await;
    (a.status, a.body)
}

async fn lookup(app: &TestApp, code: &str) -> (u16, Value) {
    let a = app
        .call(
            Method::POST,
            "/api/claim-codes",
            None,
            Some(json!({"code": code})),
        )
        .await;
    (a.status, a.body)
}

#[tokio::test]
async fn staff_create_a_batch_that_reserves_stock_and_prints_distinct_codes() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let before = app.stock_of("tokyo-banana", "tokyo-banana-8").await;
    let (status, batch) = create(&app, &staff, batch_body(3)).await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["shop_name"], "Demo Shop Asakusa");
    let codes: Vec<&str> = batch["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 3);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 19 && c.chars().filter(|&ch| ch == '-').count() == 3),
        "{codes:?}"
    );
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 3);
    assert_eq!(
        app.stock_of("tokyo-banana", "tokyo-banana-8").await,
        before - 3
    );
    let list = app
        .call(Method::GET, "/api/batches", Some(&staff), None)
        .await;
    assert_eq!(
        (
            list.body[0]["count"].as_u64(),
            list.body[0]["claimed"].as_u64()
        ),
        (Some(3), Some(0))
    );
    let csv = app
        .client
        .get(app.url(&format!(
            "/api/batches/{}/codes.csv",
            batch["id"].as_str().unwrap()
        )))
        .header("cookie", &staff)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains(codes[0]) && csv.contains(",unclaimed,"));
    // Column headers in the reader's language (Japanese by default, with a BOM for Excel).
    assert!(
        csv.starts_with("\u{feff}コード,状態,受け取り日時,受け取りリンク\r\n"),
        "{csv}"
    );
    let en = app
        .client
        .get(app.url(&format!(
            "/api/batches/{}/codes.csv",
            batch["id"].as_str().unwrap()
        )))
        .header("cookie", &staff)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        en.starts_with("code,state,claimed_at,claim_path\r\n"),
        "{en}"
    );
}

#[tokio::test]
async fn a_batch_of_0_or_501_codes_is_422_and_takes_no_stock() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let before = app.stock_of("tokyo-banana", "tokyo-banana-8").await;
    for count in [0, 501] {
        let (status, body) = create(&app, &staff, batch_body(count)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["fields"][0]["field"], "count");
    }
    let mut past = batch_body(2);
    past["expires_on"] = json!("2020-01-01");
    assert_eq!(create(&app, &staff, past).await.0, 422);
    // More codes than stock: 409, nothing taken.
    assert_eq!(
        create(&app, &staff, batch_body(before as i64 + 1)).await.0,
        409
    );
    assert_eq!(app.stock_of("tokyo-banana", "tokyo-banana-8").await, before);
    assert!(
        app.call(Method::GET, "/api/batches", Some(&staff), None)
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn staff_of_one_shop_cannot_list_print_or_void_another_shops_batch() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let shop = app
        .call(
            Method::POST,
            "/api/admin/shops",
            Some(&admin),
            Some(json!({"name": "Kyoto Station", "address": "Kyoto", "claim_window_secs": 86400})),
        )
        .await;
    let other_staff = json!({"email": "k@kyoto.jp", "name": "Kei", "password": "long password", "shop_id": shop.body["id"]});
    assert_eq!(
        app.call(
            Method::POST,
            "/api/admin/staff",
            Some(&admin),
            Some(other_staff)
        )
        .await
        .status,
        201
    );
    let kyoto = app.sign_in(("k@kyoto.jp", "long password")).await;
    let (_, theirs) = create(&app, &kyoto, batch_body(2)).await;
    let id = theirs["id"].as_str().unwrap();
    let code = theirs["codes"][0]["code"].as_str().unwrap();

    let staff = app.sign_in(STAFF).await;
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/batches/{id}"),
            Some(&staff),
            None
        )
        .await
        .status,
        403
    );
    let qr = format!("/api/batches/{id}/qr-codes?origin=https%3A%2F%2Fshop.example");
    assert_eq!(
        app.call(Method::GET, &qr, Some(&staff), None).await.status,
        403
    );
    let mine = app.call(Method::GET, &qr, Some(&kyoto), None).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 2);
    assert!(mine.body[0].as_str().unwrap().starts_with("<svg"));
    let bad_origin = format!("/api/batches/{id}/qr-codes?origin=javascript%3Aalert(1)");
    assert_eq!(
        app.call(Method::GET, &bad_origin, Some(&kyoto), None)
            .await
            .status,
        422
    );
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/batches/{id}/codes.csv"),
            Some(&staff),
            None
        )
        .await
        .status,
        403
    );
    let void = format!("/api/batches/{id}/codes/{code}/void");
    assert_eq!(
        app.call(Method::POST, &void, Some(&staff), None)
            .await
            .status,
        403
    );
    assert!(
        app.call(Method::GET, "/api/batches", Some(&staff), None)
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.call(Method::GET, &format!("/api/batches/{id}"), None, None)
            .await
            .status,
        401
    );
    // Their own staff and the admin can.
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/batches/{id}"),
            Some(&kyoto),
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(
        app.call(Method::GET, "/api/batches", Some(&admin), None)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let before_void = app.stock_of("tokyo-banana", "tokyo-banana-8").await;
    let voided = app.call(Method::POST, &void, Some(&kyoto), None).await;
    assert_eq!(
        (voided.status, voided.body["codes"][0]["state"].as_str()),
        (200, Some("voided"))
    );
    assert_eq!(
        app.stock_of("tokyo-banana", "tokyo-banana-8").await,
        before_void + 1,
        "the unit is back in stock"
    );
}

#[tokio::test]
async fn a_typed_code_finds_its_gift_once_claimed_it_cannot_be_voided_and_two_claims_race_to_one() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let (_, batch) = create(&app, &staff, batch_body(2)).await;
    let code = batch["codes"][0]["code"].as_str().unwrap().to_string();
    let typed = code.to_lowercase().replace('-', " ");
    let (status, found) = lookup(&app, &typed).await;
    assert_eq!(status, 200, "{found}");
    let token = found["claim_token"].as_str().unwrap().to_string();
    assert_eq!(token, batch["codes"][0]["claim_token"]);
    let (_, gift) = app.get_json(&format!("/api/gifts/{token}")).await;
    assert_eq!(gift["sender_name"], "Demo Shop Asakusa");
    assert_eq!(gift["greeting"], "Welcome to Asakusa!");

    let (k1, k2) = (key(), key());
    let (a, b) = tokio::join!(
        claim(&app, &token, &k1, "Ami"),
        claim(&app, &token, &k2, "Ben")
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);

    let id = batch["id"].as_str().unwrap();
    let void = app
        .call(
            Method::POST,
            &format!("/api/batches/{id}/codes/{code}/void"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(void.status, 409, "{}", void.body);
    let view = app
        .call(
            Method::GET,
            &format!("/api/batches/{id}"),
            Some(&staff),
            None,
        )
        .await;
    let states: Vec<_> = view.body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].clone())
        .collect();
    assert_eq!(states, [json!("claimed"), json!("unclaimed")]);
    // The admin ships it like any gift.
    let admin = app.sign_in(ADMIN).await;
    let orders = app
        .call(
            Method::GET,
            "/api/admin/orders?gift=true",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(orders.body.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn ten_thousand_wrong_codes_from_one_client_hit_429_after_the_limit_and_never_succeed() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let (_, batch) = create(&app, &staff, batch_body(1)).await;
    let real = batch["codes"][0]["code"].as_str().unwrap().to_string();
    let mut statuses = Vec::with_capacity(10_000);
    for chunk in 0..100 {
        let attempts = (0..100).map(|i| {
            let n = chunk * 100 + i;
            // Well-formed codes that do not exist (the real one never comes up).
            let wrong = format!("{:016}", n);
            let app = &app;
            async move { lookup(app, &wrong).await.0 }
        });
        statuses.extend(join_all(attempts).await);
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 404).count(), 10);
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 9_990);
    assert!(!statuses.contains(&200));
    // Limited, even the right code learns nothing.
    let (status, body) = lookup(&app, &real).await;
    assert_eq!(status, 429, "{body}");
}

#[tokio::test]
async fn the_claim_page_is_plain_html_and_redirects_a_found_code_to_its_gift() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let (_, batch) = create(&app, &staff, batch_body(1)).await;
    let code = batch["codes"][0]["code"].as_str().unwrap();
    let page = app.client.get(app.url("/claim")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<form method="post" action="/claim""#) && html.contains("pattern="));
    // In the reader's language: Japanese by default, Chinese for a browser that prefers it.
    assert!(html.contains(r#"<html lang="ja">"#) && html.contains("ギフトコード"));
    let (_, zh) = app.page("/claim", "zh-CN,zh;q=0.9,en;q=0.8").await;
    assert!(
        zh.contains(r#"<html lang="zh-Hans">"#)
            && zh.contains("礼物代码")
            && zh.contains("查找我的礼物")
    );
    let no_redirect = crate::helpers::client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let found = no_redirect
        .post(app.url("/claim"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("code={}", code.to_lowercase()))
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 303);
    assert_eq!(
        found.headers()["location"],
        format!("/g/{}", batch["codes"][0]["claim_token"].as_str().unwrap())
    );
    let wrong = no_redirect
        .post(app.url("/claim"))
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("code=0000+0000+0000+000%3Cb%3E")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let body = wrong.text().await.unwrap();
    assert!(
        body.contains("0000 0000 0000 000&lt;b&gt;") && !body.contains("000<b>"),
        "the typed text is escaped"
    );
    assert!(body.contains("A code has 16 letters and digits"), "{body}");
}

/// Wrong codes sent through a proxy from two clients: (404s, 429s) of the second client after
/// the first used up its attempts.
async fn second_client_after_first_is_limited(trusted: Option<&str>) -> (usize, usize) {
    let trusted = trusted.map(|t| t.parse().unwrap());
    let app = crate::helpers::spawn_app_with(|c| c.trusted_proxy = trusted).await;
    let from = |client: &'static str, n: usize| {
        let app = &app;
        async move {
            let r = app
                .client
                .post(app.url("/api/claim-codes"))
                .header("x-forwarded-for", format!("198.51.100.7, {client}"))
                .json(&json!({"code": format!("{:016}", n)}))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }
    };
    for n in 0..11 {
        from("203.0.113.1", n).await;
    }
    let mut second = Vec::new();
    for n in 0..3 {
        second.push(from("203.0.113.2", 100 + n).await);
    }
    (
        second.iter().filter(|&&s| s == 404).count(),
        second.iter().filter(|&&s| s == 429).count(),
    )
}

#[tokio::test]
async fn behind_the_trusted_proxy_each_client_has_its_own_limit_and_elsewhere_the_header_is_ignored()
 {
    // The proxy (this machine) forwards for two clients: the second is not limited by the first.
    assert_eq!(
        second_client_after_first_is_limited(Some("127.0.0.1/32")).await,
        (3, 0)
    );
    // No trusted proxy: `X-Forwarded-For` is the client's own claim, and ignored.
    assert_eq!(second_client_after_first_is_limited(None).await, (0, 3));
    // A proxy elsewhere is not this peer: ignored too.
    assert_eq!(
        second_client_after_first_is_limited(Some("10.0.0.0/8")).await,
        (0, 3)
    );
}
