use super::*;
use omiyage_api::Variant;
use proptest::prelude::*;

const OPEN: Window = Window {
    expires_at: 1_000,
    cancelled: false,
    opens_at: 0,
};

#[test]
fn units_are_claimed_first_come_first_served_then_409() {
    let mut units = new_units(2);
    assert_eq!(claim(&mut units, OPEN, 10), Ok(0));
    assert_eq!(claim(&mut units, OPEN, 11), Ok(1));
    let err = claim(&mut units, OPEN, 12).unwrap_err();
    assert_eq!((err.code, err.status()), (ErrorCode::AlreadyClaimed, 409));
    assert_eq!(state(&units, OPEN, 12), GiftState::AllClaimed);
}

#[test]
fn a_claim_at_or_after_the_deadline_expires_the_gift_instead() {
    let mut units = new_units(3);
    claim(&mut units, OPEN, 999).unwrap();
    let err = claim(&mut units, OPEN, 1_000).unwrap_err();
    assert_eq!(err.code, ErrorCode::GiftExpired);
    assert_eq!(err.status(), 410);
    let reasons: Vec<_> = units.iter().map(|u| u.refund_reason).collect();
    assert_eq!(
        reasons,
        [
            None,
            Some(RefundReason::Expired),
            Some(RefundReason::Expired)
        ]
    );
    assert_eq!(refunded_amount(&units, Money::jpy(800)), Money::jpy(1_600));
}

#[test]
fn shipping_takes_claimed_units_only_and_needs_one() {
    let mut units = new_units(3);
    assert_eq!(ship(&mut units, 5).unwrap_err().status(), 409);
    claim(&mut units, OPEN, 6).unwrap();
    assert_eq!(ship(&mut units, 7), Ok(vec![0]));
    assert_eq!(
        (units[0].state, units[0].shipped_at),
        (UnitState::Shipped, Some(7))
    );
    assert!(!all_settled(&units));
    assert!(
        ship(&mut units, 8).is_err(),
        "a shipped unit is not shipped twice"
    );
    cancel(&mut units, OPEN, 9).unwrap();
    assert!(all_settled(&units));
}

#[test]
fn declining_refunds_one_unit_and_cancel_refunds_the_rest() {
    let mut units = new_units(3);
    assert_eq!(decline(&mut units, OPEN, 5), Ok(0));
    claim(&mut units, OPEN, 6).unwrap();
    assert_eq!(cancel(&mut units, OPEN, 7), Ok(vec![2]));
    assert_eq!(units[2].refund_reason, Some(RefundReason::Cancelled));
    assert!(cancel(&mut units, OPEN, 8).is_err());
    let cancelled = Window {
        cancelled: true,
        ..OPEN
    };
    assert_eq!(
        claim(&mut units, cancelled, 9).unwrap_err().code,
        ErrorCode::GiftCancelled
    );
}

#[test]
fn greeting_over_100_characters_is_refused_counting_characters_not_bytes() {
    let ok = GiftOptions {
        sender_name: "Hana".into(),
        greeting: "お".repeat(100),
        allow_variant_choice: false,
        ..Default::default()
    };
    assert!(option_errors(&ok).is_empty());
    let long = GiftOptions {
        greeting: "x".repeat(101),
        ..ok.clone()
    };
    assert_eq!(option_errors(&long)[0].field, "gift.greeting");
    let nameless = GiftOptions {
        sender_name: " ".into(),
        ..ok
    };
    assert_eq!(option_errors(&nameless)[0].field, "gift.sender_name");
}

fn product() -> Product {
    let v = |id: &str, price: i64, stock: u32| Variant {
        photo: None,
        id: id.into(),
        name: id.into(),
        price: Money::jpy(price),
        stock,
        tax_class: omiyage_api::TaxClass::Standard,
    };
    Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: "p".into(),
        name: "P".into(),
        description: String::new(),
        category: "c".into(),
        image: String::new(),
        variants: vec![
            v("a", 800, 0),
            v("b", 800, 3),
            v("c", 900, 9),
            v("d", 800, 0),
        ],
    }
}

#[test]
fn recipients_may_choose_only_same_price_variants_in_stock() {
    let p = product();
    let ids = |vs: Vec<Variant>| vs.into_iter().map(|v| v.id).collect::<Vec<_>>();
    assert_eq!(ids(choosable_variants(&p, "a", true)), ["a", "b"]);
    assert_eq!(ids(choosable_variants(&p, "a", false)), ["a"]);
    assert_eq!(choose_variant(&p, "a", true, Some("b")).unwrap().id, "b");
    assert!(choose_variant(&p, "a", true, Some("c")).is_err());
    assert!(choose_variant(&p, "a", true, Some("d")).is_err());
    assert!(choose_variant(&p, "a", false, Some("b")).is_err());
    assert_eq!(choose_variant(&p, "a", false, None).unwrap().id, "a");
}

#[test]
fn a_claim_is_decided_once_variant_rule_first_then_the_first_open_unit() {
    let p = product();
    let record = |allow: bool, units: u32| GiftRecord {
        token: "g".into(),
        order_token: "o".into(),
        options: GiftOptions {
            sender_name: "S".into(),
            greeting: String::new(),
            allow_variant_choice: allow,
            ..Default::default()
        },
        product_id: "p".into(),
        variant_id: "a".into(),
        unit_price: Money::jpy(800),
        expires_at: OPEN.expires_at,
        cancelled: false,
        opened_at: None,
        units: new_units(units),
        told_at: None,
    };
    let same = decide_claim(&record(false, 2), &p, None, 10).unwrap();
    assert_eq!(
        (same.unit, same.variant.id.as_str(), same.swap),
        (0, "a", false)
    );
    assert_eq!(same.units[0].state, UnitState::Claimed);
    assert_eq!(same.units[1].state, UnitState::Unclaimed);
    let swap = decide_claim(&record(true, 1), &p, Some("b"), 10).unwrap();
    assert_eq!((swap.variant.id.as_str(), swap.swap), ("b", true));
    // The variant rule answers before the units: a refused choice claims nothing.
    assert!(decide_claim(&record(false, 1), &p, Some("b"), 10).is_err());
    let mut taken = record(true, 1);
    taken.units = same.units[..1].to_vec();
    let err = decide_claim(&taken, &p, None, 11).unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyClaimed);
}

#[derive(Clone, Debug)]
enum Op {
    Claim(i64),
    Decline(i64),
    Cancel(i64),
    Expire(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0i64..1_500).prop_map(Op::Claim),
        (0i64..1_500).prop_map(Op::Decline),
        (0i64..1_500).prop_map(Op::Cancel),
        (0i64..1_500).prop_map(Op::Expire),
    ]
}

proptest! {
    /// Whatever happens in whatever order: no unit is claimed twice, every unit ends in
    /// exactly one state, a claimed unit is never refunded, and after the window every
    /// unit is either claimed or refunded (refunds = unclaimed units).
    #[test]
    fn the_gift_state_machine_keeps_its_promises(n in 1u32..8, ops in prop::collection::vec(op(), 0..40)) {
        let mut units = new_units(n);
        let mut claimed_ever = std::collections::HashSet::new();
        let mut now = 0;
        for op in ops {
            let before = units.clone();
            let t = match op { Op::Claim(t) | Op::Decline(t) | Op::Cancel(t) | Op::Expire(t) => t };
            now = now.max(t);
            match op {
                Op::Claim(_) => if let Ok(i) = claim(&mut units, OPEN, now) {
                    prop_assert!(claimed_ever.insert(i), "unit {} claimed twice", i);
                    prop_assert_eq!(before[i].state, UnitState::Unclaimed);
                },
                Op::Decline(_) => { let _ = decline(&mut units, OPEN, now); }
                Op::Cancel(_) => { let _ = cancel(&mut units, OPEN, now); }
                Op::Expire(_) => { expire(&mut units, OPEN, now); }
            }
            for (b, a) in before.iter().zip(&units) {
                if b.state != UnitState::Unclaimed {
                    prop_assert_eq!(b, a, "a settled unit changed");
                }
            }
        }
        expire(&mut units, OPEN, OPEN.expires_at);
        let claimed = units.iter().filter(|u| u.state == UnitState::Claimed).count();
        let refunded = units.iter().filter(|u| u.state == UnitState::Refunded).count();
        prop_assert_eq!(claimed, claimed_ever.len());
        prop_assert_eq!(claimed + refunded, n as usize);
        prop_assert_eq!(refunded_amount(&units, Money::jpy(500)).amount, 500 * refunded as i64);
    }
}
