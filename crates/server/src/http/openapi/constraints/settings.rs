//! The constraints of the shop's settings documents (gift options, delivery), from the same
//! constants the rules in `crates/core` use; see the parent module.

use omiyage_core::{delivery, gift_options};
use serde_json::{Value, json};

use super::{DATE, text};

/// A gift option's price in yen.
fn yen_options() -> Value {
    json!({"minimum": 0, "maximum": gift_options::MAX_PRICE})
}

/// (schema, property, constraints) of the settings' request bodies.
pub(super) fn properties() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "GiftRewardSettings",
            "within_days",
            json!({"minimum": 1, "maximum": omiyage_core::reward::MAX_DAYS}),
        ),
        (
            "GiftRewardSettings",
            "valid_days",
            json!({"minimum": 1, "maximum": omiyage_core::reward::MAX_DAYS}),
        ),
        (
            "GiftRewardSettings",
            "amount",
            json!({"minimum": 1, "maximum": omiyage_core::coupon::MAX_FIXED}),
        ),
        (
            "AfterSalesSettings",
            "return_days",
            json!({"minimum": 1, "maximum": omiyage_core::after_sales::MAX_DAYS}),
        ),
        (
            "AfterSalesSettings",
            "category_days",
            json!({"propertyNames": {"type": "string", "pattern": "[^\\s\\x85]"},
            "additionalProperties": {"type": "integer", "minimum": 1,
                "maximum": omiyage_core::after_sales::MAX_DAYS}}),
        ),
        (
            "AfterSalesDecline",
            "reason",
            text(omiyage_core::after_sales::NOTE_MAX_CHARS),
        ),
        (
            "AfterSalesReturn",
            "instructions",
            text(omiyage_core::after_sales::NOTE_MAX_CHARS),
        ),
        ("AfterSalesRefund", "amount", json!({"minimum": 1})),
        (
            "AfterSalesShip",
            "tracking_number",
            json!({"pattern": "^[A-Za-z0-9-][A-Za-z0-9 -]{2,38}[A-Za-z0-9-]$"}),
        ),
        ("GiftOptionSettings", "noshi_price", yen_options()),
        ("GiftOptionSettings", "card_price", yen_options()),
        (
            "GiftOptionSettings",
            "wrappings",
            json!({"maxItems": gift_options::MAX_WRAPPINGS,
            "description": "No two papers share an id"}),
        ),
        ("Wrapping", "id", json!({"pattern": "^[a-z0-9-]{1,40}$"})),
        ("Wrapping", "name", text(40)),
        ("Wrapping", "price", yen_options()),
        (
            "DeliverySettings",
            "transit_days",
            json!({"minimum": 0, "maximum": delivery::MAX_TRANSIT_DAYS}),
        ),
        (
            "DeliverySettings",
            "cutoff_hour",
            json!({"minimum": 0, "maximum": 23}),
        ),
        (
            "DeliverySettings",
            "horizon_days",
            json!({"minimum": 1, "maximum": delivery::MAX_HORIZON_DAYS}),
        ),
        (
            "DeliverySettings",
            "closed_weekdays",
            json!({"maxItems": 7, "uniqueItems": true, "items": {"type": "integer", "minimum": 0, "maximum": 6},
            "description": "0 = Sunday … 6 = Saturday; at least one weekday stays open"}),
        ),
        (
            "DeliverySettings",
            "closed_dates",
            json!({"maxItems": delivery::MAX_CLOSED_DATES,
            "items": {"type": "string", "pattern": DATE}}),
        ),
        (
            "DeliverySettings",
            "slots",
            json!({"description": "Among the carrier's: Yamato has no 1214"}),
        ),
    ]
}
