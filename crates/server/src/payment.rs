//! Payment providers. Two honest ones ship: the clearly labelled test card provider and
//! "pay in shop" (staff confirms); their rules live in `omiyage_core::payment`.

use omiyage_api::{ApiError, Money, OrderStatus, PaymentChoice, PaymentSummary};

/// A way to take (and give back) money for an order.
pub trait PaymentProvider: Send + Sync {
    /// Authorises and captures `amount`, or refuses (402 for a declined card).
    fn charge(
        &self,
        choice: &PaymentChoice,
        amount: Money,
    ) -> Result<(PaymentSummary, OrderStatus), ApiError>;
    /// Gives back a charge when the order could not be placed after all.
    fn refund(&self, payment: &PaymentSummary, amount: Money);
}

/// The test card provider and pay-in-shop.
pub struct BuiltinProviders;

impl PaymentProvider for BuiltinProviders {
    fn charge(
        &self,
        choice: &PaymentChoice,
        _amount: Money,
    ) -> Result<(PaymentSummary, OrderStatus), ApiError> {
        omiyage_core::payment::authorize(choice)
    }

    fn refund(&self, payment: &PaymentSummary, amount: Money) {
        // The test provider holds no money; record the refund in the log for the operator.
        tracing::info!(method = %payment.method, amount = amount.amount, "refunded a charge for an order that was not placed");
    }
}
