//! The test card provider's rules. No real money moves: 4242 4242 4242 4242 is approved,
//! 4000 0000 0000 0002 is declined, and any other well-formed number is declined too
//! (the provider does not know it), with a message that names the test cards.

use omiyage_api::{ApiError, ErrorCode, Money};

/// The shopper's words for a card the bank refused: the bank's reason as the provider gives it
/// (e.g. "Your card has insufficient funds."), then what happened and what to do.
pub fn declined(reason: &str) -> ApiError {
    let reason = reason.trim();
    let reason = if reason.is_empty() {
        "Your card was declined."
    } else {
        reason
    };
    let stop = if reason.ends_with('.') { "" } else { "." };
    ApiError::new(
        ErrorCode::CardDeclined,
        format!("{reason}{stop} Nothing was charged: try another card or pay in the shop."),
    )
}

/// The shopper's words for a card provider that could not be reached.
pub fn unavailable() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Card payments are not available just now and nothing was charged: try again in a \
         moment, or pay in the shop.",
    )
}

/// A card number that passed the format and Luhn checks (digits only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardNumber(String);

pub const APPROVED_TEST_CARD: &str = "4242424242424242";
pub const DECLINED_TEST_CARD: &str = "4000000000000002";

impl CardNumber {
    /// Accepts digits with optional spaces or dashes; checks length and the Luhn digit.
    pub fn parse(input: &str) -> Result<CardNumber, &'static str> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err("Please enter a card number.");
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) || !(12..=19).contains(&digits.len()) {
            return Err("A card number has 12 to 19 digits.");
        }
        if !luhn_ok(&digits) {
            return Err("This card number has a typo: please check it.");
        }
        Ok(CardNumber(digits))
    }

    pub fn last4(&self) -> String {
        self.0[self.0.len() - 4..].to_string()
    }
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether `id` looks like what Stripe.js hands the page for a card (`pm_…`, `card_…` or
/// `src_…` followed by letters and digits): anything else is refused before it is sent on.
pub fn provider_reference_ok(id: &str) -> bool {
    let rest = ["pm_", "card_", "src_"]
        .iter()
        .find_map(|prefix| id.strip_prefix(prefix));
    rest.is_some_and(|r| {
        (1..=200).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The test provider's answer to a charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestCardOutcome {
    Approved { last4: String },
    Declined { message: String },
}

/// Decides a test card charge.
pub fn charge_test_card(card: &CardNumber) -> TestCardOutcome {
    if card.0 == APPROVED_TEST_CARD {
        TestCardOutcome::Approved {
            last4: card.last4(),
        }
    } else if card.0 == DECLINED_TEST_CARD {
        TestCardOutcome::Declined {
            message: "Your card was declined. No order was placed and nothing was charged. \
                      Try another card or pay in the shop."
                .to_string(),
        }
    } else {
        TestCardOutcome::Declined {
            message: "This is a test store: only the test card 4242 4242 4242 4242 is approved. \
                      No order was placed."
                .to_string(),
        }
    }
}

/// Runs the chosen payment through its provider rules: the test card is approved or declined
/// (402, nothing is created); "pay in shop" waits for staff to confirm.
pub fn authorize(
    choice: &omiyage_api::PaymentChoice,
) -> Result<(omiyage_api::PaymentSummary, omiyage_api::OrderStatus), omiyage_api::ApiError> {
    use omiyage_api::{FieldError, OrderStatus, PaymentChoice, PaymentStatus, PaymentSummary};
    match choice {
        PaymentChoice::PayInShop => Ok((
            PaymentSummary {
                method: "pay_in_shop".into(),
                status: PaymentStatus::Pending,
                card_last4: None,
                pay_by: None,
            },
            OrderStatus::AwaitingPayment,
        )),
        PaymentChoice::TestCard { card_number } => {
            let card = CardNumber::parse(card_number)
                .map_err(|m| ApiError::invalid(vec![FieldError::new("payment.card_number", m)]))?;
            match charge_test_card(&card) {
                TestCardOutcome::Approved { last4 } => Ok((
                    PaymentSummary {
                        method: "test_card".into(),
                        status: PaymentStatus::Captured,
                        card_last4: Some(last4),
                        pay_by: None,
                    },
                    OrderStatus::Paid,
                )),
                TestCardOutcome::Declined { message } => {
                    Err(ApiError::new(ErrorCode::CardDeclined, message))
                }
            }
        }
        // Cards through a provider: only a shop connected to Stripe takes them (the server).
        #[allow(unreachable_patterns)]
        _ => Err(ApiError::invalid(vec![FieldError::new(
            "payment.method",
            "This shop does not take cards online: pay in the shop.",
        )])),
    }
}

/// The longest reason an admin may give the buyer for a refund.
pub const REFUND_REASON_MAX_CHARS: usize = 200;

/// What the gift rules hold of a gift paid by card: every unclaimed unit (it may still be
/// declined, cancelled or expire, and is then refunded) and every refunded one, at its price.
pub fn held_by_gift_rules(units: &[omiyage_api::UnitState], unit_price: Money) -> Money {
    use omiyage_api::UnitState;
    let n = units
        .iter()
        .filter(|u| matches!(u, UnitState::Unclaimed | UnitState::Refunded))
        .count() as i64;
    Money::jpy(unit_price.amount.saturating_mul(n))
}

/// What an admin may still refund of a card payment of `paid`: less their earlier refunds and
/// less what the gift rules hold, never below zero. Every refund together stays within `paid`.
pub fn refundable(paid: Money, refunded_by_admin: Money, held: Money) -> Money {
    Money::jpy(
        paid.amount
            .saturating_sub(refunded_by_admin.amount)
            .saturating_sub(held.amount)
            .max(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use omiyage_api::UnitState;

    #[test]
    fn the_admin_can_never_refund_more_than_was_paid_with_what_the_gift_rules_hold() {
        let (u, c, r) = (
            UnitState::Unclaimed,
            UnitState::Claimed,
            UnitState::Refunded,
        );
        let held = held_by_gift_rules(&[u, c, r, UnitState::Shipped], Money::jpy(1_000));
        assert_eq!(held, Money::jpy(2_000));
        assert_eq!(
            refundable(Money::jpy(4_500), Money::jpy(1_000), held),
            Money::jpy(1_500)
        );
        assert_eq!(
            refundable(Money::jpy(4_500), Money::jpy(4_000), held),
            Money::jpy(0)
        );
        // Exhaustive over small cases: admin refunds taken while refundable never exceed.
        for paid in 0..20 {
            for held in 0..=paid {
                let mut admin = 0;
                while let r @ 1.. =
                    refundable(Money::jpy(paid), Money::jpy(admin), Money::jpy(held)).amount
                {
                    admin += r.min(3);
                }
                assert!(admin + held <= paid, "{paid} {held} {admin}");
            }
        }
    }

    #[test]
    fn only_stripe_shaped_references_pass() {
        assert!(provider_reference_ok("pm_1NqXz2ABC"));
        assert!(provider_reference_ok("card_abcDEF123"));
        for bad in [
            "",
            "pm_",
            "tok_abc",
            "pm_a&amount=1",
            "4242424242424242",
            "card_ x",
        ] {
            assert!(!provider_reference_ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_test_cards_parse_with_spaces() {
        assert!(CardNumber::parse("4242 4242 4242 4242").is_ok());
        assert!(CardNumber::parse("4000-0000-0000-0002").is_ok());
    }

    #[test]
    fn only_4242_is_approved() {
        let ok = CardNumber::parse("4242424242424242").unwrap();
        assert_eq!(
            charge_test_card(&ok),
            TestCardOutcome::Approved {
                last4: "4242".into()
            }
        );
        let declined = CardNumber::parse("4000 0000 0000 0002").unwrap();
        assert!(matches!(
            charge_test_card(&declined),
            TestCardOutcome::Declined { .. }
        ));
        let unknown = CardNumber::parse("5555 5555 5555 4444").unwrap();
        assert!(matches!(
            charge_test_card(&unknown),
            TestCardOutcome::Declined { .. }
        ));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in [
            "",
            "abcd",
            "4242",
            "4242 4242 4242 4241",
            "4242424242424242424242",
        ] {
            assert!(CardNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
