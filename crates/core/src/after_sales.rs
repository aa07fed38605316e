//! After-sales rules: what a problem report must hold, the return period, and the merchant's
//! answer.

use omiyage_api::{AfterSalesDecision, AfterSalesSettings, ApiError, FieldError, Remedy};

/// The longest note (a requester's, or the merchant's reason).
pub const NOTE_MAX_CHARS: usize = 500;
/// The longest return period, in days.
pub const MAX_DAYS: u32 = 365;
const DAY: i64 = 86_400;

/// Checks a report's note and remedy: every problem at once (422).
pub fn check_report(note: &str, remedy: Remedy, exchange_variant: &str) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if note.trim().chars().count() > NOTE_MAX_CHARS {
        errors.push(FieldError::new(
            "note",
            format!("Keep the note to {NOTE_MAX_CHARS} characters or fewer."),
        ));
    }
    if remedy == Remedy::Exchange && exchange_variant.trim().is_empty() {
        errors.push(FieldError::new(
            "exchange_variant",
            "Choose the variant you would like instead.",
        ));
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(ApiError::invalid(errors)),
    }
}

/// Whether a problem may still be reported at `now` about an item that shipped (or was
/// claimed, or ordered, before it shipped) at `since`.
pub fn within_period(settings: &AfterSalesSettings, since: i64, now: i64) -> bool {
    now <= since + i64::from(settings.return_days) * DAY
}

/// Checks the admin's settings.
pub fn check_settings(settings: &AfterSalesSettings) -> Result<(), ApiError> {
    match (1..=MAX_DAYS).contains(&settings.return_days) {
        true => Ok(()),
        false => Err(ApiError::invalid(vec![FieldError::new(
            "return_days",
            "Give the return period in days, from 1 to 365.",
        )])),
    }
}

/// Checks the merchant's answer: a refusal says why.
pub fn check_decision(d: &AfterSalesDecision) -> Result<(), ApiError> {
    let reason = d.reason.trim();
    let problem = if !d.accept && reason.is_empty() {
        "Say why the request is declined: the requester reads it."
    } else if reason.chars().count() > NOTE_MAX_CHARS {
        "Keep the reason to 500 characters or fewer."
    } else {
        return Ok(());
    };
    Err(ApiError::invalid(vec![FieldError::new("reason", problem)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_and_an_answer_say_what_is_missing() {
        assert!(check_report("Crushed box", Remedy::Refund, "").is_ok());
        let e = check_report(&"x".repeat(501), Remedy::Exchange, " ").unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["note", "exchange_variant"]);
        let decline = |reason: &str| AfterSalesDecision {
            accept: false,
            reason: reason.into(),
        };
        assert!(check_decision(&decline("  ")).is_err());
        assert!(check_decision(&decline("The seal is intact in your photo.")).is_ok());
        assert!(
            check_decision(&AfterSalesDecision {
                accept: true,
                reason: String::new()
            })
            .is_ok()
        );
    }

    #[test]
    fn the_period_counts_whole_days_from_shipping() {
        let s = AfterSalesSettings { return_days: 14 };
        assert!(within_period(&s, 1_000, 1_000 + 14 * DAY));
        assert!(!within_period(&s, 1_000, 1_001 + 14 * DAY));
    }
}
