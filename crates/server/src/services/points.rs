//! Members' points and ranks as the shop's pages and checkout need them: a member's standing
//! (balance, expiry, rank by the last twelve months, benefits, the next rank), what a checkout
//! works with, and the expiry sweep.

use omiyage_api::{Money, PointStanding};
use omiyage_core::points;
use omiyage_flows::points::Member as CheckoutMember;

use crate::storage::{Backend, Member};
use crate::{AppError, AppState};

/// The movements My page and the API list (the data export lists them all).
pub const LATEST: u32 = 50;

/// A member's points and rank at `now`, with their latest `entries` movements (`None`: no
/// such member).
pub async fn standing<S: Backend>(
    state: &AppState<S>,
    member_id: &str,
    now: i64,
    entries: u32,
) -> Result<Option<PointStanding>, AppError> {
    let settings = state.storage.point_settings().await?;
    let since = now - points::RANK_PERIOD_SECS;
    let Some(row) = state
        .storage
        .member_points(member_id, since, entries)
        .await?
    else {
        return Ok(None);
    };
    let rank = points::rank_of(&settings, row.spend);
    Ok(Some(PointStanding {
        balance: row.balance,
        expires_at: row
            .moved_at
            .filter(|_| row.balance > 0)
            .map(|at| points::expires_at(&settings, at)),
        spend: Money::jpy(row.spend),
        rate_bps: points::rate_bps(&settings, rank),
        free_shipping_from: points::free_shipping_from(rank),
        next: points::next_rank(&settings, row.spend),
        rank: rank.cloned(),
        entries: row.entries,
    }))
}

/// What a checkout works with: the signed-in member's balance and benefits (`None`: a guest),
/// and the rate the order earns at (their rank's, or the shop's for a guest).
pub async fn at_checkout<S: Backend>(
    state: &AppState<S>,
    member: Option<&Member>,
    now: i64,
) -> Result<(Option<CheckoutMember>, u32), AppError> {
    let Some(member) = member else {
        return Ok((None, state.storage.point_settings().await?.rate_bps));
    };
    let Some(s) = standing(state, &member.id, now, 0).await? else {
        return Ok((None, state.storage.point_settings().await?.rate_bps));
    };
    let rate = s.rate_bps;
    let member = CheckoutMember {
        id: member.id.clone(),
        balance: s.balance,
        rate_bps: rate,
        free_shipping_from: s.free_shipping_from,
    };
    Ok((Some(member), rate))
}

/// What one run of the points sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Members whose points expired.
    pub expired: usize,
    /// Members told their points expire soon.
    pub told: usize,
    /// Birthday coupons given.
    pub birthday_coupons: usize,
}

/// Expires lapsed points, tells members whose points expire soon and gives the birthday
/// coupons due (the hourly sweep, and tools).
pub async fn sweep<S: Backend>(state: &AppState<S>) -> Result<Swept, AppError> {
    let settings = state.storage.point_settings().await?;
    let now = state.clock.now();
    let (expired, told) = state.storage.expire_points(&settings, now).await?;
    let birthday_coupons = state.storage.birthday_coupons(&settings, now).await?;
    Ok(Swept {
        expired,
        told,
        birthday_coupons,
    })
}
