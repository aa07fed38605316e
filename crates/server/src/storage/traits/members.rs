//! Members: shopper accounts signed in by a one-time link by email, their sessions, and their
//! orders (every order placed with their email, before or after they became a member).

use std::future::Future;

use omiyage_api::Money;

use crate::events::Event;
use crate::storage::StorageError;

/// A member as their page shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub lang: String,
    pub created_at: i64,
    /// They asked for the shop's news.
    pub news: bool,
    /// Their birthday, `MM-DD` (a rank's birthday coupon comes that month).
    pub birthday: Option<String>,
}

/// One of a member's orders, on their page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberOrder {
    pub token: String,
    pub reference: String,
    pub created_at: i64,
    pub total: Money,
    pub status: String,
    pub gift: bool,
}

/// A gift sent to a member's email (told to it, or claimed with it), on their page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MemberGift {
    /// The claim link's token.
    pub token: String,
    pub sender_name: String,
    pub product_id: String,
    /// `waiting` (told, not claimed by this email yet), `claimed` or `shipped`.
    pub state: String,
    pub at: i64,
}

/// A gift unit claimed with a member's email, as they gave it (their data export).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MemberClaim {
    pub gift_token: String,
    pub unit: u32,
    pub name: String,
    pub phone: String,
    /// The address as they entered it (JSON).
    pub address: serde_json::Value,
    pub claimed_at: Option<i64>,
}

/// A sign-in link as written (its token kept by its hash only).
#[derive(Clone, Debug)]
pub struct NewMemberLink {
    pub token_hash: String,
    pub email: String,
    pub lang: String,
    pub expires_at: i64,
}

/// What keeps a member's account from being deleted yet: what the shop still owes them or
/// they still wait for (each a count; all zero: nothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unfinished {
    /// Orders placed with the email awaiting payment or paid and not shipped (a gift order:
    /// while it waits for payment).
    pub orders: u32,
    /// Units of gifts the member sent still waiting to be claimed or shipped.
    pub gifts: u32,
    /// Gift units the member claimed, not shipped yet.
    pub claims: u32,
    /// After-sales requests of theirs the shop has not answered.
    pub requests: u32,
}

impl Unfinished {
    pub fn is_empty(&self) -> bool {
        *self == Unfinished::default()
    }
}

/// A member's passkey as kept: the verified credential as webauthn-rs serialises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPasskey {
    pub credential_id: String,
    pub member_id: String,
    /// webauthn-rs's `Passkey` (JSON): the public key and its counter.
    pub passkey: String,
    pub created_at: i64,
    pub used_at: Option<i64>,
}

pub trait MemberStorage: Send + Sync + 'static {
    /// Writes a sign-in link with the event that emails it, in one transaction.
    fn start_member_link(
        &self,
        link: &NewMemberLink,
        event: &Event,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Uses a link, once, before it expires: the member (made now on a first sign-in) with a
    /// new session (`session_hash`, until `session_expires`). `None` for a link unknown, used
    /// or expired, however many uses race.
    fn use_member_link(
        &self,
        token_hash: &str,
        session_hash: &str,
        session_expires: i64,
        now: i64,
    ) -> impl Future<Output = Result<Option<Member>, StorageError>> + Send;
    /// The member a live session belongs to.
    fn member_of_session(
        &self,
        session_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<Member>, StorageError>> + Send;
    /// Ends a session (nothing if there is none).
    fn end_member_session(
        &self,
        session_hash: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The gifts sent to an email: told to it and not claimed yet, or claimed with it; the
    /// newest first.
    fn member_gifts(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<MemberGift>, StorageError>> + Send;
    /// The gift units claimed with an email, with what the claimer gave.
    fn member_claims(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<MemberClaim>, StorageError>> + Send;
    /// The after-sales requests answered at an email.
    fn member_requests(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::AfterSalesRequest>, StorageError>> + Send;
    /// The orders placed with an email, the newest first.
    fn member_orders(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<MemberOrder>, StorageError>> + Send;
    /// What keeps the member with this email from deleting their account now.
    fn member_unfinished(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Unfinished, StorageError>> + Send;
    /// Deletes a member and erases their personal data everywhere, in one transaction: their
    /// account, sessions and links; the contact, address and names of the orders placed with
    /// their email (the orders stay: tax records); what they gave to claim gifts; their
    /// after-sales notes and photos; the emails and events that named them; coupon, buyer and
    /// limit records by their email. Refused (nothing changed) with what is unfinished when
    /// something is; an empty `Unfinished` when done; `None` when the member is gone already
    /// (of racing deletes, one deletes).
    fn erase_member(
        &self,
        member: &Member,
    ) -> impl Future<Output = Result<Option<Unfinished>, StorageError>> + Send;
    /// Keeps a passkey ceremony's state between its two requests (a registration's member, or
    /// none for a sign-in) until `expires_at`.
    fn start_passkey_ceremony(
        &self,
        id: &str,
        member_id: Option<&str>,
        state: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Takes a ceremony's (member, state) once, before it expires; `None` otherwise (racing
    /// takes: one gets it).
    fn take_passkey_ceremony(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<(Option<String>, String)>, StorageError>> + Send;
    /// Adds a member's passkey; `false` when its credential is registered already.
    fn add_passkey(
        &self,
        passkey: &StoredPasskey,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// A member's passkeys, the oldest first.
    fn member_passkeys(
        &self,
        member_id: &str,
    ) -> impl Future<Output = Result<Vec<StoredPasskey>, StorageError>> + Send;
    /// A passkey by its credential id.
    fn passkey(
        &self,
        credential_id: &str,
    ) -> impl Future<Output = Result<Option<StoredPasskey>, StorageError>> + Send;
    /// Signs in with a verified passkey: keeps its new state (the counter) and starts a session
    /// (`session_hash` until `session_expires`), in one transaction; the member, or `None` when
    /// the passkey or the member is gone.
    fn passkey_sign_in(
        &self,
        credential_id: &str,
        passkey: &str,
        session_hash: &str,
        session_expires: i64,
        now: i64,
    ) -> impl Future<Output = Result<Option<Member>, StorageError>> + Send;
    /// Removes one of a member's passkeys; `false` when they have no such passkey.
    fn remove_passkey(
        &self,
        member_id: &str,
        credential_id: &str,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
}
