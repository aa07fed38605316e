use super::*;
use proptest::prelude::*;

fn plan(window_days: u32) -> Plan {
    Plan {
        id: "spring".into(),
        commission_bps: 1_000,
        new_buyer_bps: None,
        product_ids: vec!["matcha".into(), "sake".into()],
        window_days,
        starts_at: 0,
        ends_at: 1_000 * DAY,
        paused: false,
    }
}

fn click(promoter: &str, product: &str, at: i64) -> Click {
    Click {
        promoter_id: promoter.into(),
        product_id: product.into(),
        clicked_at: at,
    }
}

#[test]
fn an_order_inside_the_window_is_attributed_and_one_second_later_is_not() {
    let plans = [plan(7)];
    let clicks = [click("aya", "matcha", 100)];
    let at_edge = 100 + 7 * DAY - 1;
    assert_eq!(
        attribute(&clicks, &plans, &["matcha"], None, at_edge)
            .unwrap()
            .promoter_id,
        "aya"
    );
    assert_eq!(
        attribute(&clicks, &plans, &["matcha"], None, at_edge + 1),
        None
    );
}

#[test]
fn the_last_click_wins_and_self_referral_earns_nothing() {
    let plans = [plan(7)];
    let clicks = [
        click("aya", "matcha", 100),
        click("ben", "matcha", 200),
        click("cai", "tofu", 300),
    ];
    assert_eq!(
        attribute(&clicks, &plans, &["matcha"], None, 400)
            .unwrap()
            .promoter_id,
        "ben"
    );
    // Ben buys through his own link: Aya's earlier click still counts, Ben's does not.
    assert_eq!(
        attribute(&clicks, &plans, &["matcha"], Some("ben"), 400)
            .unwrap()
            .promoter_id,
        "aya"
    );
    assert_eq!(
        attribute(&clicks, &plans, &["sake"], None, 400),
        None,
        "a click on another product"
    );
}

#[test]
fn paused_or_ended_plans_stop_new_attribution() {
    let mut paused = plan(7);
    paused.paused = true;
    assert_eq!(
        attribute(
            &[click("aya", "matcha", 100)],
            &[paused],
            &["matcha"],
            None,
            200
        ),
        None
    );
    let mut ended = plan(7);
    ended.ends_at = 150;
    assert_eq!(
        attribute(
            &[click("aya", "matcha", 100)],
            &[ended],
            &["matcha"],
            None,
            200
        ),
        None
    );
}

#[test]
fn commission_is_rate_times_what_was_paid_rounded_down() {
    assert_eq!(commission(Money::jpy(1_999), 1_000), Money::jpy(199));
    assert_eq!(commission(Money::jpy(5_000), 250), Money::jpy(125));
    assert_eq!(commission(Money::jpy(-5), 1_000), Money::jpy(0));
}

#[test]
fn plans_are_checked_field_by_field() {
    let ok = validate_plan(
        1_000,
        Some(2_000),
        7,
        &["matcha".into()],
        "2026-12-01",
        "2026-12-31",
    )
    .unwrap();
    assert_eq!(
        (ok.commission_bps, ok.new_buyer_bps, ok.window_days),
        (1_000, Some(2_000), 7)
    );
    assert_eq!(ok.ends_at - ok.starts_at, 31 * DAY);
    let e = validate_plan(6_000, Some(9_000), 0, &[], "2026-12-31", "2026-12-01").unwrap_err();
    let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "commission_bps",
            "new_buyer_bps",
            "window_days",
            "product_ids",
            "ends_on"
        ]
    );
    // A new-buyer rate below the plan's own is refused; equal is allowed.
    let low = validate_plan(
        1_000,
        Some(999),
        7,
        &["m".into()],
        "2026-12-01",
        "2026-12-01",
    );
    assert_eq!(low.unwrap_err().fields[0].field, "new_buyer_bps");
    assert!(
        validate_plan(
            1_000,
            Some(1_000),
            7,
            &["m".into()],
            "2026-12-01",
            "2026-12-01"
        )
        .is_ok()
    );
}

#[test]
fn a_new_buyer_earns_the_new_buyer_rate_and_a_returning_one_the_plan_rate() {
    let with = Attribution {
        promoter_id: "aya".into(),
        plan_id: "spring".into(),
        commission_bps: 1_000,
        new_buyer_bps: Some(2_500),
    };
    assert_eq!(with.rate(true), 2_500);
    assert_eq!(with.rate(false), 1_000);
    let without = Attribution {
        new_buyer_bps: None,
        ..with
    };
    assert_eq!(without.rate(true), 1_000);
    assert_eq!(new_buyer_share_bps(1, 4), 2_500);
    assert_eq!(new_buyer_share_bps(0, 0), 0);
}

#[test]
fn a_cancelled_order_reverses_and_a_shipped_one_confirms() {
    let t = Money::jpy(300);
    assert_eq!(split(t, false, false, None).pending, t);
    assert_eq!(split(t, true, false, None).confirmed, t);
    assert_eq!(split(t, false, true, None).reversed, t);
}

fn unit_state() -> impl Strategy<Value = UnitState> {
    prop_oneof![
        Just(UnitState::Unclaimed),
        Just(UnitState::Claimed),
        Just(UnitState::Shipped),
        Just(UnitState::Refunded)
    ]
}

proptest! {
    #[test]
    fn gift_commission_parts_always_add_up(total in 0i64..1_000_000, units in proptest::collection::vec(unit_state(), 1..12)) {
        let s = split(Money::jpy(total), false, false, Some(&units));
        prop_assert_eq!(s.confirmed.amount + s.pending.amount + s.reversed.amount, total);
        if units.iter().all(|&u| u == UnitState::Refunded) {
            prop_assert_eq!(s.reversed.amount, total);
        }
        if units.iter().all(|&u| u == UnitState::Unclaimed) {
            prop_assert_eq!(s.pending.amount, total);
        }
    }

    #[test]
    fn attribution_goes_to_the_latest_eligible_click_never_the_buyer(
        times in proptest::collection::vec(0i64..20 * DAY, 1..10),
        now in 0i64..30 * DAY,
        buyer in 0usize..10,
    ) {
        let plans = [plan(7)];
        let clicks: Vec<Click> = times.iter().enumerate().map(|(i, &t)| click(&format!("p{i}"), "matcha", t)).collect();
        let buyer_id = format!("p{buyer}");
        let got = attribute(&clicks, &plans, &["matcha"], Some(&buyer_id), now);
        let eligible: Vec<&Click> = clicks.iter()
            .filter(|c| c.promoter_id != buyer_id && c.clicked_at <= now && now < c.clicked_at + 7 * DAY)
            .collect();
        match got {
            None => prop_assert!(eligible.is_empty()),
            Some(a) => {
                prop_assert_ne!(&a.promoter_id, &buyer_id);
                let latest = eligible.iter().map(|c| c.clicked_at).max().unwrap();
                let winner = clicks.iter().find(|c| c.promoter_id == a.promoter_id).unwrap();
                prop_assert_eq!(winner.clicked_at, latest);
            }
        }
    }

    #[test]
    fn a_new_buyer_rate_never_pays_less_than_the_plan_and_never_past_half(
        bps in 0u32..=MAX_BPS, extra in 0u32..=MAX_BPS, new in any::<bool>(), paid in 0i64..10_000_000,
    ) {
        let n = (bps + extra).min(MAX_BPS);
        let a = Attribution { promoter_id: "p".into(), plan_id: "x".into(), commission_bps: bps, new_buyer_bps: Some(n) };
        let rate = a.rate(new);
        prop_assert!(rate >= bps && rate <= MAX_BPS);
        prop_assert!(commission(Money::jpy(paid), rate).amount * 2 <= paid);
    }

    #[test]
    fn the_new_buyer_share_is_a_share(new in 0u32..1_000, orders in 0u32..1_000) {
        let s = new_buyer_share_bps(new, orders);
        prop_assert!(s <= 10_000);
        if new >= orders && orders > 0 { prop_assert_eq!(s, 10_000); }
    }

    #[test]
    fn commission_never_exceeds_half_of_what_was_paid(paid in 0i64..100_000_000, bps in 0u32..=MAX_BPS) {
        let c = commission(Money::jpy(paid), bps);
        prop_assert!(c.amount >= 0 && c.amount * 2 <= paid);
    }
}
