//! A member's saved addresses: checked like a claim's, ten at most (also when saved at once),
//! removed by their owner only, offered to the checkout and claim forms through
//! `GET /api/me/addresses` (401 for a visitor), and in the data export.

use futures::future::join_all;
use serde_json::Value;

use crate::helpers::*;
use crate::members::{ask, emailed_token, no_redirect, use_link};

async fn member(app: &TestApp, email: &str) -> String {
    assert_eq!(ask(app, email).await.0, 200);
    let token = emailed_token(app, email).await;
    use_link(app, &token).await.1.unwrap()
}

async fn save(app: &TestApp, cookie: &str, line1: &str) -> (u16, String) {
    let r = no_redirect()
        .post(app.url("/account/addresses"))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .form(&[
            ("name", "Hana Sato"),
            ("phone", "０９０-１２３４-５６７８"),
            ("postal_code", "150-0001"),
            ("prefecture", "東京都"),
            ("city", "Shibuya-ku"),
            ("line1", line1),
            ("line2", ""),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn mine(app: &TestApp, cookie: Option<&str>) -> (u16, Value) {
    let mut r = app.client.get(app.url("/api/me/addresses"));
    if let Some(cookie) = cookie {
        r = r.header("cookie", cookie);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn a_member_saves_up_to_ten_addresses_and_the_forms_read_them() {
    let app = spawn_app().await;
    let cookie = member(&app, "addresses@example.com").await;
    assert_eq!(mine(&app, None).await.0, 401);
    assert_eq!(mine(&app, Some(&cookie)).await.1, Value::Array(vec![]));

    // A bad address is refused with its reason, nothing kept.
    let (status, page) = save(&app, &cookie, "").await;
    assert_eq!(status, 422);
    assert!(page.contains("data-test=\"address-refused\""), "{page}");
    assert!(page.contains("street address"), "{page}");
    assert_eq!(mine(&app, Some(&cookie)).await.1, Value::Array(vec![]));

    // Saved as a claim keeps it (the phone in half-width digits).
    assert_eq!(save(&app, &cookie, "Jingumae 1-2-3").await.0, 303);
    let (_, list) = mine(&app, Some(&cookie)).await;
    assert_eq!(list[0]["name"], "Hana Sato");
    assert_eq!(list[0]["phone"], "090-1234-5678");
    assert_eq!(list[0]["address"]["line1"], "Jingumae 1-2-3");
    let page = crate::members::my_page(&app, &cookie).await;
    assert!(page.contains("Jingumae 1-2-3"), "{page}");

    // Twenty saved at once: ten kept.
    let saves = join_all((0..20).map(|i| {
        let cookie = cookie.clone();
        let app = &app;
        async move { save(app, &cookie, &format!("Street {i}")).await.0 }
    }))
    .await;
    assert_eq!(saves.iter().filter(|s| **s == 303).count(), 9, "{saves:?}");
    let (_, list) = mine(&app, Some(&cookie)).await;
    assert_eq!(list.as_array().unwrap().len(), 10);
    let (status, page) = save(&app, &cookie, "One too many 1-1").await;
    assert_eq!(status, 422);
    assert!(page.contains("remove one first"), "{page}");

    // Another member cannot remove it; its owner can. The export holds them.
    let other = member(&app, "other@example.com").await;
    let id = list[0]["id"].as_str().unwrap();
    for who in [&other, &cookie] {
        let r = no_redirect()
            .post(app.url("/account/addresses/remove"))
            .header("cookie", who)
            .form(&[("id", id)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
    }
    let (_, list) = mine(&app, Some(&cookie)).await;
    assert_eq!(list.as_array().unwrap().len(), 9);
    let export: Value = app
        .client
        .get(app.url("/account/data.json"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(export["saved_addresses"].as_array().unwrap().len(), 9);
}
