//! One storage type for the server, whichever database it runs on: each trait method goes to
//! the backend chosen at start (`--database-url`). The backends share their queries
//! (`storage/sql/`); this only picks one.

use omiyage_api::OutboxMessage;
use omiyage_api::{
    AccountView, AdminCategory, AdminOrder, AdminProduct, AdminVariant, BatchSummary, BatchView,
    Catalog, CategoryInput, ClaimConfirmation, GiftView, OrderSummary, OrderView, Product,
    SalesOverview, SenderGift, Shop, ShopInput, StockChange,
};
use omiyage_core::catalog::CatalogText;
use omiyage_core::checkout::ValidClaim;

use crate::outbox::event::{Email, Endpoint, Event, FoundOrder, Outgoing, StoredEvent};

use super::postgres::PgStorage;
use super::sqlite::SqliteStorage;
use super::*;

/// The database the server runs on.
pub enum Database {
    Sqlite(SqliteStorage),
    Postgres(PgStorage),
}

/// Runs `$e` with `$db` bound to whichever backend `$self` is.
macro_rules! on_backend {
    ($self:ident, $db:ident => $e:expr) => {
        match $self {
            Database::Sqlite($db) => $e,
            Database::Postgres($db) => $e,
        }
    };
}

impl PaymentStorage for Database {
    async fn card_order(&self, intent_id: &str) -> Result<Option<String>, StorageError> {
        on_backend!(self, db => db.card_order(intent_id).await)
    }
    async fn card_intent(&self, order_token: &str) -> Result<Option<String>, StorageError> {
        on_backend!(self, db => db.card_intent(order_token).await)
    }
    async fn order_intents(
        &self,
        order_token: &str,
    ) -> Result<Vec<(String, i64, bool)>, StorageError> {
        on_backend!(self, db => db.order_intents(order_token).await)
    }
    async fn intents_made(&self, order_token: &str) -> Result<i64, StorageError> {
        on_backend!(self, db => db.intents_made(order_token).await)
    }
    async fn swap_card_intent(
        &self,
        order_token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> Result<bool, StorageError> {
        on_backend!(self, db => db.swap_card_intent(order_token, from, to, now).await)
    }
    async fn settle_card(
        &self,
        order_token: Option<&str>,
        outcome: CardOutcome,
        intent: Option<&str>,
        event: Option<(&str, &str)>,
        now: i64,
    ) -> Result<Settled, StorageError> {
        on_backend!(self, db => db.settle_card(order_token, outcome, intent, event, now).await)
    }
    async fn cancel_unpaid(
        &self,
        order_token: &str,
        reason: omiyage_api::CancelReason,
        now: i64,
    ) -> Result<bool, StorageError> {
        on_backend!(self, db => db.cancel_unpaid(order_token, reason, now).await)
    }
    async fn lapsed_holds(&self, now: i64) -> Result<Vec<String>, StorageError> {
        on_backend!(self, db => db.lapsed_holds(now).await)
    }
    async fn payment_rules(&self) -> Result<omiyage_api::PaymentRules, StorageError> {
        on_backend!(self, db => db.payment_rules().await)
    }
    async fn set_payment_rules(
        &self,
        rules: &omiyage_api::PaymentRules,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.set_payment_rules(rules, now).await)
    }
    async fn waiting_card_orders(
        &self,
        placed_before: i64,
    ) -> Result<Vec<(String, Option<String>)>, StorageError> {
        on_backend!(self, db => db.waiting_card_orders(placed_before).await)
    }
    async fn card_record(
        &self,
        order_token: &str,
    ) -> Result<Option<StoredCardPayment>, StorageError> {
        on_backend!(self, db => db.card_record(order_token).await)
    }
    async fn card_refunds(
        &self,
        intent_id: &str,
    ) -> Result<Vec<omiyage_api::CardRefund>, StorageError> {
        on_backend!(self, db => db.card_refunds(intent_id).await)
    }
    async fn refund_card(
        &self,
        order_token: &str,
        refund: &omiyage_api::RefundRequest,
        held: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.refund_card(order_token, refund, held, now).await)
    }
}

impl Storage for Database {
    fn catalog_version(&self) -> u64 {
        on_backend!(self, db => db.catalog_version())
    }
    fn texts_version(&self) -> u64 {
        on_backend!(self, db => db.texts_version())
    }
    async fn catalog(&self) -> Result<Catalog, StorageError> {
        on_backend!(self, db => db.catalog().await)
    }
    async fn product(&self, id: &str) -> Result<Option<Product>, StorageError> {
        on_backend!(self, db => db.product(id).await)
    }
    async fn catalog_texts(&self) -> Result<Vec<CatalogText>, StorageError> {
        on_backend!(self, db => db.catalog_texts().await)
    }
    async fn find_key(&self, key: &str) -> Result<Option<StoredKey>, StorageError> {
        on_backend!(self, db => db.find_key(key).await)
    }
    async fn place_order(
        &self,
        key: &str,
        fingerprint: &str,
        order: NewOrder,
        takes: &[StockTake],
    ) -> Result<PlaceOutcome, StorageError> {
        on_backend!(self, db => db.place_order(key, fingerprint, order, takes).await)
    }
    async fn order(&self, token: &str) -> Result<Option<OrderView>, StorageError> {
        on_backend!(self, db => db.order(token).await)
    }
}

impl GiftStorage for Database {
    async fn gift_view(
        &self,
        token: &str,
        now: i64,
        mark_opened: bool,
    ) -> Result<GiftView, StorageError> {
        on_backend!(self, db => db.gift_view(token, now, mark_opened).await)
    }
    async fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> Result<Option<SenderGift>, StorageError> {
        on_backend!(self, db => db.sender_gift(order_token, now).await)
    }
    async fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &ValidClaim,
        lang: &'static str,
        now: i64,
    ) -> Result<ClaimConfirmation, StorageError> {
        on_backend!(self, db => db.claim_gift(token, key, fingerprint, claim, lang, now).await)
    }
    async fn decline_gift(&self, token: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.decline_gift(token, now).await)
    }
    async fn cancel_gift(&self, order_token: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.cancel_gift(order_token, now).await)
    }
    async fn expire_due(&self, now: i64) -> Result<usize, StorageError> {
        on_backend!(self, db => db.expire_due(now).await)
    }
}

impl AccountStorage for Database {
    async fn create_account(
        &self,
        account: &NewAccountRecord,
        now: i64,
    ) -> Result<AccountView, StorageError> {
        on_backend!(self, db => db.create_account(account, now).await)
    }
    async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(AccountView, String)>, StorageError> {
        on_backend!(self, db => db.account_by_email(email).await)
    }
    async fn create_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_session(token_hash, account_id, now, expires_at).await)
    }
    async fn session_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<AccountView>, StorageError> {
        on_backend!(self, db => db.session_account(token_hash, now).await)
    }
    async fn trust_device(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.trust_device(token_hash, account_id, now).await)
    }
    async fn device_account(&self, token_hash: &str) -> Result<Option<String>, StorageError> {
        on_backend!(self, db => db.device_account(token_hash).await)
    }
    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        on_backend!(self, db => db.delete_session(token_hash).await)
    }
    async fn accounts(&self) -> Result<Vec<AccountView>, StorageError> {
        on_backend!(self, db => db.accounts().await)
    }
    async fn demo_accounts(&self) -> Result<Vec<AccountView>, StorageError> {
        on_backend!(self, db => db.demo_accounts().await)
    }
    async fn set_disabled(
        &self,
        id: &str,
        disabled: bool,
    ) -> Result<Option<AccountView>, StorageError> {
        on_backend!(self, db => db.set_disabled(id, disabled).await)
    }
    async fn hit_limit(
        &self,
        key: &str,
        limit: omiyage_core::account::Limit,
        now: i64,
    ) -> Result<Result<(), i64>, StorageError> {
        on_backend!(self, db => db.hit_limit(key, limit, now).await)
    }
    async fn clear_limit(&self, key: &str) -> Result<(), StorageError> {
        on_backend!(self, db => db.clear_limit(key).await)
    }
    async fn shops(&self) -> Result<Vec<Shop>, StorageError> {
        on_backend!(self, db => db.shops().await)
    }
    async fn shop(&self, id: &str) -> Result<Option<Shop>, StorageError> {
        on_backend!(self, db => db.shop(id).await)
    }
    async fn create_shop(
        &self,
        id: &str,
        shop: &ShopInput,
        now: i64,
    ) -> Result<Shop, StorageError> {
        on_backend!(self, db => db.create_shop(id, shop, now).await)
    }
    async fn update_shop(&self, id: &str, shop: &ShopInput) -> Result<Option<Shop>, StorageError> {
        on_backend!(self, db => db.update_shop(id, shop).await)
    }
}

impl AdminStorage for Database {
    async fn admin_categories(&self) -> Result<Vec<AdminCategory>, StorageError> {
        on_backend!(self, db => db.admin_categories().await)
    }
    async fn create_category(&self, input: &CategoryInput) -> Result<AdminCategory, StorageError> {
        on_backend!(self, db => db.create_category(input).await)
    }
    async fn update_category(
        &self,
        id: &str,
        input: &CategoryInput,
    ) -> Result<Option<AdminCategory>, StorageError> {
        on_backend!(self, db => db.update_category(id, input).await)
    }
    async fn admin_products(&self) -> Result<Vec<AdminProduct>, StorageError> {
        on_backend!(self, db => db.admin_products().await)
    }
    async fn admin_product(&self, id: &str) -> Result<Option<AdminProduct>, StorageError> {
        on_backend!(self, db => db.admin_product(id).await)
    }
    async fn create_product(&self, input: &ProductInput) -> Result<AdminProduct, StorageError> {
        on_backend!(self, db => db.create_product(input).await)
    }
    async fn update_product(
        &self,
        id: &str,
        input: &ProductInput,
    ) -> Result<Option<AdminProduct>, StorageError> {
        on_backend!(self, db => db.update_product(id, input).await)
    }
    async fn set_archived(
        &self,
        id: &str,
        archived: bool,
    ) -> Result<Option<AdminProduct>, StorageError> {
        on_backend!(self, db => db.set_archived(id, archived).await)
    }
    async fn change_stock(
        &self,
        variant_id: &str,
        change: &StockChange,
    ) -> Result<AdminVariant, StorageError> {
        on_backend!(self, db => db.change_stock(variant_id, change).await)
    }
    async fn orders(&self, filter: &OrderFilter) -> Result<Vec<OrderSummary>, StorageError> {
        on_backend!(self, db => db.orders(filter).await)
    }
    async fn admin_order(&self, token: &str, now: i64) -> Result<Option<AdminOrder>, StorageError> {
        on_backend!(self, db => db.admin_order(token, now).await)
    }
    async fn confirm_payment(&self, token: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.confirm_payment(token, now).await)
    }
    async fn ship_order(
        &self,
        token: &str,
        tracking_number: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.ship_order(token, tracking_number, now).await)
    }
    async fn save_image(
        &self,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.save_image(id, content_type, bytes, now).await)
    }
    async fn image(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        on_backend!(self, db => db.image(id).await)
    }
    async fn sales(&self, now: i64, days: i64) -> Result<SalesOverview, StorageError> {
        on_backend!(self, db => db.sales(now, days).await)
    }
    async fn invoice_issuer(&self) -> Result<Option<omiyage_api::InvoiceIssuer>, StorageError> {
        on_backend!(self, db => db.invoice_issuer().await)
    }
    async fn set_invoice_issuer(
        &self,
        issuer: &omiyage_api::InvoiceIssuer,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.set_invoice_issuer(issuer, now).await)
    }
}

impl BatchStorage for Database {
    async fn create_batch(&self, batch: &NewBatch, now: i64) -> Result<BatchView, StorageError> {
        on_backend!(self, db => db.create_batch(batch, now).await)
    }
    async fn batches(&self, shop_id: Option<&str>) -> Result<Vec<BatchSummary>, StorageError> {
        on_backend!(self, db => db.batches(shop_id).await)
    }
    async fn batch(&self, id: &str, now: i64) -> Result<Option<BatchView>, StorageError> {
        on_backend!(self, db => db.batch(id, now).await)
    }
    async fn void_code(&self, batch_id: &str, code: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.void_code(batch_id, code, now).await)
    }
    async fn gift_for_code(&self, code: &str) -> Result<Option<String>, StorageError> {
        on_backend!(self, db => db.gift_for_code(code).await)
    }
}

impl AgencyStorage for Database {
    async fn create_agency(&self, account_id: &str, share_bps: u32) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_agency(account_id, share_bps).await)
    }
    async fn agencies(&self) -> Result<Vec<omiyage_api::AgencyView>, StorageError> {
        on_backend!(self, db => db.agencies().await)
    }
    async fn invite_promoter(
        &self,
        agency_id: &str,
        email: &str,
        id: &str,
        now: i64,
    ) -> Result<omiyage_api::AgencyInvite, StorageError> {
        on_backend!(self, db => db.invite_promoter(agency_id, email, id, now).await)
    }
    async fn invites(
        &self,
        agency_id: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<omiyage_api::AgencyInvite>, StorageError> {
        on_backend!(self, db => db.invites(agency_id, email).await)
    }
    async fn accept_invite(
        &self,
        invite_id: &str,
        promoter_id: &str,
        email: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.accept_invite(invite_id, promoter_id, email, now).await)
    }
    async fn agency_of(
        &self,
        promoter_id: &str,
    ) -> Result<Option<omiyage_api::AgencyTie>, StorageError> {
        on_backend!(self, db => db.agency_of(promoter_id).await)
    }
    async fn agency_promoters(
        &self,
        agency_id: &str,
        only: Option<&str>,
    ) -> Result<Vec<omiyage_api::AgencyPromoter>, StorageError> {
        on_backend!(self, db => db.agency_promoters(agency_id, only).await)
    }
}

impl CouponStorage for Database {
    async fn save_coupon(
        &self,
        coupon: &omiyage_core::coupon::Coupon,
        create: bool,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.save_coupon(coupon, create, now).await)
    }
    async fn coupons(
        &self,
        code: Option<&str>,
    ) -> Result<Vec<omiyage_api::CouponView>, StorageError> {
        on_backend!(self, db => db.coupons(code).await)
    }
    async fn coupon(&self, code: &str) -> Result<Option<StoredCoupon>, StorageError> {
        on_backend!(self, db => db.coupon(code).await)
    }
    async fn coupon_uses_by(&self, code: &str, email: &str) -> Result<u32, StorageError> {
        on_backend!(self, db => db.coupon_uses_by(code, email).await)
    }
    async fn promoter_coupons(
        &self,
        promoter_id: &str,
    ) -> Result<Vec<omiyage_api::PromoterCoupon>, StorageError> {
        on_backend!(self, db => db.promoter_coupons(promoter_id).await)
    }
}

impl PromotionStorage for Database {
    async fn create_plan(
        &self,
        id: &str,
        plan: &omiyage_api::PlanView,
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_plan(id, plan, now).await)
    }
    async fn plans(
        &self,
        promoter: Option<&str>,
    ) -> Result<Vec<omiyage_api::PlanView>, StorageError> {
        on_backend!(self, db => db.plans(promoter).await)
    }
    async fn set_paused(&self, id: &str, paused: bool) -> Result<bool, StorageError> {
        on_backend!(self, db => db.set_paused(id, paused).await)
    }
    async fn invite(&self, plan_id: &str, promoter_id: &str) -> Result<(), StorageError> {
        on_backend!(self, db => db.invite(plan_id, promoter_id).await)
    }
    async fn join(&self, plan_id: &str, promoter_id: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.join(plan_id, promoter_id, now).await)
    }
    async fn ref_code(&self, promoter_id: &str, fresh: &str) -> Result<String, StorageError> {
        on_backend!(self, db => db.ref_code(promoter_id, fresh).await)
    }
    async fn promoter_by_ref(&self, code: &str) -> Result<Option<(String, String)>, StorageError> {
        on_backend!(self, db => db.promoter_by_ref(code).await)
    }
    async fn record_click(
        &self,
        key: &str,
        promoter_id: &str,
        product_id: &str,
        at: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.record_click(key, promoter_id, product_id, at).await)
    }
    async fn click(
        &self,
        key: &str,
    ) -> Result<Option<(omiyage_core::promotion::Click, String)>, StorageError> {
        on_backend!(self, db => db.click(key).await)
    }
    async fn member_plans(
        &self,
        promoter_id: &str,
    ) -> Result<Vec<omiyage_core::promotion::Plan>, StorageError> {
        on_backend!(self, db => db.member_plans(promoter_id).await)
    }
    async fn stats(
        &self,
        promoter_id: &str,
        now: i64,
    ) -> Result<omiyage_api::PromoterStats, StorageError> {
        on_backend!(self, db => db.stats(promoter_id, now).await)
    }
    async fn attributed_orders(
        &self,
        promoter_id: &str,
    ) -> Result<Vec<AttributionRecord>, StorageError> {
        on_backend!(self, db => db.attributed_orders(promoter_id).await)
    }
    async fn ledgers(&self, account_id: Option<&str>) -> Result<Vec<Ledger>, StorageError> {
        on_backend!(self, db => db.ledgers(account_id).await)
    }
    async fn record_payout(
        &self,
        input: &omiyage_api::PayoutInput,
        id: &str,
        hold_secs: i64,
        now: i64,
    ) -> Result<omiyage_api::Payout, StorageError> {
        on_backend!(self, db => db.record_payout(input, id, hold_secs, now).await)
    }
    async fn ladder(&self) -> Result<omiyage_api::Ladder, StorageError> {
        on_backend!(self, db => db.ladder().await)
    }
    async fn set_ladder(
        &self,
        window_days: u32,
        levels: &[omiyage_core::level::Level],
        now: i64,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.set_ladder(window_days, levels, now).await)
    }
    async fn refresh_levels(&self, now: i64) -> Result<usize, StorageError> {
        on_backend!(self, db => db.refresh_levels(now).await)
    }
    async fn level_bonus(&self, promoter_id: &str) -> Result<u32, StorageError> {
        on_backend!(self, db => db.level_bonus(promoter_id).await)
    }
}

impl Database {
    /// Opens the database `url` names: `postgres://…` (or `postgresql://…`) for PostgreSQL;
    /// otherwise the SQLite file at `sqlite_path` (created if missing). Runs the migrations.
    pub async fn open(
        url: Option<&str>,
        sqlite_path: &std::path::Path,
        durability: super::sqlite::Durability,
    ) -> Result<Database, StorageError> {
        match url {
            Some(url) if is_postgres_url(url) => {
                Ok(Database::Postgres(PgStorage::open(url).await?))
            }
            Some(url) => Err(StorageError::Failed(format!(
                "--database-url must start with postgres:// or postgresql:// (got {url:?}); \
                 leave it out to use the SQLite file --db"
            ))),
            None => Ok(Database::Sqlite(
                SqliteStorage::open_with(sqlite_path, durability).await?,
            )),
        }
    }

    /// `postgres` or `sqlite`, for logs and health answers.
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_backend!(self, db => db.close().await)
    }

    /// Writes the demo catalog if there are no products yet. Returns whether it did.
    pub async fn seed_if_empty(&self) -> Result<bool, StorageError> {
        on_backend!(self, db => db.seed_if_empty().await)
    }

    /// Sets a variant's stock outright (arranging tests and benchmarks).
    pub async fn set_stock(&self, variant_id: &str, units: u32) -> Result<bool, StorageError> {
        on_backend!(self, db => db.set_stock(variant_id, units).await)
    }

    /// Adds a product (arranging tests and benchmarks).
    pub async fn add_product(&self, product: &Product) -> Result<(), StorageError> {
        on_backend!(self, db => db.add_product(product).await)
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<(), StorageError> {
        on_backend!(self, db => db.ping().await)
    }

    /// Counts orders (tests and benchmarks).
    pub async fn order_count(&self) -> Result<i64, StorageError> {
        on_backend!(self, db => db.order_count().await)
    }

    /// The SQLite writer's `PRAGMA synchronous` (2 = FULL); `None` on PostgreSQL.
    pub async fn sqlite_synchronous(&self) -> Result<Option<i64>, StorageError> {
        match self {
            Database::Sqlite(s) => Ok(Some(s.writer_synchronous().await?)),
            Database::Postgres(_) => Ok(None),
        }
    }
}

/// Whether a `--database-url` names PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl OutboxStorage for Database {
    async fn record_event(&self, event: &Event, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.record_event(event, now).await)
    }
    async fn waiting_events(&self, limit: i64) -> Result<Vec<StoredEvent>, StorageError> {
        on_backend!(self, db => db.waiting_events(limit).await)
    }
    async fn store_messages(
        &self,
        event_id: &str,
        emails: &[Email],
        now: i64,
    ) -> Result<bool, StorageError> {
        on_backend!(self, db => db.store_messages(event_id, emails, now).await)
    }
    async fn lease_due(
        &self,
        now: i64,
        until: i64,
        limit: i64,
        with_email: bool,
    ) -> Result<Vec<Outgoing>, StorageError> {
        on_backend!(self, db => db.lease_due(now, until, limit, with_email).await)
    }
    async fn mark_sent(&self, id: &str, now: i64) -> Result<(), StorageError> {
        on_backend!(self, db => db.mark_sent(id, now).await)
    }
    async fn mark_attempt_failed(
        &self,
        id: &str,
        attempts: u32,
        next_attempt_at: Option<i64>,
        error: &str,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.mark_attempt_failed(id, attempts, next_attempt_at, error).await)
    }
    async fn messages(
        &self,
        channel: &str,
        recipient: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StorageError> {
        on_backend!(self, db => db.messages(channel, recipient, limit).await)
    }
    async fn create_endpoint(
        &self,
        endpoint: &omiyage_api::WebhookEndpoint,
    ) -> Result<(), StorageError> {
        on_backend!(self, db => db.create_endpoint(endpoint).await)
    }
    async fn endpoints(&self) -> Result<Vec<Endpoint>, StorageError> {
        on_backend!(self, db => db.endpoints().await)
    }
    async fn endpoint(&self, id: &str) -> Result<Option<Endpoint>, StorageError> {
        on_backend!(self, db => db.endpoint(id).await)
    }
    async fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        previous_until: i64,
    ) -> Result<Option<Endpoint>, StorageError> {
        on_backend!(self, db => db.rotate_secret(id, secret, previous_until).await)
    }
    async fn delete_endpoint(&self, id: &str) -> Result<bool, StorageError> {
        on_backend!(self, db => db.delete_endpoint(id).await)
    }
    async fn resend(&self, id: &str, now: i64) -> Result<Option<OutboxMessage>, StorageError> {
        on_backend!(self, db => db.resend(id, now).await)
    }
    async fn orders_by_email(&self, email: &str) -> Result<Vec<FoundOrder>, StorageError> {
        on_backend!(self, db => db.orders_by_email(email).await)
    }
}
