use super::*;
use proptest::prelude::*;

fn coupon(kind: DiscountKind, value: i64) -> Coupon {
    Coupon {
        code: "WELCOME".into(),
        kind,
        value,
        min_spend: 0,
        starts_at: 0,
        ends_at: 1_000,
        product_ids: vec![],
        category_ids: vec![],
        max_uses: None,
        per_email: None,
        promoter_id: None,
        disabled: false,
    }
}

fn line<'a>(product: &'a str, category: &'a str, amount: i64) -> CouponLine<'a> {
    CouponLine {
        product_id: product,
        category,
        amount,
        quantity: 1,
    }
}

#[test]
fn codes_are_read_without_spaces_hyphens_or_case() {
    assert_eq!(normalise_code(" summer-10 "), "SUMMER10");
    assert_eq!(normalise_code("ｓｕｍｍｅｒ－１０"), "SUMMER10");
    assert!(is_code("SUMMER10"));
    assert!(!is_code("AB"));
    assert!(!is_code("SUMMER_10"));
}

#[test]
fn the_admin_form_takes_only_letters_digits_spaces_and_hyphens() {
    let input = |code: &str| CouponInput {
        code: code.into(),
        kind: DiscountKind::Percent,
        value: 10,
        min_spend: 0,
        starts_on: "2026-12-01".into(),
        ends_on: "2026-12-31".into(),
        product_ids: vec![],
        category_ids: vec![],
        max_uses: None,
        per_email: None,
        promoter_id: None,
        disabled: false,
    };
    assert_eq!(validate(&input("spring-26 ")).unwrap().code, "SPRING26");
    for bad in ["SPRING\t26", "SPRING\u{a0}26", "ＳＰＲＩＮＧ", "AB"] {
        let err = validate(&input(bad)).unwrap_err();
        assert_eq!(err.fields[0].field, "code", "{bad:?}");
    }
}

#[test]
fn a_fixed_discount_is_spread_over_the_covered_lines_only() {
    let mut c = coupon(DiscountKind::Fixed, 500);
    c.category_ids = vec!["sweets".into()];
    let lines = [
        line("a", "sweets", 1_000),
        line("b", "crafts", 2_400),
        line("c", "sweets", 3_000),
    ];
    assert_eq!(discount(&c, &lines, 10, false).unwrap(), vec![125, 0, 375]);
}

#[test]
fn a_percentage_rounds_down_and_a_fixed_amount_stops_at_the_lines() {
    let lines = [line("a", "x", 999)];
    assert_eq!(
        discount(&coupon(DiscountKind::Percent, 10), &lines, 10, false).unwrap(),
        vec![99]
    );
    assert_eq!(
        discount(&coupon(DiscountKind::Fixed, 5_000), &lines, 10, false).unwrap(),
        vec![999]
    );
}

#[test]
fn every_refusal_has_its_reason() {
    let lines = [line("a", "sweets", 1_000)];
    let mut c = coupon(DiscountKind::Fixed, 100);
    assert_eq!(discount(&c, &lines, -5, false), Err(Refusal::NotStarted(0)));
    assert_eq!(discount(&c, &lines, 1_000, false), Err(Refusal::Ended));
    c.min_spend = 1_500;
    assert_eq!(
        discount(&c, &lines, 10, false),
        Err(Refusal::MinSpend(Money::jpy(1_500), Money::jpy(500)))
    );
    c.min_spend = 0;
    c.product_ids = vec!["b".into()];
    assert_eq!(
        discount(&c, &lines, 10, false),
        Err(Refusal::NotForTheseItems)
    );
    c.disabled = true;
    assert_eq!(discount(&c, &lines, 10, false), Err(Refusal::Unknown));
    for lang in Lang::ALL {
        for r in [
            Refusal::Unknown,
            Refusal::NotStarted(0),
            Refusal::Ended,
            Refusal::NotForTheseItems,
            Refusal::MinSpend(Money::jpy(1_500), Money::jpy(500)),
            Refusal::UsedUp,
            Refusal::UsedByYou,
        ] {
            assert!(!r.message(lang).is_empty());
            assert_eq!(r.to_error(lang).fields[0].field, "coupon");
        }
    }
    assert!(
        Refusal::MinSpend(Money::jpy(1_500), Money::jpy(500))
            .message(Lang::Ja)
            .contains("あと500円")
    );
}

#[test]
fn gift_units_each_take_the_same_whole_yen() {
    let mut l = line("a", "x", 3_900);
    l.quantity = 3;
    // 10 % of 3,900 is 390: 130 a unit.
    assert_eq!(
        discount(&coupon(DiscountKind::Percent, 10), &[l.clone()], 10, true).unwrap(),
        vec![390]
    );
    // ¥500 over 3 units: 166 a unit, 498 in all.
    assert_eq!(
        discount(&coupon(DiscountKind::Fixed, 500), &[l], 10, true).unwrap(),
        vec![498]
    );
}

#[test]
fn shipping_is_decided_after_the_discount() {
    let catalog = vec![omiyage_api::Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: "p".into(),
        name: "Tea".into(),
        description: String::new(),
        category: "tea".into(),
        image: String::new(),
        variants: vec![omiyage_api::Variant {
            photo: None,
            id: "v".into(),
            name: "200 g".into(),
            price: Money::jpy(5_200),
            stock: 9,
            tax_class: omiyage_api::TaxClass::Reduced,
        }],
    }];
    let lines = [crate::checkout::ValidLine {
        product_id: "p".into(),
        variant_id: "v".into(),
        quantity: 1,
    }];
    let mut priced = crate::pricing::price(&lines, &catalog).unwrap();
    assert_eq!(priced.shipping.amount, 0);
    apply(&mut priced, &[520], false);
    assert_eq!(priced.subtotal.amount, 5_200);
    assert_eq!(priced.shipping.amount, 600);
    assert_eq!(priced.total.amount, 5_280);
    // Tax per rate on what was paid: ¥4,680 at 8 % holds ¥346, shipping ¥600 at 10 % ¥54.
    let taxes = crate::tax::of_priced(&priced);
    assert_eq!(taxes[0].tax.amount, 54);
    assert_eq!((taxes[1].taxable.amount, taxes[1].tax.amount), (4_680, 346));
}

proptest! {
    /// The shares add up to the amount exactly, none is negative or above its weight.
    #[test]
    fn allocation_adds_up_and_stays_within_each_line(
        weights in prop::collection::vec(0i64..2_000_000, 1..12),
        fraction in 0u32..=1_000,
    ) {
        let total: i64 = weights.iter().sum();
        let amount = total * i64::from(fraction) / 1_000;
        let shares = allocate(amount, &weights);
        prop_assert_eq!(shares.iter().sum::<i64>(), amount);
        for (s, w) in shares.iter().zip(&weights) {
            prop_assert!(*s >= 0 && s <= w);
        }
    }

    /// A discount never exceeds the lines it applies to, never touches a line it does not
    /// cover, and leaves no line (so no total) negative.
    #[test]
    fn a_discount_never_exceeds_its_lines(
        amounts in prop::collection::vec((0i64..500_000, 0usize..3, 1u32..6), 1..8),
        percent in any::<bool>(),
        value in 1i64..1_000_000,
        whole_units in any::<bool>(),
    ) {
        let categories = ["sweets", "tea", "crafts"];
        let lines: Vec<CouponLine> = amounts.iter().enumerate().map(|(i, &(amount, cat, quantity))| CouponLine {
            product_id: ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"][i],
            category: categories[cat],
            amount,
            quantity,
        }).collect();
        let mut c = if percent { coupon(DiscountKind::Percent, value % 100 + 1) } else { coupon(DiscountKind::Fixed, value) };
        c.category_ids = vec!["sweets".into(), "tea".into()];
        if let Ok(shares) = discount(&c, &lines, 10, whole_units) {
            let covered: i64 = lines.iter().filter(|l| l.category != "crafts").map(|l| l.amount).sum();
            prop_assert!(shares.iter().sum::<i64>() <= covered);
            for (s, l) in shares.iter().zip(&lines) {
                prop_assert!(*s >= 0 && *s <= l.amount);
                if l.category == "crafts" { prop_assert_eq!(*s, 0); }
                if whole_units { prop_assert_eq!(*s % i64::from(l.quantity), 0); }
            }
            if !whole_units && !percent {
                prop_assert_eq!(shares.iter().sum::<i64>(), value.min(covered));
            }
            // Applied to a priced order, no total goes negative.
            let priced_lines: Vec<OrderLine> = lines.iter().map(|l| OrderLine {
                product_id: l.product_id.into(),
                variant_id: String::new(),
                product_name: String::new(),
                variant_name: String::new(),
                image: String::new(),
                unit_price: Money::jpy(l.amount),
                quantity: 1,
                line_total: Money::jpy(l.amount),
                tax_class: omiyage_api::TaxClass::Standard,
                discount: 0,
            }).collect();
            let subtotal = Money::jpy(lines.iter().map(|l| l.amount).sum());
            let mut priced = crate::pricing::PricedOrder { lines: priced_lines, options: Vec::new(), subtotal, shipping: Money::jpy(0), total: subtotal };
            apply(&mut priced, &shares, whole_units);
            prop_assert!(priced.total.amount >= 0);
            prop_assert!(priced.lines.iter().all(|l| paid(l).amount >= 0));
            prop_assert_eq!(priced.total.amount, subtotal.amount - shares.iter().sum::<i64>() + priced.shipping.amount);
        }
    }
}
