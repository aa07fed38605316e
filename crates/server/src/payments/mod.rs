//! Payment providers. The clearly labelled test card and "pay in shop" (staff confirms) are
//! always there, their rules in `omiyage_core::payment`; real cards go through Stripe when the
//! shop is connected to it (`stripe`), and then the test card is refused.

pub mod stripe;

use omiyage_api::{
    ApiError, FieldError, Money, OrderStatus, PaymentChoice, PaymentStatus, PaymentSummary,
};

use omiyage_flows::card::Standing;

use self::stripe::{Intent, Stripe, StripeError};

/// What a charge came to, with a card payment's PaymentIntent (kept with the order).
pub type Charged = omiyage_flows::checkout::Charge<Intent>;

/// The providers this shop has.
pub struct Payments {
    /// Real cards, when the shop is connected to Stripe.
    pub stripe: Option<Stripe>,
}

impl Payments {
    pub fn new(stripe: Option<stripe::StripeConfig>) -> Payments {
        Payments {
            stripe: stripe.map(Stripe::new),
        }
    }
}

fn card_summary(status: PaymentStatus) -> PaymentSummary {
    PaymentSummary {
        method: "card".into(),
        status,
        card_last4: None,
        pay_by: None,
    }
}

/// The shopper's words for a provider that could not be reached (the detail is logged).
pub fn unavailable(e: &StripeError) -> ApiError {
    tracing::error!(error = %e, "card payment failed");
    omiyage_core::payment::unavailable()
}

fn declined_at_checkout(reason: &str) -> ApiError {
    let mut e = omiyage_core::payment::declined(reason);
    e.message = e.message.replace(
        "Nothing was charged",
        "No order was placed and nothing was charged",
    );
    e
}

impl Payments {
    /// Takes `amount` for the order `order_token` (checkout idempotency key `key`), or refuses
    /// (402 for a declined card: nothing is created).
    pub async fn charge(
        &self,
        choice: &PaymentChoice,
        amount: Money,
        order_token: &str,
        key: &str,
    ) -> Result<Charged, ApiError> {
        let (stripe, payment_method) = match (choice, &self.stripe) {
            // No card yet: the order waits (its stock held) for the card page.
            (PaymentChoice::CardPage, Some(_)) => {
                return Ok(Charged {
                    summary: card_summary(PaymentStatus::Pending),
                    status: OrderStatus::AwaitingPayment,
                    payment: None,
                });
            }
            (PaymentChoice::Card { payment_method }, Some(stripe)) => {
                if !omiyage_core::payment::provider_reference_ok(payment_method) {
                    return Err(ApiError::invalid(vec![FieldError::new(
                        "payment.payment_method",
                        "The card form did not finish: please enter the card again.",
                    )]));
                }
                (stripe, payment_method)
            }
            (PaymentChoice::TestCard { .. }, Some(_)) => {
                return Err(ApiError::invalid(vec![FieldError::new(
                    "payment.method",
                    "This shop takes real cards: the test card is not accepted.",
                )]));
            }
            _ => {
                let (summary, status) = omiyage_core::payment::authorize(choice)?;
                return Ok(Charged {
                    summary,
                    status,
                    payment: None,
                });
            }
        };
        let intent = match stripe
            .pay(amount.amount, payment_method, order_token, key)
            .await
        {
            Ok(intent) => intent,
            Err(StripeError::Declined(reason)) => return Err(declined_at_checkout(&reason)),
            Err(e) => return Err(unavailable(&e)),
        };
        let (payment, status) = match intent.standing() {
            Standing::Succeeded => (PaymentStatus::Captured, OrderStatus::Paid),
            Standing::NeedsAction | Standing::Processing => {
                (PaymentStatus::Pending, OrderStatus::AwaitingPayment)
            }
            Standing::Declined | Standing::Cancelled => return Err(declined_at_checkout("")),
        };
        Ok(Charged {
            summary: card_summary(payment),
            status,
            payment: Some(intent),
        })
    }

    /// Gives back a charge when the order could not be placed after all.
    pub async fn give_back(&self, charged: &Charged, amount: Money, key: &str) {
        match (&charged.payment, &self.stripe) {
            (Some(intent), Some(stripe)) => {
                let done = if intent.standing() == Standing::Succeeded {
                    stripe.refund(&intent.id, amount.amount, key).await
                } else {
                    stripe.cancel(&intent.id).await.map(|_| ())
                };
                if let Err(e) = done {
                    tracing::error!(intent = %intent.id, error = %e, "could not give back a card payment for an order that was not placed; refund it in the Stripe dashboard");
                }
            }
            // The test provider holds no money; the log tells the operator.
            _ => {
                tracing::info!(method = %charged.summary.method, amount = amount.amount, "refunded a charge for an order that was not placed")
            }
        }
    }
}
