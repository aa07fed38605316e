//! Accounts: creating one (the admin's staff form, a promoter signing up, the demo accounts
//! and the `create-admin` sub-command all come here).

use omiyage_api::{AccountView, ApiError, ErrorCode, FieldError, NewAccount, Role};
use omiyage_core::account::validate_new_account;

use crate::AppError;
use crate::auth;
use crate::storage::{AccountStorage, NewAccountRecord, NotCreated};

/// Checks the form, hashes the password and stores the account (409 when the email is taken).
pub async fn create_account(
    storage: &impl AccountStorage,
    input: &NewAccount,
    role: Role,
    demo: bool,
    now: i64,
) -> Result<AccountView, AppError> {
    let valid = validate_new_account(input, role == Role::Staff)?;
    let record = NewAccountRecord {
        id: uuid::Uuid::new_v4().to_string(),
        email: valid.email,
        name: valid.name,
        role,
        shop_id: valid.shop_id,
        password_hash: auth::hash_password(valid.password).await?,
        demo,
    };
    match storage.create_account(&record, now).await? {
        Ok(account) => Ok(account),
        Err(NotCreated::EmailTaken) => Err(ApiError::new(
            ErrorCode::Conflict,
            "An account with this email already exists.",
        )
        .into()),
        Err(NotCreated::NoSuchShop) => Err(ApiError::invalid(vec![FieldError::new(
            "shop_id",
            "That shop does not exist.",
        )])
        .into()),
    }
}
