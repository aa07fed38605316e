//! Wire names of the unit enums. Serde writes them with its derive; it reads them back through
//! `#[serde(try_from = "String")]` and the `TryFrom<String>` made here: one plain string read
//! and a lookup, where a derived enum visitor costs the shopper's wasm about 1 KB per enum.

/// Gives a unit enum `ALL`, `as_str` (its serde name) and `TryFrom<String>`.
macro_rules! wire_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl TryFrom<String> for $ty {
            type Error = String;

            fn try_from(name: String) -> Result<Self, String> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == name)
                    .ok_or_else(|| $crate::wire_name::unknown(stringify!($ty), &name))
            }
        }
    };
}

pub(crate) use wire_names;

/// The error for a name no variant has.
pub(crate) fn unknown(kind: &str, name: &str) -> String {
    format!("unknown {kind} “{name}”")
}

#[cfg(test)]
mod tests {
    use crate::{
        Currency, ErrorCode, GiftState, OrderStatus, PaymentStatus, RefundReason, UnitState,
    };

    fn round_trips<T>(all: &[T])
    where
        T: Copy + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    {
        for v in all {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v, "{json}");
        }
    }

    #[test]
    fn every_wire_name_is_the_serde_name_and_reads_back() {
        round_trips(ErrorCode::ALL);
        round_trips(UnitState::ALL);
        round_trips(RefundReason::ALL);
        round_trips(GiftState::ALL);
        round_trips(OrderStatus::ALL);
        round_trips(PaymentStatus::ALL);
        round_trips(Currency::ALL);
        round_trips(crate::Role::ALL);
        round_trips(crate::CodeState::ALL);
        round_trips(crate::TaxClass::ALL);
        assert_eq!(
            serde_json::to_string(&OrderStatus::AwaitingPayment).unwrap(),
            "\"awaiting_payment\""
        );
    }

    #[test]
    fn an_unknown_name_is_an_error_that_names_it() {
        let err = serde_json::from_str::<UnitState>("\"lost\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown UnitState “lost”"),
            "{err}"
        );
    }
}
