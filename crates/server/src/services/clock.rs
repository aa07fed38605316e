//! The server's one source of time. Handlers, the expiry sweep and the services read it from
//! [`crate::AppState::clock`]; tests move a [`ManualClock`] instead of sleeping.

use std::fmt::Debug;
use std::sync::atomic::{AtomicI64, Ordering};

/// Seconds since the Unix epoch.
pub trait Clock: Debug + Send + Sync + 'static {
    fn now(&self) -> i64;

    /// Moves the clock forward by `secs`; `false` for a clock that cannot be moved (the
    /// machine's). A server on a movable clock lets end-to-end tests move it
    /// (`POST /api/test/clock`).
    fn advance(&self, secs: i64) -> bool {
        let _ = secs;
        false
    }
}

/// The machine's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock that stands still until moved (tests).
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// Starts at the machine's current time.
    pub fn starting_now() -> ManualClock {
        ManualClock(AtomicI64::new(SystemClock.now()))
    }

    /// Starts at `unix` (seconds since the epoch).
    pub fn at(unix: i64) -> ManualClock {
        ManualClock(AtomicI64::new(unix))
    }

    /// Moves the clock forward by `secs`.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    fn advance(&self, secs: i64) -> bool {
        ManualClock::advance(self, secs);
        true
    }
}

/// The machine's clock shifted to start at a chosen moment, then running (a server started
/// with `--test-clock-at` for end-to-end tests, which move it forward).
#[derive(Debug)]
pub struct ShiftedClock(AtomicI64);

impl ShiftedClock {
    /// Reads `unix` (seconds since the epoch) now, and runs on from there.
    pub fn starting_at(unix: i64) -> ShiftedClock {
        ShiftedClock(AtomicI64::new(unix - SystemClock.now()))
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> i64 {
        SystemClock.now() + self.0.load(Ordering::SeqCst)
    }

    fn advance(&self, secs: i64) -> bool {
        self.0.fetch_add(secs, Ordering::SeqCst);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = ManualClock::starting_now();
        let start = clock.now();
        assert!((start - SystemClock.now()).abs() <= 1);
        assert_eq!(clock.now(), start);
        clock.advance(3_600);
        assert_eq!(clock.now(), start + 3_600);
    }
}
