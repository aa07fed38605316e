//! A checkout's coupon: the code looked up, every rule checked (window, covered items, minimum
//! spend, and the caps as they stand now, so a code already used up is refused before a card
//! is charged), and its discount put on the priced lines. The caps are counted again, exactly,
//! where the order is written (`CouponStorage`, `Storage::place_order`).

use omiyage_api::Product;
use omiyage_core::coupon::{self, Refusal};
use omiyage_core::lang::Lang;
use omiyage_core::pricing::PricedOrder;

use crate::storage::Backend;
use crate::storage::CouponClaim;
use crate::{AppError, AppState};

/// A coupon put on an order.
pub struct Applied {
    pub claim: CouponClaim,
    /// The promoter whose code it is, with their email: the order is theirs.
    pub promoter: Option<(String, String)>,
}

/// Puts the coupon `code` (as typed) on `priced`, or refuses it in the shopper's language.
pub async fn apply<S: Backend>(
    state: &AppState<S>,
    code: &str,
    email: &str,
    gift: bool,
    priced: &mut PricedOrder,
    products: &[Product],
    lang: Lang,
) -> Result<Applied, AppError> {
    let refuse = |r: Refusal| AppError::from(r.to_error(lang));
    let code = &coupon::normalise_code(code);
    if !coupon::is_code(code) {
        return Err(refuse(Refusal::Unknown));
    }
    let Some(stored) = state.storage.coupon(code).await? else {
        return Err(refuse(Refusal::Unknown));
    };
    let c = &stored.coupon;
    let email = omiyage_core::account::normalise_email(email);
    let email_uses = match c.per_email {
        Some(_) => state.storage.coupon_uses_by(code, &email).await?,
        None => 0,
    };
    let shares = coupon::check(
        c,
        (stored.uses, email_uses),
        priced,
        products,
        state.clock.now(),
        gift,
    )
    .map_err(refuse)?;
    coupon::apply(priced, &shares, gift);
    Ok(Applied {
        claim: CouponClaim {
            code: c.code.clone(),
            email,
            per_email: c.per_email,
            discount: shares.iter().sum(),
        },
        promoter: c.promoter_id.clone().zip(stored.promoter_email.clone()),
    })
}
