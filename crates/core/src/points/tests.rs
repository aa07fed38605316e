use super::*;
use omiyage_api::{OrderLine, TaxClass};
use proptest::prelude::*;

fn line(amount: i64, discount: i64, class: TaxClass) -> OrderLine {
    OrderLine {
        product_id: "p".into(),
        variant_id: "v".into(),
        product_name: "P".into(),
        variant_name: "V".into(),
        image: String::new(),
        unit_price: Money::jpy(amount),
        quantity: 1,
        line_total: Money::jpy(amount),
        tax_class: class,
        discount,
    }
}

fn priced(lines: Vec<OrderLine>, shipping: i64) -> PricedOrder {
    let subtotal: i64 = lines.iter().map(|l| l.line_total.amount).sum();
    let discount: i64 = lines.iter().map(|l| l.discount).sum();
    PricedOrder {
        lines,
        options: Vec::new(),
        subtotal: Money::jpy(subtotal),
        shipping: Money::jpy(shipping),
        total: Money::jpy(subtotal - discount + shipping),
    }
}

fn settings() -> PointSettings {
    PointSettings {
        rate_bps: 100,
        expiry_days: 365,
        notice_days: 30,
        ranks: vec![
            Rank {
                name: "Silver".into(),
                from_spend: 10_000,
                rate_bps: 200,
                free_shipping_from: None,
                birthday_coupon: None,
            },
            Rank {
                name: "Gold".into(),
                from_spend: 50_000,
                rate_bps: 300,
                free_shipping_from: Some(3_000),
                birthday_coupon: Some(500),
            },
        ],
    }
}

#[test]
fn ranks_follow_the_spend_with_their_benefits() {
    let s = settings();
    assert_eq!(rank_of(&s, 9_999), None);
    assert_eq!(rate_bps(&s, rank_of(&s, 9_999)), 100);
    assert_eq!(rank_of(&s, 10_000).map(|r| r.name.as_str()), Some("Silver"));
    assert_eq!(rank_of(&s, 80_000).map(|r| r.name.as_str()), Some("Gold"));
    assert_eq!(rate_bps(&s, rank_of(&s, 80_000)), 300);
    assert_eq!(free_shipping_from(rank_of(&s, 80_000)), 3_000);
    assert_eq!(free_shipping_from(rank_of(&s, 10_000)), 5_000);
    let next = next_rank(&s, 12_000).unwrap();
    assert_eq!(
        (next.rank.name.as_str(), next.to_spend.amount),
        ("Gold", 38_000)
    );
    assert_eq!(next_rank(&s, 50_000), None);
}

#[test]
fn settings_are_checked_and_sorted() {
    let mut s = settings();
    s.ranks.reverse();
    assert_eq!(s.clone().check().unwrap().ranks[0].name, "Silver");
    s.rate_bps = 6_000;
    s.notice_days = 400;
    s.ranks[0].name = " ".into();
    s.ranks[1].from_spend = 50_000;
    let e = s.check().unwrap_err();
    let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"rate_bps"), "{fields:?}");
    assert!(fields.contains(&"notice_days"), "{fields:?}");
    assert!(fields.contains(&"ranks[0].name"), "{fields:?}");
    assert!(fields.contains(&"ranks"), "{fields:?}");
}

#[test]
fn spending_is_checked_against_the_balance_and_the_order() {
    let p = priced(vec![line(3_000, 0, TaxClass::Reduced)], 600);
    assert_eq!(check(100, None, &p), Err(Refusal::NotMember));
    assert_eq!(check(500, Some(400), &p), Err(Refusal::MoreThanHeld(400)));
    assert_eq!(check(3_000, Some(9_000), &p), Ok(()));
    assert_eq!(
        check(3_001, Some(9_000), &p),
        Err(Refusal::MoreThanAllowed(3_000))
    );
    // Shipping free: at least MIN_TO_PAY is left to pay.
    let free = priced(vec![line(6_000, 0, TaxClass::Standard)], 0);
    assert_eq!(most_for(&free), 6_000 - MIN_TO_PAY);
    assert_eq!(
        Refusal::MoreThanHeld(3).to_error(Lang::Ja).code,
        omiyage_api::ErrorCode::Conflict
    );
}

#[test]
fn points_are_taken_off_each_rate_on_what_is_paid() {
    let mut p = priced(
        vec![
            line(2_160, 0, TaxClass::Reduced),
            line(1_100, 100, TaxClass::Standard),
        ],
        600,
    );
    spread(&mut p, 500);
    assert_eq!(p.lines[0].discount + p.lines[1].discount, 100 + 500);
    assert_eq!(p.total.amount, 2_160 + 1_000 + 600 - 500);
    // Shares follow what each line pays: 2160:1000.
    assert_eq!(p.lines[0].discount, 342);
    let taxes = crate::tax::order_totals(&p.lines, &[], p.shipping);
    let taxed: i64 = taxes.iter().map(|t| t.taxable.amount).sum();
    assert_eq!(taxed, p.total.amount);
}

#[test]
fn a_rank_ships_free_from_its_threshold() {
    let mut p = priced(vec![line(3_200, 0, TaxClass::Standard)], 600);
    ship_free_from(&mut p, 5_000);
    assert_eq!((p.shipping.amount, p.total.amount), (600, 3_800));
    ship_free_from(&mut p, 3_000);
    assert_eq!((p.shipping.amount, p.total.amount), (0, 3_200));
}

fn order(status: OrderStatus, units: Vec<UnitState>, refunded: i64) -> OrderPoints {
    OrderPoints {
        status,
        units,
        total: 5_600,
        shipping: 600,
        refunded,
        spent: 500,
        rate_bps: 100,
    }
}

#[test]
fn an_order_earns_when_it_ships_and_gives_back_when_refunded() {
    let paid = targets(&order(OrderStatus::Paid, vec![], 0));
    assert_eq!(
        paid,
        Targets {
            earned: 0,
            basis: 0,
            returned: 0
        }
    );
    let shipped = targets(&order(OrderStatus::Shipped, vec![], 0));
    assert_eq!(
        shipped,
        Targets {
            earned: 50,
            basis: 5_000,
            returned: 0
        }
    );
    // Half refunded: half the earning back, half the points spent given back.
    let half = targets(&order(OrderStatus::Shipped, vec![], 2_800));
    assert_eq!(
        half,
        Targets {
            earned: 25,
            basis: 2_500,
            returned: 250
        }
    );
    let cancelled = targets(&order(OrderStatus::Cancelled, vec![], 5_600));
    assert_eq!(
        cancelled,
        Targets {
            earned: 0,
            basis: 0,
            returned: 500
        }
    );
    let unpaid_cancelled = targets(&order(OrderStatus::Cancelled, vec![], 0));
    assert_eq!(unpaid_cancelled.returned, 500);
}

#[test]
fn a_gift_earns_unit_by_unit() {
    use UnitState::*;
    let mut o = order(OrderStatus::Paid, vec![Claimed, Unclaimed], 0);
    o.shipping = 0;
    o.total = 5_000;
    assert_eq!(
        targets(&o),
        Targets {
            earned: 25,
            basis: 2_500,
            returned: 0
        }
    );
    o.units = vec![Claimed, Refunded];
    assert_eq!(
        targets(&o),
        Targets {
            earned: 25,
            basis: 2_500,
            returned: 250
        }
    );
}

#[test]
fn a_reversal_never_takes_more_than_the_balance() {
    assert_eq!(delta(100, 40, 0), 60);
    assert_eq!(delta(0, 100, 30), -30);
    assert_eq!(delta(0, 100, 500), -100);
    assert_eq!(delta(0, 100, -5), 0);
}

#[test]
fn expiry_notices_come_once_per_activity() {
    let s = settings();
    let day = 86_400;
    assert_eq!(expires_at(&s, 0), 365 * day);
    assert!(!due_notice(&s, 0, None, 334 * day));
    assert!(due_notice(&s, 0, None, 336 * day));
    assert!(!due_notice(&s, 0, Some(336 * day), 340 * day));
    assert!(due_notice(&s, 10, Some(5), 336 * day));
    assert!(!due_notice(&s, 0, None, 365 * day));
}

proptest! {
    #[test]
    fn spreading_adds_up_exactly(
        amounts in prop::collection::vec((1i64..50_000, 0i64..100), 1..6),
        points in 0i64..200_000,
    ) {
        let lines: Vec<_> = amounts
            .iter()
            .map(|&(a, pct)| line(a, a * pct / 100, TaxClass::Standard))
            .collect();
        let mut p = priced(lines.clone(), 600);
        let most = most_for(&p);
        let points = points.min(most);
        let before = p.total.amount;
        spread(&mut p, points);
        let added: i64 = p.lines.iter().zip(&lines).map(|(a, b)| a.discount - b.discount).sum();
        prop_assert_eq!(added, points);
        prop_assert_eq!(p.total.amount, before - points);
        prop_assert!(p.total.amount >= MIN_TO_PAY);
        for l in &p.lines {
            prop_assert!(l.discount <= l.line_total.amount);
        }
    }

    #[test]
    fn returned_and_earned_stay_within_the_order(
        refunded in 0i64..=5_600,
        cancelled in any::<bool>(),
        shipped in any::<bool>(),
    ) {
        let status = match (cancelled, shipped) {
            (true, _) => OrderStatus::Cancelled,
            (false, true) => OrderStatus::Shipped,
            _ => OrderStatus::Paid,
        };
        let t = targets(&order(status, vec![], refunded));
        prop_assert!((0..=500).contains(&t.returned));
        prop_assert!((0..=5_000).contains(&t.basis));
        prop_assert!((0..=50).contains(&t.earned));
    }
}

#[test]
fn birthdays_are_real_dates_and_their_coupon_comes_once_a_year() {
    assert_eq!(birthday("", ""), Ok(None));
    assert_eq!(birthday("2", "29"), Ok(Some("02-29".into())));
    assert_eq!(birthday("4", "31"), Err(NotADate));
    assert_eq!(birthday("13", "1"), Err(NotADate));
    assert_eq!(birthday("5", ""), Err(NotADate));
    // Mid-May 2027.
    let may = 1_810_090_800;
    assert_eq!(birthday_due("05-20", None, may), Some(2027));
    assert_eq!(birthday_due("05-20", Some(2026), may), Some(2027));
    assert_eq!(birthday_due("05-20", Some(2027), may), None);
    assert_eq!(birthday_due("06-01", None, may), None);
    let code = birthday_code("3f2a-9b1c-77de-00aa-bb");
    assert_eq!(code, "BDAY3F2A9B1C77DE");
    let c = birthday_coupon(code, 500, may);
    assert_eq!(
        (c.value, c.max_uses, c.ends_at - c.starts_at),
        (500, Some(1), 30 * 86_400)
    );
}
