//! Each scenario is what a shopper does, as calls on the API. They panic on a broken rule.

use omiyage_api::{
    Address, CheckoutLine, CheckoutRequest, ClaimRequest, Contact, GiftOptions, PaymentChoice,
    Storefront,
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
        delivery: None,
        points: 0,
    }
}

pub(crate) fn line(product: &str, variant: &str, quantity: i64) -> CheckoutLine {
    CheckoutLine {
        options_token: Default::default(),
        options: Default::default(),
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
        ..Default::default()
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
        delivery: None,
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

mod gifts;
mod shop;

pub use gifts::*;
pub use shop::*;
