//! The sales overview's calendar: days in the shop's time zone (Japan, UTC+9, no daylight
//! saving), a gap-free series of the last N days.

use omiyage_api::{DaySales, Money};

/// The shop's offset from UTC in seconds.
pub const SHOP_UTC_OFFSET_SECS: i64 = 9 * 3600;
/// The shop's IANA time zone: every time a person sees is shown in it.
pub const SHOP_TIME_ZONE: &str = "Asia/Tokyo";
const DAY: i64 = 86_400;

/// The day number (days since 1970-01-01 in the shop's zone) of a Unix time.
pub fn day_of(unix: i64) -> i64 {
    (unix + SHOP_UTC_OFFSET_SECS).div_euclid(DAY)
}

/// The Unix time a shop day starts.
pub fn day_start(day: i64) -> i64 {
    day * DAY - SHOP_UTC_OFFSET_SECS
}

/// `YYYY-MM-DD` of a day number.
pub fn date_of(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month and day of a day number (civil-from-days, proleptic Gregorian).
pub fn civil(day: i64) -> (i64, i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day number of a `YYYY-MM-DD` date (days-from-civil), or `None` if it is not one.
pub fn day_from_date(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let day = era * 146_097 + doe - 719_468;
    // Refuse dates that do not exist (31 April) by converting back.
    (date_of(day) == date.trim()).then_some(day)
}

/// The last `days` days up to and including `today`, oldest first, with zeros where `totals`
/// (day number, orders, revenue in yen) has nothing.
pub fn series(totals: &[(i64, u32, i64)], today: i64, days: i64) -> Vec<DaySales> {
    (today - days + 1..=today)
        .map(|day| {
            let (orders, revenue) = totals
                .iter()
                .filter(|t| t.0 == day)
                .fold((0, 0), |(o, r), t| (o + t.1, r + t.2));
            DaySales {
                date: date_of(day),
                orders,
                revenue: Money::jpy(revenue),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_turn_at_midnight_in_japan() {
        // 2026-11-25T14:59:59Z is 23:59:59 in Tokyo; a second later it is the 26th there.
        let before = 1_795_618_799;
        assert_eq!(date_of(day_of(before)), "2026-11-25");
        assert_eq!(date_of(day_of(before + 1)), "2026-11-26");
        assert_eq!(day_start(day_of(before + 1)), before + 1);
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(day_of(951_782_400)), "2000-02-29");
    }

    #[test]
    fn dates_and_day_numbers_convert_both_ways() {
        assert_eq!(day_from_date("1970-01-01"), Some(0));
        assert_eq!(
            day_from_date("2026-11-25").map(date_of).as_deref(),
            Some("2026-11-25")
        );
        assert_eq!(day_from_date("2026-04-31"), None);
        assert_eq!(day_from_date("yesterday"), None);
    }

    proptest::proptest! {
        #[test]
        fn every_day_number_round_trips_through_its_date(day in -100_000i64..100_000) {
            proptest::prop_assert_eq!(day_from_date(&date_of(day)), Some(day));
        }
    }

    #[test]
    fn the_series_has_every_day_oldest_first_with_zeros_in_gaps() {
        let today = day_of(1_795_618_799);
        let s = series(&[(today, 2, 3_000), (today - 2, 1, 500)], today, 30);
        assert_eq!(s.len(), 30);
        assert_eq!(s[29].date, "2026-11-25");
        assert_eq!((s[29].orders, s[29].revenue), (2, Money::jpy(3_000)));
        assert_eq!((s[28].orders, s[27].orders), (0, 1));
        assert_eq!(s[0].date, "2026-10-27");
    }
}
