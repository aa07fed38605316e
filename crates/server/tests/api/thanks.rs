//! A gift's recipients thank its sender (`/g/<token>/thanks`): once per claimed unit, the same
//! form once, bad notes refused with nothing kept; the sender reads the words on their order
//! and in an email.

use futures::future::join_all;
use serde_json::Value;

use crate::gifts::{buy_gift, claim};
use crate::helpers::{ADMIN, Http, key, outbox_mails, spawn_app_with_accounts};

/// Posts the thank-you form: (status, page).
async fn thank(app: &Http, token: &str, message: &str, form_key: &str) -> (u16, String) {
    let r = app
        .client
        .post(app.url(&format!("/g/{token}/thanks")))
        .header("accept-language", "en")
        .form(&[("message", message), ("key", form_key)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn notes(app: &Http, order: &str) -> Vec<String> {
    let (_, view) = app.get_json(&format!("/api/orders/{order}")).await;
    view["gift"]["thanks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| n["message"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_recipient_thanks_the_sender_once_per_claimed_unit() {
    let app = spawn_app_with_accounts().await;
    let (order, token) = buy_gift(&app.http, 1, "Enjoy").await;
    // The form: who it is for, a fresh key.
    let (status, page) = app.page(&format!("/g/{token}/thanks"), "en").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("A few words for Hana, who sent you this gift."),
        "{page}"
    );
    assert!(
        page.contains(r#"<input type="hidden" name="key" value=""#),
        "{page}"
    );
    assert!(page.contains(r#"maxlength="200""#));
    let (status, page) = app.page("/g/no-such-gift/thanks", "ja").await;
    assert_eq!(status, 404);
    assert!(page.contains("このギフトのリンクは無効です"), "{page}");

    // Nobody has claimed it: there is no one to thank yet.
    let (status, page) = thank(&app.http, &token, "Thanks!", &key()).await;
    assert_eq!(status, 409);
    assert!(page.contains("Claim the gift first"), "{page}");
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    // Bad notes come back with the reason and what was typed; nothing is kept.
    let (status, page) = thank(&app.http, &token, " \r\n ", &key()).await;
    assert_eq!(status, 422);
    assert!(page.contains("Write a few words first."), "{page}");
    let long = "謝".repeat(201);
    let (status, page) = thank(&app.http, &token, &long, &key()).await;
    assert_eq!(status, 422);
    assert!(page.contains("200 characters or fewer") && page.contains(&long));
    assert!(page.contains("A few words for Hana"), "{page}");
    assert!(notes(&app.http, &order).await.is_empty());

    // Sent: the words as kept, escaped; the same form again is the same note.
    let form = key();
    let words = "ありがとう！ <b>大切に</b>\r\nします";
    for _ in 0..2 {
        let (status, page) = thank(&app.http, &token, words, &form).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Your note is on its way"), "{page}");
        assert!(
            page.contains("ありがとう！ &lt;b&gt;大切に&lt;/b&gt;\nします"),
            "{page}"
        );
    }
    assert_eq!(
        notes(&app.http, &order).await,
        ["ありがとう！ <b>大切に</b>\nします"]
    );
    // One claimed unit, one note.
    let (status, page) = thank(&app.http, &token, "Again", &key()).await;
    assert_eq!(status, 409);
    assert!(page.contains("already been sent"), "{page}");
    assert_eq!(notes(&app.http, &order).await.len(), 1);
    assert_eq!(thank(&app.http, "no-such-gift", "Hi", &key()).await.0, 404);

    // The sender is emailed, in the language of their checkout.
    let admin = app.sign_in(ADMIN).await;
    let mails = outbox_mails(&app, &admin, "hana@example.com", "gift_thanked", 1).await;
    assert!(
        mails[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("ギフトのお礼のメッセージが届きました"),
        "{:?}",
        mails[0]
    );
}

#[tokio::test]
async fn racing_notes_never_outnumber_the_claimed_units() {
    let app = spawn_app_with_accounts().await;
    let (order, token) = buy_gift(&app.http, 3, "For the team").await;
    for name in ["Ken", "Mei"] {
        assert_eq!(claim(&app.http, &token, &key(), name).await.0, 200);
    }
    // 20 notes at once, each its own form: two go through.
    let answers = join_all((0..20).map(|i| {
        let app = &app.http;
        let token = token.clone();
        async move {
            thank(app, &token, &format!("Thank you #{i}"), &key())
                .await
                .0
        }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|&&s| s == 200).count(),
        2,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&s| s == 409).count(),
        18,
        "{answers:?}"
    );
    assert_eq!(notes(&app.http, &order).await.len(), 2);

    // The same form sent 10 times at once: one note.
    let (order, token) = buy_gift(&app.http, 2, "Again").await;
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    assert_eq!(claim(&app.http, &token, &key(), "Mei").await.0, 200);
    let form = key();
    let answers = join_all((0..10).map(|_| {
        let app = &app.http;
        let (token, form) = (token.clone(), form.clone());
        async move { thank(app, &token, "Once", &form).await.0 }
    }))
    .await;
    assert!(answers.iter().all(|&s| s == 200), "{answers:?}");
    assert_eq!(notes(&app.http, &order).await, ["Once"]);
    let admin = app.sign_in(ADMIN).await;
    let mails: Vec<Value> = outbox_mails(&app, &admin, "hana@example.com", "gift_thanked", 3).await;
    assert_eq!(mails.len(), 3);
}
