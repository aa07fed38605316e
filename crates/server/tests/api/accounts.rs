use futures::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{ADMIN, PROMOTER, STAFF, spawn_app, spawn_app_with, spawn_app_with_accounts};

/// Every admin route, with a body where it needs one.
fn admin_routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    let product = json!({"name": "X", "category": "sweets", "variants": [{"name": "A", "sku": "", "price": 1, "stock": 1}]});
    let shop = json!({"name": "S", "address": "A", "claim_window_secs": 7200});
    vec![
        (Method::GET, "/api/admin/products", None),
        (Method::POST, "/api/admin/products", Some(product.clone())),
        (Method::GET, "/api/admin/products/tokyo-banana", None),
        (
            Method::PUT,
            "/api/admin/products/tokyo-banana",
            Some(product),
        ),
        (
            Method::POST,
            "/api/admin/products/tokyo-banana/archive",
            None,
        ),
        (
            Method::POST,
            "/api/admin/variants/tokyo-banana-8/stock",
            Some(json!({"rule": "adjust", "delta": 1})),
        ),
        (Method::GET, "/api/admin/orders", None),
        (Method::GET, "/api/admin/shops", None),
        (Method::POST, "/api/admin/shops", Some(shop)),
        (Method::GET, "/api/admin/accounts", None),
        (
            Method::POST,
            "/api/admin/staff",
            Some(
                json!({"email": "n@x.jp", "name": "N", "password": "long password", "shop_id": "demo-shop"}),
            ),
        ),
    ]
}

#[tokio::test]
async fn admin_routes_refuse_anonymous_callers_staff_and_promoters() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(STAFF).await;
    let promoter = app.sign_in(PROMOTER).await;
    for (method, path, body) in admin_routes() {
        let anonymous = app.call(method.clone(), path, None, body.clone()).await;
        assert_eq!(anonymous.status, 401, "{method} {path}: {}", anonymous.body);
        assert_eq!(anonymous.body["error"]["code"], "unauthorized");
        for cookie in [&staff, &promoter] {
            let a = app
                .call(method.clone(), path, Some(cookie), body.clone())
                .await;
            assert_eq!(a.status, 403, "{method} {path}: {}", a.body);
        }
        let forged = app
            .call(
                method.clone(),
                path,
                Some("omiyage_session=forged"),
                body.clone(),
            )
            .await;
        assert_eq!(forged.status, 401, "{method} {path}");
    }
    // Nothing changed: the storefront still shows Tokyo Banana.
    assert_eq!(app.get_json("/api/products/tokyo-banana").await.0, 200);
    let admin = app.sign_in(ADMIN).await;
    for (method, path, body) in admin_routes() {
        let a = app.call(method.clone(), path, Some(&admin), body).await;
        assert!(a.status < 300, "{method} {path}: {} {}", a.status, a.body);
    }
}

#[tokio::test]
async fn staff_see_their_own_shop_and_not_another() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let other = app
        .call(
            Method::POST,
            "/api/admin/shops",
            Some(&admin),
            Some(json!({"name": "Kyoto", "address": "Gion", "claim_window_secs": 86400})),
        )
        .await;
    assert_eq!(other.status, 201);
    let other_id = other.body["id"].as_str().unwrap();
    let staff = app.sign_in(STAFF).await;
    assert_eq!(
        app.call(Method::GET, "/api/shops/demo-shop", Some(&staff), None)
            .await
            .status,
        200
    );
    let a = app
        .call(
            Method::GET,
            &format!("/api/shops/{other_id}"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let promoter = app.sign_in(PROMOTER).await;
    assert_eq!(
        app.call(Method::GET, "/api/shops/demo-shop", Some(&promoter), None)
            .await
            .status,
        403
    );
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/shops/{other_id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        200
    );
}

#[tokio::test]
async fn sessions_use_http_only_same_site_strict_cookies_and_end_on_sign_out() {
    let app = spawn_app_with_accounts().await;
    let a = app.sign_in_raw(ADMIN.0, ADMIN.1).await;
    let cookie = a.set_cookie.unwrap();
    for part in [
        "omiyage_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert_eq!(a.body["role"], "admin");
    assert!(a.body.get("password_hash").is_none());
    let session = cookie.split(';').next().unwrap().to_string();
    assert_eq!(
        app.call(Method::GET, "/api/auth/me", Some(&session), None)
            .await
            .body["email"],
        ADMIN.0
    );
    let out = app
        .call(Method::POST, "/api/auth/sign-out", Some(&session), None)
        .await;
    assert_eq!(out.status, 204);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.call(Method::GET, "/api/auth/me", Some(&session), None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let app = spawn_app_with_accounts().await;
    let (_, hash) =
        omiyage_server::on_state!(&app.state, st => st.storage.account_by_email(ADMIN.0).await)
            .unwrap()
            .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert!(!hash.contains(ADMIN.1));
}

#[tokio::test]
async fn wrong_passwords_are_rate_limited_with_retry_after_even_in_parallel() {
    let app = spawn_app_with_accounts().await;
    let attempts = join_all((0..40).map(|_| app.sign_in_raw(ADMIN.0, "wrong password!"))).await;
    let refused = attempts.iter().filter(|a| a.status == 401).count();
    let limited: Vec<_> = attempts.iter().filter(|a| a.status == 429).collect();
    assert_eq!((refused, limited.len()), (5, 35));
    let retry: u64 = limited[0].retry_after.as_deref().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert_eq!(limited[0].body["error"]["code"], "rate_limited");
    // While limited, even the right password waits.
    assert_eq!(app.sign_in_raw(ADMIN.0, ADMIN.1).await.status, 429);
    // Other accounts from this client are limited per client only after 20 attempts.
    assert_eq!(app.sign_in_raw(STAFF.0, STAFF.1).await.status, 200);
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app_with_accounts().await;
    let unknown = app.sign_in_raw("nobody@example.com", "whatever123").await;
    let wrong = app.sign_in_raw(ADMIN.0, "whatever123").await;
    assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));
    assert_eq!(unknown.status, 401);
}

#[tokio::test]
async fn promoters_sign_up_and_a_disabled_account_is_signed_out_at_once() {
    let app = spawn_app_with_accounts().await;
    let (account, promoter) = app.sign_up_promoter("Yui@Example.com", "Yui").await;
    assert_eq!(
        (account["role"].as_str(), account["email"].as_str()),
        (Some("promoter"), Some("yui@example.com"))
    );
    let short = json!({"email": "z@example.com", "name": "Z", "password": "short"});
    assert_eq!(
        app.call(Method::POST, "/api/auth/promoters", None, Some(short))
            .await
            .status,
        422
    );

    let admin = app.sign_in(ADMIN).await;
    let id = account["id"].as_str().unwrap();
    let d = app
        .call(
            Method::POST,
            &format!("/api/admin/accounts/{id}/disable"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!((d.status, d.body["disabled"].as_bool()), (200, Some(true)));
    assert_eq!(
        app.call(Method::GET, "/api/auth/me", Some(&promoter), None)
            .await
            .status,
        401
    );
    assert_eq!(
        app.sign_in_raw("yui@example.com", "a long enough passphrase")
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn staff_accounts_need_an_existing_shop() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let body = |shop: &str| json!({"email": "k@x.jp", "name": "Ken", "password": "long password", "shop_id": shop});
    let a = app
        .call(
            Method::POST,
            "/api/admin/staff",
            Some(&admin),
            Some(body("nowhere")),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.body);
    let a = app
        .call(
            Method::POST,
            "/api/admin/staff",
            Some(&admin),
            Some(body("demo-shop")),
        )
        .await;
    assert_eq!(
        (a.status, a.body["shop_id"].as_str()),
        (201, Some("demo-shop"))
    );
    assert!(!app.sign_in(("k@x.jp", "long password")).await.is_empty());
}

#[tokio::test]
async fn the_create_admin_command_makes_an_admin_who_can_sign_in() {
    let dir = std::env::temp_dir().join(format!("omiyage-admin-{}", uuid::Uuid::new_v4()));
    let db = dir.join("shop.db");
    let url = crate::helpers::fresh_database_url().await;
    let config = omiyage_server::Config {
        database_url: url.clone(),
        ..omiyage_server::Config::new(&db)
    };
    let account = omiyage_server::create_admin(
        config,
        "Owner@Shop.jp",
        "Owner",
        "correct horse battery".into(),
    )
    .await
    .unwrap();
    assert_eq!(account.email, "owner@shop.jp");
    let app = spawn_app_with(|c| {
        c.db_path = db.clone();
        c.database_url = url;
    })
    .await;
    let cookie = app
        .sign_in(("owner@shop.jp", "correct horse battery"))
        .await;
    assert_eq!(
        app.call(Method::GET, "/api/admin/products", Some(&cookie), None)
            .await
            .status,
        200
    );
    // Without --demo there are no demo accounts.
    assert_eq!(
        app.call(Method::GET, "/api/auth/demo", None, None)
            .await
            .body,
        json!([])
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Signs in as `email` from `client` (through the trusted proxy), with an optional device cookie;
/// returns the status and the device cookie the answer sets, if any.
async fn sign_in_from(
    app: &crate::helpers::TestApp,
    client: &str,
    email: &str,
    password: &str,
    device: Option<&str>,
) -> (u16, Option<String>) {
    let mut r = app
        .client
        .post(app.url("/api/auth/sign-in"))
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}));
    if let Some(d) = device {
        r = r.header("cookie", d);
    }
    let r = r.send().await.unwrap();
    let device = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("omiyage_device="))
        .map(|c| c.split(';').next().unwrap().to_string());
    (r.status().as_u16(), device)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_from_everywhere_never_lock_the_admin_out_of_a_browser_that_signed_in_before() {
    let app = spawn_app_with(|c| {
        c.demo_accounts = true;
        c.trusted_proxy = Some("127.0.0.1/32".parse().unwrap());
    })
    .await;
    let (email, password) = ADMIN;
    // The admin's own browser signs in once and is remembered.
    let (status, device) = sign_in_from(&app, "192.0.2.10", email, password, None).await;
    assert_eq!(status, 200);
    let device = device.expect("a device cookie");
    assert!(device.len() > 40);

    // 1,000 wrong guesses at the admin's email from 1,000 addresses, all at once: the email's
    // own limit lets exactly 100 through to the password check.
    let guesses = join_all((0..1_000).map(|i| {
        let client = format!("198.18.{}.{}", i / 250, i % 250 + 1);
        let app = &app;
        async move {
            sign_in_from(app, &client, email, "wrong guess", None)
                .await
                .0
        }
    }))
    .await;
    assert_eq!(guesses.iter().filter(|&&s| s == 401).count(), 100);
    assert_eq!(guesses.iter().filter(|&&s| s == 429).count(), 900);

    // The admin's remembered browser still signs in (from anywhere); a new browser cannot.
    let (status, again) = sign_in_from(&app, "192.0.2.99", email, password, Some(&device)).await;
    assert_eq!(status, 200);
    assert_eq!(again, None, "a remembered browser keeps its cookie");
    assert_eq!(
        sign_in_from(&app, "192.0.2.11", email, password, None)
            .await
            .0,
        429
    );
    // A device cookie of another account, or a made-up one, does not help.
    let (_, promoter_device) = sign_in_from(&app, "192.0.2.12", PROMOTER.0, PROMOTER.1, None).await;
    let other = promoter_device.unwrap();
    assert_eq!(
        sign_in_from(&app, "192.0.2.13", email, password, Some(&other))
            .await
            .0,
        429
    );
    let forged = "omiyage_device=0123456789abcdef0123456789abcdef0123456789abcdef";
    assert_eq!(
        sign_in_from(&app, "192.0.2.14", email, password, Some(forged))
            .await
            .0,
        429
    );

    // The remembered browser has a limit of its own: 5 wrong passwords, then 429.
    let mut own = Vec::new();
    for _ in 0..6 {
        own.push(
            sign_in_from(&app, "192.0.2.15", email, "typo", Some(&device))
                .await
                .0,
        );
    }
    assert_eq!(own, [401, 401, 401, 401, 401, 429]);
}

#[tokio::test]
async fn the_stored_limiter_refuses_after_the_limit_forgets_aged_attempts_and_clears() {
    let app = spawn_app().await;
    omiyage_server::on_state!(&app.state, st => {
        let storage = st.storage.as_ref();
        let limit = omiyage_core::account::Limit { max: 2, secs: 60 };
        assert_eq!(storage.hit_limit("k", limit, 1).await.unwrap(), Ok(()));
        assert_eq!(storage.hit_limit("k", limit, 2).await.unwrap(), Ok(()));
        assert_eq!(storage.hit_limit("k", limit, 3).await.unwrap(), Err(58));
        assert_eq!(
            storage.hit_limit("other", limit, 3).await.unwrap(),
            Ok(()),
            "keys are counted apart"
        );
        assert_eq!(
            storage.hit_limit("k", limit, 61).await.unwrap(),
            Ok(()),
            "the first attempt aged out"
        );
        storage.clear_limit("k").await.unwrap();
        assert_eq!(storage.hit_limit("k", limit, 62).await.unwrap(), Ok(()));
        assert_eq!(storage.hit_limit("k", limit, 62).await.unwrap(), Ok(()));
        assert_eq!(storage.hit_limit("k", limit, 62).await.unwrap(), Err(60));
    });
}
