//! Promoters sign up through a link emailed to them: the form's answer is the same for an email
//! with an account and one without (the first gets a note, the second the link), the link works
//! once and for a day, and asking is limited per client and per email.

use std::sync::Arc;

use omiyage_server::ManualClock;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{ADMIN, spawn_app_with, spawn_app_with_accounts};
use crate::links::token_in;

#[tokio::test]
async fn the_answer_is_the_same_for_a_known_email_which_gets_a_note_instead_of_a_link() {
    let app = spawn_app_with_accounts().await;
    let unknown = app.ask_to_sign_up("new@example.com", "New").await;
    let known = app.ask_to_sign_up(ADMIN.0, "Someone").await;
    assert_eq!(unknown.status, 202, "{}", unknown.body);
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        unknown.set_cookie, None,
        "nobody is signed in before the link"
    );
    assert_eq!(known.set_cookie, None);
    let shape = |b: &serde_json::Value| {
        let mut keys: Vec<String> = b.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        (keys, b["expires_in_secs"].clone())
    };
    assert_eq!(shape(&known.body), shape(&unknown.body));
    assert_eq!(unknown.body["email"], "new@example.com");

    // The new email gets the link; the admin's gets a note with no link that signs anyone up.
    let link = app.email_text("new@example.com", "promoter_sign_up").await;
    assert!(link.contains("/console/welcome?token="), "{link}");
    let note = app.email_text(ADMIN.0, "promoter_sign_up_known").await;
    assert!(!note.contains("token="), "{note}");
    assert!(note.contains("/console/sign-in"), "{note}");
    assert!(
        app.email_texts(ADMIN.0, "promoter_sign_up")
            .await
            .is_empty()
    );
    // Nothing was made for the known email: its password still signs in, the new one does not.
    assert_eq!(app.sign_in_raw(ADMIN.0, ADMIN.1).await.status, 200);
    let taken = app.sign_in_raw(ADMIN.0, "a long enough passphrase").await;
    assert_eq!(taken.status, 401);
    // Nor for the new one until its link is opened.
    let before = app
        .sign_in_raw("new@example.com", "a long enough passphrase")
        .await;
    assert_eq!(before.status, 401);
}

#[tokio::test]
async fn the_link_signs_up_and_in_once_and_bad_links_change_nothing() {
    let app = spawn_app_with_accounts().await;
    assert_eq!(
        app.ask_to_sign_up("mio@example.com", "Mio").await.status,
        202
    );
    let token = token_in(
        &app.email_text("mio@example.com", "promoter_sign_up").await,
        "/console/welcome",
    );
    for bad in ["", "not-a-token", &token[..token.len() - 1]] {
        let refused = app.confirm_sign_up(bad).await;
        assert_eq!(refused.status, 404, "{bad:?}: {}", refused.body);
        assert_eq!(refused.set_cookie, None);
    }
    let done = app.confirm_sign_up(&token).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.body["role"], "promoter");
    assert_eq!(done.body["name"], "Mio");
    let cookie = done
        .set_cookie
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let me = app
        .call(Method::GET, "/api/auth/me", Some(&cookie), None)
        .await;
    assert_eq!(me.body["email"], "mio@example.com");
    // Once only; and the password chosen on the form signs in.
    assert_eq!(app.confirm_sign_up(&token).await.status, 404);
    let signed_in = app
        .sign_in_raw("mio@example.com", "a long enough passphrase")
        .await;
    assert_eq!(signed_in.status, 200);
    // Asking again with the email now taken sends the note, not a second link.
    assert_eq!(
        app.ask_to_sign_up("mio@example.com", "Mio").await.status,
        202
    );
    assert_eq!(
        app.email_texts("mio@example.com", "promoter_sign_up")
            .await
            .len(),
        1
    );
    app.email_text("mio@example.com", "promoter_sign_up_known")
        .await;
}

#[tokio::test]
async fn links_opened_at_once_make_one_account_and_old_links_expire() {
    let clock = Arc::new(ManualClock::starting_now());
    let app = spawn_app_with(|c| {
        c.demo_accounts = true;
        c.clock = clock.clone();
    })
    .await;
    // Three sign-ups for one email (the most an hour allows), their links opened at once: one
    // account.
    for name in ["Ren", "Ren Again", "Ren Once More"] {
        assert_eq!(
            app.ask_to_sign_up("ren@example.com", name).await.status,
            202
        );
    }
    let tokens: Vec<String> = app
        .email_texts("ren@example.com", "promoter_sign_up")
        .await
        .iter()
        .map(|t| token_in(t, "/console/welcome"))
        .collect();
    assert_eq!(tokens.len(), 3);
    let answers = futures::future::join_all(tokens.iter().map(|t| app.confirm_sign_up(t))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [201, 404, 409].contains(s)),
        "{statuses:?}"
    );
    for t in &tokens {
        assert_eq!(
            app.confirm_sign_up(t).await.status,
            404,
            "both links are used up"
        );
    }

    // A link works for a day.
    assert_eq!(
        app.ask_to_sign_up("sae@example.com", "Sae").await.status,
        202
    );
    let token = token_in(
        &app.email_text("sae@example.com", "promoter_sign_up").await,
        "/console/welcome",
    );
    clock.advance(24 * 3600);
    assert_eq!(app.confirm_sign_up(&token).await.status, 404);
    let admin = app.sign_in(ADMIN).await;
    let accounts = app
        .call(Method::GET, "/api/admin/accounts", Some(&admin), None)
        .await;
    let emails: Vec<&str> = accounts
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails.iter().filter(|e| **e == "ren@example.com").count(),
        1
    );
    assert!(!emails.contains(&"sae@example.com"));
}

#[tokio::test]
async fn asking_is_limited_per_email_and_per_client() {
    let app = spawn_app_with_accounts().await;
    for _ in 0..3 {
        assert_eq!(app.ask_to_sign_up(ADMIN.0, "X").await.status, 202);
    }
    let limited = app.ask_to_sign_up(ADMIN.0, "X").await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.retry_after.is_some());
    // Other emails from this client: ten asked in the hour in all (the refused one counted).
    for i in 0..6 {
        let email = format!("p{i}@example.com");
        assert_eq!(app.ask_to_sign_up(&email, "P").await.status, 202);
    }
    let limited = app.ask_to_sign_up("p-last@example.com", "P").await;
    assert_eq!(limited.status, 429);
    // A refused request sent nothing and kept nothing.
    assert!(
        app.email_texts("p-last@example.com", "promoter_sign_up")
            .await
            .is_empty()
    );
    let bad = json!({"email": "not an email", "name": "", "password": "x"});
    let refused = app
        .call(Method::POST, "/api/auth/promoters", None, Some(bad))
        .await;
    assert!(
        refused.status == 422 || refused.status == 429,
        "{}",
        refused.status
    );
}
