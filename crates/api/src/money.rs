use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// ISO 4217 currencies the shop can price in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String")]
pub enum Currency {
    /// Japanese yen: no minor unit.
    JPY,
}

impl Currency {
    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::JPY => 0,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::JPY => "¥",
        }
    }
}

/// An amount of money: an integer count of minor units and its currency. Never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Minor units (for JPY, whole yen).
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(amount: i64, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub const fn jpy(amount: i64) -> Self {
        Money::new(amount, Currency::JPY)
    }

    pub const fn zero(currency: Currency) -> Self {
        Money::new(0, currency)
    }

    /// Adds two amounts of the same currency; `None` on a currency mismatch or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount.checked_add(other.amount))
            .flatten()
            .map(|amount| Money::new(amount, self.currency))
    }

    /// Multiplies by a quantity; `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        self.amount
            .checked_mul(quantity)
            .map(|amount| Money::new(amount, self.currency))
    }

    /// Formats for display with the currency symbol and thousands separators, e.g. `¥1,200`.
    /// Integer arithmetic only, so no float formatting code reaches the wasm bundle.
    pub fn format(&self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10i64.pow(digits);
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let major = abs / scale as u64;
        let minor = abs % scale as u64;
        let mut grouped = String::new();
        let major = major.to_string();
        for (i, ch) in major.chars().enumerate() {
            if i > 0 && (major.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if digits == 0 {
            format!("{sign}{}{grouped}", self.currency.symbol())
        } else {
            format!(
                "{sign}{}{grouped}.{minor:0width$}",
                self.currency.symbol(),
                width = digits as usize
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_is_formatted_with_thousands_separators() {
        assert_eq!(Money::jpy(0).format(), "¥0");
        assert_eq!(Money::jpy(980).format(), "¥980");
        assert_eq!(Money::jpy(1_200).format(), "¥1,200");
        assert_eq!(Money::jpy(1_234_567).format(), "¥1,234,567");
        assert_eq!(Money::jpy(-5_000).format(), "-¥5,000");
    }

    #[test]
    fn money_serialises_as_integer_minor_units() {
        let json = serde_json::to_string(&Money::jpy(1200)).unwrap();
        assert_eq!(json, r#"{"amount":1200,"currency":"JPY"}"#);
    }

    #[test]
    fn arithmetic_refuses_overflow() {
        assert_eq!(Money::jpy(i64::MAX).checked_add(Money::jpy(1)), None);
        assert_eq!(Money::jpy(i64::MAX).checked_mul(2), None);
        assert_eq!(Money::jpy(300).checked_mul(3), Some(Money::jpy(900)));
    }
}

wire_names!(Currency {
    JPY => "JPY",
});

/// ¥0: what the shopper's app puts for an amount it does not read (`lean-client`).
#[cfg(feature = "lean-client")]
pub(crate) fn zero_yen() -> Money {
    Money::jpy(0)
}
