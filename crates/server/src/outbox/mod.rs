//! Telling people what happened: every event is written to the outbox in the transaction that
//! causes it (see `storage::OutboxStorage`); this worker composes each event's emails once, in
//! each reader's language, and delivers them over SMTP with retries and exponential backoff
//! (`omiyage_core::outbox`). Without `--smtp-url` messages are composed and kept (the console
//! lists them) until mail is set up. Every instance may run the worker: events are composed
//! by whoever marks them first, and messages are leased to one sender at a time. Each
//! destination (a webhook endpoint, SMTP, the card provider) is sent to by a task of its own
//! (`lanes`), so one that stalls delays only its own messages.

mod addresses;
mod compose;
pub use crate::events as event;
mod lanes;
mod mail;
mod texts;
pub mod webhook;

use std::time::Duration;

use crate::storage::Backend;
use crate::{AppError, AppState};
use event::{Event, Message};
use lanes::Busy;
pub use mail::Mailer;

/// How the outbox delivers.
#[derive(Debug)]
pub struct Outbox {
    /// `None`: no mail set up; messages wait.
    pub mailer: Option<Mailer>,
    /// The shop's public origin, for links in messages.
    pub base_url: String,
    /// Wait after the first failed attempt (doubling after each next one).
    pub retry_base_secs: i64,
    /// Attempts before a message is kept as failed.
    pub max_attempts: u32,
    /// Webhooks may go to loopback and private addresses (tests, a trusted network).
    pub allow_private_webhooks: bool,
    /// How long a webhook endpoint has to answer one delivery.
    pub webhook_timeout: Duration,
}

/// How long a leased message is left to its sender before another may try it.
const LEASE_SECS: i64 = 120;
const BATCH: i64 = 50;

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub composed: usize,
    pub sent: usize,
    pub failed: usize,
}

/// Composes waiting events and sends due messages, once, and waits until they are sent.
pub async fn run_once<S: Backend>(state: &AppState<S>) -> Result<Round, AppError> {
    let (mut round, tasks) = start_round(state, &Busy::default()).await?;
    for task in tasks {
        let sent = task
            .await
            .map_err(|e| AppError::Internal(format!("an outbox task ended: {e}")))??;
        round.sent += sent.sent;
        round.failed += sent.failed;
    }
    Ok(round)
}

/// Composes waiting events, leases the due messages of destinations not `busy` and starts
/// sending them (see `lanes`); the round counts what it composed.
async fn start_round<S: Backend>(
    state: &AppState<S>,
    busy: &Busy,
) -> Result<(Round, Vec<lanes::Task>), AppError> {
    let storage = &state.storage;
    let outbox = &state.outbox;
    let mut round = Round::default();
    let waiting = storage.waiting_events(BATCH).await?;
    let endpoints = if waiting.is_empty() {
        Vec::new()
    } else {
        storage.endpoints().await?
    };
    for stored in waiting {
        let found = match &stored.event {
            Event::OrdersLookup { email, .. } => compose::Found {
                orders: storage.orders_by_email(email).await?,
                ..Default::default()
            },
            Event::PromoterSignUp { email, .. } => compose::Found {
                account: storage.account_by_email(email).await?.is_some(),
                ..Default::default()
            },
            _ => compose::Found::default(),
        };
        let mut messages = compose::emails(&stored.event, &outbox.base_url, &found);
        messages.extend(provider_refund(state, &stored.event).await?);
        messages.extend(compose::deliveries(
            &stored.id,
            stored.created_at,
            &stored.event,
            &endpoints,
        ));
        if storage
            .store_messages(&stored.id, &messages, state.clock.now())
            .await?
        {
            round.composed += messages.len();
        }
    }
    let now = state.clock.now();
    let open = busy.open(outbox.mailer.is_some());
    let due = storage
        .lease_due(now, now + LEASE_SECS, BATCH, &open)
        .await?;
    Ok((round, lanes::start(state, busy, due)))
}

/// A refund the gift rules made on a card-paid order, as a message to the card provider: it
/// goes out (and is retried) like any other, its id is Stripe's idempotency key, so the money
/// goes back exactly once however often it is sent.
async fn provider_refund<S: Backend>(
    state: &AppState<S>,
    event: &Event,
) -> Result<Option<Message>, AppError> {
    let (order, refund, topic, returned) = match event {
        Event::GiftRefunded {
            order,
            refund,
            reason,
            ..
        } => (order, refund, reason_topic(*reason), None),
        Event::OrderRefunded {
            order,
            refund,
            cancelled,
            intent,
            ..
        } => (
            order,
            refund,
            match (cancelled, intent) {
                (_, Some(_)) => "payment_returned",
                (true, None) => "order_cancelled",
                (false, None) => "admin_refund",
            },
            intent.clone(),
        ),
        _ => return Ok(None),
    };
    if state.payments.stripe.is_none() || refund.amount <= 0 {
        return Ok(None);
    }
    // A returned payment names its intent; any other refund is of the intent that paid.
    let intent = match returned {
        Some(intent) => intent,
        None => match state.storage.card_intent(&order.token).await? {
            Some(intent) => intent,
            None => return Ok(None),
        },
    };
    let note = format!(
        "Refund of {} yen for order {}",
        refund.amount, order.reference
    );
    Ok(Some(Message::refund(topic, intent, refund.amount, note)))
}

/// A gift refund's reason as its refund message's topic.
fn reason_topic(reason: omiyage_api::RefundReason) -> &'static str {
    match reason {
        omiyage_api::RefundReason::Declined => "gift_declined",
        omiyage_api::RefundReason::Expired => "gift_expired",
        omiyage_api::RefundReason::Cancelled => "gift_cancelled",
    }
}

async fn refund_through_provider<S: Backend>(
    state: &AppState<S>,
    m: &event::Outgoing,
) -> Result<(), String> {
    let Some(stripe) = &state.payments.stripe else {
        return Err("the shop is not connected to Stripe".into());
    };
    let amount: i64 = m.text.parse().map_err(|_| "not an amount".to_string())?;
    stripe
        .refund(&m.to, amount, &m.id)
        .await
        .map_err(|e| e.to_string())
}

/// Runs the outbox every `every` in the background. A round does not wait for the messages
/// it started: the next one leases for every destination not still busy.
pub fn spawn<S: Backend>(state: AppState<S>, every: Duration) {
    tokio::spawn(async move {
        let busy = Busy::default();
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // The round's tasks run on by themselves and log their own failures.
            if let Err(e) = start_round(&state, &busy).await {
                tracing::warn!(error = %e, "outbox round failed; will retry");
            }
        }
    });
}
