//! After-sales: problems reported about items, and the merchant's answers.

use std::future::Future;

use omiyage_api::{
    AfterSalesDecision, AfterSalesRequest, AfterSalesSettings, Problem, Remedy, Requester,
};

use crate::storage::StorageError;

/// A problem report as its form sent it.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub requester: Requester,
    /// The order's token (a shopper's report) or the gift's claim token (a recipient's).
    pub token: String,
    /// The order's line, or the gift's unit.
    pub item: u32,
    pub problem: Problem,
    pub remedy: Remedy,
    pub exchange_variant: String,
    pub note: String,
    /// Where a recipient is answered (a shopper: the order's email).
    pub email: String,
    pub lang: &'static str,
    /// The form's key: sent twice, one request.
    pub key: String,
    /// Its photos, as JPEGs re-encoded without metadata (at most three).
    pub photos: Vec<Vec<u8>>,
}

/// What became of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reported {
    /// Made now, or before with the same key.
    Made(Box<AfterSalesRequest>),
    NotFound,
    /// The order is a gift: its recipients report from the gift page.
    GiftOrder,
    NoSuchItem,
    /// Not paid yet (a shopper), or the unit is not claimed (a recipient).
    NotReceived,
    /// The return period is over.
    TooLate,
    /// A request about this item is still open.
    AlreadyOpen,
}

/// What became of an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    Done(Box<AfterSalesRequest>),
    NotFound,
    /// It was answered before (by another request, perhaps at the same moment).
    AlreadyDecided,
}

/// What the merchant does next about an accepted request.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// Ask for the item back, saying how.
    AskReturn { instructions: &'a str },
    /// The item came back: to stock, or written off.
    Received { restock: bool },
    /// Refund part of what the item paid (by the payment's own path).
    Refund { amount: i64 },
    /// Ship the replacement (the item's variant, or another of its product).
    Ship {
        tracking: &'a str,
        variant_id: &'a str,
    },
}

pub trait AfterSalesStorage: Send + Sync + 'static {
    fn after_sales_settings(
        &self,
    ) -> impl Future<Output = Result<AfterSalesSettings, StorageError>> + Send;
    fn set_after_sales_settings(
        &self,
        settings: &AfterSalesSettings,
        now: i64,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Writes a report (with its outbox event) if its item may still be reported.
    fn report_problem(
        &self,
        report: &NewReport,
        now: i64,
    ) -> impl Future<Output = Result<Reported, StorageError>> + Send;
    /// Every request, the newest first.
    fn after_sales_requests(
        &self,
    ) -> impl Future<Output = Result<Vec<AfterSalesRequest>, StorageError>> + Send;
    /// Answers an open request, once (with its outbox event).
    fn decide_after_sales(
        &self,
        id: &str,
        decision: &AfterSalesDecision,
        now: i64,
    ) -> impl Future<Output = Result<Decided, StorageError>> + Send;
    /// Takes a step on an accepted request, once where once is the rule (asked back,
    /// received, shipped), with its outbox event; a refusal is `StorageError::Refused`.
    fn after_sales_step(
        &self,
        id: &str,
        step: Step<'_>,
        now: i64,
    ) -> impl Future<Output = Result<AfterSalesRequest, StorageError>> + Send;
    /// A request's photo (`position` from 0): its content type and bytes.
    fn after_sales_photo(
        &self,
        id: &str,
        position: u32,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StorageError>> + Send;
    /// What became of the problems a plain order's shopper reported, by line.
    fn line_problems(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Vec<omiyage_api::LineProblem>, StorageError>> + Send;
    /// The requests about an order's items, the oldest first (its history).
    fn order_after_sales(
        &self,
        order_token: &str,
    ) -> impl Future<Output = Result<Vec<AfterSalesRequest>, StorageError>> + Send;
}
