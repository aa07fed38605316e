//! Gifts: sent, claimed, declined, cancelled, and their input checked.

use omiyage_api::{ErrorCode, GiftState, RefundReason, Storefront, UnitState};

use super::{gift_order, recipient, stock};

/// A gift: bought without an address, opened and claimed by someone else with another
/// variant of the same price; the sender sees "claimed" and nothing about the recipient.
pub async fn send_and_claim_a_gift(api: &impl Storefront, key: &str, claim_key: &str) {
    let indigo = stock(api, "furoshiki", "furoshiki-indigo").await;
    let sakura = stock(api, "furoshiki", "furoshiki-sakura").await;
    let order = api
        .checkout(key, &gift_order("furoshiki", "furoshiki-indigo", 1, true))
        .await
        .unwrap();
    assert_eq!(order.total.amount, 2_400, "gift shipping is included");
    let sent = order.gift.clone().expect("a gift order carries its gift");
    assert_eq!(sent.units.len(), 1);
    assert_eq!(sent.units[0].state, UnitState::Unclaimed);
    assert!(sent.opened_at.is_none());
    assert_eq!(
        stock(api, "furoshiki", "furoshiki-indigo").await,
        indigo - 1,
        "stock is held"
    );

    let token = sent.claim_token.clone();
    let view = api.open_gift(&token).await.unwrap();
    assert_eq!(view.state, GiftState::Open);
    assert_eq!(view.greeting, "Happy birthday! <b>Enjoy</b>");
    assert_eq!(view.sender_name, "Hana");
    let offered: Vec<_> = view
        .product
        .variants
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    assert_eq!(
        offered,
        ["furoshiki-indigo", "furoshiki-sakura", "furoshiki-matcha"]
    );
    assert!(
        api.order(&order.token)
            .await
            .unwrap()
            .gift
            .unwrap()
            .opened_at
            .is_some()
    );

    let mut claim = recipient("Kenta Yamada");
    claim.variant_id = Some("furoshiki-sakura".into());
    let claimed = api.claim_gift(claim_key, &token, &claim).await.unwrap();
    assert_eq!(
        claimed.variant_name, "桜色",
        "in the default language, Japanese"
    );
    assert_eq!(claimed.address.city, "Sapporo");
    assert_eq!(
        stock(api, "furoshiki", "furoshiki-indigo").await,
        indigo,
        "the held unit went back"
    );
    assert_eq!(
        stock(api, "furoshiki", "furoshiki-sakura").await,
        sakura - 1
    );
    // A retry with the same key gets the same answer and takes nothing more.
    assert_eq!(
        api.claim_gift(claim_key, &token, &claim).await.unwrap(),
        claimed
    );
    assert_eq!(
        stock(api, "furoshiki", "furoshiki-sakura").await,
        sakura - 1
    );

    let again = api
        .claim_gift(
            &format!("{claim_key}-2"),
            &token,
            &recipient("Someone Else"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (again.code, again.status()),
        (ErrorCode::AlreadyClaimed, 409)
    );

    let sender_view = api.order(&order.token).await.unwrap();
    assert_eq!(
        sender_view.gift.as_ref().unwrap().units[0].state,
        UnitState::Claimed
    );
    let raw = serde_json::to_string(&sender_view).unwrap();
    for secret in ["Kenta", "Sapporo", "北海道", "060-0001", "9876"] {
        assert!(
            !raw.contains(secret),
            "the sender's view leaks {secret}: {raw}"
        );
    }
    assert_eq!(
        api.gift("no-such-gift").await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

/// A group gift of 3: one claimed, one declined, the rest cancelled by the sender; refunds and
/// stock follow, and a cancelled gift cannot be claimed.
pub async fn group_gift_decline_and_cancel(api: &impl Storefront, key: &str) {
    let before = stock(api, "genmaicha", "genmaicha-200g").await;
    let order = api
        .checkout(key, &gift_order("genmaicha", "genmaicha-200g", 3, false))
        .await
        .unwrap();
    let token = order.gift.unwrap().claim_token;
    assert_eq!(api.gift(&token).await.unwrap().units_left, 3);
    api.claim_gift(&format!("{key}-c1"), &token, &recipient("Aoi"))
        .await
        .unwrap();
    let mut other = recipient("Sora");
    other.variant_id = Some("genmaicha-200g".into());
    let after_decline = api.decline_gift(&token).await.unwrap();
    assert_eq!(after_decline.units_left, 1);
    let cancelled = api.cancel_gift(&order.token).await.unwrap().gift.unwrap();
    let states: Vec<_> = cancelled
        .units
        .iter()
        .map(|u| (u.state, u.refund_reason))
        .collect();
    assert_eq!(
        states,
        [
            (UnitState::Claimed, None),
            (UnitState::Refunded, Some(RefundReason::Declined)),
            (UnitState::Refunded, Some(RefundReason::Cancelled)),
        ]
    );
    assert_eq!(cancelled.refunded.amount, 2 * 900);
    assert_eq!(stock(api, "genmaicha", "genmaicha-200g").await, before - 1);
    let late = api
        .claim_gift(&format!("{key}-c2"), &token, &other)
        .await
        .unwrap_err();
    assert_eq!((late.code, late.status()), (ErrorCode::GiftCancelled, 410));
    assert_eq!(api.gift(&token).await.unwrap().state, GiftState::Cancelled);
}

/// Gift input rules: a greeting of 101 characters, a choice the sender did not allow.
pub async fn gift_input_is_checked(api: &impl Storefront, key: &str) {
    let mut long = gift_order("tenugui", "tenugui-waves", 1, false);
    long.gift.as_mut().unwrap().greeting = "あ".repeat(101);
    let err = api.checkout(key, &long).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.fields[0].field, "gift.greeting");

    let order = api
        .checkout(key, &gift_order("tenugui", "tenugui-waves", 1, false))
        .await
        .unwrap();
    let token = order.gift.unwrap().claim_token;
    let mut swap = recipient("Rin");
    swap.variant_id = Some("tenugui-cranes".into());
    let err = api
        .claim_gift(&format!("{key}-c"), &token, &swap)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    let mut no_address = recipient("Rin");
    no_address.address.postal_code = "12".into();
    let err = api
        .claim_gift(&format!("{key}-d"), &token, &no_address)
        .await
        .unwrap_err();
    assert_eq!(err.fields[0].field, "address.postal_code");
    assert_eq!(
        api.gift(&token).await.unwrap().units_left,
        1,
        "failed claims change nothing"
    );
    // A claim that breaks the rules is refused for what it is (422) before any gift is looked
    // up, whether or not the token names a gift: both backends answer alike.
    let err = api
        .claim_gift(&format!("{key}-e"), "no-such-gift", &no_address)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.fields[0].field, "address.postal_code");
    let err = api
        .claim_gift(&format!("{key}-f"), "no-such-gift", &recipient("Rin"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
