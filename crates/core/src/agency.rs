//! Agencies, the programme's second level: an agency recruits promoters and takes a share of
//! the commission their links earn. Every amount splits in whole yen that add up exactly: the
//! agency's part is rounded down, the promoter keeps the rest.

use omiyage_api::{ApiError, FieldError};

/// The highest share an agency may take of its promoters' commission: 90 % (the admin sets it
/// per agency; more would leave the promoter next to nothing).
pub const MAX_SHARE_BPS: u32 = 9_000;

/// (agency's part, promoter's part) of `amount` with the agency taking `share_bps`.
pub fn split(amount: i64, share_bps: u32) -> (i64, i64) {
    let share = i128::from(share_bps.min(10_000));
    // Rounded towards zero for a negative amount too, so a reversal mirrors what it takes back.
    let agency = (i128::from(amount) * share / 10_000) as i64;
    (agency, amount - agency)
}

pub fn validate_share(share_bps: i64) -> Result<u32, ApiError> {
    u32::try_from(share_bps)
        .ok()
        .filter(|s| *s <= MAX_SHARE_BPS)
        .ok_or_else(|| {
            ApiError::invalid(vec![FieldError::new(
                "share_bps",
                format!(
                    "Set the agency's share from 0 to {} %.",
                    MAX_SHARE_BPS / 100
                ),
            )])
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_agency_takes_its_share_rounded_down_and_the_promoter_the_rest() {
        assert_eq!(split(333, 2_000), (66, 267));
        assert_eq!(split(0, 2_000), (0, 0));
        assert_eq!(split(1_000, 0), (0, 1_000));
        assert_eq!(split(-333, 2_000), (-66, -267));
        assert!(validate_share(9_001).is_err() && validate_share(-1).is_err());
        assert_eq!(validate_share(2_500).unwrap(), 2_500);
    }

    proptest! {
        #[test]
        fn splits_add_up_exactly_and_neither_part_changes_sign(
            amount in -1_000_000i64..1_000_000, share in 0u32..=10_000,
        ) {
            let (a, p) = split(amount, share);
            prop_assert_eq!(a + p, amount);
            prop_assert!(a.signum() * amount.signum() >= 0 && p.signum() * amount.signum() >= 0);
            prop_assert!(a.abs() <= amount.abs());
        }
    }
}
