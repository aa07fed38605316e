//! Shop-time dates and times as each language writes them, for the server's pages and the
//! emails (the shop's time zone, Asia/Tokyo; see `sales` for the calendar).

use crate::lang::Lang;
use crate::sales::{SHOP_UTC_OFFSET_SECS, date_of, day_of};

/// The shop-time date of a Unix time: 2026年12月1日 / 1 Dec 2026.
pub fn date(lang: Lang, at: i64) -> String {
    let iso = date_of(day_of(at));
    let mut parts = iso.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    let (y, m, d) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    match lang {
        Lang::Ja | Lang::ZhHans => format!("{y}年{m}月{d}日"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS.get((m as usize).wrapping_sub(1)).unwrap_or(&"");
            format!("{d} {month} {y}")
        }
    }
}

/// A shop-time date and time: 2026年12月3日 14:05 / 3 Dec 2026, 14:05 (JST).
pub fn date_time(lang: Lang, at: i64) -> String {
    let minutes = (at + SHOP_UTC_OFFSET_SECS).rem_euclid(86_400) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    let date = date(lang, at);
    match lang {
        Lang::En => format!("{date}, {h:02}:{m:02} (JST)"),
        _ => format!("{date} {h:02}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_in_shop_time_as_each_language_writes_them() {
        // 2026-12-03 05:05 UTC is 14:05 in Tokyo; 15:30 UTC is already the next day there.
        let at = 1_796_274_300;
        assert_eq!(date(Lang::Ja, at), "2026年12月3日");
        assert_eq!(date(Lang::En, at), "3 Dec 2026");
        assert_eq!(date_time(Lang::ZhHans, at), "2026年12月3日 14:05");
        assert_eq!(date_time(Lang::En, at), "3 Dec 2026, 14:05 (JST)");
        assert_eq!(date(Lang::En, at + 37_500), "4 Dec 2026");
    }
}
