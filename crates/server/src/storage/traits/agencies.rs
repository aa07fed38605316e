//! Agencies and their promoters.

use std::future::Future;

use crate::storage::StorageError;

/// An agency's invitation as it is sent: the secret of its emailed link (and its hash, which is
/// all storage keeps), and the reader's language for the email.
#[derive(Clone, Debug)]
pub struct NewInvite {
    pub id: String,
    pub email: String,
    pub token: String,
    pub token_hash: String,
    pub lang: String,
}

/// What accepting an agency's invitation came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    Joined,
    /// No open invitation by that id, for that email, with that link.
    NoInvitation,
    /// The promoter works with an agency already (one at a time).
    HasAgency,
}

/// Agencies: their share, invitations, the promoters working with each and their numbers.
pub trait AgencyStorage: Send + Sync + 'static {
    /// Makes an agency of a new agency account.
    fn create_agency(
        &self,
        account_id: &str,
        share_bps: u32,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    fn agencies(
        &self,
    ) -> impl Future<Output = Result<Vec<omiyage_api::AgencyView>, StorageError>> + Send;
    /// Invites a (normalised) email and records the event that emails it the link, in one
    /// transaction. Inviting it again returns the first invitation with a new link (the old
    /// one stops working) sent again; an accepted invitation is returned as it is.
    fn invite_promoter(
        &self,
        agency_id: &str,
        invite: &NewInvite,
        now: i64,
    ) -> impl Future<Output = Result<omiyage_api::AgencyInvite, StorageError>> + Send;
    /// An agency's invitations (`agency_id`), or those still open for an email (`email`).
    fn invites(
        &self,
        agency_id: Option<&str>,
        email: Option<&str>,
    ) -> impl Future<Output = Result<Vec<omiyage_api::AgencyInvite>, StorageError>> + Send;
    /// The promoter with `email` accepts an invitation sent to it (nothing changes unless
    /// they join).
    fn accept_invite(
        &self,
        invite_id: &str,
        token_hash: &str,
        promoter_id: &str,
        email: &str,
        now: i64,
    ) -> impl Future<Output = Result<Accepted, StorageError>> + Send;
    fn agency_of(
        &self,
        promoter_id: &str,
    ) -> impl Future<Output = Result<Option<omiyage_api::AgencyTie>, StorageError>> + Send;
    /// The agency's promoters (or just `only`, if it is one of them) with their numbers.
    fn agency_promoters(
        &self,
        agency_id: &str,
        only: Option<&str>,
    ) -> impl Future<Output = Result<Vec<omiyage_api::AgencyPromoter>, StorageError>> + Send;
}
