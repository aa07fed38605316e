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

/// Whether a problem may still be reported at `now` about an item of `category` that shipped
/// (or was claimed, or ordered, before it shipped) at `since`.
pub fn within_period(settings: &AfterSalesSettings, category: &str, since: i64, now: i64) -> bool {
    now <= since + i64::from(settings.days_for(category)) * DAY
}

/// Checks the merchant's return instructions (said to the requester).
pub fn check_instructions(instructions: &str) -> Result<(), ApiError> {
    let n = instructions.trim().chars().count();
    match (1..=NOTE_MAX_CHARS).contains(&n) {
        true => Ok(()),
        false => Err(ApiError::invalid(vec![FieldError::new(
            "instructions",
            "Say in 1 to 500 characters how to send the item back.",
        )])),
    }
}

/// Checks a refund's amount before anything is read: at least a yen.
pub fn check_refund(amount: i64) -> Result<(), ApiError> {
    match amount >= 1 {
        true => Ok(()),
        false => Err(ApiError::invalid(vec![FieldError::new(
            "amount",
            "Refund at least 1 yen.",
        )])),
    }
}

/// What a refund from a request may still give back: what the item paid less every refund
/// made from requests about it (the card's own limit is checked on top).
pub fn refundable(paid: i64, refunded_for_item: i64) -> i64 {
    (paid - refunded_for_item).max(0)
}

/// Why the buyer is refunded, in the buyer's language: the item only (a recipient's words,
/// photos and address stay with the shop).
pub fn refund_reason(lang: crate::lang::Lang, item_name: &str, recipient: bool) -> String {
    use crate::lang::Lang;
    match (lang, recipient) {
        (Lang::Ja, true) => format!("ギフトの受け取り手からご連絡があった {item_name} の返金"),
        (Lang::Ja, false) => format!("ご連絡いただいた {item_name} の返金"),
        (Lang::ZhHans, true) => format!("礼物收件人反馈的 {item_name} 的退款"),
        (Lang::ZhHans, false) => format!("您反馈的 {item_name} 的退款"),
        (Lang::En, true) => {
            format!("Refund for {item_name}, about which your gift's recipient contacted us")
        }
        (Lang::En, false) => format!("Refund for {item_name}, about which you contacted us"),
    }
}

/// Checks the admin's settings (every period from 1 to 365 days; a category named once).
pub fn check_settings(settings: &AfterSalesSettings) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !(1..=MAX_DAYS).contains(&settings.return_days) {
        errors.push(FieldError::new(
            "return_days",
            "Give the return period in days, from 1 to 365.",
        ));
    }
    for (category, days) in &settings.category_days {
        if category.trim().is_empty() || !(1..=MAX_DAYS).contains(days) {
            errors.push(FieldError::new(
                format!("category_days.{category}"),
                "Give each category's return period in days, from 1 to 365.",
            ));
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(ApiError::invalid(errors)),
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
    #[test]
    fn refunds_never_pass_what_the_item_paid() {
        assert_eq!(refundable(1_200, 0), 1_200);
        assert_eq!(refundable(1_200, 700), 500);
        assert_eq!(refundable(1_200, 1_500), 0);
        assert!(check_refund(0).is_err() && check_refund(1).is_ok());
        assert!(check_instructions(" ").is_err() && check_instructions("Post it to us").is_ok());
    }

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
        let mut s = AfterSalesSettings {
            return_days: 14,
            category_days: Default::default(),
        };
        assert!(within_period(&s, "sweets", 1_000, 1_000 + 14 * DAY));
        assert!(!within_period(&s, "sweets", 1_000, 1_001 + 14 * DAY));
        s.category_days.insert("sweets".into(), 3);
        assert!(!within_period(&s, "sweets", 1_000, 1_001 + 3 * DAY));
        assert!(within_period(&s, "tea", 1_000, 1_000 + 14 * DAY));
        s.category_days.insert("tea".into(), 0);
        assert!(check_settings(&s).is_err());
    }
}
