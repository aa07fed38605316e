//! Money back to the card: stock that ran out while the card was charged, and a gift's units refunded one by one.

use super::*;

#[tokio::test]
async fn cards_charged_for_stock_that_ran_out_meanwhile_are_refunded_in_full() {
    let stripe = Emulator::start().await;
    let app = card_shop(&stripe).await;
    // Eight shoppers race for the last two: prices are checked against the stock, cards
    // charged, then the stock is taken atomically; a charge whose stock went to someone else
    // meanwhile is given back.
    let (product, variant) = app.add_limited_product(2, 2_480).await;
    let mut cards = Vec::new();
    for _ in 0..8 {
        cards.push(stripe.card(VISA).await);
    }
    let racers = cards.into_iter().map(|card| {
        let (app, product, variant) = (&app, &product, &variant);
        async move {
            let card = PaymentChoice::Card {
                payment_method: card,
            };
            app.checkout(&key(), &order_for(&[(product, variant, 2)], card))
                .await
        }
    });
    let answers = futures::future::join_all(racers).await;
    let placed = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(placed, 1, "{answers:?}");
    assert!(
        answers.iter().all(|(s, _)| *s == 201 || *s == 409),
        "{answers:?}"
    );
    assert_eq!(app.stock_of(&product, &variant).await, 0);

    let intents = stripe.get("payment_intents?limit=100").await;
    let charged: Vec<&Value> = intents["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "succeeded")
        .collect();
    let mut refunded = 0;
    for intent in &charged {
        for refund in stripe.refunds(intent["id"].as_str().unwrap()).await {
            assert_eq!(refund["amount"], intent["amount"], "refunded in full");
            refunded += 1;
        }
    }
    eprintln!("{} cards charged, {refunded} refunded", charged.len());
    assert_eq!(
        charged.len() - refunded,
        1,
        "exactly one charge kept: {charged:?}"
    );
}

#[tokio::test]
async fn a_card_paid_gifts_refunds_go_back_to_the_card_once_each() {
    let stripe = Emulator::start().await;
    let clock = Arc::new(ManualClock::starting_now());
    let config = stripe.config();
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.stripe = Some(config);
            c.clock = clock;
            c.outbox_every_ms = 100;
        }
    })
    .await;
    // A gift of three, paid by card at checkout.
    let (product, variant) = app.add_limited_product(5, 3_000).await;
    let mut request = order_for(
        &[(&product, &variant, 3)],
        PaymentChoice::Card {
            payment_method: stripe.card(VISA).await,
        },
    );
    request.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Hana".into(),
        greeting: "おめでとう".into(),
        allow_variant_choice: false,
        ..Default::default()
    });
    let (status, order) = app.checkout(&key(), &request).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["status"], "paid");
    let intent = intent_of(&app, &order).await;
    let claim_token = order["gift"]["claim_token"].as_str().unwrap().to_string();

    // One unit declined: its price goes back to the card.
    let (status, body) = app
        .post_json(&format!("/api/gifts/{claim_token}/decline"), &Value::Null)
        .await;
    assert!(status < 300, "{status} {body}");
    let refunds = wait_for_refunds(&stripe, &intent, 1).await;
    assert_eq!(refunds[0]["amount"], 3_000);

    // The window closes: the two left go back in one refund, however often the sweep runs.
    clock.advance(omiyage_server::on_state!(&app.state, st => st.claim_window_secs) + 1);
    omiyage_server::sweep_expired_gifts(&app.state)
        .await
        .unwrap();
    omiyage_server::sweep_expired_gifts(&app.state)
        .await
        .unwrap();
    let amounts = refunded_amounts(&stripe, &intent, 2).await;
    assert_eq!(amounts, vec![3_000, 6_000]);
    app.drain_outbox().await;
    assert_eq!(stripe.refunds(&intent).await.len(), 2, "each refund once");
}
