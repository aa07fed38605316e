//! Random identifiers from the browser's CSPRNG (`crypto.getRandomValues`, which, unlike
//! `randomUUID`, also works on plain-http static hosting).

/// A UUID v4 string (122 random bits).
pub fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    assert!(filled, "the browser has no crypto.getRandomValues");
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A fresh `Idempotency-Key` for one request that must happen once (a checkout, a payout).
pub fn new_idempotency_key() -> String {
    uuid_v4()
}
