//! Coupons: the admin's codes and their uses.

use std::future::Future;

use crate::storage::{StorageError, StoredCoupon};

/// Coupons: the admin's codes and their uses (claimed with orders, see [`Storage::place_order`]).
pub trait CouponStorage: Send + Sync + 'static {
    /// Creates a coupon (409 when its code exists) or replaces one's terms (404 when none;
    /// 422 for a cap below its uses, or a promoter that is not one).
    fn save_coupon(
        &self,
        coupon: &omiyage_core::coupon::Coupon,
        create: bool,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Every coupon, newest first (or the one with `code`), with its uses.
    fn coupons(
        &self,
        code: Option<&str>,
    ) -> impl Future<Output = Result<Vec<omiyage_api::CouponView>, StorageError>> + Send;
    /// A coupon by its (normalised) code, with its uses so far.
    fn coupon(
        &self,
        code: &str,
    ) -> impl Future<Output = Result<Option<StoredCoupon>, StorageError>> + Send;
    /// How often an email (normalised) has used a coupon.
    fn coupon_uses_by(
        &self,
        code: &str,
        email: &str,
    ) -> impl Future<Output = Result<u32, StorageError>> + Send;
    /// A promoter's own live codes.
    fn promoter_coupons(
        &self,
        promoter_id: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::PromoterCoupon>, StorageError>> + Send;
}
