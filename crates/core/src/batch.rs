//! Counter gift batches: the form's rules, and each code as a prepaid single-unit gift order
//! (paid at the counter), so claiming, expiry, refunds and shipping are the gift rules.

use omiyage_api::{
    ApiError, BatchInput, CodeState, FieldError, GiftOptions, GiftUnit, OrderStatus, OrderView,
    PaymentStatus, PaymentSummary, Product, RefundReason, UnitState,
};

use crate::gift::GREETING_MAX_CHARS;
use crate::sales;

/// Most codes in one batch.
pub const MAX_CODES: i64 = 500;
/// Furthest expiry day, counted from today.
pub const MAX_DAYS: i64 = 366;

/// A batch form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidBatch {
    pub product_id: String,
    pub variant_id: String,
    pub allow_variant_choice: bool,
    pub count: u32,
    pub greeting: String,
    /// The end of the expiry day in the shop's time zone.
    pub expires_at: i64,
    pub expires_on: String,
}

/// Checks the batch form (count 1–500, greeting ≤ 100 characters, expiry from tomorrow to a
/// year ahead); the product and variant are checked against the catalog by the caller.
pub fn validate_batch(input: &BatchInput, now: i64) -> Result<ValidBatch, ApiError> {
    let mut errors = Vec::new();
    if !(1..=MAX_CODES).contains(&input.count) {
        errors.push(FieldError::new(
            "count",
            format!("Print 1 to {MAX_CODES} codes at a time."),
        ));
    }
    if input.greeting.trim().chars().count() > GREETING_MAX_CHARS {
        errors.push(FieldError::new(
            "greeting",
            format!("Keep the greeting to {GREETING_MAX_CHARS} characters or fewer."),
        ));
    }
    let today = sales::day_of(now);
    let day = sales::day_from_date(&input.expires_on);
    match day {
        Some(d) if d > today && d <= today + MAX_DAYS => {}
        Some(_) => errors.push(FieldError::new(
            "expires_on",
            "Choose an expiry day from tomorrow to a year ahead.",
        )),
        None => errors.push(FieldError::new(
            "expires_on",
            "Enter the expiry day as a date.",
        )),
    }
    if input.product_id.trim().is_empty() || input.variant_id.trim().is_empty() {
        errors.push(FieldError::new(
            "variant_id",
            "Choose the product and variant.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let day = day.unwrap_or(today);
    Ok(ValidBatch {
        product_id: input.product_id.trim().to_string(),
        variant_id: input.variant_id.trim().to_string(),
        allow_variant_choice: input.allow_variant_choice,
        count: u32::try_from(input.count).unwrap_or(1),
        greeting: input.greeting.trim().to_string(),
        expires_at: sales::day_start(day + 1),
        expires_on: sales::date_of(day),
    })
}

/// The gift options of a batch's codes: the shop's name as the sender.
pub fn options(batch: &ValidBatch, shop_name: &str) -> GiftOptions {
    GiftOptions {
        sender_name: shop_name.to_string(),
        greeting: batch.greeting.clone(),
        allow_variant_choice: batch.allow_variant_choice,
        ..GiftOptions::default()
    }
}

/// The order behind one code: one unit of the variant, paid at the counter, shipped free.
pub fn code_order(
    token: String,
    product: &Product,
    batch: &ValidBatch,
    shop_name: &str,
    created_at: i64,
) -> Result<OrderView, ApiError> {
    let lines = [crate::checkout::ValidLine {
        product_id: batch.product_id.clone(),
        variant_id: batch.variant_id.clone(),
        quantity: 1,
    }];
    let priced = crate::pricing::price_gift(&lines, std::slice::from_ref(product))?;
    Ok(OrderView {
        ship_to: Default::default(),
        options: Default::default(),
        reference: crate::pricing::reference_for(&token),
        token,
        status: OrderStatus::Paid,
        taxes: crate::tax::of_priced(&priced),
        lines: priced.lines,
        coupon: None,
        delivery: None,
        delivery_text: String::new(),
        problems: Vec::new(),
        points: 0,
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        total: priced.total,
        payment: PaymentSummary {
            method: "pay_in_shop".into(),
            status: PaymentStatus::Captured,
            card_last4: None,
            pay_by: None,
        },
        contact: omiyage_api::Contact {
            name: shop_name.to_string(),
            email: String::new(),
            phone: String::new(),
        },
        address: omiyage_api::Address::default(),
        created_at,
        gift: None,
        shipment: None,
    })
}

/// A code's state from its gift unit: voided and expired are refunds for those reasons; an
/// unclaimed unit past the deadline is expired even before the sweep reaches it.
pub fn code_state(unit: &GiftUnit, expires_at: i64, now: i64) -> CodeState {
    match (unit.state, unit.refund_reason) {
        (UnitState::Claimed, _) => CodeState::Claimed,
        (UnitState::Shipped, _) => CodeState::Shipped,
        (UnitState::Refunded, Some(RefundReason::Expired)) => CodeState::Expired,
        (UnitState::Refunded, _) => CodeState::Voided,
        (UnitState::Unclaimed, _) if now >= expires_at => CodeState::Expired,
        (UnitState::Unclaimed, _) => CodeState::Unclaimed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(count: i64, expires_on: &str) -> BatchInput {
        BatchInput {
            shop_id: None,
            product_id: "tokyo-banana".into(),
            variant_id: "tokyo-banana-8".into(),
            allow_variant_choice: false,
            count,
            greeting: "Welcome to Asakusa".into(),
            expires_on: expires_on.into(),
        }
    }

    // 2026-11-25 12:00 in Tokyo.
    const NOW: i64 = 1_795_575_600;

    #[test]
    fn a_batch_holds_1_to_500_codes() {
        assert!(validate_batch(&input(1, "2026-12-31"), NOW).is_ok());
        assert!(validate_batch(&input(500, "2026-12-31"), NOW).is_ok());
        for bad in [0, 501, -3] {
            let e = validate_batch(&input(bad, "2026-12-31"), NOW).unwrap_err();
            assert_eq!((e.status(), e.fields[0].field.as_str()), (422, "count"));
        }
    }

    #[test]
    fn codes_expire_at_the_end_of_their_day_in_japan() {
        let v = validate_batch(&input(3, "2026-11-26"), NOW).unwrap();
        assert_eq!(
            v.expires_at,
            sales::day_start(sales::day_from_date("2026-11-27").unwrap())
        );
        assert!(
            validate_batch(&input(3, "2026-11-25"), NOW).is_err(),
            "today is too soon"
        );
        assert!(
            validate_batch(&input(3, "2028-01-01"), NOW).is_err(),
            "too far ahead"
        );
        assert!(validate_batch(&input(3, "soon"), NOW).is_err());
    }

    #[test]
    fn a_code_reads_its_state_from_its_gift_unit() {
        let mut unit = crate::gift::new_units(1).remove(0);
        assert_eq!(code_state(&unit, 100, 50), CodeState::Unclaimed);
        assert_eq!(code_state(&unit, 100, 100), CodeState::Expired);
        unit.state = UnitState::Refunded;
        unit.refund_reason = Some(RefundReason::Cancelled);
        assert_eq!(code_state(&unit, 100, 50), CodeState::Voided);
        unit.refund_reason = Some(RefundReason::Expired);
        assert_eq!(code_state(&unit, 100, 150), CodeState::Expired);
        unit.state = UnitState::Claimed;
        assert_eq!(code_state(&unit, 100, 150), CodeState::Claimed);
    }
}
