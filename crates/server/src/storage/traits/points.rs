//! Members' points and ranks: the shop's rules, a member's balance with what counts towards
//! their rank, and the expiry sweep. (An order's points are settled by the flows, in the
//! order's own transaction: `omiyage_flows::points`.)

use std::future::Future;

use omiyage_api::{PointEntry, PointSettings};

use crate::storage::StorageError;

/// A member's points as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointsRow {
    pub balance: i64,
    /// When they last earned or spent points (their expiry counts from it).
    pub moved_at: Option<i64>,
    /// What they paid since the time asked (confirmed orders, less refunds).
    pub spend: i64,
    /// The latest movements, newest first.
    pub entries: Vec<PointEntry>,
}

pub trait PointStorage: Send + Sync + 'static {
    /// The shop's points rules (the defaults until the admin saves some).
    fn point_settings(&self) -> impl Future<Output = Result<PointSettings, StorageError>> + Send;
    fn save_point_settings(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// A member's points, with their spend since `since` and their latest `entries`
    /// movements (`None`: no such member).
    fn member_points(
        &self,
        member_id: &str,
        since: i64,
        entries: u32,
    ) -> impl Future<Output = Result<Option<PointsRow>, StorageError>> + Send;
    /// Expires the points of members whose period is over and emails those whose points expire
    /// within the notice period (once per period), each in its own transaction. Returns how
    /// many expired and how many were told.
    fn expire_points(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> impl Future<Output = Result<(usize, usize), StorageError>> + Send;
    /// Gives each member whose birth month it is (the shop's date) their rank's birthday
    /// coupon, once a year, with its email (each in its own transaction). Returns how many.
    fn birthday_coupons(
        &self,
        settings: &PointSettings,
        now: i64,
    ) -> impl Future<Output = Result<usize, StorageError>> + Send;
}
