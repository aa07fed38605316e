//! The mail setup checked at start, and messages committed before a kill delivered once after the restart.

use super::*;

#[tokio::test]
async fn an_unusable_smtp_url_stops_the_server_at_start_with_a_clear_message() {
    let dir = std::env::temp_dir().join(format!("omiyage-smtp-{}", uuid::Uuid::new_v4()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_omiyage-server"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--static-dir",
            "/nonexistent",
            "--smtp-url",
            "mailto:someone",
        ])
        .arg("--db")
        .arg(dir.join("x.db"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--smtp-url is not a usable SMTP URL"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_server_killed_after_committing_events_delivers_every_message_once_after_restart() {
    let mail = Mailbox::start();
    let dir = std::env::temp_dir().join(format!("omiyage-outbox-crash-{}", uuid::Uuid::new_v4()));
    let db = dir.join("shop.db").display().to_string();
    let smtp = mail.url();
    // The worker's first round runs at start, the next one in ten minutes: the events written
    // meanwhile are committed but neither composed nor sent when the process is killed.
    let (mut server, base) = crate::helpers::start_binary([
        "--db",
        &db,
        "--smtp-url",
        &smtp,
        "--outbox-every-ms",
        "600000",
    ]);
    let http = Http::new(base);
    let mut references = Vec::new();
    for i in 0..5 {
        let order = place(
            &http,
            "en",
            &format!("buyer{i}@example.com"),
            i % 2 == 0,
            card(),
        )
        .await;
        references.push(order["reference"].as_str().unwrap().to_string());
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    assert!(
        mail.messages().is_empty(),
        "nothing was sent before the kill"
    );

    let (mut server, _) =
        crate::helpers::start_binary(["--db", &db, "--smtp-url", &smtp, "--outbox-every-ms", "50"]);
    for (i, reference) in references.iter().enumerate() {
        let to = format!("buyer{i}@example.com");
        let expected = if i % 2 == 0 { 2 } else { 1 };
        let got = mail.wait_for(&to, expected).await;
        assert!(
            got.iter()
                .any(|m| m["subject"].as_str().unwrap().contains(reference.as_str()))
        );
    }
    // A moment more: nothing arrives twice.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let all = mail.messages();
    assert_eq!(all.len(), 8, "{all:#?}");
    let ids: std::collections::HashSet<&str> = all
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 8, "each message once");
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_scheduled_gift_killed_before_its_moment_is_emailed_once_at_its_moment_after_restart() {
    let mail = Mailbox::start();
    let dir = std::env::temp_dir().join(format!("omiyage-scheduled-{}", uuid::Uuid::new_v4()));
    let db = dir.join("shop.db").display().to_string();
    let smtp = mail.url();
    // Wednesday 2026-12-09 at 09:00 in Tokyo; the sweep looks every second.
    let start = 1_796_774_400_i64;
    let server_at = |at: i64| {
        crate::helpers::start_binary([
            "--db",
            &db,
            "--smtp-url",
            &smtp,
            "--outbox-every-ms",
            "50",
            "--gift-expiry-sweep-secs",
            "1",
            "--test-clock-at",
            &at.to_string(),
        ])
    };
    let (mut server, base) = server_at(start);
    let http = Http::new(base);
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "Merry Christmas",
                 "opens_at": start + 3_600, "recipient_email": "ken@example.jp"}
    });
    let (status, order) = http.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{order}");
    let token = order["gift"]["claim_token"].as_str().unwrap().to_string();
    // The sender's own emails go out; the recipient's waits for its moment.
    mail.wait_for("hana@example.com", 1).await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(
        mail.messages()
            .iter()
            .all(|m| !m["to"].to_string().contains("ken@example.jp")),
        "nothing to the recipient before its moment"
    );
    server.kill().expect("SIGKILL");
    server.wait().unwrap();

    // Started again an hour and a minute later: the link goes out once.
    let (mut server, _) = server_at(start + 3_660);
    let got = mail.wait_for("ken@example.jp", 1).await;
    assert_eq!(got[0]["subject"], "Hanaさんからギフトが届きました");
    assert!(
        got[0]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/g/{token}"))
    );
    assert!(got[0]["text"].as_str().unwrap().contains("Merry Christmas"));
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let to_ken = mail
        .messages()
        .into_iter()
        .filter(|m| m["to"].to_string().contains("ken@example.jp"))
        .count();
    assert_eq!(to_ken, 1, "once");
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
