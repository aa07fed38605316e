//! The admin's coupons: a new code, or new terms for one. The rules: a code is made once; a
//! coupon's promoter is one of the shop's promoters; its cap is never below the uses already
//! made (the write checks it again, so an order claiming a use meanwhile is counted).

use omiyage_api::{ApiError, ErrorCode, FieldError};
use omiyage_core::coupon::Coupon;

use crate::{Answer, Store};

/// The coupon steps, inside the flow's transaction.
#[trait_variant::make(SendCouponStore: Send)]
pub trait CouponStore: Store {
    /// Whether the account is one of the shop's promoters.
    async fn is_promoter(&mut self, account_id: &str) -> Result<bool, Self::Error>;
    /// The coupon's uses so far; `None`: no coupon with that code.
    async fn coupon_uses(&mut self, code: &str) -> Result<Option<u32>, Self::Error>;
    /// Writes a new coupon: `false` when its code exists.
    async fn insert_coupon(&mut self, coupon: &Coupon, now: i64) -> Result<bool, Self::Error>;
    /// Replaces a coupon's terms, only if its uses are within the new cap: `false` otherwise
    /// (or when there is no such coupon).
    async fn update_coupon(&mut self, coupon: &Coupon) -> Result<bool, Self::Error>;
}

/// Why the coupon cannot be written as it stands, its uses being `uses`.
fn refusal(coupon: &Coupon, create: bool, uses: Option<u32>) -> Option<ApiError> {
    match (create, uses) {
        (true, Some(_)) => Some(ApiError::new(
            ErrorCode::Conflict,
            format!("A coupon with the code {} exists already.", coupon.code),
        )),
        (false, None) => Some(ApiError::not_found(&format!("Coupon {}", coupon.code))),
        (false, Some(uses)) if coupon.max_uses.is_some_and(|cap| cap < uses) => {
            Some(ApiError::invalid(vec![FieldError::new(
                "max_uses",
                format!("It has been used {uses} times already: set a limit of at least that."),
            )]))
        }
        _ => None,
    }
}

/// Creates a coupon (409 when its code exists) or replaces one's terms (404 when none; 422
/// for a cap below its uses, or a promoter that is not one).
pub async fn save<S: CouponStore>(
    store: &mut S,
    coupon: &Coupon,
    create: bool,
    now: i64,
) -> Answer<(), S::Error> {
    if let Some(promoter) = &coupon.promoter_id
        && !store.is_promoter(promoter).await?
    {
        return Ok(Err(ApiError::invalid(vec![FieldError::new(
            "promoter_id",
            "Choose one of the shop's promoters, or none.",
        )])));
    }
    if let Some(refused) = refusal(coupon, create, store.coupon_uses(&coupon.code).await?) {
        return Ok(Err(refused));
    }
    let written = match create {
        true => store.insert_coupon(coupon, now).await?,
        false => store.update_coupon(coupon).await?,
    };
    if written {
        return Ok(Ok(()));
    }
    // Changed meanwhile (made by another request, used past the new cap, deleted).
    let uses = store.coupon_uses(&coupon.code).await?;
    Ok(Err(refusal(coupon, create, uses).unwrap_or_else(|| {
        ApiError::new(
            ErrorCode::Conflict,
            "This coupon changed meanwhile: try again.",
        )
    })))
}
