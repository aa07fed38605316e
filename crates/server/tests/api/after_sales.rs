//! After-sales: a plain order's shopper reports a problem with a line and a gift's recipient
//! with their unit (never before it is paid or claimed, never after the return period, one open
//! report per item, a form sent twice one report); the merchant answers once, and the answer
//! goes to whoever asked, in their language (a recipient's never to the gift's sender).

use std::sync::Arc;

use futures::future::join_all;
use omiyage_server::ManualClock;
use reqwest::Method;
use serde_json::{Value, json};

use crate::gifts::{buy_gift, claim};
use crate::helpers::{ADMIN, Http, TestApp, key, order_for, outbox_mails, test_card};

const NOON: i64 = 1_796_000_000;

async fn shop() -> (TestApp, Arc<ManualClock>) {
    crate::helpers::spawn_app_at(NOON).await
}

/// Posts the report form of `/{side}/{token}/help`: (status, page).
pub(crate) async fn report(
    app: &Http,
    path: &str,
    fields: &[(&str, &str)],
    form_key: &str,
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![("key", form_key)];
    form.extend_from_slice(fields);
    let r = app
        .client
        .post(app.url(path))
        .header("accept-language", "en")
        .form(&form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub(crate) const DAMAGED: [(&str, &str); 4] = [
    ("item", "0"),
    ("problem", "damaged"),
    ("remedy", "refund"),
    ("note", "The box was crushed."),
];

pub(crate) async fn requests(app: &TestApp, admin: &str) -> Vec<Value> {
    let r = app
        .call(Method::GET, "/api/admin/after-sales", Some(admin), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

pub(crate) async fn decide(
    app: &TestApp,
    admin: &str,
    id: &str,
    accept: bool,
    reason: &str,
) -> (u16, Value) {
    let (path, body) = match accept {
        true => (format!("/api/admin/after-sales/{id}/accept"), None),
        false => (
            format!("/api/admin/after-sales/{id}/decline"),
            Some(json!({"reason": reason})),
        ),
    };
    let r = app.call(Method::POST, &path, Some(admin), body).await;
    (r.status, r.body)
}

#[tokio::test]
async fn a_shopper_reports_a_damaged_line_once_and_hears_the_answer_once() {
    let (app, clock) = shop().await;
    let admin = app.sign_in(ADMIN).await;
    let (status, order) = app
        .http
        .checkout(
            &key(),
            &order_for(&[("matcha-kitkat", "matcha-kitkat-12", 2)], test_card()),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let token = order["token"].as_str().unwrap();
    let path = format!("/o/{token}/help");
    let (status, page) = app.page(&path, "en").await;
    assert_eq!(status, 200);
    assert!(page.contains("抹茶キットカット / 12枚入"), "{page}");
    assert_eq!(app.page("/o/no-such-order/help", "en").await.0, 404);
    assert_eq!(app.page(&format!("/x/{token}/help"), "en").await.0, 404);

    // Bad forms come back with the reason, nothing kept.
    let (status, page) = report(
        &app.http,
        &path,
        &[("item", "7"), ("problem", "damaged"), ("remedy", "refund")],
        &key(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Choose one of the items."), "{page}");
    let (status, page) = report(
        &app.http,
        &path,
        &[
            ("item", "0"),
            ("problem", "damaged"),
            ("remedy", "exchange"),
        ],
        &key(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Choose the variant you would like instead."),
        "{page}"
    );
    assert!(requests(&app, &admin).await.is_empty());

    // Sent twice with one key: one report; another while it is open: refused.
    let form = key();
    for _ in 0..2 {
        let (status, page) = report(&app.http, &path, &DAMAGED, &form).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("The shop has your report"), "{page}");
    }
    let (status, page) = report(&app.http, &path, &DAMAGED, &key()).await;
    assert_eq!(status, 409);
    assert!(page.contains("already open"), "{page}");
    let list = requests(&app, &admin).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let r = &list[0];
    assert_eq!(
        (
            &r["requester"],
            &r["item_name"],
            &r["problem"],
            &r["remedy"],
            &r["note"],
            &r["state"]
        ),
        (
            &json!("buyer"),
            &json!("抹茶キットカット / 12枚入"),
            &json!("damaged"),
            &json!("refund"),
            &json!("The box was crushed."),
            &json!("open")
        )
    );
    let id = r["id"].as_str().unwrap();

    // Declining says why; then it is answered, once.
    assert_eq!(decide(&app, &admin, id, false, " ").await.0, 422);
    let (status, answered) =
        decide(&app, &admin, id, false, "The seal is intact in your photo.").await;
    assert_eq!(status, 200, "{answered}");
    assert_eq!(answered["state"], "declined");
    assert_eq!(decide(&app, &admin, id, true, "").await.0, 409);
    assert_eq!(
        decide(&app, &admin, "no-such-request", true, "").await.0,
        404
    );
    let email = order["contact"]["email"].as_str().unwrap();
    let mails = outbox_mails(&app, &admin, email, "after_sales_decided", 1).await;
    assert_eq!(
        mails[0]["subject"],
        "Our answer about 抹茶キットカット / 12枚入"
    );
    outbox_mails(&app, &admin, email, "after_sales_requested", 1).await;

    // A new report after the answer is taken, until the return period (14 days) is over.
    clock.advance(60);
    let (status, page) = report(&app.http, &path, &DAMAGED, &key()).await;
    assert_eq!(status, 200, "{page}");
    let id = requests(&app, &admin).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(decide(&app, &admin, &id, true, "").await.0, 200);
    clock.advance(15 * 86_400);
    let (status, page) = report(&app.http, &path, &DAMAGED, &key()).await;
    assert_eq!(status, 409);
    assert!(
        page.contains("return period for this item is over"),
        "{page}"
    );
}

#[tokio::test]
async fn a_recipient_reports_their_unit_and_the_sender_hears_nothing_of_it() {
    let (app, _) = shop().await;
    let admin = app.sign_in(ADMIN).await;
    let (order, token) = buy_gift(&app.http, 1, "Enjoy").await;
    let path = format!("/g/{token}/help");
    let with_email = |email: &'static str| {
        let mut f = DAMAGED.to_vec();
        f.push(("email", email));
        f
    };
    // Not claimed yet; the sender's own order is not theirs to report; a recipient leaves an email.
    let (status, page) = report(&app.http, &path, &with_email("ken@example.jp"), &key()).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("once you have claimed it"), "{page}");
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    let (status, page) = report(&app.http, &format!("/o/{order}/help"), &DAMAGED, &key()).await;
    assert_eq!(status, 409);
    assert!(page.contains("This order is a gift"), "{page}");
    let (status, page) = report(&app.http, &path, &with_email("not an email"), &key()).await;
    assert_eq!(status, 422);
    assert!(page.contains("name@example.com"), "{page}");

    let (status, page) = report(&app.http, &path, &with_email("ken@example.jp"), &key()).await;
    assert_eq!(status, 200, "{page}");
    let list = requests(&app, &admin).await;
    assert_eq!(
        (list.len(), &list[0]["requester"]),
        (1, &json!("recipient"))
    );
    let id = list[0]["id"].as_str().unwrap();
    assert_eq!(decide(&app, &admin, id, true, "").await.0, 200);
    let mails = outbox_mails(&app, &admin, "ken@example.jp", "after_sales_decided", 1).await;
    assert_eq!(mails[0]["lang"], "en");
    outbox_mails(&app, &admin, "hana@example.com", "after_sales_decided", 0).await;
    outbox_mails(&app, &admin, "hana@example.com", "after_sales_requested", 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_reports_and_answers_make_one_each() {
    let (app, _) = shop().await;
    let admin = app.sign_in(ADMIN).await;
    let (status, order) = app
        .http
        .checkout(
            &key(),
            &order_for(&[("matcha-kitkat", "matcha-kitkat-12", 1)], test_card()),
        )
        .await;
    assert_eq!(status, 201);
    let path = format!("/o/{}/help", order["token"].as_str().unwrap());
    let sent = join_all((0..10).map(|_| {
        let (app, path) = (&app.http, &path);
        async move { report(app, path, &DAMAGED, &key()).await.0 }
    }))
    .await;
    assert_eq!(sent.iter().filter(|&&s| s == 200).count(), 1, "{sent:?}");
    assert_eq!(sent.iter().filter(|&&s| s == 409).count(), 9, "{sent:?}");
    let id = requests(&app, &admin).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let answers = join_all((0..20).map(|i| {
        let (app, admin, id) = (&app, &admin, &id);
        async move { decide(app, admin, id, i % 2 == 0, "Not this time.").await.0 }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|&&s| s == 200).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&s| s == 409).count(),
        19,
        "{answers:?}"
    );
    let email = order["contact"]["email"].as_str().unwrap();
    outbox_mails(&app, &admin, email, "after_sales_decided", 1).await;
}
