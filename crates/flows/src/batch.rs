//! A counter gift batch: printed codes hold their stock as any order does, all at once (never
//! below zero), then one paid order and one single-unit gift per code are written, all or
//! nothing.

use omiyage_api::{ApiError, ErrorCode, OrderView, Product};
use omiyage_core::batch::ValidBatch;
use omiyage_core::gift::GiftRecord;

use crate::Answer;
use crate::order::{Admit, NotAdmitted, OrderStore, StockTake};

/// A batch ready to write: every code's order, gift and normalised short code.
#[derive(Clone, Debug)]
pub struct NewBatch {
    pub id: String,
    pub shop_id: String,
    pub created_by: String,
    pub valid: ValidBatch,
    pub product: Product,
    pub variant_name: String,
    pub codes: Vec<(OrderView, GiftRecord, String)>,
}

/// The batch steps, inside the flow's transaction.
#[trait_variant::make(SendBatchStore: Send)]
pub trait BatchStore: OrderStore {
    /// Writes the batch, its codes' orders and gifts, and tells of it (`batch.created`).
    async fn write_batch(&mut self, batch: &NewBatch, now: i64) -> Result<(), Self::Error>;
    /// The order behind a batch's (normalised) short code.
    async fn code_order(
        &mut self,
        batch_id: &str,
        code: &str,
    ) -> Result<Option<String>, Self::Error>;
}

/// Takes the batch's stock (409 if short) and writes every code.
pub async fn create<S: BatchStore>(
    store: &mut S,
    batch: &NewBatch,
    now: i64,
) -> Answer<(), S::Error> {
    let take = StockTake {
        variant_id: batch.valid.variant_id.clone(),
        quantity: u32::try_from(batch.codes.len()).unwrap_or(u32::MAX),
    };
    let admit = Admit {
        reference: &batch.id,
        takes: &[take],
        coupon: None,
        holder: None,
        points: None,
    };
    if let Err(refused) = crate::order::admit(store, admit).await? {
        let available = match refused {
            NotAdmitted::OutOfStock { available, .. } => available,
            _ => 0,
        };
        let name = &batch.product.name;
        let message =
            omiyage_core::stock::out_of_stock_message(name, &batch.variant_name, available);
        return Ok(Err(ApiError::new(ErrorCode::OutOfStock, message)));
    }
    store.write_batch(batch, now).await?;
    Ok(Ok(()))
}

/// Voids an unclaimed code of a batch: its unit is refunded to the counter sale and goes back
/// to stock (`gift::cancel`); 404 for a code not of the batch, 409 once claimed or voided.
pub async fn void<S: BatchStore>(
    store: &mut S,
    batch_id: &str,
    code: &str,
    now: i64,
) -> Answer<(), S::Error> {
    let Some(order) = store.code_order(batch_id, code).await? else {
        return Ok(Err(ApiError::not_found("This code")));
    };
    Ok(crate::gift::cancel(store, &order, now)
        .await?
        .map_err(|e| match e.code {
            ErrorCode::AlreadyClaimed => ApiError::new(
                ErrorCode::Conflict,
                "This code was already claimed (or voided): it cannot be voided.",
            ),
            _ => e,
        }))
}
