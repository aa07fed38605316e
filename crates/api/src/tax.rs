//! Consumption tax on the wire: each variant's tax class and an order's totals per rate.

use serde::{Deserialize, Serialize};

use crate::Money;
use crate::wire_name::wire_names;

/// Japan's consumption tax classes. Shown prices include the tax.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", rename_all = "snake_case")]
pub enum TaxClass {
    /// 10 %: goods, drinks with alcohol (sake), shipping.
    #[default]
    Standard,
    /// 8 %: food and non-alcoholic drinks (軽減税率).
    Reduced,
}

wire_names!(TaxClass {
    Standard => "standard",
    Reduced => "reduced",
});

impl TaxClass {
    /// The rate in percent.
    pub fn percent(self) -> i64 {
        match self {
            TaxClass::Standard => 10,
            TaxClass::Reduced => 8,
        }
    }
}

/// One rate's share of an order: what was paid at that rate (tax included) and the tax in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxTotal {
    pub class: TaxClass,
    /// The total at this rate, tax included.
    pub taxable: Money,
    /// The consumption tax inside `taxable`, rounded down once for the rate.
    pub tax: Money,
}
