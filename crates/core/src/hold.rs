//! Orders waiting for payment at the counter hold stock and coupon uses: until when, how many
//! one email may hold, and when staff may end one. A held order that is not paid by its
//! `pay_by` time is cancelled like any unpaid order (`lifecycle`): its stock and coupon use go
//! back once.

use omiyage_api::{
    ApiError, ErrorCode, FieldError, OrderStatus, PaymentRules, PaymentStatus, PaymentSummary,
};

use crate::account::Limit;

/// How long a pay-in-shop order holds its stock until the admin says otherwise.
pub const DEFAULT_HOLD_HOURS: i64 = 48;
/// The longest hold the admin may set (30 days).
pub const MAX_HOLD_HOURS: i64 = 720;
/// Pay-in-shop orders one email may hold at once; the next one is refused until one is paid
/// or lapses.
pub const HELD_PER_EMAIL: usize = 3;
/// Checkouts one client may place (paid, unpaid or declined alike), unless the server is
/// configured otherwise.
pub const CHECKOUTS_PER_CLIENT: Limit = Limit { max: 10, secs: 600 };

/// Reads a checkout limit as the server's option gives it: `MAX/SECONDS`, e.g. `10/600`.
pub fn parse_limit(text: &str) -> Result<Limit, String> {
    let bad = || format!("`{text}`: expected MAX/SECONDS, e.g. 10/600");
    let (max, secs) = text.split_once('/').ok_or_else(bad)?;
    let max: usize = max.trim().parse().map_err(|_| bad())?;
    let secs: i64 = secs.trim().parse().map_err(|_| bad())?;
    if max == 0 || secs <= 0 {
        return Err(bad());
    }
    Ok(Limit { max, secs })
}

/// Cards one order may be tried with (each a request to the card provider), unless the server
/// is configured otherwise: a shopper mistyping a few times gets through, card testing does not.
pub const CARD_ATTEMPTS_PER_ORDER: Limit = Limit {
    max: 10,
    secs: 3_600,
};
/// Cards one client may try across orders.
pub const CARD_ATTEMPTS_PER_CLIENT: Limit = Limit {
    max: 30,
    secs: 3_600,
};

/// Who a client is for the limits: its address, or for IPv6 its /64 (one household or phone
/// gets a whole /64).
pub fn client_group(client: std::net::IpAddr) -> String {
    match client {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The key a client's checkouts are counted under.
pub fn client_key(client: std::net::IpAddr) -> String {
    format!("checkout:{}", client_group(client))
}

/// The shop's rules before the admin sets any.
pub fn default_rules() -> PaymentRules {
    PaymentRules {
        pay_in_shop_hold_hours: DEFAULT_HOLD_HOURS,
    }
}

/// Checks the admin's rules.
pub fn validate_rules(rules: &PaymentRules) -> Result<PaymentRules, ApiError> {
    if !(1..=MAX_HOLD_HOURS).contains(&rules.pay_in_shop_hold_hours) {
        return Err(ApiError::invalid(vec![FieldError::new(
            "pay_in_shop_hold_hours",
            format!("Between 1 and {MAX_HOLD_HOURS} hours."),
        )]));
    }
    Ok(rules.clone())
}

/// Until when a new order holds its stock: only an order paid at the counter that is still
/// waiting for it (a card order has the card page's own timeout).
pub fn pay_by(
    payment: &PaymentSummary,
    status: OrderStatus,
    now: i64,
    rules: &PaymentRules,
) -> Option<i64> {
    (payment.method == "pay_in_shop"
        && payment.status == PaymentStatus::Pending
        && status == OrderStatus::AwaitingPayment)
        .then(|| now + rules.pay_in_shop_hold_hours * 3600)
}

/// Whether an order's hold has ended unpaid.
pub fn lapsed(status: OrderStatus, pay_by: Option<i64>, now: i64) -> bool {
    status == OrderStatus::AwaitingPayment && pay_by.is_some_and(|t| t <= now)
}

/// Whether an email that already holds `held` unpaid counter orders may hold one more. The
/// answer names no order: whoever typed the email may not be its owner (the confirmation email
/// lists them to the owner).
pub fn may_hold_another(held: usize) -> Result<(), ApiError> {
    if held < HELD_PER_EMAIL {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::Conflict,
        format!(
            "This email already has {held} orders waiting for payment in the shop. Pay for one \
             at the counter first, or pay this one by card: an unpaid order is cancelled when \
             its hold ends."
        ),
    ))
}

/// Staff may cancel only an order that was never paid; a paid one is refunded instead.
pub fn may_cancel_unpaid(status: OrderStatus) -> Result<(), ApiError> {
    match status {
        OrderStatus::AwaitingPayment => Ok(()),
        OrderStatus::Cancelled => Err(ApiError::new(
            ErrorCode::Conflict,
            "This order is already cancelled.",
        )),
        OrderStatus::Paid | OrderStatus::Shipped => Err(ApiError::new(
            ErrorCode::Conflict,
            "This order is paid: refund it instead of cancelling it.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> PaymentSummary {
        PaymentSummary {
            method: "pay_in_shop".into(),
            status: PaymentStatus::Pending,
            card_last4: None,
            pay_by: None,
        }
    }

    #[test]
    fn only_a_counter_order_waiting_for_payment_is_held_and_for_the_admins_hours() {
        let rules = PaymentRules {
            pay_in_shop_hold_hours: 48,
        };
        let now = 1_000;
        assert_eq!(
            pay_by(&counter(), OrderStatus::AwaitingPayment, now, &rules),
            Some(now + 48 * 3600)
        );
        let card = PaymentSummary {
            method: "card".into(),
            ..counter()
        };
        assert_eq!(
            pay_by(&card, OrderStatus::AwaitingPayment, now, &rules),
            None
        );
        let batch = PaymentSummary {
            status: PaymentStatus::Captured,
            ..counter()
        };
        assert_eq!(pay_by(&batch, OrderStatus::Paid, now, &rules), None);
    }

    #[test]
    fn a_hold_lapses_at_its_time_and_only_while_unpaid() {
        assert!(!lapsed(OrderStatus::AwaitingPayment, Some(100), 99));
        assert!(lapsed(OrderStatus::AwaitingPayment, Some(100), 100));
        assert!(!lapsed(OrderStatus::AwaitingPayment, None, 1_000));
        for paid in [
            OrderStatus::Paid,
            OrderStatus::Shipped,
            OrderStatus::Cancelled,
        ] {
            assert!(!lapsed(paid, Some(100), 1_000));
        }
    }

    #[test]
    fn a_checkout_limit_reads_max_per_seconds_and_counts_an_ipv6_client_by_its_64() {
        assert_eq!(parse_limit("10/600"), Ok(Limit { max: 10, secs: 600 }));
        for bad in ["", "10", "0/60", "10/0", "x/60", "10/-5"] {
            assert!(parse_limit(bad).is_err(), "{bad}");
        }
        let a: std::net::IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: std::net::IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: std::net::IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        assert_eq!(
            client_key("192.0.2.7".parse().unwrap()),
            "checkout:192.0.2.7"
        );
    }

    #[test]
    fn hold_hours_are_bounded() {
        for bad in [0, MAX_HOLD_HOURS + 1] {
            let rules = PaymentRules {
                pay_in_shop_hold_hours: bad,
            };
            assert_eq!(
                validate_rules(&rules).unwrap_err().fields[0].field,
                "pay_in_shop_hold_hours"
            );
        }
        assert!(validate_rules(&default_rules()).is_ok());
    }

    #[test]
    fn the_fourth_held_order_of_an_email_is_refused_without_naming_the_others() {
        for held in 0..HELD_PER_EMAIL {
            assert!(may_hold_another(held).is_ok());
        }
        let refused = may_hold_another(HELD_PER_EMAIL).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Conflict);
        assert!(refused.message.contains("3 orders"));
    }

    #[test]
    fn only_an_unpaid_order_is_cancelled_by_staff() {
        assert!(may_cancel_unpaid(OrderStatus::AwaitingPayment).is_ok());
        for status in [
            OrderStatus::Paid,
            OrderStatus::Shipped,
            OrderStatus::Cancelled,
        ] {
            assert_eq!(
                may_cancel_unpaid(status).unwrap_err().code,
                ErrorCode::Conflict
            );
        }
    }
}
