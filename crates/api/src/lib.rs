//! Wire types shared by the shopper's app, the in-browser mock and the server.
//!
//! No IO lives here: only the shapes that cross the wire, money, the error body,
//! and the [`Storefront`] trait that both backends implement.

mod account;
mod admin;
mod after_sales;
mod batch;
mod catalog;
mod checkout;
mod client;
mod coupon;
mod delivery;
mod error;
mod fans;
mod gift;
mod invoice;
mod message;
mod money;
mod options;
mod order;
mod points;
mod promotion;
mod reward;
mod tax;
mod whole;
mod wire_name;

pub use account::{
    AccountView, LinkToken, NewAccount, Role, Shop, ShopInput, SignInRequest, SignUpStarted,
};
pub use admin::{
    AdminCategory, AdminOrder, AdminPhoto, AdminProduct, AdminVariant, CardPaymentRecord,
    CardRefund, CategoryInput, DaySales, GiftRecipient, OrderSummary, ProductInput, RefundRequest,
    SalesOverview, ShipRequest, Shipment, StockChange, TopProduct, UploadedImage, VariantInput,
};
pub use after_sales::{
    AfterSalesDecision, AfterSalesDecline, AfterSalesReceived, AfterSalesRefund, AfterSalesRequest,
    AfterSalesReturn, AfterSalesSettings, AfterSalesShip, LineProblem, Problem, ProblemOutcome,
    Remedy, RequestState, Requester, UnitProblem,
};
pub use batch::{
    BatchCode, BatchInput, BatchSummary, BatchView, CodeLookup, CodeState, CodeTarget,
};
pub use catalog::{
    Catalog, CatalogQuery, Category, LOW_STOCK, LocalText, Photo, Product, StockLevel,
    Translations, Variant,
};
pub use checkout::{Address, CheckoutLine, CheckoutRequest, Contact, PaymentChoice, SavedAddress};
pub use client::{IDEMPOTENCY_HEADER, Storefront};
pub use coupon::{CouponInput, CouponView, DiscountKind, PromoterCoupon};
pub use delivery::{
    Carrier, DeliveryChoice, DeliveryDates, DeliverySettings, Shipper, Slot, SlotLabel,
    TrackingImport,
};
pub use error::{ApiError, ErrorBody, ErrorCode, FieldError, answer};
pub use fans::{
    FAN_LANGS, FAN_MESSAGE_PRODUCTS, FAN_SUBJECT_MAX, FAN_TEXT_MAX, FanMessageDraft,
    FanMessageSummary, FanMessageText,
};
pub use gift::{
    ClaimConfirmation, ClaimRequest, GiftOptions, GiftState, GiftThanks, GiftUnit, GiftView,
    RefundReason, SenderGift, UnitState,
};
pub use invoice::InvoiceIssuer;
pub use message::{
    FindOrdersRequest, MessageStatus, OutboxMessage, OutboxView, WEBHOOK_EVENTS, WebhookEndpoint,
    WebhookInput,
};
pub use money::{Currency, Money};
pub use options::{
    GiftOptionSettings, LineOptions, NoshiChoice, NoshiPlacement, OptionKind, OptionLine,
    OptionRow, ProductGiftOptions, Wrapping, option_rows,
};
pub use order::{
    CancelReason, CardPaymentView, OrderLine, OrderStatus, OrderView, PaymentRules, PaymentStatus,
    PaymentSummary,
};
pub use points::{
    MAX_RANKS, MAX_RATE_BPS, NextRank, PointEntry, PointKind, PointSettings, PointStanding,
    RANK_NAME_MAX, Rank,
};
pub use promotion::{
    AgencyInput, AgencyInvite, AgencyInviteInput, AgencyPromoter, AgencyTie, AgencyView,
    Commission, DayStats, Ladder, LadderInput, LevelInput, LevelStatus, LevelView, Payout,
    PayoutBalance, PayoutInput, PlanInput, PlanView, ProductStats, PromoterStats, ShareLink,
};
pub use reward::{GiftReport, GiftRewardSettings};
pub use tax::{TaxClass, TaxTotal};
