//! Card testing: the cards tried on one order, and from one client across orders, are counted
//! in the database and refused with 429 past their limits, before the card provider is asked.

use omiyage_core::account::Limit;

use super::*;

/// An order of one `(product, variant)` placed for the card page (it waits for a card).
async fn card_page_order(app: &TestApp, (product, variant): (&str, &str)) -> String {
    let order = order_for(&[(product, variant, 1)], PaymentChoice::CardPage);
    let (status, order) = app.checkout(&key(), &order).await;
    assert_eq!(status, 201, "{order}");
    order["token"].as_str().unwrap().to_string()
}

/// Tries a declined card on the order's card page.
async fn try_card(app: &TestApp, stripe: &Emulator, token: &str) -> reqwest::Response {
    let body = serde_json::json!({ "payment_method": stripe.card(DECLINED).await });
    app.client
        .post(app.url(&format!("/api/orders/{token}/card")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn cards_tried_past_the_limits_are_refused_before_the_provider_is_asked() {
    let stripe = Emulator::start().await;
    let config = stripe.config();
    let app = spawn_app_with(move |c| {
        c.stripe = Some(config);
        c.card_attempts_per_order = Limit {
            max: 3,
            secs: 3_600,
        };
        c.card_attempts_per_client = Limit {
            max: 5,
            secs: 3_600,
        };
    })
    .await;

    // One order: three declined cards are tried (402: Stripe declined them); the fourth is
    // refused before Stripe is asked.
    let (product, variant) = app.add_limited_product(50, 1_000).await;
    let item = (product.as_str(), variant.as_str());
    let first = card_page_order(&app, item).await;
    for _ in 0..3 {
        assert_eq!(try_card(&app, &stripe, &first).await.status(), 402);
    }
    let refused = try_card(&app, &stripe, &first).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited", "{body}");

    // From the same client on another order: two more cards, then the client's limit.
    let second = card_page_order(&app, item).await;
    for _ in 0..2 {
        assert_eq!(try_card(&app, &stripe, &second).await.status(), 402);
    }
    assert_eq!(try_card(&app, &stripe, &second).await.status(), 429);

    // Both orders still wait for a card.
    for token in [&first, &second] {
        let (_, order) = app.get_json(&format!("/api/orders/{token}")).await;
        assert_eq!(order["status"], "awaiting_payment");
    }
}
