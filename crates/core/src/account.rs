//! Account rules: who may sign up with what, and how often sign-in may be tried.

use omiyage_api::{ApiError, FieldError, NewAccount, ShopInput};

use crate::checkout::{is_plausible_email, required};

/// Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask a little more).
pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = 128;

/// An email as accounts store it: trimmed and lower-case, so sign-in is case-insensitive.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A new account that passed every rule (email normalised, name trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAccount {
    pub email: String,
    pub name: String,
    pub password: String,
    pub shop_id: Option<String>,
}

/// Checks a new staff or promoter account; staff must name their shop.
pub fn validate_new_account(
    input: &NewAccount,
    needs_shop: bool,
) -> Result<ValidAccount, ApiError> {
    let mut errors = Vec::new();
    let email = normalise_email(&input.email);
    if !is_plausible_email(&email) {
        errors.push(FieldError::new(
            "email",
            "Enter an email like name@example.com.",
        ));
    }
    required("name", &input.name, "a name", 80, &mut errors);
    let length = input.password.chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&length) {
        errors.push(FieldError::new(
            "password",
            format!("Use a password of {MIN_PASSWORD} to {MAX_PASSWORD} characters."),
        ));
    }
    let shop_id = input
        .shop_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if needs_shop && shop_id.is_none() {
        errors.push(FieldError::new(
            "shop_id",
            "Choose the shop this person works in.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ValidAccount {
        email,
        name: input.name.trim().to_string(),
        password: input.password.clone(),
        shop_id: if needs_shop {
            shop_id.map(str::to_string)
        } else {
            None
        },
    })
}

/// Shortest and longest claim window a shop may set.
pub const MIN_CLAIM_WINDOW_SECS: i64 = 60 * 60;
pub const MAX_CLAIM_WINDOW_SECS: i64 = 90 * 24 * 60 * 60;

/// Checks a shop form; returns it trimmed.
pub fn validate_shop(input: &ShopInput) -> Result<ShopInput, ApiError> {
    let mut errors = Vec::new();
    required("name", &input.name, "the shop's name", 80, &mut errors);
    required(
        "address",
        &input.address,
        "the shop's address",
        200,
        &mut errors,
    );
    if !(MIN_CLAIM_WINDOW_SECS..=MAX_CLAIM_WINDOW_SECS).contains(&input.claim_window_secs) {
        errors.push(FieldError::new(
            "claim_window_secs",
            "Set a claim window between 1 hour and 90 days.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ShopInput {
        name: input.name.trim().to_string(),
        address: input.address.trim().to_string(),
        claim_window_secs: input.claim_window_secs,
    })
}

/// A limit of `max` attempts per `secs` seconds, e.g. 5 failed sign-ins per 15 minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: usize,
    pub secs: i64,
}

/// Whether one more attempt is allowed given the earlier attempts' times (any order, any age).
/// `Err(seconds)` says how long until the oldest attempt inside the window leaves it.
pub fn check_limit(attempts: &[i64], limit: Limit, now: i64) -> Result<(), i64> {
    let mut recent: Vec<i64> = attempts
        .iter()
        .copied()
        .filter(|&t| t > now - limit.secs && t <= now)
        .collect();
    if recent.len() < limit.max {
        return Ok(());
    }
    recent.sort_unstable();
    let frees_at = recent[recent.len() - limit.max] + limit.secs;
    Err((frees_at - now).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn account(email: &str, password: &str, shop: Option<&str>) -> NewAccount {
        NewAccount {
            email: email.into(),
            name: "Aiko".into(),
            password: password.into(),
            shop_id: shop.map(str::to_string),
        }
    }

    #[test]
    fn emails_are_stored_lower_case_and_trimmed() {
        let v = validate_new_account(&account(" Aiko@Shop.JP ", "long enough pw", None), false);
        assert_eq!(v.unwrap().email, "aiko@shop.jp");
    }

    #[test]
    fn short_passwords_and_missing_shops_are_refused_together() {
        let e = validate_new_account(&account("a@b.jp", "short", None), true).unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["password", "shop_id"]);
    }

    #[test]
    fn a_shop_needs_a_sane_claim_window() {
        let shop = |secs| ShopInput {
            name: "Asakusa".into(),
            address: "Tokyo".into(),
            claim_window_secs: secs,
        };
        assert!(validate_shop(&shop(72 * 3600)).is_ok());
        assert!(validate_shop(&shop(59)).is_err());
        assert!(validate_shop(&shop(MAX_CLAIM_WINDOW_SECS + 1)).is_err());
    }

    #[test]
    fn the_limit_opens_again_when_the_oldest_attempt_leaves_the_window() {
        let limit = Limit { max: 3, secs: 60 };
        assert_eq!(check_limit(&[100, 110], limit, 120), Ok(()));
        assert_eq!(check_limit(&[100, 110, 115], limit, 120), Err(40));
        assert_eq!(check_limit(&[100, 110, 115], limit, 160), Ok(()));
    }

    proptest! {
        #[test]
        fn never_more_than_max_attempts_pass_in_any_window(
            gaps in proptest::collection::vec(0i64..30, 1..200),
            max in 1usize..8,
            secs in 1i64..120,
        ) {
            let limit = Limit { max, secs };
            let mut now = 0;
            let mut passed: Vec<i64> = Vec::new();
            for gap in gaps {
                now += gap;
                if check_limit(&passed, limit, now).is_ok() {
                    passed.push(now);
                }
                let in_window = passed.iter().filter(|&&t| t > now - secs).count();
                prop_assert!(in_window <= max);
            }
        }
    }
}
