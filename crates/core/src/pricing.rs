//! Prices and totals. The server (and the mock) price every line from the catalog; nothing the
//! client says about money counts.

use omiyage_api::{ApiError, ErrorCode, Money, OrderLine, Product};

use crate::checkout::ValidLine;
use crate::stock;

/// Orders at or above this subtotal ship free.
pub const FREE_SHIPPING_FROM: Money = Money::jpy(5_000);
/// Flat shipping fee below [`FREE_SHIPPING_FROM`].
pub const SHIPPING_FEE: Money = Money::jpy(600);

/// An order's priced lines and totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedOrder {
    pub lines: Vec<OrderLine>,
    /// Gift options, priced after the lines (a coupon takes nothing off them).
    pub options: Vec<omiyage_api::OptionLine>,
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
}

/// The shipping fee for a subtotal.
pub fn shipping_for(subtotal: Money) -> Money {
    if subtotal.amount >= FREE_SHIPPING_FROM.amount {
        Money::zero(subtotal.currency)
    } else {
        SHIPPING_FEE
    }
}

/// The shipping fee of an order: gifts ship free (each unit goes wherever its recipient says).
pub fn shipping_for_order(subtotal: Money, gift: bool) -> Money {
    if gift {
        Money::zero(subtotal.currency)
    } else {
        shipping_for(subtotal)
    }
}

fn overflow() -> ApiError {
    ApiError::new(ErrorCode::Invalid, "This order is too large to price.")
}

/// Prices validated lines against the catalog. Unknown product or variant → 404; a line asking
/// for more than is in stock right now → 409 (the stock take itself is checked again atomically).
pub fn price(lines: &[ValidLine], products: &[Product]) -> Result<PricedOrder, ApiError> {
    price_with(lines, products, false)
}

/// Prices a gift: shipping is included, since it goes to whoever claims each unit.
pub fn price_gift(lines: &[ValidLine], products: &[Product]) -> Result<PricedOrder, ApiError> {
    price_with(lines, products, true)
}

/// Prices a checkout: as a gift (no shipping address, so no shipping fee rule of its own) or
/// as an order.
pub fn price_checkout(
    checkout: &crate::checkout::ValidCheckout,
    products: &[Product],
) -> Result<PricedOrder, ApiError> {
    match checkout.gift {
        Some(_) => price_gift(&checkout.lines, products),
        None => price(&checkout.lines, products),
    }
}

fn price_with(
    lines: &[ValidLine],
    products: &[Product],
    gift: bool,
) -> Result<PricedOrder, ApiError> {
    let mut priced = Vec::with_capacity(lines.len());
    let mut subtotal: Option<Money> = None;
    for line in lines {
        let product = products
            .iter()
            .find(|p| p.id == line.product_id)
            .ok_or_else(|| ApiError::not_found(&format!("Product “{}”", line.product_id)))?;
        let variant = product.variant(&line.variant_id).ok_or_else(|| {
            ApiError::not_found(&format!(
                "Variant “{}” of {}",
                line.variant_id, product.name
            ))
        })?;
        if let Err(short) = stock::take(variant.stock, line.quantity) {
            return Err(ApiError::new(
                ErrorCode::OutOfStock,
                stock::out_of_stock_message(&product.name, &variant.name, short.available),
            ));
        }
        let line_total = variant
            .price
            .checked_mul(i64::from(line.quantity))
            .ok_or_else(overflow)?;
        subtotal = Some(match subtotal {
            None => line_total,
            Some(s) => s.checked_add(line_total).ok_or_else(overflow)?,
        });
        priced.push(OrderLine {
            product_id: product.id.clone(),
            variant_id: variant.id.clone(),
            product_name: product.name.clone(),
            variant_name: variant.name.clone(),
            image: product.image.clone(),
            unit_price: variant.price,
            quantity: line.quantity,
            line_total,
            tax_class: variant.tax_class,
            discount: 0,
        });
    }
    let subtotal =
        subtotal.ok_or_else(|| ApiError::new(ErrorCode::Invalid, "Your cart is empty."))?;
    let shipping = shipping_for_order(subtotal, gift);
    let total = subtotal.checked_add(shipping).ok_or_else(overflow)?;
    Ok(PricedOrder {
        lines: priced,
        options: Vec::new(),
        subtotal,
        shipping,
        total,
    })
}

/// Adds priced gift options to an order priced (and discounted) already: they count in the
/// subtotal, towards free shipping (decided again on what is paid before shipping) and in the
/// total.
pub fn add_options(
    priced: &mut PricedOrder,
    options: Vec<omiyage_api::OptionLine>,
    gift: bool,
) -> Result<(), ApiError> {
    for o in &options {
        priced.subtotal = priced
            .subtotal
            .checked_add(o.line_total)
            .ok_or_else(overflow)?;
    }
    priced.options.extend(options);
    let discount: i64 = priced.lines.iter().map(|l| l.discount).sum();
    let before_shipping = Money::new(priced.subtotal.amount - discount, priced.subtotal.currency);
    priced.shipping = shipping_for_order(before_shipping, gift);
    priced.total = before_shipping
        .checked_add(priced.shipping)
        .ok_or_else(overflow)?;
    Ok(())
}

/// The short reference shown to people: the first 8 hex digits of the token, upper case.
pub fn reference_for(token: &str) -> String {
    token
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use omiyage_api::Variant;
    use proptest::prelude::*;

    fn catalog(prices: &[(i64, u32)]) -> Vec<Product> {
        vec![Product {
            photos: Vec::new(),
            offers_gift_options: Default::default(),
            id: "p".into(),
            name: "Tea".into(),
            description: String::new(),
            category: "tea".into(),
            image: String::new(),
            variants: prices
                .iter()
                .enumerate()
                .map(|(i, &(price, stock))| Variant {
                    photo: None,
                    id: format!("v{i}"),
                    name: format!("Size {i}"),
                    price: Money::jpy(price),
                    stock,
                    tax_class: omiyage_api::TaxClass::Standard,
                })
                .collect(),
        }]
    }

    fn line(v: usize, q: u32) -> ValidLine {
        ValidLine {
            product_id: "p".into(),
            variant_id: format!("v{v}"),
            quantity: q,
        }
    }

    #[test]
    fn totals_add_lines_and_shipping() {
        let priced = price(&[line(0, 2), line(1, 1)], &catalog(&[(1200, 9), (800, 9)])).unwrap();
        assert_eq!(priced.subtotal, Money::jpy(3200));
        assert_eq!(priced.shipping, SHIPPING_FEE);
        assert_eq!(priced.total, Money::jpy(3800));
        assert_eq!(priced.lines[0].line_total, Money::jpy(2400));
    }

    #[test]
    fn shipping_is_free_from_the_threshold() {
        assert_eq!(shipping_for(Money::jpy(4_999)), SHIPPING_FEE);
        assert_eq!(shipping_for(Money::jpy(5_000)), Money::jpy(0));
    }

    #[test]
    fn unknown_product_or_variant_is_404() {
        let mut l = line(0, 1);
        l.product_id = "nope".into();
        assert_eq!(price(&[l], &catalog(&[(1, 1)])).unwrap_err().status(), 404);
        assert_eq!(
            price(&[line(7, 1)], &catalog(&[(1, 1)]))
                .unwrap_err()
                .status(),
            404
        );
    }

    #[test]
    fn asking_for_more_than_stock_is_409_with_how_many_are_left() {
        let err = price(&[line(0, 4)], &catalog(&[(100, 3)])).unwrap_err();
        assert_eq!(err.status(), 409);
        assert!(err.message.contains("Only 3 left"), "{}", err.message);
    }

    #[test]
    fn references_are_eight_upper_hex_digits() {
        assert_eq!(
            reference_for("0b6fa2c4-77aa-4bd2-9e1f-000000000000"),
            "0B6FA2C4"
        );
    }

    proptest! {
        /// total = Σ unit × qty + shipping, and shipping is the flat fee exactly below the threshold.
        #[test]
        fn total_is_sum_of_lines_plus_shipping(items in prop::collection::vec((1i64..100_000, 1u32..99), 1..8)) {
            let prices: Vec<(i64, u32)> = items.iter().map(|&(p, _)| (p, 1_000)).collect();
            let lines: Vec<ValidLine> = items.iter().enumerate().map(|(i, &(_, q))| line(i, q)).collect();
            let priced = price(&lines, &catalog(&prices)).unwrap();
            let expected: i64 = items.iter().map(|&(p, q)| p * i64::from(q)).sum();
            prop_assert_eq!(priced.subtotal.amount, expected);
            let fee = if expected >= FREE_SHIPPING_FROM.amount { 0 } else { SHIPPING_FEE.amount };
            prop_assert_eq!(priced.total.amount, expected + fee);
        }
    }
}
