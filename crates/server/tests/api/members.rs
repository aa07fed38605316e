//! Members: signing in without a password by a one-time emailed link (the same answer for any
//! email, limited; used once, also when racing; expired after 15 minutes), the member's page
//! listing orders placed with the email before they signed up, signing out, and a member's
//! session that never reaches the back office.

use futures::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

/// Asks for a sign-in link for `email`: (status, page).
pub(crate) async fn ask(app: &TestApp, email: &str) -> (u16, String) {
    let r = app
        .client
        .post(app.url("/account"))
        .header("accept-language", "en")
        .form(&[("email", email)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The token of the last sign-in link emailed to `email`.
pub(crate) async fn emailed_token(app: &TestApp, email: &str) -> String {
    let texts = app.email_texts(email, "member_sign_in").await;
    let text = texts.last().expect("a sign-in email");
    let after = text.split("/account/link/").nth(1).expect("a link");
    after.split_whitespace().next().unwrap().to_string()
}

pub(crate) fn no_redirect() -> reqwest::Client {
    client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Presses the sign-in button of a link: (status, the member cookie's value if one was set).
pub(crate) async fn use_link(app: &TestApp, token: &str) -> (u16, Option<String>) {
    let r = no_redirect()
        .post(app.url(&format!("/account/link/{token}")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    (r.status().as_u16(), cookie)
}

pub(crate) async fn my_page(app: &TestApp, cookie: &str) -> String {
    let r = app
        .client
        .get(app.url("/account"))
        .header("accept-language", "en")
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

#[tokio::test]
async fn a_guest_signs_in_by_an_emailed_link_and_finds_their_earlier_orders() {
    let (app, clock) = spawn_app_at(1_796_000_000).await;
    let mut request = order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card());
    request.contact.email = "Hana.Member@Example.com".into();
    let (status, order) = app.http.checkout(&key(), &request).await;
    assert_eq!(status, 201, "{order}");
    let reference = order["reference"].as_str().unwrap();

    // The form, then the same answer for a known and an unknown email; a bad one is refused.
    let (status, page) = app.page("/account", "en").await;
    assert_eq!(status, 200);
    assert!(page.contains("Email me a sign-in link"), "{page}");
    let (status, known) = ask(&app, "hana.member@example.com").await;
    assert_eq!(status, 200);
    let (status, unknown) = ask(&app, "nobody@example.com").await;
    assert_eq!(status, 200);
    assert_eq!(known, unknown);
    assert!(known.contains("A sign-in link is on its way"), "{known}");
    assert_eq!(ask(&app, "not an email").await.0, 422);

    // The link shows a button (a mail scanner opening it uses nothing), which signs in once.
    let token = emailed_token(&app, "hana.member@example.com").await;
    let (status, confirm) = app.page(&format!("/account/link/{token}"), "en").await;
    assert_eq!(status, 200);
    assert!(
        confirm.contains("data-test=\"member-sign-in\""),
        "{confirm}"
    );
    let (status, cookie) = use_link(&app, &token).await;
    assert_eq!(status, 303);
    let cookie = cookie.expect("a member session");
    assert!(cookie.starts_with("omiyage_member="), "{cookie}");
    let (status, again) = use_link(&app, &token).await;
    assert_eq!((status, again), (404, None));

    // Gifts for this email: one told to it, one claimed with it; not one sent to someone else.
    let gift_to = |recipient: &str| {
        let mut r = order_for(&[("tokyo-banana", "tokyo-banana-8", 1)], test_card());
        r.gift = Some(omiyage_api::GiftOptions {
            sender_name: "Aki".into(),
            recipient_email: recipient.into(),
            ..Default::default()
        });
        r
    };
    for to in ["hana.member@example.com", "someone.else@example.com"] {
        let (status, gift) = app.http.checkout(&key(), &gift_to(to)).await;
        assert_eq!(status, 201, "{gift}");
    }
    let (_, claimed) = app.http.checkout(&key(), &gift_to("")).await;
    let claim_token = claimed["gift"]["claim_token"].as_str().unwrap();
    let body = serde_json::json!({
        "name": "Hana", "phone": "", "email": "HANA.member@example.com",
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Kita-ku", "line1": "Umeda 1-1"}
    });
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{claim_token}/claim")))
        .header("content-type", "application/json")
        .header("Idempotency-Key", key())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The page lists the order placed before signing up, and the gifts.
    let page = my_page(&app, &cookie).await;
    let gifts: Vec<&str> = page.matches("data-test=\"member-gift\"").collect();
    assert_eq!(gifts.len(), 2, "{page}");
    assert!(
        page.contains("From Aki · Waiting for you to claim it"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "/g/{claim_token}\">Tokyo Banana</a> · From Aki · Claimed"
        )),
        "{page}"
    );
    assert!(page.contains("hana.member@example.com"), "{page}");
    assert!(page.contains(reference), "{page}");
    assert!(page.contains(&format!("/o/{}", order["token"].as_str().unwrap())));

    // The data export holds the account, the order, the gifts and what was given to claim one.
    let export = |cookie: Option<String>| {
        let mut r = app.client.get(app.url("/account/data.json"));
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        r.send()
    };
    let r = export(Some(cookie.clone())).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data: serde_json::Value = r.json().await.unwrap();
    assert_eq!(data["member"]["email"], "hana.member@example.com");
    assert_eq!(data["orders"][0]["reference"], reference);
    assert_eq!(
        data["orders"][0]["contact"]["name"],
        order["contact"]["name"]
    );
    assert_eq!(data["gifts_for_you"].as_array().unwrap().len(), 2);
    assert_eq!(data["gift_claims"][0]["name"], "Hana");
    assert_eq!(data["gift_claims"][0]["address"]["city"], "Kita-ku");
    assert_eq!(export(None).await.unwrap().status(), 401);

    // The member's session is no staff session: the back office refuses it under either name.
    let value = cookie.trim_start_matches("omiyage_member=");
    for header in [cookie.clone(), format!("omiyage_session={value}")] {
        let r = app
            .call(Method::GET, "/api/admin/orders", Some(&header), None)
            .await;
        assert_eq!(r.status, 401, "{header}: {}", r.body);
    }
    // Nor does a staff session sign a member in.
    let staff = app.sign_in(ADMIN).await;
    let staff_value = staff.trim_start_matches("omiyage_session=");
    let page = my_page(&app, &format!("omiyage_member={staff_value}")).await;
    assert!(page.contains("Email me a sign-in link"), "{page}");

    // Signing out ends the session.
    let r = no_redirect()
        .post(app.url("/account/sign-out"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert!(
        my_page(&app, &cookie)
            .await
            .contains("Email me a sign-in link")
    );

    // A link left for more than 15 minutes no longer signs in.
    assert_eq!(ask(&app, "hana.member@example.com").await.0, 200);
    let late = emailed_token(&app, "hana.member@example.com").await;
    clock.advance(15 * 60 + 1);
    assert_eq!(use_link(&app, &late).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_link_used_by_ten_at_once_signs_in_once_and_asking_is_limited() {
    let (app, _) = spawn_app_at(1_796_000_000).await;
    assert_eq!(ask(&app, "ken@example.jp").await.0, 200);
    let token = emailed_token(&app, "ken@example.jp").await;
    let uses = join_all((0..10).map(|_| {
        let (app, token) = (&app, &token);
        async move { use_link(app, token).await.0 }
    }))
    .await;
    assert_eq!(uses.iter().filter(|&&s| s == 303).count(), 1, "{uses:?}");
    assert_eq!(uses.iter().filter(|&&s| s == 404).count(), 9, "{uses:?}");
    // Three links an hour per email.
    for _ in 0..2 {
        assert_eq!(ask(&app, "ken@example.jp").await.0, 200);
    }
    let (status, page) = ask(&app, "KEN@example.jp").await;
    assert_eq!(status, 429, "{page}");
    assert_eq!(
        app.email_texts("ken@example.jp", "member_sign_in")
            .await
            .len(),
        3
    );
}

/// Posts a passkey step's JSON as the browser at `host` does: (status, body).
async fn passkey_step(
    app: &TestApp,
    host: &str,
    path: &str,
    cookie: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let mut r = app
        .client
        .post(app.url(path))
        .header("host", host)
        .json(&body);
    if let Some(cookie) = cookie {
        r = r.header("cookie", cookie);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

#[tokio::test]
async fn passkey_ceremonies_need_a_name_a_member_and_a_real_credential_each_used_once() {
    let (app, _) = spawn_app_at(1_796_000_000).await;
    let port = app
        .url("/")
        .split(':')
        .nth(2)
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let named = format!("localhost:{port}");
    let ip = format!("127.0.0.1:{port}");
    let start = "/account/passkeys/sign-in/start";

    // At an IP address, none; at a name, a discoverable request with nothing to fill in.
    let (status, body) = passkey_step(&app, &ip, start, None, json!({})).await;
    assert_eq!(status, 409, "{body}");
    let (status, sign_in) = passkey_step(&app, &named, start, None, json!({})).await;
    assert_eq!(status, 200, "{sign_in}");
    assert!(sign_in["options"]["publicKey"]["challenge"].is_string());
    assert_eq!(sign_in["options"]["publicKey"]["rpId"], "localhost");
    assert!(sign_in["options"].get("mediation").is_none(), "{sign_in}");

    // Adding one needs a member; theirs is discoverable and named by their email.
    let add = "/account/passkeys/add/start";
    assert_eq!(
        passkey_step(&app, &named, add, None, json!({})).await.0,
        401
    );
    assert_eq!(ask(&app, "keys@example.com").await.0, 200);
    let token = emailed_token(&app, "keys@example.com").await;
    let cookie = use_link(&app, &token).await.1.unwrap();
    let (status, adding) = passkey_step(&app, &named, add, Some(&cookie), json!({})).await;
    assert_eq!(status, 200, "{adding}");
    let options = &adding["options"]["publicKey"];
    assert_eq!(options["user"]["name"], "keys@example.com");
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");

    // Not a credential: refused, and the ceremony is spent; an unknown one is refused too.
    let finish = "/account/passkeys/add/finish";
    let bad = json!({"ceremony": adding["id"], "credential": {"id": "x"}});
    let (status, body) = passkey_step(&app, &named, finish, Some(&cookie), bad.clone()).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = passkey_step(&app, &named, finish, Some(&cookie), bad).await;
    assert_eq!(status, 401, "{body}");
    let forged = json!({"ceremony": sign_in["id"], "credential": {"id": "x"}});
    let (status, _) = passkey_step(&app, &named, finish, Some(&cookie), forged).await;
    assert_eq!(status, 401, "a sign-in's ceremony does not add a passkey");
    let unknown = json!({"ceremony": "nope", "credential": {}});
    let (status, _) = passkey_step(
        &app,
        &named,
        "/account/passkeys/sign-in/finish",
        None,
        unknown,
    )
    .await;
    assert_eq!(status, 401);

    // My page offers passkeys at a name only.
    let page = |host: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.client
                .get(app.url("/account"))
                .header("host", host)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    assert!(page(named.clone()).await.contains("member-add-passkey"));
    assert!(!page(ip.clone()).await.contains("member-add-passkey"));
}
