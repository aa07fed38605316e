//! A member deletes their account (APPI): refused while something is unfinished (nothing
//! changed), then every personal field of theirs is gone from every table of the database (a
//! scan of each text value), while their orders stay with their amounts and tax, and other
//! people's data stays.

use futures::future::join_all;
use omiyage_server::storage::MemberStorage;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::members::{ask, emailed_token, no_redirect, use_link};

const EMAIL: &str = "erase.me@example.com";
const NAME: &str = "Erasable Hanako";
const PHONE: &str = "080-7777-3333";
const LINE: &str = "Erasure Heights 4-5-6";
const GREETING: &str = "Greetings from the erasable sender";
const NOTE: &str = "The erasable box was crushed";
const THANKS: &str = "Thank you, erasable friend";
/// What the member's data looks like anywhere it might be kept.
const MARKERS: [&str; 8] = [
    EMAIL,
    NAME,
    PHONE,
    "08077773333",
    LINE,
    GREETING,
    NOTE,
    THANKS,
];

impl TestApp {
    /// Every text value in every table of the database, with its table's name.
    async fn every_text(&self) -> Vec<(String, String)> {
        use sqlx::Connection;
        let mut found = Vec::new();
        match self.database_url() {
            Some(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                )
                .fetch_all(&mut conn)
                .await
                .unwrap();
                for table in tables {
                    let sql = format!("SELECT row_to_json(t)::text FROM \"{table}\" t");
                    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                    found.extend(rows.into_iter().map(|r| (table.clone(), r)));
                }
            }
            None => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.db_path())
                    .read_only(true);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(&mut conn)
                .await
                .unwrap();
                for table in tables {
                    let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT name FROM pragma_table_info('{table}')"
                    )))
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                    for column in columns {
                        let sql = format!(
                            "SELECT \"{column}\" FROM \"{table}\" WHERE typeof(\"{column}\") = 'text'"
                        );
                        let values: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                            .fetch_all(&mut conn)
                            .await
                            .unwrap();
                        found.extend(values.into_iter().map(|v| (table.clone(), v)));
                    }
                }
            }
        }
        found
    }

    /// Where any of `markers` is kept (case-insensitive): (table, marker).
    async fn kept(&self, markers: &[&str]) -> Vec<(String, String)> {
        let texts = self.every_text().await;
        let mut hits: Vec<(String, String)> = texts
            .iter()
            .flat_map(|(table, text)| {
                let text = text.to_lowercase();
                markers
                    .iter()
                    .filter(move |m| text.contains(&m.to_lowercase()))
                    .map(|m| (table.clone(), m.to_string()))
            })
            .collect();
        hits.sort();
        hits.dedup();
        hits
    }

    async fn ship(&self, admin: &str, token: &str) {
        let r = self
            .call(
                Method::POST,
                &format!("/api/admin/orders/{token}/ship"),
                Some(admin),
                Some(json!({"tracking_number": "JP-5555-0001"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }

    /// Signs `email` in by an emailed link: the member's cookie.
    async fn member(&self, email: &str) -> String {
        assert_eq!(ask(self, email).await.0, 200);
        let token = emailed_token(self, email).await;
        use_link(self, &token).await.1.expect("a member session")
    }
}

/// `(status, page)` of the delete page (`GET`) or of deleting (`POST`), not following redirects.
async fn delete(app: &TestApp, method: Method, cookie: &str) -> (u16, String, Option<String>) {
    let r = no_redirect()
        .request(method, app.url("/account/delete"))
        .header("accept-language", "en")
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let set_cookie = r
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_string());
    (r.status().as_u16(), r.text().await.unwrap(), set_cookie)
}

fn the_members_order(payment: omiyage_api::PaymentChoice) -> omiyage_api::CheckoutRequest {
    let mut order = order_for(&[("matcha-kitkat", "matcha-kitkat-12", 2)], payment);
    order.contact = omiyage_api::Contact {
        name: NAME.into(),
        email: EMAIL.into(),
        phone: PHONE.into(),
    };
    order.address.line1 = LINE.into();
    order
}

fn claim_as(name: &str, phone: &str, line: &str, email: &str) -> Value {
    json!({
        "name": name, "phone": phone, "email": email,
        "address": {"postal_code": "530-0001", "prefecture": "大阪府", "city": "Kita-ku",
                    "line1": line, "line2": ""}
    })
}

async fn claim(app: &TestApp, gift: &str, body: Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/gifts/{gift}/claim")))
        .header("Idempotency-Key", key())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

#[tokio::test]
async fn a_deleted_member_leaves_no_personal_field_in_any_table_and_their_orders_stay() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;

    // A plain order with a coupon limited per email, shipped; a report about it with a photo,
    // declined.
    crate::coupons::create(
        &app,
        &admin,
        crate::coupons::coupon("ERASE10", json!({"per_email": 1})),
    )
    .await;
    let mut order = the_members_order(test_card());
    order.coupon = Some("ERASE10".into());
    let (status, placed) = app.http.checkout(&key(), &order).await;
    assert_eq!(status, 201, "{placed}");
    let plain = placed["token"].as_str().unwrap().to_string();
    let before = app.get_json(&format!("/api/orders/{plain}")).await.1;
    app.ship(&admin, &plain).await;
    let photo = reqwest::multipart::Part::bytes(omiyage_server::photos::sample(400, 300, 3))
        .file_name("IMG.JPG")
        .mime_str("image/jpeg")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("key", key())
        .text("item", "0")
        .text("problem", "damaged")
        .text("remedy", "refund")
        .text("note", NOTE)
        .text("email", EMAIL)
        .part("photo", photo);
    let r = app
        .client
        .post(app.url(&format!("/o/{plain}/help")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let requests = crate::after_sales::requests(&app, &admin).await;
    let id = requests[0]["id"].as_str().unwrap();
    let (status, _) = crate::after_sales::decide(&app, &admin, id, false, "Not covered").await;
    assert_eq!(status, 200);

    // A gift the member sends, claimed by a friend who thanks them, shipped.
    let mut gift = the_members_order(test_card());
    gift.gift = Some(omiyage_api::GiftOptions {
        sender_name: NAME.into(),
        greeting: GREETING.into(),
        recipient_email: "friend@example.org".into(),
        ..Default::default()
    });
    let (status, sent) = app.http.checkout(&key(), &gift).await;
    assert_eq!(status, 201, "{sent}");
    let sent_order = sent["token"].as_str().unwrap().to_string();
    let sent_gift = sent["gift"]["claim_token"].as_str().unwrap().to_string();
    for unit in 0..2 {
        let friend = format!("Friend Taro {unit}");
        claim(
            &app,
            &sent_gift,
            claim_as(&friend, "070-1111-2222", "Umeda 1-1", ""),
        )
        .await;
    }
    let r = app
        .client
        .post(app.url(&format!("/g/{sent_gift}/thanks")))
        .form(&[("message", THANKS), ("key", &key())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    app.ship(&admin, &sent_order).await;

    // A gift someone sends to the member's email, claimed by the member, shipped.
    let mut other = order_for(&[("tokyo-banana", "tokyo-banana-8", 1)], test_card());
    other.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Aki".into(),
        recipient_email: EMAIL.into(),
        ..Default::default()
    });
    let (status, received) = app.http.checkout(&key(), &other).await;
    assert_eq!(status, 201, "{received}");
    let received_gift = received["gift"]["claim_token"].as_str().unwrap();
    claim(&app, received_gift, claim_as(NAME, PHONE, LINE, EMAIL)).await;
    app.ship(&admin, received["token"].as_str().unwrap()).await;

    // The member signs in (also asking "find my orders"), and every email goes out.
    let cookie = app.member(EMAIL).await;
    let r = app
        .client
        .post(app.url("/orders"))
        .form(&[("email", EMAIL)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // An address they saved.
    let r = no_redirect()
        .post(app.url("/account/addresses"))
        .header("cookie", &cookie)
        .form(&[
            ("name", NAME),
            ("phone", PHONE),
            ("postal_code", "150-0001"),
            ("prefecture", "東京都"),
            ("city", "Shibuya-ku"),
            ("line1", LINE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // A passkey of theirs (its credential as the browser gave it is tested in e2e).
    let hash = omiyage_server::auth::token_hash(cookie.trim_start_matches("omiyage_member="));
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    let member =
        omiyage_server::on_state!(&app.state, st => st.storage.member_of_session(&hash, now).await)
            .unwrap()
            .expect("the member");
    let passkey = omiyage_server::storage::StoredPasskey {
        credential_id: "credential-of-the-member".into(),
        member_id: member.id.clone(),
        passkey: "{}".into(),
        created_at: now,
        used_at: None,
    };
    let added = omiyage_server::on_state!(&app.state, st => st.storage.add_passkey(&passkey).await);
    assert!(added.unwrap());
    app.drain_outbox().await;
    let kept = app.kept(&MARKERS).await;
    for table in [
        "orders",
        "gifts",
        "gift_units",
        "after_sales",
        "outbox_messages",
    ] {
        assert!(
            kept.iter().any(|(t, _)| t == table),
            "the scan finds the member in {table}: {kept:?}"
        );
    }

    // The page says what deleting does; deleting signs out.
    let (status, page, _) = delete(&app, Method::GET, &cookie).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("data-test=\"member-delete-confirm\""),
        "{page}"
    );
    assert!(page.contains("href=\"/privacy\""), "{page}");
    let (status, page, set_cookie) = delete(&app, Method::POST, &cookie).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-test=\"member-deleted\""), "{page}");
    assert!(set_cookie.unwrap().contains("Max-Age=0"));
    app.drain_outbox().await;

    // Nothing of theirs in any table.
    assert_eq!(app.kept(&MARKERS).await, Vec::<(String, String)>::new());
    let photos = app.every_text().await;
    assert!(!photos.iter().any(|(t, _)| t == "after_sales_photos"));
    let member_tables = [
        "members",
        "member_sessions",
        "member_passkeys",
        "passkey_challenges",
    ];
    assert!(
        !photos
            .iter()
            .any(|(t, _)| member_tables.contains(&t.as_str()))
    );

    // Their orders stay as tax records; other people's data stays.
    let after = app.get_json(&format!("/api/orders/{plain}")).await.1;
    for field in ["reference", "total", "taxes", "lines", "subtotal"] {
        assert_eq!(after[field], before[field], "{field}");
    }
    assert_eq!(after["contact"]["name"], "");
    assert_eq!(after["address"]["line1"], "");
    assert_eq!(app.order_count().await, 3);
    let friends = app.kept(&["Friend Taro 0", "Friend Taro 1", "Aki"]).await;
    assert!(
        friends
            .iter()
            .any(|(t, m)| t == "gift_units" && m == "Friend Taro 1"),
        "{friends:?}"
    );
    assert!(friends.iter().any(|(t, m)| t == "gifts" && m == "Aki"));

    // Signed out for good; deleting again asks to sign in.
    let (status, page) = {
        let r = app
            .client
            .get(app.url("/account"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(page.contains("member-sign-in-form"), "{page}");
    assert_eq!(delete(&app, Method::POST, &cookie).await.0, 303);
}

#[tokio::test]
async fn an_account_with_something_unfinished_is_kept_until_it_is_done_and_deleted_once() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let (status, placed) = app
        .http
        .checkout(&key(), &the_members_order(test_card()))
        .await;
    assert_eq!(status, 201, "{placed}");
    let token = placed["token"].as_str().unwrap().to_string();
    let cookie = app.member(EMAIL).await;

    // Paid, not shipped: the page says so, and deleting changes nothing.
    let (status, page, _) = delete(&app, Method::GET, &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("member-delete-blocked"), "{page}");
    assert!(page.contains("1 order(s) not shipped yet"), "{page}");
    assert!(!page.contains("member-delete-confirm"), "{page}");
    let (status, page, _) = delete(&app, Method::POST, &cookie).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("1 order(s) not shipped yet"), "{page}");
    let mine = crate::members::my_page(&app, &cookie).await;
    assert!(mine.contains(EMAIL), "{mine}");
    let view = app.get_json(&format!("/api/orders/{token}")).await.1;
    assert_eq!(view["contact"]["name"], NAME);

    // Shipped: ten deletes racing delete once; the others are asked to sign in.
    app.ship(&admin, &token).await;
    let answers = join_all((0..10).map(|_| delete(&app, Method::POST, &cookie))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.0).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 303),
        "{statuses:?}"
    );
    let view = app.get_json(&format!("/api/orders/{token}")).await.1;
    assert_eq!(view["contact"]["name"], "");
    assert_eq!(view["status"], "shipped");
}
