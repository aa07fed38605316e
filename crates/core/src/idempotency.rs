//! Idempotency keys: a retried checkout with the same key returns the first answer; the same key
//! with another body is refused (422).

use omiyage_api::{ApiError, CheckoutRequest, ErrorCode};

/// Checks the `Idempotency-Key` header value: 8 to 128 visible ASCII characters.
pub fn parse_key(key: Option<&str>) -> Result<String, ApiError> {
    let key = key.map(str::trim).unwrap_or_default();
    if key.is_empty() {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "Send an Idempotency-Key header (for example a UUID) so the checkout can be retried safely.",
        ));
    }
    if !(8..=128).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "The Idempotency-Key must be 8 to 128 visible ASCII characters.",
        ));
    }
    Ok(key.to_string())
}

/// A stable fingerprint of a checkout body, stored with its key.
pub fn fingerprint(request: &CheckoutRequest) -> String {
    fingerprint_of(request)
}

/// A stable fingerprint of any request body (FNV-1a over its canonical JSON).
pub fn fingerprint_of(request: &impl serde::Serialize) -> String {
    let bytes = serde_json::to_vec(request).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The answer when a key was seen before with another fingerprint.
pub fn mismatch() -> ApiError {
    ApiError::new(
        ErrorCode::IdempotencyMismatch,
        "This Idempotency-Key was already used for a different checkout. Use a new key for a new order.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use omiyage_api::{Address, CheckoutLine, Contact, PaymentChoice};

    fn req(q: i64) -> CheckoutRequest {
        CheckoutRequest {
            lines: vec![CheckoutLine {
                options_token: Default::default(),
                options: Default::default(),
                product_id: "a".into(),
                variant_id: "b".into(),
                quantity: q,
            }],
            contact: Contact::default(),
            address: Address::default(),
            payment: PaymentChoice::PayInShop,
            gift: None,
            coupon: None,
            delivery: None,
            points: 0,
        }
    }

    #[test]
    fn same_body_same_fingerprint_other_body_other_fingerprint() {
        assert_eq!(fingerprint(&req(1)), fingerprint(&req(1)));
        assert_ne!(fingerprint(&req(1)), fingerprint(&req(2)));
    }

    #[test]
    fn keys_must_be_present_and_sane() {
        assert!(parse_key(None).is_err());
        assert!(parse_key(Some("short")).is_err());
        assert!(parse_key(Some("has space inside")).is_err());
        assert_eq!(parse_key(Some(" 0b6f-aa12-ff ")).unwrap(), "0b6f-aa12-ff");
    }
}
