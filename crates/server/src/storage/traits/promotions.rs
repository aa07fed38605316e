//! Promotion plans, clicks, attributed orders, levels, ledgers and payouts.

use std::future::Future;

use crate::storage::StorageError;

/// An order credited to a promoter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributionRecord {
    pub order_token: String,
    /// Filled when read back.
    pub reference: String,
    pub status: String,
    pub promoter_id: String,
    pub plan_id: String,
    pub commission_bps: u32,
    /// What the plan's products in the order paid.
    pub paid: omiyage_api::Money,
    pub commission: omiyage_api::Money,
    pub created_at: i64,
    /// The plan's rate for a new buyer (when it has one): the order's writer, which knows
    /// whether the buyer is new, sets `commission_bps` and `commission` from it.
    pub new_buyer_bps: Option<u32>,
    /// Whether the order was its buyer's first in the shop (decided in the order's transaction).
    pub new_buyer: bool,
    /// The promoter's level bonus when the order was placed, added to the rate.
    pub level_bonus_bps: u32,
    /// The agency the promoter worked with when the order was placed, and its share.
    pub agency_id: Option<String>,
    pub agency_share_bps: u32,
    /// The coupon code the order was credited through (none: a share link).
    pub coupon: Option<String>,
}

impl AttributionRecord {
    /// The credit as the order's writer stores it: the plan's rate for this buyer (new or
    /// returning) plus the level's bonus, and the commission on what was paid.
    pub fn earned(&self, new_buyer: bool) -> AttributionRecord {
        let rate = omiyage_core::level::with_bonus(
            omiyage_core::promotion::rate(self.commission_bps, self.new_buyer_bps, new_buyer),
            self.level_bonus_bps,
        );
        AttributionRecord {
            commission_bps: rate,
            commission: omiyage_core::promotion::commission(self.paid, rate),
            new_buyer,
            ..self.clone()
        }
    }
}

/// Plans, promoters' codes and clicks, and what promoters earned.
pub trait PromotionStorage: Send + Sync + 'static {
    fn create_plan(
        &self,
        id: &str,
        plan: &omiyage_api::PlanView,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Every plan (`None`), or those a promoter may see (open or invited), with `joined`.
    fn plans(
        &self,
        promoter: Option<&str>,
    ) -> impl Future<Output = Result<Vec<omiyage_api::PlanView>, StorageError>> + Send;
    fn set_paused(
        &self,
        id: &str,
        paused: bool,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Invites a promoter to a plan (again: nothing changes); `false` when there is no such
    /// plan or promoter.
    fn invite(
        &self,
        plan_id: &str,
        promoter_id: &str,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Makes the promoter a member of the plan (again: nothing changes).
    fn join(
        &self,
        plan_id: &str,
        promoter_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The promoter's ref code, set to `fresh` the first time; `None`: no such promoter.
    fn ref_code(
        &self,
        promoter_id: &str,
        fresh: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// The live promoter (id, email) behind a ref code.
    fn promoter_by_ref(
        &self,
        code: &str,
    ) -> impl Future<Output = Result<Option<(String, String)>, StorageError>> + Send;
    /// Records a click once per dedup key.
    fn record_click(
        &self,
        key: &str,
        promoter_id: &str,
        product_id: &str,
        at: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// A recorded click and its promoter's email.
    fn click(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<(omiyage_core::promotion::Click, String)>, StorageError>>
    + Send;
    /// The plans a promoter joined, as rules.
    fn member_plans(
        &self,
        promoter_id: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_core::promotion::Plan>, StorageError>> + Send;
    fn stats(
        &self,
        promoter_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<omiyage_api::PromoterStats, StorageError>> + Send;
    fn attributed_orders(
        &self,
        promoter_id: &str,
    ) -> impl Future<Output = Result<Vec<AttributionRecord>, StorageError>> + Send;
    /// The promoters' levels, lowest first, and their window.
    fn ladder(&self) -> impl Future<Output = Result<omiyage_api::Ladder, StorageError>> + Send;
    /// Replaces the ladder (checked by the caller) and recomputes every promoter's level.
    fn set_ladder(
        &self,
        window_days: u32,
        levels: &[omiyage_core::level::Level],
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Recomputes every promoter's level (the daily run); returns how many promoters.
    fn refresh_levels(&self, now: i64) -> impl Future<Output = Result<usize, StorageError>> + Send;
    /// The bonus of the level a promoter holds now (0 without one).
    fn level_bonus(
        &self,
        promoter_id: &str,
    ) -> impl Future<Output = Result<u32, StorageError>> + Send;
    /// One promoter's ledger (`None` if there is no such promoter), or with `None` every
    /// promoter's that has an entry or a payout, by email.
    fn ledgers(
        &self,
        account_id: Option<&str>,
    ) -> impl Future<Output = Result<Vec<Ledger>, StorageError>> + Send;
    /// Records a payout after checking it against the balance at `now` inside the write's
    /// transaction (payouts racing each other never pay more than is owed); 404 for an
    /// unknown promoter, 422 for an amount past the balance or a missing reference. An `id`
    /// recorded before answers that payout and `false` (a retry), 422 when it was another.
    fn record_payout(
        &self,
        input: &omiyage_api::PayoutInput,
        id: &str,
        hold_secs: i64,
        now: i64,
    ) -> impl Future<Output = Result<(omiyage_api::Payout, bool), StorageError>> + Send;
}

pub use omiyage_core::payout::Ledger;
