//! Accounts, sessions, shops and rate limits.

use std::future::Future;

use omiyage_api::{AccountView, Role, Shop, ShopInput};

use crate::storage::StorageError;

/// A new account as storage writes it (the password already hashed).
#[derive(Clone, Debug)]
pub struct NewAccountRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub shop_id: Option<String>,
    pub password_hash: String,
    pub demo: bool,
}

/// A promoter's sign-up waiting for its emailed link (only the link secret's hash is kept).
#[derive(Clone, Debug)]
pub struct PendingSignUp {
    pub token_hash: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub expires_at: i64,
}

/// Why a sign-up's link did not make an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSignedUp {
    /// No live sign-up has this link (never made, used, or expired).
    NoSuchLink,
    /// The email got an account meanwhile.
    EmailTaken,
}

/// Why an account was not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCreated {
    EmailTaken,
    NoSuchShop,
}

/// Accounts, sessions and shops. Sessions live in the database (never in process memory), so
/// several server instances can share them.
pub trait AccountStorage: Send + Sync + 'static {
    /// Writes a new account, unless its email is taken or the staff's shop does not exist.
    fn create_account(
        &self,
        account: &NewAccountRecord,
        now: i64,
    ) -> impl Future<Output = Result<Result<AccountView, NotCreated>, StorageError>> + Send;
    /// Keeps a sign-up until its link is opened and records the event that emails the link, in
    /// one transaction; sign-ups whose links expired are forgotten on the way.
    fn start_sign_up(
        &self,
        pending: &PendingSignUp,
        event: &crate::events::Event,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Opens a sign-up's link (once): writes the promoter's account as `account_id` and forgets
    /// every sign-up waiting for the same email.
    fn finish_sign_up(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Result<AccountView, NotSignedUp>, StorageError>> + Send;
    /// The account with this (normalised) email and its password hash.
    fn account_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<(AccountView, String)>, StorageError>> + Send;
    fn create_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The live (unexpired, not disabled) account behind a session.
    fn session_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<AccountView>, StorageError>> + Send;
    /// Remembers a browser that signed in to `account_id` (its device cookie's hash).
    fn trust_device(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The account a device cookie's hash was given for, if any.
    fn device_account(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    fn delete_session(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    fn accounts(&self) -> impl Future<Output = Result<Vec<AccountView>, StorageError>> + Send;
    /// Accounts seeded by `--demo` (the sign-in page labels them).
    fn demo_accounts(&self) -> impl Future<Output = Result<Vec<AccountView>, StorageError>> + Send;
    /// Disables or enables an account; disabling ends its sessions.
    fn set_disabled(
        &self,
        id: &str,
        disabled: bool,
    ) -> impl Future<Output = Result<Option<AccountView>, StorageError>> + Send;
    /// Counts one attempt under `key` if `limit` allows it, for every instance at once: the
    /// check and the count are one transaction (a burst cannot slip past); `Ok(Err(seconds))`
    /// to wait otherwise.
    fn hit_limit(
        &self,
        key: &str,
        limit: omiyage_core::account::Limit,
        now: i64,
    ) -> impl Future<Output = Result<Result<(), i64>, StorageError>> + Send;
    /// Forgets the attempts under `key` (after a successful sign-in).
    fn clear_limit(&self, key: &str) -> impl Future<Output = Result<(), StorageError>> + Send;
    fn shops(&self) -> impl Future<Output = Result<Vec<Shop>, StorageError>> + Send;
    fn shop(&self, id: &str) -> impl Future<Output = Result<Option<Shop>, StorageError>> + Send;
    fn create_shop(
        &self,
        id: &str,
        shop: &ShopInput,
        now: i64,
    ) -> impl Future<Output = Result<Shop, StorageError>> + Send;
    fn update_shop(
        &self,
        id: &str,
        shop: &ShopInput,
    ) -> impl Future<Output = Result<Option<Shop>, StorageError>> + Send;
}
