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
