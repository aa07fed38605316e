//! The mock running the gift and order flows: the cases the server's model-based tests found,
//! replayed on the in-memory store.

use omiyage_api::{
    Address, ApiError, CancelReason, CheckoutLine, CheckoutRequest, Contact, ErrorCode,
    GiftOptions, GiftState, OrderStatus, PaymentChoice, RefundReason, UnitState,
};
use omiyage_flows::{Fact, Store};

use crate::MockState;

const VARIANT: &str = "daruma-small";

fn stock(s: &MockState) -> u32 {
    s.product("daruma").unwrap().variants[0].stock
}

fn card() -> PaymentChoice {
    PaymentChoice::TestCard {
        card_number: "4242 4242 4242 4242".into(),
    }
}

/// A gift of `quantity` bought with `payment` (and `coupon`).
fn gift_request(quantity: i64, payment: PaymentChoice, coupon: Option<&str>) -> CheckoutRequest {
    CheckoutRequest {
        lines: vec![CheckoutLine {
            options_token: Default::default(),
            options: Default::default(),
            product_id: "daruma".into(),
            variant_id: VARIANT.into(),
            quantity,
        }],
        contact: Contact {
            name: "Hana".into(),
            email: "hana@example.com".into(),
            phone: String::new(),
        },
        address: Address::default(),
        payment,
        gift: Some(GiftOptions {
            sender_name: "Hana".into(),
            greeting: String::new(),
            allow_variant_choice: false,
            ..Default::default()
        }),
        coupon: coupon.map(String::from),
        delivery: None,
        points: 0,
    }
}

/// [`gift_request`], placed at t = 1,000.
fn gift_order(
    state: &mut MockState,
    key: &str,
    quantity: i64,
    payment: PaymentChoice,
    coupon: Option<&str>,
) -> omiyage_api::OrderView {
    let request = gift_request(quantity, payment, coupon);
    let mut n = 0;
    let prefix = key.to_string();
    state
        .checkout(
            Some(key),
            &request,
            || {
                n += 1;
                format!("{prefix}-token-{n}")
            },
            1_000,
        )
        .unwrap()
}

fn tokyo() -> Address {
    Address {
        postal_code: "100-0001".into(),
        prefecture: "東京都".into(),
        city: "千代田区".into(),
        line1: "1-1".into(),
        line2: String::new(),
    }
}

fn recipient() -> omiyage_api::ClaimRequest {
    omiyage_api::ClaimRequest {
        name: "Ken".into(),
        phone: "090-1234-5678".into(),
        email: String::new(),
        address: tokyo(),
        variant_id: None,
        delivery: None,
    }
}

#[test]
fn an_unclaimed_gift_expires_after_its_window_and_its_stock_comes_back_once() {
    let mut state = MockState::seeded();
    state.claim_window_secs = 60;
    let before = stock(&state);
    let order = gift_order(&mut state, "key-000001", 2, card(), None);
    let token = order.gift.unwrap().claim_token;
    assert_eq!(stock(&state), before - 2);
    assert_eq!(state.gift(&token, 1_059).unwrap().state, GiftState::Open);
    assert_eq!(state.gift(&token, 1_060).unwrap().state, GiftState::Expired);
    // Touched again and again: refunded once.
    state.gift(&token, 1_070).unwrap();
    state.order(&order.token, 1_080).unwrap();
    assert_eq!(stock(&state), before);
    let units = state
        .order(&order.token, 1_061)
        .unwrap()
        .gift
        .unwrap()
        .units;
    assert!(
        units
            .iter()
            .all(|u| u.state == UnitState::Refunded
                && u.refund_reason == Some(RefundReason::Expired))
    );
    let refunds: Vec<_> = state
        .told
        .iter()
        .filter(|(o, f, _)| *o == order.token && matches!(f, Fact::GiftRefunded { .. }))
        .collect();
    assert_eq!(refunds.len(), 1, "{:?}", state.told);
}

#[test]
fn the_sender_cancelling_an_unpaid_gift_cancels_its_order_with_stock_and_coupon_back_once() {
    let mut state = MockState::seeded();
    let before = stock(&state);
    let order = gift_order(
        &mut state,
        "key-000002",
        3,
        PaymentChoice::PayInShop,
        Some("WELCOME10"),
    );
    assert_eq!(order.status, OrderStatus::AwaitingPayment);
    let token = order.gift.as_ref().unwrap().claim_token.clone();
    assert_eq!(stock(&state), before - 3);
    // Its recipient waits for the payment and cannot claim or decline.
    assert_eq!(
        state.gift(&token, 1_001).unwrap().state,
        GiftState::AwaitingPayment
    );
    assert!(state.decline_gift(&token, 1_002).is_err());
    let cancelled = state.cancel_gift(&order.token, 1_003).unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(stock(&state), before);
    // Cancelling again changes nothing; the units were never refunded (nothing was paid).
    let again = state.cancel_gift(&order.token, 1_004).unwrap_err();
    assert_eq!(again.code, ErrorCode::GiftCancelled);
    assert_eq!(stock(&state), before);
    let units = cancelled.gift.unwrap().units;
    assert!(units.iter().all(|u| u.state == UnitState::Unclaimed));
    let told: Vec<&Fact> = state.told.iter().map(|(_, f, _)| f).collect();
    assert_eq!(
        told,
        vec![&Fact::OrderCancelled {
            reason: CancelReason::BySender
        }]
    );
    // The coupon's one use per email came back with the cancelled order.
    let paid = gift_order(&mut state, "key-000003", 1, card(), Some("WELCOME10"));
    assert_eq!(paid.status, OrderStatus::Paid);
    assert_eq!(paid.coupon.as_deref(), Some("WELCOME10"));
}

#[test]
fn a_claim_is_answered_again_for_its_key_and_its_stock_stays_taken() {
    let mut state = MockState::seeded();
    let before = stock(&state);
    let order = gift_order(&mut state, "key-000004", 1, card(), None);
    let token = order.gift.unwrap().claim_token;
    let claim = recipient();
    let first = state
        .claim_gift(Some("claim-00001"), &token, &claim, 1_100)
        .unwrap();
    let again = state
        .claim_gift(Some("claim-00001"), &token, &claim, 1_200)
        .unwrap();
    assert_eq!(first, again);
    let other = state
        .claim_gift(Some("claim-00002"), &token, &claim, 1_300)
        .unwrap_err();
    assert_eq!(other.code, ErrorCode::AlreadyClaimed);
    assert_eq!(stock(&state), before - 1);
    let claimed = state
        .told
        .iter()
        .filter(|(_, f, _)| matches!(f, Fact::GiftClaimed { .. }))
        .count();
    assert_eq!(claimed, 1);
}

#[test]
fn a_flow_that_fails_leaves_the_state_as_it_was() {
    let mut state = MockState::seeded();
    let before = stock(&state);
    let failed: Result<(), ApiError> = state.run(async |tx| {
        tx.put_back(VARIANT, 5).await?;
        Err(ApiError::not_found("Something"))
    });
    assert!(failed.is_err());
    assert_eq!(stock(&state), before);
    let kept: Result<(), ApiError> = state.run(async |tx| tx.put_back(VARIANT, 5).await);
    assert!(kept.is_ok());
    assert_eq!(stock(&state), before + 5);
}

#[test]
fn a_cart_with_a_short_line_takes_nothing_and_leaves_its_coupon_unused() {
    let mut state = MockState::seeded();
    let before = stock(&state);
    assert!(state.set_stock("tenugui-waves", 1));
    let mut request = gift_request(2, card(), Some("WELCOME10"));
    request.gift = None;
    request.address = tokyo();
    request.lines.push(CheckoutLine {
        options_token: Default::default(),
        options: Default::default(),
        product_id: "tenugui".into(),
        variant_id: "tenugui-waves".into(),
        quantity: 2,
    });
    let refused = state
        .checkout(Some("key-000010"), &request, || "t-1".into(), 1_000)
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::OutOfStock);
    assert_eq!(stock(&state), before);
    // The coupon's one use per email is still there.
    request.lines.pop();
    let placed = state
        .checkout(Some("key-000011"), &request, || "t-2".into(), 1_000)
        .unwrap();
    assert_eq!(placed.coupon.as_deref(), Some("WELCOME10"));
    assert_eq!(stock(&state), before - 2);
}

#[test]
fn shipping_a_gift_ships_what_is_claimed_and_finishes_once_nothing_is_open() {
    let mut state = MockState::seeded();
    let order = gift_order(&mut state, "key-000020", 2, card(), None);
    let token = order.gift.unwrap().claim_token;
    let ship = |state: &mut MockState, now: i64| {
        state.run(async |tx| omiyage_flows::order::ship(tx, &order.token, "TRK-1", now).await)
    };
    // Nothing claimed yet: nothing to ship.
    let refused = ship(&mut state, 1_010).unwrap().unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    let claim = recipient();
    state
        .claim_gift(Some("claim-00020"), &token, &claim, 1_020)
        .unwrap();
    ship(&mut state, 1_030).unwrap().unwrap();
    let view = state.order(&order.token, 1_031).unwrap();
    // One unit is still open: the order stays paid, its shipment noted.
    assert_eq!(view.status, OrderStatus::Paid);
    assert_eq!(view.shipment.unwrap().tracking_number, "TRK-1");
    state.decline_gift(&token, 1_040).unwrap();
    ship(&mut state, 1_050).unwrap().unwrap_err();
    let shipped: Vec<_> = state
        .told
        .iter()
        .filter_map(|(_, f, _)| match f {
            Fact::OrderShipped { gift_units, .. } => Some(gift_units.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(shipped, vec![vec![0]]);
}

#[test]
fn a_gift_in_return_goes_to_the_first_senders_email_which_its_buyer_never_sees() {
    let mut state = MockState::seeded();
    let first = gift_order(&mut state, "key-000010", 1, card(), None);
    let token = first.gift.unwrap().claim_token;
    let mut back = gift_request(1, card(), None);
    back.contact.email = "ken@example.jp".into();
    if let Some(g) = back.gift.as_mut() {
        g.return_for = token.clone();
    }
    let mut n = 0;
    let mut tokens = || {
        n += 1;
        format!("back-token-{n}")
    };
    // Not claimed yet: refused on its field, nothing placed.
    let refused = state
        .checkout(Some("key-000011"), &back, &mut tokens, 1_100)
        .unwrap_err();
    assert_eq!(refused.fields[0].field, "gift.return_for");
    state
        .claim_gift(Some("claim-00010"), &token, &recipient(), 1_200)
        .unwrap();
    let placed = state
        .checkout(Some("key-000012"), &back, &mut tokens, 1_300)
        .unwrap();
    let gift = placed.gift.unwrap();
    assert!(gift.returns_gift);
    assert_eq!(gift.recipient_email, "");
    let view = state.order(&placed.token, 1_400).unwrap();
    assert!(!format!("{view:?}").contains("hana@"), "{view:?}");
}
