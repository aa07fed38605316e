use super::*;
use omiyage_api::CheckoutLine;

pub(crate) fn request(lines: Vec<(&str, &str, i64)>) -> CheckoutRequest {
    CheckoutRequest {
        lines: lines
            .into_iter()
            .map(|(p, v, q)| CheckoutLine {
                options_token: Default::default(),
                options: Default::default(),
                product_id: p.into(),
                variant_id: v.into(),
                quantity: q,
            })
            .collect(),
        contact: Contact {
            name: "Aiko Tanaka".into(),
            email: "aiko@example.com".into(),
            phone: String::new(),
        },
        address: Address {
            postal_code: "1500001".into(),
            prefecture: "東京都".into(),
            city: "Shibuya".into(),
            line1: "1-2-3 Jingumae".into(),
            line2: String::new(),
        },
        payment: PaymentChoice::PayInShop,
        gift: None,
        coupon: None,
        delivery: None,
        points: 0,
    }
}

fn fields(err: ApiError) -> Vec<String> {
    err.fields.into_iter().map(|f| f.field).collect()
}

#[test]
fn the_prefecture_is_one_of_the_47_by_its_japanese_name() {
    let mut request = request(vec![("p", "v", 1)]);
    request.address.prefecture = "Tokyo".into();
    let fields: Vec<_> = validate(&request)
        .unwrap_err()
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["address.prefecture"]);
    request.address.prefecture = " 東京都 ".into();
    assert_eq!(validate(&request).unwrap().address.prefecture, "東京都");
}

#[test]
fn a_complete_request_is_valid_and_normalised() {
    let valid = validate(&request(vec![("a", "a1", 2)])).unwrap();
    assert_eq!(valid.address.postal_code, "150-0001");
    assert_eq!(valid.lines[0].quantity, 2);
}

#[test]
fn duplicate_lines_are_merged() {
    let valid = validate(&request(vec![
        ("a", "a1", 2),
        ("a", "a1", 3),
        ("b", "b1", 1),
    ]))
    .unwrap();
    assert_eq!(valid.lines.len(), 2);
    assert_eq!(valid.lines[0].quantity, 5);
}

#[test]
fn zero_negative_and_absurd_quantities_are_refused() {
    for q in [0, -1, 100, i64::MAX, i64::MIN] {
        let err = validate(&request(vec![("a", "a1", q)])).unwrap_err();
        assert_eq!(err.status(), 422, "quantity {q}");
        assert_eq!(fields(err), vec!["lines[0].quantity"]);
    }
}

#[test]
fn merged_quantities_over_the_limit_are_refused() {
    let err = validate(&request(vec![("a", "a1", 60), ("a", "a1", 60)])).unwrap_err();
    assert_eq!(fields(err), vec!["lines"]);
}

#[test]
fn an_empty_cart_is_refused() {
    let err = validate(&request(vec![])).unwrap_err();
    assert_eq!(err.message, "Your cart is empty.");
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let mut req = request(vec![("a", "a1", 1)]);
    req.contact = Contact::default();
    req.address = Address::default();
    let got = fields(validate(&req).unwrap_err());
    assert_eq!(
        got,
        vec![
            "contact.name",
            "contact.email",
            "address.postal_code",
            "address.prefecture",
            "address.city",
            "address.line1"
        ]
    );
}

#[test]
fn postal_codes_are_parsed() {
    assert_eq!(parse_postal_code(" 150-0001 ").as_deref(), Some("150-0001"));
    assert_eq!(parse_postal_code("1500001").as_deref(), Some("150-0001"));
    // As a Japanese keyboard types it: full width, a long-vowel mark for the hyphen, 〒.
    for typed in [
        "１５０－０００１",
        "１５００００１",
        "〒150-0001",
        "〒 １５０ー０００１",
    ] {
        assert_eq!(
            parse_postal_code(typed).as_deref(),
            Some("150-0001"),
            "{typed}"
        );
    }
    for bad in [
        "",
        "150-001",
        "15-00001",
        "150--0001",
        "abc-defg",
        "1500-001",
        "１５０００１",
    ] {
        assert_eq!(parse_postal_code(bad), None, "{bad}");
    }
}

#[test]
fn a_full_width_phone_and_postal_code_are_accepted_and_kept_in_ascii() {
    let mut typed = request(vec![("p", "v", 1)]);
    typed.contact.phone = "０９０ー１２３４－５６７８".into();
    typed.address.postal_code = "１５０－０００１".into();
    let valid = validate(&typed).unwrap();
    assert_eq!(valid.contact.phone, "090-1234-5678");
    assert_eq!(valid.address.postal_code, "150-0001");
    let claim = omiyage_api::ClaimRequest {
        name: "Kenta".into(),
        phone: "＋８１　９０　１２３４　５６７８".into(),
        address: typed.address.clone(),
        variant_id: None,
        email: String::new(),
        delivery: None,
    };
    let claimed = validate_claim(&claim).unwrap();
    assert_eq!(claimed.phone, "+81 90 1234 5678");
    assert_eq!(claimed.address.postal_code, "150-0001");
    // A full-width letter is still not a phone number.
    typed.contact.phone = "０９０ーＡＢＣＤ".into();
    assert_eq!(fields(validate(&typed).unwrap_err()), ["contact.phone"]);
}

#[test]
fn an_address_reads_in_japanese_order_after_the_postal_mark() {
    let mut a = request(vec![("p", "v", 1)]).address;
    a.postal_code = "150-0001".into();
    a.city = "渋谷区".into();
    a.line1 = "神宮前1-2-3".into();
    assert_eq!(address_text(&a), "〒150-0001 東京都 渋谷区 神宮前1-2-3");
    a.line2 = "原宿ビル 3F".into();
    assert!(address_text(&a).ends_with("神宮前1-2-3 原宿ビル 3F"));
    a.postal_code.clear();
    assert!(address_text(&a).starts_with("東京都 "));
}

#[test]
fn emails_need_a_local_part_and_a_dotted_domain() {
    let email = |e: &str| Contact {
        name: "A".into(),
        email: e.into(),
        phone: String::new(),
    };
    assert!(contact_errors(&email("a@b.co")).is_empty());
    for bad in ["a", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b@c.co"] {
        assert_eq!(contact_errors(&email(bad)).len(), 1, "{bad}");
    }
}

#[test]
fn a_gift_needs_no_address_but_one_line_and_a_sender_name() {
    let mut req = request(vec![("a", "a1", 3)]);
    req.address = Address::default();
    req.gift = Some(GiftOptions {
        sender_name: " Hana ".into(),
        greeting: "Happy birthday!".into(),
        allow_variant_choice: true,
        ..Default::default()
    });
    let valid = validate(&req).unwrap();
    assert_eq!(valid.gift.unwrap().sender_name, "Hana");
    assert_eq!(valid.address, Address::default());

    req.lines.push(req.lines[0].clone());
    req.lines[1].variant_id = "a2".into();
    assert_eq!(fields(validate(&req).unwrap_err()), vec!["lines"]);
    req.lines.pop();
    req.lines[0].quantity = 21;
    assert_eq!(
        fields(validate(&req).unwrap_err()),
        vec!["lines[0].quantity"]
    );
}

#[test]
fn a_bad_card_number_is_a_field_error() {
    let mut req = request(vec![("a", "a1", 1)]);
    req.payment = PaymentChoice::TestCard {
        card_number: "4242 4242 4242 4241".into(),
    };
    assert_eq!(
        fields(validate(&req).unwrap_err()),
        vec!["payment.card_number"]
    );
}
