//! Promoter levels. The admin sets a ladder (e.g. ★1–★5): each level asks for confirmed sales
//! (yen the promoter's credited orders paid) and confirmed orders over a rolling window, and adds
//! a bonus to every plan's rate. A promoter holds the highest level whose every requirement they
//! meet; the level is recomputed when commission is confirmed and once a day, and the level held
//! when an order is placed is the one that order earns with.

use omiyage_api::{ApiError, FieldError};

use crate::promotion::MAX_BPS;

pub const MAX_LEVELS: usize = 10;
pub const MAX_WINDOW_DAYS: u32 = 365;
pub const DEFAULT_WINDOW_DAYS: u32 = 30;

/// One level of the ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    /// Confirmed sales over the window, in yen.
    pub min_sales: i64,
    /// Confirmed orders over the window.
    pub min_orders: u32,
    /// Added to the plan's rate, in basis points.
    pub bonus_bps: u32,
}

impl Level {
    pub fn reached(&self, sales: i64, orders: u32) -> bool {
        sales >= self.min_sales && orders >= self.min_orders
    }
}

/// The highest level reached with these figures (levels are ordered from the lowest).
pub fn current(ladder: &[Level], sales: i64, orders: u32) -> Option<usize> {
    (0..ladder.len())
        .rev()
        .find(|&i| ladder[i].reached(sales, orders))
}

/// The next level above the current one, and what it still needs: (index, sales, orders).
pub fn next(ladder: &[Level], sales: i64, orders: u32) -> Option<(usize, i64, u32)> {
    let i = current(ladder, sales, orders).map_or(0, |i| i + 1);
    let level = ladder.get(i)?;
    Some((
        i,
        (level.min_sales - sales).max(0),
        level.min_orders.saturating_sub(orders),
    ))
}

/// The rate an order earns: the plan's (or new-buyer) rate plus the level's bonus, at most 50 %.
pub fn with_bonus(rate_bps: u32, bonus_bps: u32) -> u32 {
    rate_bps.saturating_add(bonus_bps).min(MAX_BPS)
}

/// Checks a ladder: 0–10 levels, each named, with requirements that rise from one level to the
/// next (neither lower, and at least one higher) and a bonus of 0–50 %; a window of 1–365 days.
pub fn validate(ladder: &[Level], window_days: i64) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !(1..=i64::from(MAX_WINDOW_DAYS)).contains(&window_days) {
        errors.push(FieldError::new(
            "window_days",
            format!("Set a window of 1 to {MAX_WINDOW_DAYS} days."),
        ));
    }
    if ladder.len() > MAX_LEVELS {
        errors.push(FieldError::new(
            "levels",
            format!("Define at most {MAX_LEVELS} levels."),
        ));
    }
    for (i, l) in ladder.iter().enumerate() {
        let at = |f: &str| format!("levels[{i}].{f}");
        let name = l.name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            errors.push(FieldError::new(
                at("name"),
                "Name the level (up to 40 characters).",
            ));
        }
        if !(0..=1_000_000_000).contains(&l.min_sales) || l.min_orders > 1_000_000 {
            errors.push(FieldError::new(
                at("min_sales"),
                "Set requirements from 0 (up to 1,000,000,000 yen and 1,000,000 orders).",
            ));
        }
        if l.bonus_bps > MAX_BPS {
            errors.push(FieldError::new(
                at("bonus_bps"),
                "Set a bonus from 0 to 50 %.",
            ));
        }
        if let Some(prev) = i.checked_sub(1).map(|p| &ladder[p]) {
            let rises = l.min_sales >= prev.min_sales
                && l.min_orders >= prev.min_orders
                && (l.min_sales > prev.min_sales || l.min_orders > prev.min_orders);
            if !rises {
                errors.push(FieldError::new(
                    at("min_sales"),
                    "Each level must ask for more than the one below it.",
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ladder() -> Vec<Level> {
        [
            ("★1", 0, 1, 0),
            ("★2", 10_000, 3, 100),
            ("★3", 50_000, 10, 300),
        ]
        .into_iter()
        .map(|(name, min_sales, min_orders, bonus_bps)| Level {
            name: name.into(),
            min_sales,
            min_orders,
            bonus_bps,
        })
        .collect()
    }

    #[test]
    fn a_promoter_holds_the_highest_level_whose_every_requirement_they_meet() {
        let l = ladder();
        assert_eq!(current(&l, 0, 0), None);
        assert_eq!(current(&l, 0, 1), Some(0));
        assert_eq!(
            current(&l, 90_000, 3),
            Some(1),
            "sales alone are not enough"
        );
        assert_eq!(current(&l, 50_000, 10), Some(2));
        assert_eq!(next(&l, 12_000, 2), Some((1, 0, 1)));
        assert_eq!(next(&l, 0, 0), Some((0, 0, 1)));
        assert_eq!(next(&l, 50_000, 10), None);
    }

    #[test]
    fn a_bonus_adds_to_the_rate_up_to_half() {
        assert_eq!(with_bonus(1_000, 300), 1_300);
        assert_eq!(with_bonus(4_900, 300), MAX_BPS);
    }

    #[test]
    fn ladders_must_rise_and_have_sane_numbers() {
        assert!(validate(&ladder(), 30).is_ok());
        assert!(validate(&[], 30).is_ok());
        assert!(validate(&ladder(), 0).is_err());
        let mut flat = ladder();
        flat[2].min_sales = 10_000;
        flat[2].min_orders = 3;
        assert_eq!(
            validate(&flat, 30).unwrap_err().fields[0].field,
            "levels[2].min_sales"
        );
        let mut unnamed = ladder();
        unnamed[0].name = " ".into();
        assert!(validate(&unnamed, 30).is_err());
        let mut rich = ladder();
        rich[1].bonus_bps = MAX_BPS + 1;
        assert!(validate(&rich, 30).is_err());
    }

    proptest! {
        #[test]
        fn more_sales_and_orders_never_lower_the_level(
            sales in 0i64..100_000, orders in 0u32..20, more_sales in 0i64..100_000, more_orders in 0u32..20,
        ) {
            let l = ladder();
            let before = current(&l, sales, orders).map_or(-1, |i| i as i64);
            let after = current(&l, sales + more_sales, orders + more_orders).map_or(-1, |i| i as i64);
            prop_assert!(after >= before);
            if let Some((i, s, o)) = next(&l, sales, orders) {
                prop_assert!(i as i64 > before);
                prop_assert_eq!(current(&l, sales + s, orders + o).map(|c| c >= i), Some(true));
            }
        }
    }
}
