//! One destination that never answers delays only itself: with a webhook endpoint that accepts
//! connections and never replies, a healthy endpoint's deliveries and the shop's emails still
//! go out while the hung delivery waits for its timeout; the hung one is retried with backoff.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use super::{add_endpoint, receiver};
use crate::emails::{card, place};
use crate::helpers::{ADMIN, TestApp, eventually, spawn_app_with};
use crate::mailbox::Mailbox;

/// An endpoint on 127.0.0.1 that accepts every connection and never answers; counts them
/// (each delivery attempt opens one).
async fn hung_endpoint() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, connections)
}

async fn deliveries(app: &TestApp, admin: &str, endpoint: &Value) -> Vec<Value> {
    let id = endpoint["id"].as_str().unwrap();
    let log = app
        .call(
            Method::GET,
            &format!("/api/admin/webhooks/{id}/deliveries"),
            Some(admin),
            None,
        )
        .await;
    assert_eq!(log.status, 200);
    log.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_hung_endpoint_delays_only_its_own_deliveries_and_is_retried_with_backoff() {
    let mail = Mailbox::start();
    let url = mail.url();
    let app = spawn_app_with(|c| {
        c.demo_accounts = true;
        c.smtp_url = Some(url);
        c.allow_private_webhooks = true;
        c.outbox_every_ms = 50;
        c.outbox_retry_secs = 1;
        c.outbox_attempts = 3;
        c.webhook_timeout_secs = 4;
    })
    .await;
    let admin = app.sign_in(ADMIN).await;
    let (hung_url, connections) = hung_endpoint().await;
    let hung = add_endpoint(&app, &admin, &hung_url, &["order.placed"]).await;
    let healthy = receiver(200).await;
    add_endpoint(&app, &admin, &healthy.url, &["order.placed"]).await;

    // A first order: the worker starts its delivery to the hung endpoint and waits there.
    place(&app, "en", "first@example.com", false, card()).await;
    eventually(
        Duration::from_secs(10),
        Duration::from_millis(20),
        || async {
            match connections.load(Ordering::SeqCst) {
                0 => Err("no delivery to the hung endpoint yet".to_string()),
                _ => Ok(()),
            }
        },
    )
    .await;

    // A second order while that delivery hangs: its healthy delivery and its email go out
    // before the hung attempt has even timed out.
    let placed = Instant::now();
    let second = place(&app, "en", "second@example.com", false, card()).await;
    let reference = second["reference"].as_str().unwrap().to_string();
    eventually(
        Duration::from_secs(10),
        Duration::from_millis(20),
        || async {
            let got = healthy.got.lock().unwrap().clone();
            match got.iter().any(|(_, body)| body.contains(&reference)) {
                true => Ok(()),
                false => Err(format!("no delivery of {reference}: {got:?}")),
            }
        },
    )
    .await;
    let email = mail.wait_for("second@example.com", 1).await;
    let waited = placed.elapsed();
    println!("the healthy endpoint and the email got the second order after {waited:?}");
    assert_eq!(email.len(), 1);
    let hung_log = deliveries(&app, &admin, &hung).await;
    assert!(
        hung_log.iter().all(|d| d["attempts"] == 0),
        "the hung endpoint's first attempt is still waiting for an answer: {hung_log:#?}"
    );
    assert_eq!(
        healthy.got.lock().unwrap().len(),
        2,
        "both orders reached the healthy endpoint"
    );

    // The hung endpoint's deliveries fail at the timeout and come back after their backoff.
    let retried = eventually(
        Duration::from_secs(40),
        Duration::from_millis(100),
        || async {
            let log = deliveries(&app, &admin, &hung).await;
            match log.iter().any(|d| d["attempts"].as_u64() >= Some(2)) {
                true => Ok(log),
                false => Err(format!("no second attempt yet: {log:#?}")),
            }
        },
    )
    .await;
    for d in &retried {
        assert_ne!(d["status"], "sent", "{d}");
        if d["attempts"].as_u64() >= Some(1) {
            assert!(!d["last_error"].as_str().unwrap().is_empty(), "{d}");
        }
    }
    assert!(
        connections.load(Ordering::SeqCst) >= 3,
        "one connection per attempt"
    );
    // Nothing was held back meanwhile: the healthy endpoint got each order once.
    assert_eq!(healthy.got.lock().unwrap().len(), 2);
}
