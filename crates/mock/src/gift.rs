//! Gifts in the mock: the rules of `omiyage_core::gift` over the in-memory store.

use omiyage_api::{
    Address, ApiError, ClaimConfirmation, ClaimRequest, ErrorCode, GiftView, OrderView, SenderGift,
};
use omiyage_core::gift::{self, GiftRecord};
use omiyage_core::{checkout, idempotency, stock};
use serde::{Deserialize, Serialize};

use crate::MockState;

/// A gift and who claimed its units (never shown to the sender).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MockGift {
    pub record: GiftRecord,
    claims: Vec<Option<Claim>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Claim {
    key: String,
    fingerprint: String,
    name: String,
    address: Address,
    variant_id: String,
}

impl MockGift {
    pub(crate) fn new(record: GiftRecord) -> Self {
        let claims = vec![None; record.units.len()];
        MockGift { record, claims }
    }
}

impl MockState {
    fn gift_index(&self, token: &str) -> Result<usize, ApiError> {
        self.gifts
            .iter()
            .position(|g| g.record.token == token)
            .ok_or_else(|| ApiError::not_found("This gift link"))
    }

    fn gift_of_order(&self, order_token: &str) -> Result<usize, ApiError> {
        self.gifts
            .iter()
            .position(|g| g.record.order_token == order_token)
            .ok_or_else(|| ApiError::not_found("This gift"))
    }

    fn variant_mut(&mut self, id: &str) -> Option<&mut omiyage_api::Variant> {
        self.products
            .iter_mut()
            .flat_map(|p| p.variants.iter_mut())
            .find(|v| v.id == id)
    }

    /// Returns refunded units' stock to the variant the sender bought.
    fn restock(&mut self, gift: usize, units: usize) {
        let id = self.gifts[gift].record.variant_id.clone();
        if let Some(v) = self.variant_mut(&id) {
            v.stock += units as u32;
        }
    }

    /// Applies the claim window: touching a gift refunds what expired.
    fn settle(&mut self, gift: usize, now: i64) {
        let record = &mut self.gifts[gift].record;
        let window = record.window();
        let refunded = gift::expire(&mut record.units, window, now).len();
        self.restock(gift, refunded);
    }

    pub(crate) fn sender_gift(
        &mut self,
        order_token: &str,
        now: i64,
    ) -> Result<SenderGift, ApiError> {
        let i = self.gift_of_order(order_token)?;
        self.settle(i, now);
        Ok(self.gifts[i].record.sender_view())
    }

    pub fn gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        let i = self.gift_index(token)?;
        self.settle(i, now);
        let product = self.product(&self.gifts[i].record.product_id)?;
        let order = self.order_status_of(i);
        Ok(self.gifts[i].record.recipient_view(product, order, now))
    }

    /// Where the gift's order stands (a gift is claimed only once its order is paid).
    fn order_status_of(&self, i: usize) -> omiyage_api::OrderStatus {
        let token = &self.gifts[i].record.order_token;
        self.orders
            .iter()
            .find(|o| &o.token == token)
            .map_or(omiyage_api::OrderStatus::Paid, |o| o.status)
    }

    pub fn open_gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        let i = self.gift_index(token)?;
        self.gifts[i].record.opened_at.get_or_insert(now);
        self.gift(token, now)
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
        let i = self.gift_index(token)?;
        let fingerprint = idempotency::fingerprint_of(request);
        let earlier = self.gifts[i]
            .claims
            .iter()
            .enumerate()
            .find_map(|(u, c)| c.as_ref().filter(|c| c.key == key).map(|c| (u, c.clone())));
        if let Some((unit, claim)) = earlier {
            if claim.fingerprint != fingerprint {
                return Err(idempotency::mismatch());
            }
            return self.confirmation(i, unit, &claim);
        }
        omiyage_core::lifecycle::may_claim(self.order_status_of(i))?;
        self.settle(i, now);
        let record = self.gifts[i].record.clone();
        let product = self.product(&record.product_id)?;
        let decision = gift::decide_claim(&record, &product, valid.variant_id.as_deref(), now)?;
        if decision.swap {
            // Swap the held unit for the chosen variant: take one, give the bought one back.
            let chosen = &decision.variant;
            let left = self.variant_mut(&chosen.id).map(|v| v.stock).unwrap_or(0);
            let left = stock::take(left, 1).map_err(|short| {
                ApiError::new(
                    ErrorCode::OutOfStock,
                    stock::out_of_stock_message(&product.name, &chosen.name, short.available),
                )
            })?;
            if let Some(v) = self.variant_mut(&chosen.id) {
                v.stock = left;
            }
            self.restock(i, 1);
        }
        let unit = decision.unit;
        let claim = Claim {
            key,
            fingerprint,
            name: valid.name,
            address: valid.address,
            variant_id: decision.variant.id,
        };
        self.gifts[i].record.units = decision.units;
        self.gifts[i].claims[unit] = Some(claim.clone());
        self.confirmation(i, unit, &claim)
    }

    fn confirmation(
        &self,
        gift: usize,
        unit: usize,
        claim: &Claim,
    ) -> Result<ClaimConfirmation, ApiError> {
        let record = &self.gifts[gift].record;
        let product = self.product(&record.product_id)?;
        let variant_name = product
            .variant(&claim.variant_id)
            .map(|v| v.name.clone())
            .unwrap_or_default();
        Ok(ClaimConfirmation {
            gift_token: record.token.clone(),
            unit_index: unit as u32,
            product_name: product.name,
            variant_name,
            name: claim.name.clone(),
            address: claim.address.clone(),
            claimed_at: record.units[unit].claimed_at.unwrap_or_default(),
        })
    }

    pub fn decline_gift(&mut self, token: &str, now: i64) -> Result<GiftView, ApiError> {
        let i = self.gift_index(token)?;
        omiyage_core::lifecycle::may_claim(self.order_status_of(i))?;
        self.settle(i, now);
        let record = &mut self.gifts[i].record;
        let window = record.window();
        gift::decline(&mut record.units, window, now)?;
        self.restock(i, 1);
        self.gift(token, now)
    }

    pub fn cancel_gift(&mut self, order_token: &str, now: i64) -> Result<OrderView, ApiError> {
        let i = self.gift_of_order(order_token)?;
        self.settle(i, now);
        let record = &mut self.gifts[i].record;
        let window = record.window();
        let refunded = gift::cancel(&mut record.units, window, now)?.len();
        record.cancelled = true;
        self.restock(i, refunded);
        self.order(order_token, now)
    }
}

#[cfg(test)]
mod tests {
    use omiyage_api::{
        Address, CheckoutLine, CheckoutRequest, Contact, GiftOptions, GiftState, PaymentChoice,
        RefundReason, UnitState,
    };

    use crate::MockState;

    #[test]
    fn an_unclaimed_gift_expires_after_its_window_and_its_stock_comes_back() {
        let mut state = MockState::seeded();
        state.claim_window_secs = 60;
        let stock = |s: &MockState| s.product("daruma").unwrap().variants[0].stock;
        let before = stock(&state);
        let request = CheckoutRequest {
            lines: vec![CheckoutLine {
                product_id: "daruma".into(),
                variant_id: "daruma-small".into(),
                quantity: 2,
            }],
            contact: Contact {
                name: "Hana".into(),
                email: "hana@example.com".into(),
                phone: String::new(),
            },
            address: Address::default(),
            // Paid: only a paid gift's units expire into refunds (an unpaid one waits).
            payment: PaymentChoice::TestCard {
                card_number: "4242 4242 4242 4242".into(),
            },
            gift: Some(GiftOptions {
                sender_name: "Hana".into(),
                greeting: String::new(),
                allow_variant_choice: false,
            }),
            coupon: None,
        };
        let mut n = 0;
        let order = state
            .checkout(
                Some("key-000001"),
                &request,
                || {
                    n += 1;
                    format!("00000000-0000-4000-8000-00000000000{n}")
                },
                1_000,
            )
            .unwrap();
        let token = order.gift.unwrap().claim_token;
        assert_eq!(stock(&state), before - 2);
        assert_eq!(state.gift(&token, 1_059).unwrap().state, GiftState::Open);
        assert_eq!(state.gift(&token, 1_060).unwrap().state, GiftState::Expired);
        assert_eq!(stock(&state), before);
        let units = state
            .order(&order.token, 1_061)
            .unwrap()
            .gift
            .unwrap()
            .units;
        assert!(
            units.iter().all(|u| u.state == UnitState::Refunded
                && u.refund_reason == Some(RefundReason::Expired))
        );
    }
}
