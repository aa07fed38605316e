//! The card flows over a scripted provider and a desk that keeps one order: which payments are
//! made, cancelled and settled, in which order, whatever the provider did meanwhile.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;

/// Runs a flow whose fakes never wait.
fn run<T>(flow: impl Future<Output = T>) -> T {
    let mut flow = pin!(flow);
    match flow.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(answer) => answer,
        Poll::Pending => panic!("the fakes never wait"),
    }
}

#[derive(Clone, Debug)]
struct Payment {
    id: String,
    amount: i64,
    standing: Standing,
}

impl CardIntent for Payment {
    fn id(&self) -> &str {
        &self.id
    }
    fn amount(&self) -> i64 {
        self.amount
    }
    fn standing(&self) -> Standing {
        self.standing
    }
}

/// Cards by what they do: `pm_ok` succeeds, `pm_3ds` waits for the challenge, `pm_no` is
/// refused (nothing made), `pm_soft` is made and declined.
#[derive(Default)]
struct Provider {
    payments: RefCell<BTreeMap<String, Payment>>,
    calls: RefCell<Vec<String>>,
}

impl Provider {
    fn set(&self, id: &str, standing: Standing) {
        self.payments.borrow_mut().get_mut(id).unwrap().standing = standing;
    }
    fn standing(&self, id: &str) -> Standing {
        self.payments.borrow()[id].standing
    }
    fn calls(&self) -> Vec<String> {
        self.calls.borrow().clone()
    }
}

impl CardProvider for Provider {
    type Intent = Payment;
    async fn pay(
        &self,
        amount: i64,
        payment_method: &str,
        _order: &str,
        _key: &str,
    ) -> Result<Payment, ProviderError> {
        self.calls
            .borrow_mut()
            .push(format!("pay {payment_method}"));
        let standing = match payment_method {
            "pm_ok" => Standing::Succeeded,
            "pm_3ds" => Standing::NeedsAction,
            "pm_soft" => Standing::Declined,
            _ => {
                return Err(ProviderError::Declined(
                    "Your card has insufficient funds".into(),
                ));
            }
        };
        let mut payments = self.payments.borrow_mut();
        let id = format!("pi_{}", payments.len() + 1);
        let payment = Payment {
            id: id.clone(),
            amount,
            standing,
        };
        payments.insert(id, payment.clone());
        Ok(payment)
    }
    async fn intent(&self, id: &str) -> Result<Payment, ProviderError> {
        let found = self.payments.borrow().get(id).cloned();
        found.ok_or_else(|| ProviderError::Failed(format!("no payment {id}")))
    }
    async fn cancel(&self, id: &str) -> Result<Payment, ProviderError> {
        self.calls.borrow_mut().push(format!("cancel {id}"));
        let mut payments = self.payments.borrow_mut();
        let payment = payments.get_mut(id).unwrap();
        if matches!(payment.standing, Standing::Succeeded | Standing::Cancelled) {
            return Err(ProviderError::Failed("final".into()));
        }
        payment.standing = Standing::Cancelled;
        Ok(payment.clone())
    }
}

/// One card order of 3,000 yen, kept as the SQL store keeps it.
struct Desk {
    status: RefCell<OrderStatus>,
    open: RefCell<Option<String>>,
    made: RefCell<i64>,
    paid_by: RefCell<Option<String>>,
    /// Payments whose money went back because the order no longer waited for them.
    returned: RefCell<Vec<String>>,
    /// Something else changes the order just before the next swap (a racing attempt).
    race: RefCell<Option<OrderStatus>>,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            status: RefCell::new(OrderStatus::AwaitingPayment),
            open: RefCell::new(None),
            made: RefCell::new(0),
            paid_by: RefCell::new(None),
            returned: RefCell::new(Vec::new()),
            race: RefCell::new(None),
        }
    }
    fn status(&self) -> OrderStatus {
        *self.status.borrow()
    }
}

impl CardDesk for Desk {
    type Error = ApiError;
    async fn order_status(&self, _token: &str) -> Result<Option<OrderStatus>, ApiError> {
        Ok(Some(self.status()))
    }
    async fn open_intent(&self, _token: &str) -> Result<Option<String>, ApiError> {
        Ok(self.open.borrow().clone())
    }
    async fn intents_made(&self, _token: &str) -> Result<i64, ApiError> {
        Ok(*self.made.borrow())
    }
    async fn swap_intent(
        &self,
        _token: &str,
        from: Option<&str>,
        to: Option<(&str, i64)>,
        _now: i64,
    ) -> Result<bool, ApiError> {
        if let Some(status) = self.race.borrow_mut().take() {
            *self.status.borrow_mut() = status;
        }
        if to.is_some() {
            *self.made.borrow_mut() += 1;
        }
        let mut open = self.open.borrow_mut();
        if self.status() != OrderStatus::AwaitingPayment || open.as_deref() != from {
            return Ok(false);
        }
        *open = to.map(|(id, _)| id.to_string());
        Ok(true)
    }
    async fn settle(
        &self,
        _token: &str,
        outcome: CardOutcome,
        intent: Option<&str>,
        _now: i64,
    ) -> Result<Settled, ApiError> {
        let waiting = self.status() == OrderStatus::AwaitingPayment;
        match (outcome, intent) {
            (CardOutcome::Paid, Some(id)) if self.paid_by.borrow().as_deref() == Some(id) => {
                Ok(Settled::Unchanged)
            }
            (CardOutcome::Paid, Some(id)) if waiting => {
                *self.status.borrow_mut() = OrderStatus::Paid;
                *self.paid_by.borrow_mut() = Some(id.to_string());
                Ok(Settled::Changed)
            }
            (CardOutcome::Paid, Some(id)) => {
                self.returned.borrow_mut().push(id.to_string());
                Ok(Settled::Changed)
            }
            (CardOutcome::Failed, id) if waiting && self.open.borrow().as_deref() == id => {
                *self.status.borrow_mut() = OrderStatus::Cancelled;
                Ok(Settled::Changed)
            }
            _ => Ok(Settled::Unchanged),
        }
    }
    async fn waiting(&self, _before: i64) -> Result<Vec<(String, Option<String>)>, ApiError> {
        Ok(match self.status() {
            OrderStatus::AwaitingPayment => vec![("order".into(), self.open.borrow().clone())],
            _ => Vec::new(),
        })
    }
    async fn cancel_gift(&self, token: &str, now: i64) -> Result<(), ApiError> {
        self.cancel_unpaid(token, CancelReason::ByShop, now).await?;
        Ok(())
    }
    async fn cancel_unpaid(
        &self,
        _token: &str,
        _reason: CancelReason,
        _now: i64,
    ) -> Result<bool, ApiError> {
        let waiting = self.status() == OrderStatus::AwaitingPayment;
        if waiting {
            *self.status.borrow_mut() = OrderStatus::Cancelled;
        }
        Ok(waiting)
    }
    async fn lapsed_holds(&self, _now: i64) -> Result<Vec<String>, ApiError> {
        Ok(Vec::new())
    }
}

fn attempt(desk: &Desk, provider: &Provider, card: &str) -> Result<Payment, ApiError> {
    run(super::attempt(desk, provider, "order", card, 3000, 0))
}

#[test]
fn a_card_that_succeeds_pays_the_order() {
    let (desk, provider) = (Desk::new(), Provider::default());
    let paid = attempt(&desk, &provider, "pm_ok").unwrap();
    assert_eq!((paid.id.as_str(), paid.amount), ("pi_1", 3000));
    assert_eq!(desk.status(), OrderStatus::Paid);
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_1"));
}

#[test]
fn a_refused_card_makes_nothing_and_the_order_waits() {
    let (desk, provider) = (Desk::new(), Provider::default());
    let e = attempt(&desk, &provider, "pm_no").unwrap_err();
    assert_eq!(e.code, ErrorCode::CardDeclined);
    assert!(e.message.starts_with("Your card has insufficient funds."));
    assert_eq!(desk.status(), OrderStatus::AwaitingPayment);
    assert_eq!(*desk.open.borrow(), None);
    // Declined after it was made: kept open for another card, which closes it first.
    let e = attempt(&desk, &provider, "pm_soft").unwrap_err();
    assert_eq!(e.code, ErrorCode::CardDeclined);
    assert_eq!(desk.open.borrow().as_deref(), Some("pi_1"));
    attempt(&desk, &provider, "pm_ok").unwrap();
    assert_eq!(provider.standing("pi_1"), Standing::Cancelled);
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_2"));
}

#[test]
fn another_card_cancels_the_open_challenge_first() {
    let (desk, provider) = (Desk::new(), Provider::default());
    let open = attempt(&desk, &provider, "pm_3ds").unwrap();
    assert_eq!(open.standing, Standing::NeedsAction);
    assert_eq!(desk.status(), OrderStatus::AwaitingPayment);
    attempt(&desk, &provider, "pm_ok").unwrap();
    assert_eq!(
        provider.calls(),
        ["pay pm_3ds", "cancel pi_1", "pay pm_ok"],
        "the open payment is cancelled before another is made"
    );
    assert_eq!(provider.standing("pi_1"), Standing::Cancelled);
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_2"));
    assert!(desk.returned.borrow().is_empty());
}

#[test]
fn a_challenge_passed_meanwhile_pays_the_order_and_refuses_the_new_card() {
    let (desk, provider) = (Desk::new(), Provider::default());
    attempt(&desk, &provider, "pm_3ds").unwrap();
    provider.set("pi_1", Standing::Succeeded);
    let e = attempt(&desk, &provider, "pm_ok").unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.message, "This order is already paid.");
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_1"));
    assert_eq!(
        provider.calls(),
        ["pay pm_3ds"],
        "read as paid: neither cancelled nor charged again"
    );
}

#[test]
fn a_payment_made_while_the_order_stopped_waiting_does_not_stand() {
    // Cancelled while the card was at the bank: a challenge is cancelled at the provider.
    let (desk, provider) = (Desk::new(), Provider::default());
    *desk.race.borrow_mut() = Some(OrderStatus::Cancelled);
    let e = attempt(&desk, &provider, "pm_3ds").unwrap_err();
    assert_eq!(e.message, "This order is not waiting for a card.");
    assert_eq!(provider.standing("pi_1"), Standing::Cancelled);
    // A success that cannot be cancelled any more: its money goes back at once.
    let (desk, provider) = (Desk::new(), Provider::default());
    *desk.race.borrow_mut() = Some(OrderStatus::Cancelled);
    attempt(&desk, &provider, "pm_ok").unwrap_err();
    assert_eq!(*desk.returned.borrow(), ["pi_1"]);
    assert_eq!(desk.status(), OrderStatus::Cancelled);
}

#[test]
fn the_sweep_cancels_an_abandoned_challenge_and_keeps_a_late_success() {
    let (desk, provider) = (Desk::new(), Provider::default());
    attempt(&desk, &provider, "pm_3ds").unwrap();
    assert_eq!(run(sweep_abandoned(&desk, &provider, 10, 10)), Ok(1));
    assert_eq!(provider.standing("pi_1"), Standing::Cancelled);
    assert_eq!(desk.status(), OrderStatus::Cancelled);

    let (desk, provider) = (Desk::new(), Provider::default());
    attempt(&desk, &provider, "pm_3ds").unwrap();
    provider.set("pi_1", Standing::Succeeded);
    assert_eq!(run(sweep_abandoned(&desk, &provider, 10, 10)), Ok(1));
    assert_eq!(desk.status(), OrderStatus::Paid);
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_1"));

    // An order that never had a card is cancelled as abandoned.
    let (desk, provider) = (Desk::new(), Provider::default());
    assert_eq!(run(sweep_abandoned(&desk, &provider, 10, 10)), Ok(1));
    assert_eq!(desk.status(), OrderStatus::Cancelled);
}

#[test]
fn cancelling_closes_the_open_payment_first() {
    let (desk, provider) = (Desk::new(), Provider::default());
    attempt(&desk, &provider, "pm_3ds").unwrap();
    run(cancel_gift(&desk, Some(&provider), "order", 0)).unwrap();
    assert_eq!(provider.standing("pi_1"), Standing::Cancelled);
    assert_eq!(desk.status(), OrderStatus::Cancelled);

    // Its challenge was passed meanwhile: the order is paid, and staff are told to refund.
    let (desk, provider) = (Desk::new(), Provider::default());
    attempt(&desk, &provider, "pm_3ds").unwrap();
    provider.set("pi_1", Standing::Succeeded);
    let e = run(cancel_unpaid(&desk, Some(&provider), "order", 0)).unwrap_err();
    assert_eq!(
        e.message,
        "This order is paid: refund it instead of cancelling it."
    );
    assert_eq!(desk.paid_by.borrow().as_deref(), Some("pi_1"));
}
