//! Accounts of the people who run the shop: the merchant admin, shop staff and promoters.
//! Shoppers never have one.

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum Role {
    /// The merchant: products, orders, shops, staff, promoters.
    Admin,
    /// Works in one shop.
    Staff,
    /// Shares products and earns commission.
    Promoter,
    /// A marketing agency: recruits promoters, joins plans for them, takes a share of their
    /// commission.
    Agency,
}

wire_names!(Role {
    Admin => "admin",
    Staff => "staff",
    Promoter => "promoter",
    Agency => "agency",
});

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// An account as its owner and the admin see it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The shop a staff account belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<String>,
    pub disabled: bool,
}

/// A new staff account (created by the admin) or promoter (signing up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub password: String,
    /// Required for staff: the shop they work in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<String>,
}

/// The answer to a promoter's sign-up, the same whether or not the email has an account: a
/// link to finish it was emailed (or, for an existing account, a note saying so).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpStarted {
    /// Where the email went (normalised).
    pub email: String,
    /// How long the link works, in seconds.
    pub expires_in_secs: i64,
}

/// The secret of an emailed link (a sign-up's, an agency invitation's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkToken {
    pub token: String,
}

/// A physical shop (where staff work and counter gifts are sold).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shop {
    pub id: String,
    pub name: String,
    pub address: String,
    /// Claim window of gifts sold there, in seconds.
    pub claim_window_secs: i64,
}

/// A shop as the admin creates or edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopInput {
    pub name: String,
    pub address: String,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub claim_window_secs: i64,
}
