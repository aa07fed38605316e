use super::*;
use crate::noshi::Mizuhiki;

/// The default prices (のし ¥0, card ¥110) with two papers, the summer one switched off.
fn settings() -> GiftOptionSettings {
    let paper = |id: &str, name: &str, price, disabled| Wrapping {
        id: id.into(),
        name: name.into(),
        translations: Default::default(),
        image: String::new(),
        price,
        tax_class: TaxClass::Standard,
        disabled,
    };
    GiftOptionSettings {
        wrappings: vec![
            paper("washi-red", "和紙・紅", 330, false),
            paper("summer", "夏の包装紙", 220, true),
        ],
        ..super::default_settings()
    }
}

const ALL: ProductGiftOptions = ProductGiftOptions {
    noshi: true,
    wrapping: true,
    card: true,
    seafood: false,
};

fn noshi(omotegaki: &str, names: &[&str]) -> Option<NoshiChoice> {
    Some(NoshiChoice {
        omotegaki: omotegaki.into(),
        placement: NoshiPlacement::Inner,
        names: names.iter().map(|n| n.to_string()).collect(),
    })
}

fn fields(e: Vec<FieldError>) -> Vec<String> {
    e.into_iter().map(|f| f.field).collect()
}

#[test]
fn a_full_choice_is_priced_per_unit_with_its_own_tax_class() {
    let choice = LineOptions {
        noshi: noshi("御歳暮", &["佐藤 花子", "山田 太郎"]),
        wrapping: Some("washi-red".into()),
        card: Some("いつもありがとう".into()),
    };
    let checked = check(&choice, ALL, &settings(), None, "lines[0].options").unwrap();
    let (_, drawn) = checked.noshi.as_ref().unwrap();
    assert_eq!(drawn.mizuhiki, Mizuhiki::RedWhiteBow);
    let lines = price(&checked, 0, 3, &settings(), Lang::Ja).unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].kind, OptionKind::Noshi);
    assert_eq!(lines[0].detail, "御歳暮 · 内のし · 佐藤 花子 / 山田 太郎");
    assert_eq!(lines[1].line_total, Money::jpy(990));
    assert_eq!(lines[2].detail, "いつもありがとう");
    assert_eq!(lines[2].line_total, Money::jpy(330));
    assert_eq!(per_unit(&lines, 0), (440, 0));
    assert_eq!(per_unit(&lines, 1), (0, 0));
}

#[test]
fn options_a_product_does_not_offer_are_refused() {
    let choice = LineOptions {
        noshi: noshi("御礼", &[]),
        wrapping: Some("washi-red".into()),
        card: Some("x".into()),
    };
    let only_card = ProductGiftOptions {
        card: true,
        ..Default::default()
    };
    let err = check(&choice, only_card, &settings(), None, "o").unwrap_err();
    assert_eq!(fields(err), ["o.noshi", "o.wrapping"]);
}

#[test]
fn a_switched_off_or_unknown_paper_is_refused() {
    for id in ["summer", "nope"] {
        let choice = LineOptions {
            wrapping: Some(id.into()),
            ..Default::default()
        };
        let err = check(&choice, ALL, &settings(), None, "o").unwrap_err();
        assert_eq!(fields(err), ["o.wrapping"]);
    }
}

#[test]
fn an_empty_card_prints_the_gifts_greeting_and_a_plain_order_must_write_one() {
    let choice = LineOptions {
        card: Some("  ".into()),
        ..Default::default()
    };
    let gift = check(&choice, ALL, &settings(), Some("おめでとう"), "o").unwrap();
    assert_eq!(gift.card.as_deref(), Some("おめでとう"));
    let err = check(&choice, ALL, &settings(), None, "o").unwrap_err();
    assert_eq!(fields(err), ["o.card"]);
    let long = LineOptions {
        card: Some("あ".repeat(MAX_CARD_CHARS + 1)),
        ..Default::default()
    };
    assert_eq!(
        fields(check(&long, ALL, &settings(), None, "o").unwrap_err()),
        ["o.card"]
    );
}

#[test]
fn noshi_rules_apply_through_the_choice() {
    // Condolences: black and white, no ornament; yellow where the shop says so.
    let choice = LineOptions {
        noshi: noshi("御霊前", &["佐藤"]),
        ..Default::default()
    };
    let c = check(&choice, ALL, &settings(), None, "o").unwrap();
    let (_, drawn) = c.noshi.unwrap();
    assert_eq!(drawn.mizuhiki, Mizuhiki::BlackWhiteKnot);
    assert!(!drawn.ornament);
    let yellow = GiftOptionSettings {
        yellow_for_condolences: true,
        ..settings()
    };
    let (_, drawn) = check(&choice, ALL, &yellow, None, "o")
        .unwrap()
        .noshi
        .unwrap();
    assert_eq!(drawn.mizuhiki, Mizuhiki::YellowWhiteKnot);
    // Seafood: no ornament even on a celebration.
    let seafood = ProductGiftOptions {
        seafood: true,
        ..ALL
    };
    let choice = LineOptions {
        noshi: noshi("御歳暮", &["a", "b", "c", "d"]),
        ..Default::default()
    };
    let (kept, drawn) = check(&choice, seafood, &settings(), None, "o")
        .unwrap()
        .noshi
        .unwrap();
    assert!(!drawn.ornament);
    assert_eq!(drawn.names, ["a", "外一同"]);
    assert_eq!(
        kept.names.len(),
        4,
        "the choice keeps every name the shopper gave"
    );
    // Not on the list: the field is named under the line.
    let choice = LineOptions {
        noshi: noshi("おめでと", &[]),
        ..Default::default()
    };
    assert_eq!(
        fields(check(&choice, ALL, &settings(), None, "lines[1].options").unwrap_err()),
        ["lines[1].options.noshi.omotegaki"]
    );
}

#[test]
fn options_add_to_the_total_with_their_own_tax_and_no_coupon() {
    use omiyage_api::OrderLine;
    // Sweets at 8 % (¥2,160 × 2) with a ¥200 coupon, wrapping at 10 % (¥330 × 2).
    let line = OrderLine {
        product_id: "p".into(),
        variant_id: "v".into(),
        product_name: "菓子".into(),
        variant_name: "箱".into(),
        image: String::new(),
        unit_price: Money::jpy(2160),
        quantity: 2,
        line_total: Money::jpy(4320),
        tax_class: TaxClass::Reduced,
        discount: 200,
    };
    let mut priced = crate::pricing::PricedOrder {
        lines: vec![line],
        options: Vec::new(),
        subtotal: Money::jpy(4320),
        shipping: Money::jpy(600),
        total: Money::jpy(4720),
    };
    add_two_wrappings(&mut priced);
    assert_eq!(priced.subtotal, Money::jpy(4980));
    // 4320 − 200 + 660 = 4780 paid before shipping: under ¥5,000, so ¥600 shipping.
    assert_eq!(priced.total, Money::jpy(5380));
    let taxes = crate::tax::of_priced(&priced);
    let standard = taxes
        .iter()
        .find(|t| t.class == TaxClass::Standard)
        .unwrap();
    let reduced = taxes.iter().find(|t| t.class == TaxClass::Reduced).unwrap();
    assert_eq!(standard.taxable, Money::jpy(1260));
    assert_eq!(standard.tax, Money::jpy(114));
    assert_eq!(reduced.taxable, Money::jpy(4120));
    assert_eq!(reduced.tax, Money::jpy(305));
}

#[test]
fn settings_are_checked() {
    let mut s = settings();
    s.card_price = -1;
    s.wrappings[1].id = "washi-red".into();
    s.wrappings[0].name = " ".into();
    let err = validate_settings(&s).unwrap_err();
    assert_eq!(
        fields(err.fields),
        ["card_price", "wrappings[0].name", "wrappings[1].id"]
    );
    assert_eq!(validate_settings(&settings()).unwrap(), settings());
}

#[test]
fn options_count_towards_free_shipping() {
    let mut priced = crate::pricing::PricedOrder {
        lines: Vec::new(),
        options: Vec::new(),
        subtotal: Money::jpy(4_500),
        shipping: crate::pricing::SHIPPING_FEE,
        total: Money::jpy(4_500)
            .checked_add(crate::pricing::SHIPPING_FEE)
            .unwrap(),
    };
    add_two_wrappings(&mut priced);
    assert_eq!(priced.shipping, Money::jpy(0));
    assert_eq!(priced.total, Money::jpy(5_160));
}

/// Adds the crimson paper (¥330, 10 %) to two units of the order's first line.
fn add_two_wrappings(priced: &mut crate::pricing::PricedOrder) {
    let choice = LineOptions {
        wrapping: Some("washi-red".into()),
        ..Default::default()
    };
    let checked = check(&choice, ALL, &settings(), None, "o").unwrap();
    let options = price(&checked, 0, 2, &settings(), Lang::Ja).unwrap();
    crate::pricing::add_options(priced, options, false).unwrap();
}
