//! Gifts in the mock: the same flows as the server (`omiyage_flows::gift`) over the in-memory
//! store (`flow_store`).

use omiyage_api::{
    Address, ApiError, ClaimConfirmation, ClaimRequest, GiftView, OrderView, SenderGift,
};
use omiyage_core::gift::GiftRecord;
use omiyage_core::{checkout, idempotency};
use omiyage_flows::gift as flows;
use serde::{Deserialize, Serialize};

use crate::MockState;

/// A gift and who claimed its units (never shown to the sender).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MockGift {
    pub record: GiftRecord,
    pub(crate) claims: Vec<Option<Claim>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Claim {
    pub key: String,
    pub fingerprint: String,
    pub name: String,
    pub address: Address,
    pub variant_id: String,
}

impl MockGift {
    pub(crate) fn new(record: GiftRecord) -> Self {
        let claims = vec![None; record.units.len()];
        MockGift { record, claims }
    }
}

impl MockState {
    pub(crate) fn variant_mut(&mut self, id: &str) -> Option<&mut omiyage_api::Variant> {
        self.products
            .iter_mut()
            .flat_map(|p| p.variants.iter_mut())
            .find(|v| v.id == id)
    }

    pub(crate) fn sender_gift(
        &mut self,
        order_token: &str,
        now: i64,
    ) -> Result<SenderGift, ApiError> {
        self.run(async |tx| flows::sender_view(tx, order_token, now).await)?
            .ok_or_else(|| ApiError::not_found("This gift"))
    }

    pub fn gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        self.run(async |tx| flows::view(tx, token, now, false).await)
    }

    pub fn open_gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        self.run(async |tx| flows::view(tx, token, now, true).await)
    }

    pub fn claim_gift(
        &mut self,
        key: Option<&str>,
        token: &str,
        request: &ClaimRequest,
        now: i64,
    ) -> Result<ClaimConfirmation, ApiError> {
        // The server's order: the key, then the claim's own rules, then the gift.
        let key = idempotency::parse_key(key)?;
        let valid = checkout::validate_claim(request)?;
        let fingerprint = idempotency::fingerprint_of(request);
        let claim = flows::Claim {
            token,
            key: &key,
            fingerprint: &fingerprint,
            claim: &valid,
            lang: self.lang.tag(),
        };
        let mut done = self.run(async |tx| flows::claim(tx, claim, now).await)??;
        done.delivery_text = omiyage_core::delivery::line(done.delivery.as_ref(), self.lang);
        Ok(done)
    }

    pub fn decline_gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        self.run(async |tx| flows::decline(tx, token, now).await)??;
        self.gift(token, now)
    }

    pub fn cancel_gift(&mut self, order_token: &str, now: i64) -> Result<OrderView, ApiError> {
        self.run(async |tx| flows::cancel(tx, order_token, now).await)??;
        self.order(order_token, now)
    }
}
