//! Each scenario is what a shopper does, as calls on the API. They panic on a broken rule.

use omiyage_api::{
    Address, CatalogQuery, CheckoutLine, CheckoutRequest, Contact, ErrorCode, OrderStatus,
    PaymentChoice, Storefront,
};

fn shopper_order(lines: Vec<CheckoutLine>, payment: PaymentChoice) -> CheckoutRequest {
    CheckoutRequest {
        lines,
        contact: Contact {
            name: "Kenji Sato".into(),
            email: "kenji@example.com".into(),
            phone: String::new(),
        },
        address: Address {
            postal_code: "604-8005".into(),
            prefecture: "Kyoto".into(),
            city: "Nakagyo-ku".into(),
            line1: "Kawaramachi 3-1".into(),
            line2: "Room 201".into(),
        },
        payment,
        gift: None,
    }
}

fn line(product: &str, variant: &str, quantity: i64) -> CheckoutLine {
    CheckoutLine {
        product_id: product.into(),
        variant_id: variant.into(),
        quantity,
    }
}

fn card(number: &str) -> PaymentChoice {
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
            q: Some("banana".into()),
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
}
