//! Webhooks: a receiver in the test checks every delivery's signature (HMAC-SHA256 of
//! `t.body` under the endpoint's secret), that each event id arrives once, that an endpoint
//! gets only the events it chose; a failing receiver gets retries then shows as failed; a
//! rotation signs with both secrets; URLs to this machine or a private network are refused.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::gifts::{buy_gift, claim};
use crate::helpers::{
    ADMIN, STAFF, TestApp, eventually, key, order_for, spawn_app_with, test_card,
};

mod stalled;

/// What a receiver got: the signature header and the body.
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// An HTTP receiver on 127.0.0.1 answering every POST with `status` (changeable).
struct Receiver {
    url: String,
    got: Received,
    status: Arc<Mutex<u16>>,
}

async fn receiver(status: u16) -> Receiver {
    let got: Received = Arc::default();
    let status = Arc::new(Mutex::new(status));
    let (g, s) = (got.clone(), status.clone());
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (g, s) = (g.clone(), s.clone());
            async move {
                let signature = headers
                    .get("omiyage-signature")
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default();
                let code = *s.lock().unwrap();
                if code == 200 {
                    g.lock().unwrap().push((signature, body));
                }
                StatusCode::from_u16(code).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver { url, got, status }
}

/// Whether `header` carries a valid `v1=` for `body` under `secret`, signed within 5 minutes.
fn signed_by(header: &str, body: &str, secret: &str) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.push(v.to_string()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    if (now - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let want: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sigs.contains(&want)
}

async fn hooking_app() -> TestApp {
    spawn_app_with(|c| {
        c.demo_accounts = true;
        c.allow_private_webhooks = true;
        c.outbox_every_ms = 50;
        c.outbox_retry_secs = 1;
        c.outbox_attempts = 3;
    })
    .await
}

async fn add_endpoint(app: &TestApp, admin: &str, url: &str, events: &[&str]) -> Value {
    let made = app
        .call(
            Method::POST,
            "/api/admin/webhooks",
            Some(admin),
            Some(json!({"url": url, "events": events})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    made.body
}

async fn wait_for(got: &Received, n: usize) -> Vec<(String, String)> {
    eventually(
        Duration::from_secs(20),
        Duration::from_millis(50),
        || async {
            let now = got.lock().unwrap().clone();
            match now.len() >= n {
                true => Ok(now),
                false => Err(format!("{n} deliveries expected: {now:#?}")),
            }
        },
    )
    .await
}

#[tokio::test]
async fn every_event_reaches_its_subscribers_signed_and_once() {
    let app = hooking_app().await;
    let (all, claims) = (receiver(200).await, receiver(200).await);
    let admin = app.sign_in(ADMIN).await;
    let every = omiyage_api::WEBHOOK_EVENTS;
    let a = add_endpoint(&app, &admin, &all.url, &every).await;
    let b = add_endpoint(&app, &admin, &claims.url, &["gift.claimed"]).await;

    // order.placed ×2, gift.claimed, order.shipped, order.cancelled, order.placed + order.paid,
    // batch.created.
    let (order, gift) = buy_gift(&app, 2, "Hi").await;
    let (status, _) = claim(&app, &gift, &key(), "Kenta").await;
    assert_eq!(status, 200);
    let shipped = app
        .call(
            Method::POST,
            &format!("/api/admin/orders/{order}/ship"),
            Some(&admin),
            Some(json!({"tracking_number": "TRK-1234"})),
        )
        .await;
    assert_eq!(shipped.status, 200, "{}", shipped.body);
    let (other, _) = buy_gift(&app, 1, "Hi").await;
    let cancelled = app
        .call(
            Method::POST,
            &format!("/api/orders/{other}/cancel-gift"),
            None,
            None,
        )
        .await;
    assert_eq!(cancelled.status, 200);
    let counter = json!({
        "lines": [{"product_id": "genmaicha", "variant_id": "genmaicha-200g", "quantity": 1}],
        "contact": {"name": "Kenji", "email": "kenji@example.com"},
        "address": {"postal_code": "150-0001", "prefecture": "東京都", "city": "Shibuya-ku", "line1": "1-1"},
        "payment": {"method": "pay_in_shop"}
    });
    let (status, placed) = app.checkout_raw(&key(), counter.to_string()).await;
    assert_eq!(status, 201);
    let token = placed["token"].as_str().unwrap();
    let paid = app
        .call(
            Method::POST,
            &format!("/api/orders/{token}/confirm-payment"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(paid.status, 204);
    let staff = app.sign_in(STAFF).await;
    let batch = app
        .call(
            Method::POST,
            "/api/batches",
            Some(&staff),
            Some(crate::batches::batch_body(2)),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);

    let got = wait_for(&all.got, 8).await;
    let secret = a["secret"].as_str().unwrap();
    let mut ids = std::collections::HashSet::new();
    let mut types = Vec::new();
    for (signature, body) in &got {
        assert!(signed_by(signature, body, secret), "{signature} {body}");
        assert!(!signed_by(signature, body, "whsec_wrong"));
        let event: Value = serde_json::from_str(body).unwrap();
        assert!(
            ids.insert(event["id"].as_str().unwrap().to_string()),
            "event ids arrive once"
        );
        types.push(event["type"].as_str().unwrap().to_string());
    }
    types.sort();
    assert_eq!(
        types,
        [
            "batch.created",
            "gift.claimed",
            "order.cancelled",
            "order.paid",
            "order.placed",
            "order.placed",
            "order.placed",
            "order.shipped"
        ]
    );
    // The merchant ships the gift: its claim carries the address.
    let only = wait_for(&claims.got, 1).await;
    assert_eq!(only.len(), 1);
    let claimed: Value = serde_json::from_str(&only[0].1).unwrap();
    assert_eq!(claimed["type"], "gift.claimed");
    assert_eq!(claimed["data"]["shipping"]["address"]["city"], "Kita-ku");
    assert!(signed_by(
        &only[0].0,
        &only[0].1,
        b["secret"].as_str().unwrap()
    ));
    app.drain_outbox().await;
    assert_eq!(all.got.lock().unwrap().len(), 8, "nothing arrives twice");

    let log = app
        .call(
            Method::GET,
            &format!(
                "/api/admin/webhooks/{}/deliveries",
                a["id"].as_str().unwrap()
            ),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(log.status, 200);
    let log = log.body.as_array().unwrap();
    assert_eq!(log.len(), 8);
    assert!(
        log.iter()
            .all(|d| d["status"] == "sent" && d["attempts"] == 1)
    );
}

#[tokio::test]
async fn a_failing_receiver_gets_retries_then_fails_and_a_rotated_secret_signs_with_both() {
    let app = hooking_app().await;
    let hook = receiver(500).await;
    let admin = app.sign_in(ADMIN).await;
    let endpoint = add_endpoint(&app, &admin, &hook.url, &["order.placed"]).await;
    let id = endpoint["id"].as_str().unwrap();
    let tested = app
        .call(
            Method::POST,
            &format!("/api/admin/webhooks/{id}/test"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(tested.status, 202);
    let failed = eventually(
        Duration::from_secs(20),
        Duration::from_millis(100),
        || async {
            let log = app
                .call(
                    Method::GET,
                    &format!("/api/admin/webhooks/{id}/deliveries"),
                    Some(&admin),
                    None,
                )
                .await;
            match log.body[0]["status"] == "failed" {
                true => Ok(log.body[0].clone()),
                false => Err(log.body.to_string()),
            }
        },
    )
    .await;
    assert_eq!(failed["attempts"], 3);
    assert_eq!(failed["subject"], "webhook.test");
    assert!(
        failed["last_error"].as_str().unwrap().contains("500"),
        "{failed}"
    );

    // Rotate, the receiver recovers, the admin sends the delivery again: both secrets sign it.
    let rotated = app
        .call(
            Method::POST,
            &format!("/api/admin/webhooks/{id}/rotate"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(rotated.status, 200);
    let (old, new) = (
        endpoint["secret"].as_str().unwrap(),
        rotated.body["secret"].as_str().unwrap(),
    );
    assert_ne!(old, new);
    assert!(rotated.body["previous_secret_until"].as_i64().is_some());
    *hook.status.lock().unwrap() = 200;
    let again = app
        .call(
            Method::POST,
            &format!(
                "/api/admin/messages/{}/resend",
                failed["id"].as_str().unwrap()
            ),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(again.status, 200);
    let got = wait_for(&hook.got, 1).await;
    let (signature, body) = &got[0];
    assert!(
        signed_by(signature, body, old) && signed_by(signature, body, new),
        "{signature}"
    );
    assert_eq!(signature.matches("v1=").count(), 2);
}

#[tokio::test]
async fn webhook_urls_to_this_machine_or_a_private_network_and_bad_events_are_refused() {
    let app = spawn_app_with(|c| c.demo_accounts = true).await;
    let admin = app.sign_in(ADMIN).await;
    for (url, events, field) in [
        ("http://127.0.0.1:9/hook", json!(["order.placed"]), "url"),
        ("http://10.0.0.1/hook", json!(["order.placed"]), "url"),
        ("http://[::1]/hook", json!(["order.placed"]), "url"),
        ("ftp://example.com/hook", json!(["order.placed"]), "url"),
        ("not a url", json!(["order.placed"]), "url"),
        ("http://8.8.8.8/hook", json!([]), "events"),
        ("http://8.8.8.8/hook", json!(["order.exploded"]), "events"),
    ] {
        let r = app
            .call(
                Method::POST,
                "/api/admin/webhooks",
                Some(&admin),
                Some(json!({"url": url, "events": events})),
            )
            .await;
        assert_eq!(r.status, 422, "{url}: {}", r.body);
        assert_eq!(
            r.body["error"]["fields"][0]["field"], field,
            "{url}: {}",
            r.body
        );
    }
    let list = app
        .call(Method::GET, "/api/admin/webhooks", Some(&admin), None)
        .await;
    assert_eq!(list.body, json!([]));
    let staff = app.sign_in(STAFF).await;
    let r = app
        .call(Method::GET, "/api/admin/webhooks", Some(&staff), None)
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn after_sales_steps_reach_their_subscribers() {
    let app = hooking_app().await;
    let hooked = receiver(200).await;
    let admin = app.sign_in(ADMIN).await;
    let types = [
        "after_sales.requested",
        "after_sales.decided",
        "after_sales.progressed",
    ];
    add_endpoint(&app, &admin, &hooked.url, &types).await;
    let (status, order) = app
        .checkout(
            &key(),
            &order_for(&[("genmaicha", "genmaicha-200g", 1)], test_card()),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let path = format!("/o/{}/help", order["token"].as_str().unwrap());
    let form = crate::after_sales::DAMAGED;
    assert_eq!(
        crate::after_sales::report(&app.http, &path, &form, &key())
            .await
            .0,
        200
    );
    let id = crate::after_sales::requests(&app, &admin).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        crate::after_sales::decide(&app, &admin, &id, true, "")
            .await
            .0,
        200
    );
    let asked = app
        .call(
            Method::POST,
            &format!("/api/admin/after-sales/{id}/return"),
            Some(&admin),
            Some(json!({"instructions": "Post it back to the shop."})),
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let got = wait_for(&hooked.got, 3).await;
    let mut events: Vec<Value> = got
        .iter()
        .map(|(_, body)| serde_json::from_str(body).unwrap())
        .collect();
    events.sort_by_key(|e| e["type"].as_str().unwrap().to_string());
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "after_sales.decided",
            "after_sales.progressed",
            "after_sales.requested"
        ]
    );
    let progressed = &events[1];
    assert_eq!(progressed["data"]["step"], "return_asked");
    assert_eq!(progressed["data"]["request"]["id"], id.as_str());
}
