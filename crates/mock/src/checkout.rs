//! Checkout in the browser: `omiyage_flows::checkout` over the in-memory state, with the test
//! card and "pay in shop" as the payment providers (no money to give back) and the demo
//! coupon.

use std::cell::RefCell;

use omiyage_api::{
    ApiError, CheckoutRequest, ErrorCode, Money, OrderView, PaymentChoice, PaymentRules, Product,
};
use omiyage_core::checkout::ValidCheckout;
use omiyage_core::lang::Lang;
use omiyage_flows::checkout::{
    Charge, CheckoutDesk, PlaceOutcome, Placing, StoredCoupon, StoredKey,
};
use omiyage_flows::order::Admit;

use crate::{KeyRecord, MockGift, MockState};

/// Checkout's reads and writes on the mock.
struct Desk<'a, F: FnMut() -> String> {
    state: RefCell<&'a mut MockState>,
    new_token: RefCell<F>,
    now: i64,
}

impl<F: FnMut() -> String> CheckoutDesk for Desk<'_, F> {
    type Error = ApiError;
    type Payment = ();

    fn lang(&self) -> Lang {
        self.state.borrow().lang
    }
    fn new_token(&self) -> String {
        (self.new_token.borrow_mut())()
    }
    fn claim_window_secs(&self) -> i64 {
        self.state.borrow().claim_window_secs
    }
    async fn placed_with(&self, key: &str) -> Result<Option<StoredKey>, ApiError> {
        let state = self.state.borrow();
        let seen = state.keys.iter().find(|k| k.key == key);
        Ok(seen.map(|k| StoredKey {
            fingerprint: k.fingerprint.clone(),
            order_token: k.token.clone(),
        }))
    }
    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        self.state.borrow_mut().order(token, self.now)
    }
    async fn count_checkout(&self, _now: i64) -> Result<(), ApiError> {
        // One shopper, one browser: nothing to limit.
        Ok(())
    }
    async fn products(&self, _checkout: &ValidCheckout) -> Result<Vec<Product>, ApiError> {
        Ok(self.state.borrow().localized_products())
    }
    async fn answered_gift(
        &self,
        claim_token: &str,
    ) -> Result<Option<omiyage_flows::checkout::AnsweredGift>, ApiError> {
        let state = self.state.borrow();
        let Some(g) = state.gifts.iter().find(|g| g.record.token == claim_token) else {
            return Ok(None);
        };
        let order = state
            .orders
            .iter()
            .find(|o| o.token == g.record.order_token);
        Ok(Some(omiyage_flows::checkout::AnsweredGift {
            sender_email: order.map(|o| o.contact.email.clone()).unwrap_or_default(),
            claimed: g.record.units.iter().any(|u| {
                matches!(
                    u.state,
                    omiyage_api::UnitState::Claimed | omiyage_api::UnitState::Shipped
                )
            }),
        }))
    }
    async fn delivery_settings(&self) -> Result<omiyage_api::DeliverySettings, ApiError> {
        Ok(omiyage_core::delivery::default_settings())
    }
    async fn gift_option_settings(&self) -> Result<omiyage_api::GiftOptionSettings, ApiError> {
        Ok(omiyage_core::seed::gift_option_settings())
    }
    async fn product_gift_options(
        &self,
        product_id: &str,
    ) -> Result<Option<omiyage_api::ProductGiftOptions>, ApiError> {
        let state = self.state.borrow();
        let product = state
            .localized_products()
            .into_iter()
            .find(|p| p.id == product_id);
        Ok(product.map(|p| omiyage_core::seed::gift_options(&p.category)))
    }
    async fn coupon(&self, code: &str) -> Result<Option<StoredCoupon>, ApiError> {
        let state = self.state.borrow();
        let uses = state.uses_of(code).iter().map(|(_, n)| n).sum();
        Ok(crate::coupons()
            .into_iter()
            .find(|c| c.code == code)
            .map(|coupon| StoredCoupon {
                coupon,
                uses,
                promoter_email: None,
            }))
    }
    async fn coupon_uses_by(&self, code: &str, email: &str) -> Result<u32, ApiError> {
        let state = self.state.borrow();
        let mine = state.uses_of(code).iter().find(|(e, _)| e == email);
        Ok(mine.map_or(0, |(_, n)| *n))
    }
    async fn payment_rules(&self) -> Result<PaymentRules, ApiError> {
        Ok(omiyage_core::hold::default_rules())
    }
    /// The mock has no members: nobody is signed in, orders earn nothing.
    async fn points(&self) -> Result<(Option<omiyage_flows::points::Member>, u32), ApiError> {
        Ok((None, 0))
    }
    async fn charge(
        &self,
        choice: &PaymentChoice,
        _total: Money,
        _order_token: &str,
        _key: &str,
    ) -> Result<Charge<()>, ApiError> {
        let (summary, status) = omiyage_core::payment::authorize(choice)?;
        Ok(Charge {
            summary,
            status,
            payment: None,
        })
    }
    async fn give_back(&self, _charge: &Charge<()>, _total: Money, _key: &str) {
        // The test card and "pay in shop" hold no money.
    }
    async fn place(&self, order: Placing<'_, ()>) -> Result<PlaceOutcome, ApiError> {
        let mut state = self.state.borrow_mut();
        let view = order.view;
        // The hold, the coupon's use and the stock, as the server admits an order.
        let email = omiyage_core::account::normalise_email(&view.contact.email);
        let holder = (view.payment.pay_by.is_some() && !email.is_empty()).then_some(email);
        let admitted = state.run(async |tx| {
            let admit = Admit {
                reference: "",
                takes: order.takes,
                coupon: order.coupon,
                holder: holder.as_deref(),
                points: None,
            };
            omiyage_flows::order::admit(tx, admit).await
        })?;
        if let Err(refused) = admitted {
            return Ok(PlaceOutcome::Refused(refused));
        }
        if let Some(record) = order.gift {
            state.gifts.push(MockGift::new(record));
        }
        state.orders.push(view.clone());
        state.keys.push(KeyRecord {
            key: order.key.to_string(),
            fingerprint: order.fingerprint.to_string(),
            token: view.token.clone(),
        });
        Ok(PlaceOutcome::Placed)
    }
}

impl MockState {
    /// Places an order (`omiyage_flows::checkout`); a retry with the same key answers the
    /// order placed first.
    pub fn checkout(
        &mut self,
        key: Option<&str>,
        request: &CheckoutRequest,
        new_token: impl FnMut() -> String,
        now: i64,
    ) -> Result<OrderView, ApiError> {
        let desk = Desk {
            state: RefCell::new(self),
            new_token: RefCell::new(new_token),
            now,
        };
        let flow = omiyage_flows::checkout::checkout(&desk, key, request, now);
        match crate::flow_store::ready(flow) {
            Some(answer) => answer.map(|(order, _)| order),
            None => Err(ApiError::new(
                ErrorCode::Internal,
                "The in-memory store waited for something.",
            )),
        }
    }

    /// Each email's uses of a coupon.
    fn uses_of(&self, code: &str) -> &[(String, u32)] {
        let found = self.coupon_uses.iter().find(|(c, _)| c == code);
        found.map_or(&[], |(_, uses)| uses.as_slice())
    }
}
