//! Each scenario is what a shopper does, as calls on the API. They panic on a broken rule.

use omiyage_api::{
    Address, CatalogQuery, CheckoutLine, CheckoutRequest, ClaimRequest, Contact, ErrorCode,
    GiftOptions, GiftState, Money, OrderStatus, PaymentChoice, RefundReason, Storefront, TaxClass,
    TaxTotal, UnitState,
};

pub(crate) fn shopper_order(lines: Vec<CheckoutLine>, payment: PaymentChoice) -> CheckoutRequest {
    CheckoutRequest {
        lines,
        contact: Contact {
            name: "Kenji Sato".into(),
            email: "kenji@example.com".into(),
            phone: String::new(),
        },
        address: Address {
            postal_code: "604-8005".into(),
            prefecture: "京都府".into(),
            city: "Nakagyo-ku".into(),
            line1: "Kawaramachi 3-1".into(),
            line2: "Room 201".into(),
        },
        payment,
        gift: None,
        coupon: None,
    }
}

pub(crate) fn line(product: &str, variant: &str, quantity: i64) -> CheckoutLine {
    CheckoutLine {
        product_id: product.into(),
        variant_id: variant.into(),
        quantity,
    }
}

pub(crate) fn card(number: &str) -> PaymentChoice {
    PaymentChoice::TestCard {
        card_number: number.into(),
    }
}

/// Browse: the catalog, a category, a search, a product page.
pub async fn browse(api: &impl Storefront) {
    let all = api.catalog(&CatalogQuery::default()).await.unwrap();
    assert!(all.products.len() >= 12);
    assert!(all.categories.len() >= 3);
    let crafts = api
        .catalog(&CatalogQuery {
            category: Some("crafts".into()),
            q: None,
        })
        .await
        .unwrap();
    assert!(!crafts.products.is_empty() && crafts.products.iter().all(|p| p.category == "crafts"));
    let found = api
        .catalog(&CatalogQuery {
            category: None,
            q: Some("ばな奈".into()),
        })
        .await
        .unwrap();
    assert_eq!(found.products.len(), 1);
    let product = api.product(&found.products[0].id).await.unwrap();
    assert_eq!(product, found.products[0]);
    let missing = api.product("not-a-product").await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

/// Cart and checkout: two items (one with a chosen variant), test card, then the order page.
pub async fn checkout_and_follow_the_order(api: &impl Storefront, key: &str) {
    let before = api.product("shiroi-koibito").await.unwrap();
    let big = before.variant("shiroi-koibito-24").unwrap().clone();
    let order = api
        .checkout(
            key,
            &shopper_order(
                vec![
                    line("shiroi-koibito", &big.id, 2),
                    line("tenugui", "tenugui-cranes", 1),
                ],
                card("4242 4242 4242 4242"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(order.subtotal.amount, big.price.amount * 2 + 1_200);
    assert_eq!(order.shipping.amount, 0, "free shipping from ¥5,000");
    assert_eq!(order.total, order.subtotal);
    assert_eq!(order.token.len(), 36);
    assert_eq!(order.address.postal_code, "604-8005");
    let after = api.product("shiroi-koibito").await.unwrap();
    assert_eq!(after.variant(&big.id).unwrap().stock, big.stock - 2);

    let fetched = api.order(&order.token).await.unwrap();
    assert_eq!(fetched, order);
    assert_eq!(
        api.order("nope").await.unwrap_err().code,
        ErrorCode::NotFound
    );

    let retried = api
        .checkout(
            key,
            &shopper_order(
                vec![
                    line("shiroi-koibito", &big.id, 2),
                    line("tenugui", "tenugui-cranes", 1),
                ],
                card("4242 4242 4242 4242"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        retried.token, order.token,
        "a retry returns the first order"
    );
    let again = api.product("shiroi-koibito").await.unwrap();
    assert_eq!(
        again.variant(&big.id).unwrap().stock,
        big.stock - 2,
        "a retry takes nothing"
    );
}

/// A declined card: a clear error, and nothing taken.
pub async fn declined_card_places_nothing(api: &impl Storefront, key: &str) {
    let before = api.product("genmaicha").await.unwrap();
    let err = api
        .checkout(
            key,
            &shopper_order(
                vec![line("genmaicha", "genmaicha-200g", 2)],
                card("4000 0000 0000 0002"),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CardDeclined);
    assert_eq!(err.status(), 402);
    assert!(err.message.contains("declined"));
    assert_eq!(api.product("genmaicha").await.unwrap(), before);
}

/// Bad input is refused with the same codes on both backends.
pub async fn bad_input_is_refused(api: &impl Storefront, key: &str) {
    let mut bad = shopper_order(
        vec![line("genmaicha", "genmaicha-200g", 0)],
        PaymentChoice::PayInShop,
    );
    bad.contact.email = "nope".into();
    let err = api.checkout(key, &bad).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["lines[0].quantity", "contact.email"]);

    let sold_out = shopper_order(
        vec![line("momiji-manju", "momiji-manju-10", 1)],
        PaymentChoice::PayInShop,
    );
    assert_eq!(
        api.checkout(key, &sold_out).await.unwrap_err().code,
        ErrorCode::OutOfStock
    );
    let unknown = shopper_order(
        vec![line("daruma", "daruma-huge", 1)],
        PaymentChoice::PayInShop,
    );
    assert_eq!(
        api.checkout(key, &unknown).await.unwrap_err().code,
        ErrorCode::NotFound
    );

    // "Find my orders" checks the address; any plausible one gets the same answer.
    let err = api.find_orders("nope").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.fields[0].field, "email");
    api.find_orders(" Someone@Example.com ").await.unwrap();
}

/// A mixed cart: sweets at the reduced rate, a towel and the shipping at the standard rate; the
/// order records the tax once per rate, rounded down, and its page shows the same.
pub async fn mixed_cart_records_tax_per_rate(api: &impl Storefront, key: &str) {
    let sweets = api.product("tokyo-banana").await.unwrap();
    assert_eq!(sweets.variants[0].tax_class, TaxClass::Reduced);
    let order = api
        .checkout(
            key,
            &shopper_order(
                vec![
                    line("tokyo-banana", "tokyo-banana-8", 1),
                    line("tenugui", "tenugui-waves", 1),
                ],
                card("4242 4242 4242 4242"),
            ),
        )
        .await
        .unwrap();
    // ¥1,300 of sweets; ¥1,200 towel + ¥600 shipping = ¥1,800 standard.
    let expected = vec![
        TaxTotal {
            class: TaxClass::Standard,
            taxable: Money::jpy(1_800),
            tax: Money::jpy(163),
        },
        TaxTotal {
            class: TaxClass::Reduced,
            taxable: Money::jpy(1_300),
            tax: Money::jpy(96),
        },
    ];
    assert_eq!(order.total, Money::jpy(3_100));
    assert_eq!(order.taxes, expected);
    assert_eq!(order.lines[0].tax_class, TaxClass::Reduced);
    assert_eq!(api.order(&order.token).await.unwrap().taxes, expected);
}

/// The demo coupon (WELCOME10, 10 % off, once per email): typed loosely, it takes ¥250 off a
/// ¥2,500 cart, tax is on what was paid; the same email cannot use it again, and nothing is
/// placed then; an unknown code is refused by name.
pub async fn coupon_once_per_email(api: &impl Storefront, key: &str, second_key: &str) {
    let mut request = shopper_order(
        vec![
            line("tokyo-banana", "tokyo-banana-8", 1),
            line("tenugui", "tenugui-waves", 1),
        ],
        card("4242 4242 4242 4242"),
    );
    request.contact.email = "coupon-scenario@example.com".into();
    request.coupon = Some("welcome-10".into());
    let order = api.checkout(key, &request).await.unwrap();
    assert_eq!(order.coupon.as_deref(), Some("WELCOME10"));
    assert_eq!(order.discount(), Money::jpy(250));
    assert_eq!(order.total, Money::jpy(2_500 - 250 + 600));
    // ¥1,170 of sweets at 8 % (¥86); ¥1,080 towel + ¥600 shipping at 10 % (¥152).
    assert_eq!(
        order.taxes,
        vec![
            TaxTotal {
                class: TaxClass::Standard,
                taxable: Money::jpy(1_680),
                tax: Money::jpy(152),
            },
            TaxTotal {
                class: TaxClass::Reduced,
                taxable: Money::jpy(1_170),
                tax: Money::jpy(86),
            },
        ]
    );
    assert_eq!(api.order(&order.token).await.unwrap().total, order.total);
    let stock_before = stock(api, "tenugui", "tenugui-waves").await;
    request.contact.email = " Coupon-Scenario@Example.com".into();
    let again = api.checkout(second_key, &request).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
    assert_eq!(again.fields[0].field, "coupon");
    assert_eq!(stock(api, "tenugui", "tenugui-waves").await, stock_before);
    request.coupon = Some("NOSUCHCODE".into());
    let unknown = api.checkout(second_key, &request).await.unwrap_err();
    assert_eq!(
        (unknown.code, unknown.fields[0].field.as_str()),
        (ErrorCode::Invalid, "coupon")
    );
}

/// Pay in shop: the order waits for staff to confirm payment.
pub async fn pay_in_shop(api: &impl Storefront, key: &str) {
    let order = api
        .checkout(
            key,
            &shopper_order(
                vec![line("daruma", "daruma-small", 1)],
                PaymentChoice::PayInShop,
            ),
        )
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::AwaitingPayment);
    assert_eq!(order.total.amount, 1_500 + 600);
    // Held for the shop's default 48 hours.
    let pay_by = order
        .payment
        .pay_by
        .expect("a counter order is held until a time");
    assert_eq!(pay_by - order.created_at, 48 * 3600);

    // One email holds at most three unpaid counter orders; the refusal names none of them.
    for n in 2..=3 {
        let mut another = shopper_order(
            vec![line("daruma", "daruma-small", 1)],
            PaymentChoice::PayInShop,
        );
        another.contact.email = "KENJI@example.com".into();
        let placed = api.checkout(&format!("{key}-{n}"), &another).await.unwrap();
        assert_ne!(placed.token, order.token);
    }
    let fourth = api
        .checkout(
            &format!("{key}-fourth"),
            &shopper_order(
                vec![line("daruma", "daruma-small", 1)],
                PaymentChoice::PayInShop,
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(fourth.code, ErrorCode::Conflict);
    assert!(fourth.message.contains("3 orders"), "{}", fourth.message);
    assert!(!fourth.message.contains(&order.reference));
    // A card is not held back.
    api.checkout(
        &format!("{key}-card"),
        &shopper_order(
            vec![line("daruma", "daruma-small", 1)],
            card("4242 4242 4242 4242"),
        ),
    )
    .await
    .unwrap();
}

pub(crate) fn gift_order(
    product: &str,
    variant: &str,
    quantity: i64,
    allow_choice: bool,
) -> CheckoutRequest {
    let mut order = shopper_order(
        vec![line(product, variant, quantity)],
        card("4242 4242 4242 4242"),
    );
    order.address = Address::default();
    order.gift = Some(GiftOptions {
        sender_name: "Hana".into(),
        greeting: "Happy birthday! <b>Enjoy</b>".into(),
        allow_variant_choice: allow_choice,
    });
    order
}

pub(crate) fn recipient(name: &str) -> ClaimRequest {
    ClaimRequest {
        name: name.into(),
        phone: "080-9876-5432".into(),
        address: Address {
            postal_code: "060-0001".into(),
            prefecture: "北海道".into(),
            city: "Sapporo".into(),
            line1: "Kita 1 Nishi 2".into(),
            line2: "Apt 301".into(),
        },
        variant_id: None,
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
    }
}

pub(crate) async fn stock(api: &impl Storefront, product: &str, variant: &str) -> u32 {
    api.product(product)
        .await
        .unwrap()
        .variant(variant)
        .unwrap()
        .stock
}

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
