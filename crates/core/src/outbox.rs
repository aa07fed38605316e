//! The outbox's rules: how long to wait before trying a message again, and when a gift's
//! sender hears that the claim window is closing.

/// The sender is told once, this long before the deadline, that units are still unclaimed
/// (only for windows longer than this, so a short window does not warn at once).
pub const REMIND_BEFORE_SECS: i64 = 24 * 3600;

/// Longest wait between two attempts.
pub const MAX_RETRY_WAIT_SECS: i64 = 6 * 3600;

/// Seconds to wait after the `attempts`-th failed attempt (1-based): `base × 2^(attempts−1)`,
/// never more than [`MAX_RETRY_WAIT_SECS`]; `None` once `attempts` reaches `max` (the message is
/// then kept as failed).
pub fn retry_after(attempts: u32, max: u32, base_secs: i64) -> Option<i64> {
    if attempts >= max {
        return None;
    }
    let doubling = 1i64 << attempts.saturating_sub(1).min(30);
    Some(
        base_secs
            .max(1)
            .saturating_mul(doubling)
            .min(MAX_RETRY_WAIT_SECS),
    )
}

/// Whether a gift placed at `placed_at` and closing at `expires_at` is due its reminder at
/// `now` (the caller makes sure it is sent once, and only while units are unclaimed).
pub fn reminder_due(placed_at: i64, expires_at: i64, now: i64) -> bool {
    expires_at - placed_at > REMIND_BEFORE_SECS
        && now >= expires_at - REMIND_BEFORE_SECS
        && now < expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_a_cap_then_give_up() {
        let waits: Vec<_> = (1..=5).map(|a| retry_after(a, 5, 30)).collect();
        assert_eq!(waits, [Some(30), Some(60), Some(120), Some(240), None]);
        assert_eq!(retry_after(20, 40, 30), Some(MAX_RETRY_WAIT_SECS));
        assert_eq!(retry_after(1, 1, 30), None);
        assert_eq!(retry_after(1, 3, 0), Some(1), "a zero base still waits");
    }

    #[test]
    fn reminders_come_in_the_last_day_of_long_windows_only() {
        let day = REMIND_BEFORE_SECS;
        let (placed, closes) = (0, 3 * day);
        assert!(!reminder_due(placed, closes, 2 * day - 1));
        assert!(reminder_due(placed, closes, 2 * day));
        assert!(reminder_due(placed, closes, closes - 1));
        assert!(!reminder_due(placed, closes, closes));
        assert!(!reminder_due(0, day, 1), "a one-day window has no reminder");
    }
}
