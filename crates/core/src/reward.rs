//! Gifts that bring new customers: the shop's rule (checked here) and the coupon a sender earns
//! when a recipient who came from their gift page places their own first order.

use omiyage_api::{ApiError, FieldError, GiftRewardSettings};

use crate::coupon::{Coupon, MAX_FIXED};

const DAY: i64 = 86_400;
/// The longest window and validity, in days.
pub const MAX_DAYS: u32 = 365;

/// Checks the admin's settings: every problem at once (422).
pub fn check_settings(s: &GiftRewardSettings) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !(1..=MAX_DAYS).contains(&s.within_days) {
        errors.push(FieldError::new(
            "within_days",
            format!("Give the window in days, from 1 to {MAX_DAYS}."),
        ));
    }
    if !(1..=MAX_DAYS).contains(&s.valid_days) {
        errors.push(FieldError::new(
            "valid_days",
            format!("Give how long the coupon is valid in days, from 1 to {MAX_DAYS}."),
        ));
    }
    if !(1..=MAX_FIXED).contains(&s.amount) {
        errors.push(FieldError::new(
            "amount",
            format!("Give the coupon's amount in yen, from 1 to {MAX_FIXED}."),
        ));
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(ApiError::invalid(errors)),
    }
}

/// How long after a visit from a gift page a first order still counts (seconds).
pub fn window_secs(s: &GiftRewardSettings) -> i64 {
    i64::from(s.within_days) * DAY
}

/// The code of a sender's reward: `GIFT` and 12 characters of `random` (letters and digits,
/// e.g. a UUID's), upper-cased.
pub fn code(random: &str) -> String {
    crate::coupon::given_code("GIFT", random)
}

/// The sender's coupon, earned at `now`: the amount off anything, once, for `valid_days`.
pub fn coupon(code: String, s: &GiftRewardSettings, now: i64) -> Coupon {
    crate::coupon::given(code, s.amount, now, i64::from(s.valid_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_out_of_range_are_refused_together() {
        let ok = GiftRewardSettings::default();
        assert!(check_settings(&ok).is_ok());
        let bad = GiftRewardSettings {
            enabled: true,
            within_days: 0,
            amount: 0,
            valid_days: 366,
        };
        let fields: Vec<String> = check_settings(&bad)
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["within_days", "valid_days", "amount"]);
    }

    #[test]
    fn a_reward_is_a_coupon_code_for_one_use() {
        let code = code("3f2a-9b1c-77de-0a4b-ffff");
        assert_eq!(code, "GIFT3F2A9B1C77DE");
        assert!(crate::coupon::is_code(&code));
        let c = coupon(code, &GiftRewardSettings::default(), 1_000);
        assert_eq!(
            (c.value, c.max_uses, c.ends_at),
            (500, Some(1), 1_000 + 90 * DAY)
        );
    }
}
