//! Storage behind traits, on SQLite (the default) or PostgreSQL (`--database-url`): the queries
//! are written once (`sql/`) and compiled for each. The server is generic over its
//! [`Backend`], chosen once at start.
//! Stock, claims and idempotency are enforced in SQL, never by a mutex.

pub mod copy;
// Both backends compile the same query modules (`storage/sql/`) over their own database types:
// loading those files twice is the design, not a slip.
#[allow(clippy::duplicate_mod)]
pub mod postgres;
#[allow(clippy::duplicate_mod)]
pub mod sqlite;

use std::future::Future;

use omiyage_api::{
    AccountView, AdminCategory, AdminOrder, AdminProduct, AdminVariant, BatchSummary, BatchView,
    Catalog, CategoryInput, ClaimConfirmation, GiftView, OrderStatus, OrderSummary, OrderView,
    Product, ProductInput, Role, SalesOverview, SenderGift, Shop, ShopInput, StockChange,
};
use omiyage_core::catalog::CatalogText;
use omiyage_core::checkout::ValidClaim;
use omiyage_core::gift::GiftRecord;

mod error;
pub use error::StorageError;

/// A database the server runs on: every storage trait, and looking after itself. The backend
/// is chosen once at start (`crate::Server::start`); everything after is generic over it.
pub trait Backend:
    Storage
    + GiftStorage
    + AccountStorage
    + AdminStorage
    + BatchStorage
    + PromotionStorage
    + AgencyStorage
    + CouponStorage
    + PaymentStorage
    + OutboxStorage
{
    /// `postgres` or `sqlite`, for logs and health answers.
    const KIND: &'static str;
    /// [`Backend::KIND`], from a value.
    fn kind(&self) -> &'static str {
        Self::KIND
    }
    /// Stops what follows the database and closes its connections.
    fn close(&self) -> impl Future<Output = ()> + Send;
    /// Writes the demo catalog if there are no products yet. Returns whether it did.
    fn seed_if_empty(&self) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Sets a variant's stock outright (arranging tests and benchmarks).
    fn set_stock(
        &self,
        variant_id: &str,
        units: u32,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Adds a product (arranging tests and benchmarks).
    fn add_product(
        &self,
        product: &Product,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Whether the database answers (the health check).
    fn ping(&self) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Counts orders (tests and benchmarks).
    fn order_count(&self) -> impl Future<Output = Result<i64, StorageError>> + Send;
    /// The SQLite writer's `PRAGMA synchronous` (2 = FULL); `None` on PostgreSQL.
    fn sqlite_synchronous(&self) -> impl Future<Output = Result<Option<i64>, StorageError>> + Send;
}

/// Every storage trait in scope at once (tests and tools calling storage directly).
pub mod prelude {
    pub use super::{
        AccountStorage as _, AdminStorage as _, AgencyStorage as _, Backend as _,
        BatchStorage as _, CouponStorage as _, GiftStorage as _, OutboxStorage as _,
        PaymentStorage as _, PromotionStorage as _, Storage as _,
    };
}

/// Whether a `--database-url` names PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

pub use omiyage_flows::checkout::{PlaceOutcome, StoredCoupon, StoredKey};
pub use omiyage_flows::order::{CouponClaim, StockTake};

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

/// An order ready to write, with what it brings along.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub view: OrderView,
    /// The checkout's language tag: every message about the order is written in it.
    pub lang: &'static str,
    pub gift: Option<GiftRecord>,
    pub attribution: Option<AttributionRecord>,
    /// A card order's PaymentIntent (`card_payments`), written with the order.
    pub card: Option<CardRecord>,
    /// The coupon use the order claims (its caps checked in the order's transaction).
    pub coupon: Option<CouponClaim>,
}

/// The PaymentIntent a card order is paid with.
#[derive(Clone, Debug)]
pub struct CardRecord {
    /// `None` until the shopper enters a card on the card page.
    pub intent_id: Option<String>,
    pub amount: i64,
}

pub use omiyage_flows::payment::{CardOutcome, Settled};

/// Card payments through the provider.
pub trait PaymentStorage: Send + Sync + 'static {
    /// The order a PaymentIntent pays for.
    fn card_order(
        &self,
        intent_id: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// The PaymentIntent behind an order (none before a card was entered).
    fn card_intent(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
    /// Every PaymentIntent made for an order, oldest first: (intent id, amount, whether the
    /// shop has counted its success).
    fn order_intents(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Vec<(String, i64, bool)>, StorageError>> + Send;
    /// How many PaymentIntents were made for an order (each card attempt makes one).
    fn intents_made(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<i64, StorageError>> + Send;
    /// In one transaction: records `to` (intent id, amount) as one of the order's intents, then
    /// replaces the order's latest intent `from` by it (`None`: no intent) if the order is still
    /// awaiting payment and its latest intent is still `from`. `false` when it was not: another
    /// attempt or a settlement came first.
    fn swap_card_intent(
        &self,
        order_token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// In one transaction: records the provider `event` (id, kind) as handled (a repeat is
    /// `Duplicate` and changes nothing), then applies `outcome` of `intent` to the card order,
    /// as `omiyage_core::lifecycle` decides: a success is counted once per intent (the order
    /// paid, or the money returned at once when the order no longer waits for it); a failure
    /// cancels the order only if `intent` is its latest one (`None`: no card was entered).
    fn settle_card(
        &self,
        order_token: Option<&str>,
        outcome: CardOutcome,
        intent: Option<&str>,
        event: Option<(&str, &str)>,
        now: i64,
    ) -> impl Future<Output = Result<Settled, StorageError>> + Send;
    /// Cancels an order still awaiting payment (any payment kind): its stock goes back once
    /// (a gift's units still unclaimed; other orders' lines), its coupon use too, and a gift
    /// closes. `false` when it was not waiting.
    /// `reason` goes into the `order.cancelled` event that tells the shopper and the merchant.
    fn cancel_unpaid(
        &self,
        order_token: &str,
        reason: omiyage_api::CancelReason,
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Orders paid at the counter whose hold ended unpaid by `now`.
    fn lapsed_holds(
        &self,
        now: i64,
    ) -> impl Future<Output = Result<Vec<String>, StorageError>> + Send;
    /// The admin's payment rules (the defaults until set).
    fn payment_rules(
        &self,
    ) -> impl Future<Output = Result<omiyage_api::PaymentRules, StorageError>> + Send;
    /// Sets the payment rules (already validated); orders already held keep their time.
    fn set_payment_rules(
        &self,
        rules: &omiyage_api::PaymentRules,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Card orders still awaiting payment that were placed before `placed_before`:
    /// (order token, intent id if a card was entered).
    fn waiting_card_orders(
        &self,
        placed_before: i64,
    ) -> impl Future<Output = Result<Vec<(String, Option<String>)>, StorageError>> + Send;
    /// A card order's payment as stored: intent (if a card was entered), amount, and what the
    /// admin refunded of it; `None` for an order not paid by card online.
    fn card_record(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Option<StoredCardPayment>, StorageError>> + Send;
    /// The refunds asked of the provider for an intent (the outbox's `refund` messages),
    /// newest first.
    fn card_refunds(
        &self,
        intent_id: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::CardRefund>, StorageError>> + Send;
    /// In one transaction: raises what the admin refunded by `refund.amount` if that stays
    /// within the amount less `held` (what the gift rules hold), records `order.refunded` (its
    /// refund goes to the provider through the outbox) and, with `cancel`, cancels the paid,
    /// unshipped order and puts its stock back. 404 / 409 / 422 as `ApiError`s.
    fn refund_card(
        &self,
        order_token: &str,
        refund: &omiyage_api::RefundRequest,
        held: i64,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// A card order's payment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCardPayment {
    pub intent_id: Option<String>,
    pub amount: i64,
    pub refunded_by_admin: i64,
}

pub trait Storage: Send + Sync + 'static {
    /// A number that changes whenever anything the catalog shows (products, prices, stock)
    /// changes, so a serialised catalog can be reused until then.
    fn catalog_version(&self) -> u64;
    /// A number that changes whenever the catalog's texts (names, descriptions, translations)
    /// may have changed; stock moving does not change it.
    fn texts_version(&self) -> u64;
    /// Categories and every live product, in catalog order.
    fn catalog(&self) -> impl Future<Output = Result<Catalog, StorageError>> + Send;
    fn product(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<Product>, StorageError>> + Send;
    /// Every translated text of the catalog (Chinese and English; Japanese is the catalog).
    fn catalog_texts(&self) -> impl Future<Output = Result<Vec<CatalogText>, StorageError>> + Send;
    fn find_key(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<StoredKey>, StorageError>> + Send;
    /// In one transaction: checks the key, takes every line's stock (all or nothing, never
    /// below zero), and writes the order, its key and its `order.placed` event.
    fn place_order(
        &self,
        key: &str,
        fingerprint: &str,
        order: NewOrder,
        takes: &[StockTake],
    ) -> impl Future<Output = Result<PlaceOutcome, StorageError>> + Send;
    fn order(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Option<OrderView>, StorageError>> + Send;
}

/// Gifts: every change settles the claim window first (refunds what expired), then applies the
/// rule from `omiyage_core::gift` with conditional updates.
pub trait GiftStorage: Send + Sync + 'static {
    /// The recipient's view; `mark_opened` records the first opening for the sender.
    fn gift_view(
        &self,
        token: &str,
        now: i64,
        mark_opened: bool,
    ) -> impl Future<Output = Result<GiftView, StorageError>> + Send;
    /// The sender's view of an order's gift: states and times, never recipient data.
    fn sender_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<SenderGift>, StorageError>> + Send;
    /// Claims one unit; the same key returns the same claim. `lang`: the claim page's
    /// language (the recipient's messages are written in it).
    fn claim_gift(
        &self,
        token: &str,
        key: &str,
        fingerprint: &str,
        claim: &ValidClaim,
        lang: &'static str,
        now: i64,
    ) -> impl Future<Output = Result<ClaimConfirmation, StorageError>> + Send;
    /// Refunds one unclaimed unit (the recipient declines).
    fn decline_gift(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Refunds every unclaimed unit (the sender cancels).
    fn cancel_gift(
        &self,
        order_token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Refunds every gift past its window; returns how many gifts it touched.
    fn expire_due(&self, now: i64) -> impl Future<Output = Result<usize, StorageError>> + Send;
}

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

/// Filters of the admin's order list.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub gift: Option<bool>,
    /// Seconds since the epoch, inclusive.
    pub from: Option<i64>,
    /// Seconds since the epoch, exclusive.
    pub to: Option<i64>,
}

/// Why a product was not written (nothing of it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadProduct {
    /// Its category is not one of the shop's.
    UnknownCategory,
    /// The variant at this index names an id that is not one of the product's.
    ForeignVariant(usize),
}

/// The back office's catalog and order work.
pub trait AdminStorage: Send + Sync + 'static {
    /// Every category with its translations, in catalog order.
    fn admin_categories(
        &self,
    ) -> impl Future<Output = Result<Vec<AdminCategory>, StorageError>> + Send;
    /// Adds a category at the end (id from its English or Japanese name, made unique).
    fn create_category(
        &self,
        input: &CategoryInput,
    ) -> impl Future<Output = Result<AdminCategory, StorageError>> + Send;
    /// Renames a category; `None` when there is no such category.
    fn update_category(
        &self,
        id: &str,
        input: &CategoryInput,
    ) -> impl Future<Output = Result<Option<AdminCategory>, StorageError>> + Send;
    /// Every product, archived ones included, in catalog order.
    fn admin_products(
        &self,
    ) -> impl Future<Output = Result<Vec<AdminProduct>, StorageError>> + Send;
    fn admin_product(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<AdminProduct>, StorageError>> + Send;
    /// Creates a product (id from its name, made unique).
    fn create_product(
        &self,
        input: &ProductInput,
    ) -> impl Future<Output = Result<Result<AdminProduct, BadProduct>, StorageError>> + Send;
    /// Edits names, prices, SKUs, category, image; adds new variants (`None`: no such
    /// product). Stock changes only through [`AdminStorage::change_stock`].
    fn update_product(
        &self,
        id: &str,
        input: &ProductInput,
    ) -> impl Future<Output = Result<Result<Option<AdminProduct>, BadProduct>, StorageError>> + Send;
    fn set_archived(
        &self,
        id: &str,
        archived: bool,
    ) -> impl Future<Output = Result<Option<AdminProduct>, StorageError>> + Send;
    /// Applies a stock change atomically (compare-and-set or relative, never below zero):
    /// the variant as it is then, and whether the change applied; `None`: no such variant.
    fn change_stock(
        &self,
        variant_id: &str,
        change: &StockChange,
    ) -> impl Future<Output = Result<Option<(AdminVariant, bool)>, StorageError>> + Send;
    fn orders(
        &self,
        filter: &OrderFilter,
    ) -> impl Future<Output = Result<Vec<OrderSummary>, StorageError>> + Send;
    /// An order with where its gift units ship (admin only).
    fn admin_order(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<AdminOrder>, StorageError>> + Send;
    /// Pay-in-shop orders: staff confirm the payment (awaiting payment → paid).
    fn confirm_payment(
        &self,
        token: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Marks a paid order (or a gift's claimed units) shipped with a tracking number.
    fn ship_order(
        &self,
        token: &str,
        tracking_number: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Stores an uploaded image under its id (the same bytes twice keep one copy).
    fn save_image(
        &self,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// An image's type and bytes.
    fn image(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StorageError>> + Send;
    /// Orders and revenue per shop day for the `days` days up to `now`, and the top products.
    fn sales(
        &self,
        now: i64,
        days: i64,
    ) -> impl Future<Output = Result<SalesOverview, StorageError>> + Send;
    /// The shop's qualified-invoice issuer, once the admin has set it.
    fn invoice_issuer(
        &self,
    ) -> impl Future<Output = Result<Option<omiyage_api::InvoiceIssuer>, StorageError>> + Send;
    /// Sets the issuer (already validated).
    fn set_invoice_issuer(
        &self,
        issuer: &omiyage_api::InvoiceIssuer,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

pub use omiyage_flows::batch::NewBatch;

/// Counter gift batches.
pub trait BatchStorage: Send + Sync + 'static {
    /// Takes the batch's stock (409 if short) and writes every code, all or nothing.
    fn create_batch(
        &self,
        batch: &NewBatch,
        now: i64,
    ) -> impl Future<Output = Result<BatchView, StorageError>> + Send;
    /// Batches, newest first; only one shop's when given.
    fn batches(
        &self,
        shop_id: Option<&str>,
    ) -> impl Future<Output = Result<Vec<BatchSummary>, StorageError>> + Send;
    fn batch(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<BatchView>, StorageError>> + Send;
    /// Voids an unclaimed code (refund to the counter sale, stock back); 409 once claimed.
    fn void_code(
        &self,
        batch_id: &str,
        code: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The claim token of a normalised short code.
    fn gift_for_code(
        &self,
        code: &str,
    ) -> impl Future<Output = Result<Option<String>, StorageError>> + Send;
}

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
    /// unknown promoter, 422 for an amount past the balance or a missing reference.
    fn record_payout(
        &self,
        input: &omiyage_api::PayoutInput,
        id: &str,
        hold_secs: i64,
        now: i64,
    ) -> impl Future<Output = Result<omiyage_api::Payout, StorageError>> + Send;
}

/// What accepting an agency's invitation came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    Joined,
    /// No open invitation by that id for that email.
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
    /// Invites a (normalised) email; inviting it again returns the first invitation.
    fn invite_promoter(
        &self,
        agency_id: &str,
        email: &str,
        id: &str,
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

pub use omiyage_core::payout::Ledger;

/// The outbox (see `crate::outbox`): events recorded with the changes that cause them, the
/// messages composed from them once, and their delivery.
pub trait OutboxStorage: Send + Sync + 'static {
    /// Records an event in a transaction of its own (one that no other write causes).
    fn record_event(
        &self,
        event: &crate::events::Event,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Events whose messages are not written yet, oldest first.
    fn waiting_events(
        &self,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<crate::events::StoredEvent>, StorageError>> + Send;
    /// Marks the event done and writes its messages, in one transaction; `false` (writing
    /// nothing) when someone did it first.
    fn store_messages(
        &self,
        event_id: &str,
        emails: &[crate::events::Email],
        now: i64,
    ) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Due messages (webhook deliveries, and emails `with_email`), each leased to the caller
    /// until `until` (nobody else sends it meanwhile).
    fn lease_due(
        &self,
        now: i64,
        until: i64,
        limit: i64,
        with_email: bool,
    ) -> impl Future<Output = Result<Vec<crate::events::Outgoing>, StorageError>> + Send;
    fn mark_sent(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Records a failed attempt: due again at `next_attempt_at`, or failed for good (`None`).
    fn mark_attempt_failed(
        &self,
        id: &str,
        attempts: u32,
        next_attempt_at: Option<i64>,
        error: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// The newest messages of a channel (`email`, `webhook`) first; only one recipient's
    /// (an endpoint's deliveries) when given.
    fn messages(
        &self,
        channel: &str,
        recipient: Option<&str>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<omiyage_api::OutboxMessage>, StorageError>> + Send;
    /// Puts a failed message back in line (attempts start again); the message as it now is.
    fn resend(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<omiyage_api::OutboxMessage>, StorageError>> + Send;
    fn create_endpoint(
        &self,
        endpoint: &omiyage_api::WebhookEndpoint,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Every webhook endpoint, oldest first.
    fn endpoints(
        &self,
    ) -> impl Future<Output = Result<Vec<crate::events::Endpoint>, StorageError>> + Send;
    fn endpoint(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<crate::events::Endpoint>, StorageError>> + Send;
    /// A new signing secret; the current one keeps signing too until `previous_until`.
    fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        previous_until: i64,
    ) -> impl Future<Output = Result<Option<crate::events::Endpoint>, StorageError>> + Send;
    fn delete_endpoint(&self, id: &str) -> impl Future<Output = Result<bool, StorageError>> + Send;
    /// Orders placed with a (normalised) email, newest first.
    fn orders_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Vec<crate::events::FoundOrder>, StorageError>> + Send;
}
