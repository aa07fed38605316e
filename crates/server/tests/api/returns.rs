//! A return gift (お返し): the recipient of a gift buys one back; its claim link goes to the first
//! gift's sender by email, in their language, and neither side ever sees the other's email or
//! address. Refused before the first gift is claimed, for an unknown gift, with an email of the
//! buyer's own, and for a gift whose sender left no email.

use serde_json::{Value, json};

use crate::gifts::{buy_gift, claim};
use crate::helpers::{ADMIN, Http, key, outbox_mails, spawn_app_with_accounts};

/// Checks out a return gift for the gift `return_for` in `lang`: (status, order).
async fn buy_return(app: &Http, return_for: &str, recipient_email: &str) -> (u16, Value) {
    let body = json!({
        "lines": [{"product_id": "matcha-kitkat", "variant_id": "matcha-kitkat-12", "quantity": 1}],
        "contact": {"name": "Ken Tanaka", "email": "ken@example.jp"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Ken", "greeting": "Thank you!", "allow_variant_choice": false,
                 "return_for": return_for, "recipient_email": recipient_email}
    });
    let r = app
        .client
        .post(app.url("/api/checkout"))
        .header("content-type", "application/json")
        .header("accept-language", "zh-CN")
        .header("Idempotency-Key", key())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn refused_field(order: &Value) -> &str {
    order["error"]["fields"][0]["field"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_return_gift_reaches_the_first_sender_without_either_address() {
    let app = spawn_app_with_accounts().await;
    // Hana (hana@example.com, a Japanese checkout) gives Ken a gift.
    let (first_order, first) = buy_gift(&app.http, 1, "Enjoy").await;

    // Not claimed yet: nothing to answer. Unknown gift, an email of the buyer's own: refused.
    let (status, refused) = buy_return(&app.http, &first, "").await;
    assert_eq!(
        (status, refused_field(&refused)),
        (422, "gift.return_for"),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("Claim the gift first"),
        "{refused}"
    );
    assert_eq!(claim(&app.http, &first, &key(), "Ken").await.0, 200);
    let (status, refused) = buy_return(&app.http, "no-such-gift", "").await;
    assert_eq!(
        (status, refused_field(&refused)),
        (422, "gift.return_for"),
        "{refused}"
    );
    let (status, refused) = buy_return(&app.http, &first, "hana@example.com").await;
    assert_eq!(
        (status, refused_field(&refused)),
        (422, "gift.recipient_email")
    );

    // Ken's return gift: his order says where it goes only as "the sender of your gift".
    let (status, order) = buy_return(&app.http, &first, "").await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["gift"]["returns_gift"], true, "{order}");
    assert!(!order.to_string().contains("hana@"), "{order}");
    let token = order["token"].as_str().unwrap();
    let back = order["gift"]["claim_token"].as_str().unwrap().to_string();
    let (_, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert!(!view.to_string().contains("hana@"), "{view}");

    // Hana is told at once (not at the next sweep), once, in the language she bought in
    // (Japanese), that it answers her gift.
    assert_eq!(
        omiyage_server::tell_opened_gifts(&app.state).await.unwrap(),
        0
    );
    let admin = app.sign_in(ADMIN).await;
    let mails = outbox_mails(&app, &admin, "hana@example.com", "gift_opened", 1).await;
    assert_eq!(mails[0]["subject"], "Kenさんからお返しが届きました");
    assert_eq!(mails[0]["lang"], "ja");

    // She claims it with her address, which Ken's order never shows; hers shows nothing of his.
    let (status, claimed) = claim(&app.http, &back, &key(), "Hana Sato").await;
    assert_eq!(status, 200, "{claimed}");
    let (_, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(view["gift"]["units"][0]["state"], "claimed");
    for secret in ["Umeda", "530-0001", "Hana Sato", "hana@"] {
        assert!(!view.to_string().contains(secret), "{secret}: {view}");
    }
    let (_, hers) = app.get_json(&format!("/api/orders/{first_order}")).await;
    for secret in ["ken@", "Ken Tanaka", &back] {
        assert!(!hers.to_string().contains(secret), "{secret}: {hers}");
    }
}

#[tokio::test]
async fn a_counter_code_has_no_sender_to_answer() {
    let app = spawn_app_with_accounts().await;
    let staff = app.sign_in(crate::helpers::STAFF).await;
    let batch = app
        .call(
            reqwest::Method::POST,
            "/api/batches",
            Some(&staff),
            Some(crate::batches::batch_body(1)),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);
    let token = batch.body["codes"][0]["claim_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", batch.body))
        .to_string();
    assert_eq!(claim(&app.http, &token, &key(), "Ken").await.0, 200);
    let (status, refused) = buy_return(&app.http, &token, "").await;
    assert_eq!(
        (status, refused_field(&refused)),
        (422, "gift.return_for"),
        "{refused}"
    );
    assert!(refused.to_string().contains("left no email"), "{refused}");
}
