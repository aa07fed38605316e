//! A shopper's own orders: browsing, checking out, paying, coupons, taxes, bad input.

use omiyage_api::{
    CatalogQuery, ErrorCode, Money, OrderStatus, PaymentChoice, Storefront, TaxClass, TaxTotal,
};

use super::{card, line, shopper_order, stock};

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
    let request = shopper_order(
        vec![
            line("shiroi-koibito", &big.id, 2),
            line("tenugui", "tenugui-cranes", 1),
        ],
        card("4242 4242 4242 4242"),
    );
    let order = api.checkout(key, &request).await.unwrap();
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

    // The same request again under the same key.
    let retried = api.checkout(key, &request).await.unwrap();
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
