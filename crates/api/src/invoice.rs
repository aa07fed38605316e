//! The shop as a qualified-invoice issuer (適格請求書発行事業者), for receipts.

use serde::{Deserialize, Serialize};

/// The issuer's registered name and registration number (`T` and 13 digits), printed on every
/// receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceIssuer {
    pub registered_name: String,
    pub registration_number: String,
}
