use super::*;
use crate::events::OrderParty;
use omiyage_api::{Address, CancelReason, Money, OrderView, RefundReason};

fn party(name: &str, lang: &str) -> OrderParty {
    OrderParty {
        token: "tok".into(),
        reference: "REF1".into(),
        email: "a@example.com".into(),
        name: name.into(),
        lang: lang.into(),
    }
}

#[test]
fn values_are_escaped_in_html_and_kept_in_text() {
    let event = Event::GiftRefunded {
        order: party("<img src=x onerror=alert(1)>", "en"),
        reason: RefundReason::Declined,
        units: vec![0, 1],
        refund: Money::jpy(2400),
    };
    let mails = emails(&event, "https://shop.example", &Found::default());
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.topic, "gift_declined");
    assert!(m.text.contains("<img src=x onerror=alert(1)>"));
    assert!(!m.html.contains("<img"), "{}", m.html);
    assert!(m.html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(m.text.contains("¥2,400") && m.text.contains("https://shop.example/o/tok"));
}

#[test]
fn each_language_writes_its_own_words_and_the_sender_never_sees_the_recipient() {
    for (lang, word, slot) in [
        ("ja", "受け取られました", "14時〜16時"),
        ("zh-Hans", "被领取", "14点–16点"),
        ("en", "was claimed", "14:00–16:00"),
    ] {
        let event = Event::GiftClaimed {
            order: party("Hana", lang),
            unit: 1,
            units: 3,
            claimed_at: 1_796_000_000,
            product_name: "Tokyo Banana".into(),
            variant_name: "8".into(),
            shipping: crate::events::ShippingTo {
                name: "Secret".into(),
                phone: "070".into(),
                address: Address {
                    city: "Hiddenville".into(),
                    ..Address::default()
                },
            },
            delivery: Some(omiyage_api::DeliveryChoice {
                date: "2026-12-11".into(),
                slot: Some(omiyage_api::Slot::From14),
            }),
        };
        let m = &emails(&event, "http://x", &Found::default())[0];
        assert!(
            m.subject.contains(word) || m.text.contains(word),
            "{lang}: {}",
            m.text
        );
        assert_eq!(m.lang, lang);
        // The day and slot the recipient chose, in the sender's language.
        assert!(m.text.contains(slot) && m.text.contains("11"), "{}", m.text);
        for secret in ["Secret", "Hiddenville", "070"] {
            assert!(!m.text.contains(secret) && !m.html.contains(secret));
        }
    }
}

#[test]
fn nobody_to_tell_means_no_message() {
    let event = Event::OrderPaid {
        order: OrderParty {
            email: String::new(),
            ..party("Hana", "ja")
        },
        total: Money::jpy(1000),
    };
    assert!(emails(&event, "http://x", &Found::default()).is_empty());
    let lookup = Event::OrdersLookup {
        email: "a@example.com".into(),
        lang: "ja".into(),
    };
    assert!(emails(&lookup, "http://x", &Found::default()).is_empty());
}

#[test]
fn an_admin_refund_tells_the_buyer_the_amount_and_the_reason_in_their_language() {
    for (lang, cancelled, subject) in [
        ("ja", false, "ご注文の返金（REF1）"),
        ("zh-Hans", true, "订单已取消并退款（REF1）"),
        ("en", false, "Refund for your order (REF1)"),
    ] {
        let event = Event::OrderRefunded {
            order: party("Hana", lang),
            refund: Money::jpy(1_200),
            reason: "A <b>dented</b> box".into(),
            cancelled,
            intent: None,
        };
        let mails = emails(&event, "https://shop.example", &Found::default());
        assert_eq!(mails.len(), 1);
        let m = &mails[0];
        assert_eq!(m.subject, subject);
        assert!(
            m.text.contains("1,200") && m.text.contains("A <b>dented</b> box"),
            "{}",
            m.text
        );
        assert!(
            m.html.contains("A &lt;b&gt;dented&lt;/b&gt; box"),
            "{}",
            m.html
        );
        assert_eq!(
            event.webhook_type(),
            Some(if cancelled {
                "order.cancelled"
            } else {
                "order.refunded"
            })
        );
    }
}

#[test]
fn an_order_waiting_for_its_card_is_mailed_the_card_page_and_a_counter_order_the_counter() {
    for (method, wanted, unwanted) in [
        ("card", "https://shop.example/pay/tok", "counter"),
        ("pay_in_shop", "counter", "/pay/"),
    ] {
        let order: OrderView = serde_json::from_value(serde_json::json!({
            "token": "tok", "reference": "REF1", "status": "awaiting_payment", "lines": [],
            "subtotal": {"amount": 1000, "currency": "JPY"},
            "shipping": {"amount": 0, "currency": "JPY"},
            "total": {"amount": 1000, "currency": "JPY"},
            "payment": {"method": method, "status": "pending"},
            "contact": {"name": "Hana", "email": "hana@example.com", "phone": ""},
            "address": {"postal_code": "", "prefecture": "", "city": "", "line1": "", "line2": ""},
            "created_at": 0
        }))
        .unwrap();
        let event = Event::OrderPlaced {
            order: Box::new(order),
            lang: "en".into(),
            held_others: Vec::new(),
        };
        let mails = emails(&event, "https://shop.example", &Found::default());
        assert!(mails[0].text.contains(wanted), "{}", mails[0].text);
        assert!(!mails[0].text.contains(unwanted), "{}", mails[0].text);
    }
}

#[test]
fn a_held_counter_order_is_mailed_its_pay_by_time_and_the_emails_other_held_orders() {
    let order: OrderView = serde_json::from_value(serde_json::json!({
        "token": "tok", "reference": "REF3", "status": "awaiting_payment", "lines": [],
        "subtotal": {"amount": 1000, "currency": "JPY"},
        "shipping": {"amount": 0, "currency": "JPY"},
        "total": {"amount": 1000, "currency": "JPY"},
        // 2026-12-07 12:00 JST
        "payment": {"method": "pay_in_shop", "status": "pending", "pay_by": 1_796_612_400},
        "contact": {"name": "Hana", "email": "hana@example.com", "phone": ""},
        "address": {"postal_code": "", "prefecture": "", "city": "", "line1": "", "line2": ""},
        "created_at": 0
    }))
    .unwrap();
    for (lang, words) in [("en", "by "), ("ja", "までに"), ("zh-Hans", "之前")] {
        let event = Event::OrderPlaced {
            order: Box::new(order.clone()),
            lang: lang.into(),
            held_others: vec!["REF1".into(), "REF2".into()],
        };
        let mail = &emails(&event, "https://shop.example", &Found::default())[0];
        assert!(mail.text.contains(words), "{}", mail.text);
        assert!(mail.text.contains("REF1, REF2"), "{}", mail.text);
        assert!(mail.text.contains("2026"), "{}", mail.text);
    }
}

#[test]
fn an_unpaid_order_cancelled_tells_why_in_the_shoppers_language_and_charges_nothing() {
    let reasons = [
        CancelReason::PaymentFailed,
        CancelReason::NotPaidInTime,
        CancelReason::ByShop,
        CancelReason::BySender,
    ];
    for (lang, nothing) in [
        ("en", "Nothing was charged"),
        ("ja", "請求されていません"),
        ("zh-Hans", "未产生任何费用"),
    ] {
        let mut bodies = Vec::new();
        for reason in reasons {
            let event = Event::OrderCancelled {
                order: party("Hana", lang),
                reason,
            };
            let mails = emails(&event, "https://shop.example", &Found::default());
            assert_eq!(mails.len(), 1);
            assert_eq!(mails[0].topic, "order_cancelled");
            assert!(mails[0].text.contains(nothing), "{}", mails[0].text);
            assert!(mails[0].subject.contains("REF"), "{}", mails[0].subject);
            bodies.push(mails[0].text.clone());
            assert_eq!(event.webhook_type(), Some("order.cancelled"));
        }
        bodies.dedup();
        assert_eq!(bodies.len(), reasons.len(), "each reason its own words");
    }
}

#[test]
fn a_recipient_hears_of_their_parcel_with_the_day_and_slot_they_chose() {
    let note = |unit: u32, lang: &str, delivery| crate::events::RecipientNote {
        unit,
        email: format!("r{unit}@example.com"),
        lang: lang.into(),
        delivery,
    };
    let event = Event::OrderShipped {
        order: party("Hana", "en"),
        tracking_number: "JP123".into(),
        gift_units: vec![0, 1],
        recipients: vec![
            note(
                0,
                "ja",
                Some(omiyage_api::DeliveryChoice {
                    date: "2026-12-11".into(),
                    slot: Some(omiyage_api::Slot::From14),
                }),
            ),
            note(1, "en", None),
        ],
        sender_name: "Hana".into(),
    };
    let mails = emails(&event, "http://x", &Found::default());
    let to = |email: &str| mails.iter().find(|m| m.recipient == email).unwrap();
    let chose = to("r0@example.com");
    assert!(chose.text.contains("JP123"), "{}", chose.text);
    assert!(
        chose.text.contains("お届け希望日時") && chose.text.contains("14時〜16時"),
        "{}",
        chose.text
    );
    // No preference: no line about it.
    let other = to("r1@example.com");
    assert!(
        other.text.contains("JP123") && !other.text.contains("14:00"),
        "{}",
        other.text
    );
}

#[test]
fn a_thank_you_note_reaches_the_sender_with_its_words_and_line_ends() {
    let event = Event::GiftThanked {
        order: party("Hana", "zh-Hans"),
        message: "谢谢！\n<b>我很喜欢</b>".into(),
        sent_at: 1_796_000_000,
    };
    let mails = emails(&event, "http://x", &Found::default());
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(
        (m.topic, m.recipient.as_str()),
        ("gift_thanked", "a@example.com")
    );
    assert!(
        m.subject.contains("感谢留言") && m.subject.contains("REF1"),
        "{}",
        m.subject
    );
    assert!(m.text.contains("「谢谢！\n<b>我很喜欢</b>」"), "{}", m.text);
    assert!(
        m.html.contains("谢谢！<br>&lt;b&gt;我很喜欢&lt;/b&gt;"),
        "{}",
        m.html
    );
    assert!(m.text.contains("http://x/o/tok"));
}
