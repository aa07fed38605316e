//! Shop-time dates and times as each language writes them, for both apps, the server's pages
//! and the emails (the shop's time zone, Asia/Tokyo; see `sales` for the calendar).

use crate::lang::Lang;
use crate::sales::{SHOP_UTC_OFFSET_SECS, civil, day_of};

/// The shop-time date of a Unix time: 2026年12月1日 / 1 Dec 2026.
pub fn date(lang: Lang, at: i64) -> String {
    let (y, m, d) = civil(day_of(at));
    match lang {
        Lang::Ja | Lang::ZhHans => format!("{y}年{m}月{d}日"),
        Lang::En => {
            let month = "JanFebMarAprMayJunJulAugSepOctNovDec"
                .get(3 * (m as usize - 1)..3 * m as usize)
                .unwrap_or("");
            format!("{d} {month} {y}")
        }
    }
}

/// A shop-time date and time with its weekday, one way for the apps, the server's pages and
/// the emails: 2026年12月3日(木) 14:05 / 2026年12月3日 周四 14:05（日本时间）/
/// Thu 3 Dec 2026, 14:05 (JST). Japanese readers need no zone; a Chinese or English reader may
/// be abroad.
pub fn date_time(lang: Lang, at: i64) -> String {
    let minutes = (at + SHOP_UTC_OFFSET_SECS).rem_euclid(86_400) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    let date = date(lang, at);
    let weekday = weekday(lang, day_of(at));
    match lang {
        Lang::Ja => format!("{date}({weekday}) {h:02}:{m:02}"),
        Lang::ZhHans => format!("{date} 周{weekday} {h:02}:{m:02}（日本时间）"),
        Lang::En => format!("{weekday} {date}, {h:02}:{m:02} (JST)"),
    }
}

/// A day number's weekday as each language abbreviates it: 水 / 三 / Wed.
pub fn weekday(lang: Lang, day: i64) -> &'static str {
    // Day 0 (1970-01-01) was a Thursday. Three bytes a weekday in each list.
    let w = 3 * (day + 4).rem_euclid(7) as usize;
    let days = match lang {
        Lang::Ja => "日月火水木金土",
        Lang::ZhHans => "日一二三四五六",
        Lang::En => "SunMonTueWedThuFriSat",
    };
    days.get(w..w + 3).unwrap_or("")
}

/// A deadline as [`date_time`] writes it, on the day it is for a person: one at midnight in
/// the shop's zone (the end of a day, as a printed card's expiry day ends) reads as 23:59 of
/// that day, never as 00:00 of the next, so the card, the claim page and the emails name the
/// same day.
pub fn deadline(lang: Lang, at: i64) -> String {
    let midnight = (at + SHOP_UTC_OFFSET_SECS).rem_euclid(86_400) == 0;
    date_time(lang, if midnight { at - 60 } else { at })
}

/// A shop-time moment as a `datetime-local` input holds it: `2026-12-24T09:00`.
pub fn local_input(at: i64) -> String {
    let minutes = (at + SHOP_UTC_OFFSET_SECS).rem_euclid(86_400) / 60;
    format!(
        "{}T{:02}:{:02}",
        crate::sales::date_of(day_of(at)),
        minutes / 60,
        minutes % 60
    )
}

/// The moment a `datetime-local` input's value (`2026-12-24T09:00`) names in the shop's time.
pub fn from_local_input(value: &str) -> Option<i64> {
    let (date, time) = value.trim().split_once('T')?;
    let (h, m) = time.get(..5)?.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(crate::sales::day_start(crate::sales::day_from_date(date)?) + h * 3600 + m * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_input_names_a_moment_in_tokyo_and_back() {
        // 2026-12-24 09:00 in Tokyo is 00:00 UTC.
        let at = from_local_input("2026-12-24T09:00").unwrap();
        assert_eq!(at, 1_798_070_400);
        assert_eq!(local_input(at), "2026-12-24T09:00");
        assert_eq!(from_local_input("2026-12-24T09:00:30"), Some(at));
        for bad in [
            "",
            "2026-12-24",
            "2026-02-30T09:00",
            "2026-12-24T24:00",
            "x T1:2",
        ] {
            assert_eq!(from_local_input(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_deadline_at_midnight_is_the_last_minute_of_its_day() {
        // 2026-12-10 00:00 in Tokyo is 2026-12-09 15:00 UTC.
        let midnight = 1_796_828_400;
        assert_eq!(date_time(Lang::Ja, midnight), "2026年12月10日(木) 00:00");
        assert_eq!(deadline(Lang::Ja, midnight), "2026年12月9日(水) 23:59");
        assert_eq!(deadline(Lang::En, midnight), "Wed 9 Dec 2026, 23:59 (JST)");
        assert_eq!(
            deadline(Lang::ZhHans, midnight),
            "2026年12月9日 周三 23:59（日本时间）"
        );
        // Any other moment is itself.
        assert_eq!(
            deadline(Lang::Ja, midnight + 3_900),
            "2026年12月10日(木) 01:05"
        );
        assert_eq!(
            deadline(Lang::Ja, midnight - 1),
            date_time(Lang::Ja, midnight - 1)
        );
    }

    #[test]
    fn dates_are_in_shop_time_as_each_language_writes_them() {
        // 2026-12-03 05:05 UTC is 14:05 in Tokyo; 15:30 UTC is already the next day there.
        let at = 1_796_274_300;
        assert_eq!(date(Lang::Ja, at), "2026年12月3日");
        assert_eq!(date(Lang::En, at), "3 Dec 2026");
        assert_eq!(date_time(Lang::Ja, at), "2026年12月3日(木) 14:05");
        assert_eq!(
            date_time(Lang::ZhHans, at),
            "2026年12月3日 周四 14:05（日本时间）"
        );
        assert_eq!(date_time(Lang::En, at), "Thu 3 Dec 2026, 14:05 (JST)");
        // 15:30 UTC on 3 Dec is Friday in Tokyo; the epoch's day and a leap day.
        assert_eq!(
            date_time(Lang::En, at + 37_500),
            "Fri 4 Dec 2026, 00:30 (JST)"
        );
        assert_eq!(
            date_time(Lang::Ja, -SHOP_UTC_OFFSET_SECS),
            "1970年1月1日(木) 00:00"
        );
        assert_eq!(
            date_time(Lang::Ja, 1_709_164_800),
            "2024年2月29日(木) 09:00"
        );
        assert_eq!(date(Lang::En, at + 37_500), "4 Dec 2026");
    }
}
