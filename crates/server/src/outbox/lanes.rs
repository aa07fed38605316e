//! Sending leased messages, one task per destination (a webhook endpoint, the SMTP server, the
//! card provider), so a destination that hangs or fails delays only its own messages.
//!
//! - A destination is busy while its task runs; the next rounds lease none of its messages
//!   (`Open`), and they wait in the database, where any instance may pick them up later.
//! - Within a destination, messages to one recipient (an endpoint; an email address; a payment)
//!   go one after another, in the order they were leased (oldest first), as before; an endpoint
//!   has one recipient, SMTP and the card provider take up to [`Destination::bound`] recipients
//!   at once.
//! - A failed attempt is retried after its backoff (`omiyage_core::outbox::retry_after`); the
//!   recipient's later messages of the round are given back unsent (due again at once, their
//!   attempts unchanged), and so is every message not started before half its lease has passed,
//!   so no other instance sends a message while this one still might.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::task::JoinHandle;

use super::event::{Channel, Endpoint, Open, Outgoing};
use super::{LEASE_SECS, webhook};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Where a message goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A webhook endpoint, by id.
    Endpoint(String),
    Smtp,
    /// The card provider (refunds).
    Provider,
}

impl Destination {
    pub fn of(m: &Outgoing) -> Destination {
        match m.channel {
            Channel::Webhook => Destination::Endpoint(m.to.clone()),
            Channel::Email => Destination::Smtp,
            Channel::Refund => Destination::Provider,
        }
    }

    /// How many of its recipients are sent to at once: an endpoint is one recipient (its
    /// deliveries arrive in order); a mail server or the provider take a few connections.
    pub fn bound(&self) -> usize {
        match self {
            Destination::Endpoint(_) => 1,
            Destination::Smtp | Destination::Provider => 4,
        }
    }
}

/// The destinations a worker has messages in flight to, shared by its rounds.
#[derive(Clone, Debug, Default)]
pub struct Busy(Arc<Mutex<HashSet<Destination>>>);

impl Busy {
    /// What the next round may lease: every destination not busy (email only with a mailer).
    pub fn open(&self, with_mail: bool) -> Open {
        let busy = self.0.lock().expect("busy destinations");
        let mut busy_endpoints: Vec<String> = busy
            .iter()
            .filter_map(|d| match d {
                Destination::Endpoint(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        busy_endpoints.sort();
        Open {
            email: with_mail && !busy.contains(&Destination::Smtp),
            refund: !busy.contains(&Destination::Provider),
            busy_endpoints,
        }
    }
}

/// Frees a destination when its task ends, however it ends.
struct Claimed(Busy, Destination);

impl Drop for Claimed {
    fn drop(&mut self) {
        if let Ok(mut busy) = (self.0).0.lock() {
            busy.remove(&self.1);
        }
    }
}

/// What sending did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    pub failed: usize,
}

impl std::ops::AddAssign for Sent {
    fn add_assign(&mut self, other: Sent) {
        self.sent += other.sent;
        self.failed += other.failed;
    }
}

/// One destination's sending.
pub type Task = JoinHandle<Result<Sent, AppError>>;

/// Starts a task per destination of `messages` (kept in their order), each busy until done.
pub fn start<S: Backend>(state: &AppState<S>, busy: &Busy, messages: Vec<Outgoing>) -> Vec<Task> {
    let mut by_destination: Vec<(Destination, Vec<Outgoing>)> = Vec::new();
    for m in messages {
        let d = Destination::of(&m);
        match by_destination.iter_mut().find(|(x, _)| *x == d) {
            Some((_, list)) => list.push(m),
            None => by_destination.push((d, vec![m])),
        }
    }
    by_destination
        .into_iter()
        .map(|(d, messages)| {
            busy.0.lock().expect("busy destinations").insert(d.clone());
            let claimed = Claimed(busy.clone(), d);
            let state = state.clone();
            tokio::spawn(async move {
                let sent = send_to(&state, &claimed.1, messages).await;
                drop(claimed);
                if let Err(e) = &sent {
                    tracing::warn!(error = %e, "outbox sending failed; will retry");
                }
                sent
            })
        })
        .collect()
}

/// Sends one destination's messages, recipient by recipient.
async fn send_to<S: Backend>(
    state: &AppState<S>,
    destination: &Destination,
    messages: Vec<Outgoing>,
) -> Result<Sent, AppError> {
    let deadline = Instant::now() + Duration::from_secs((LEASE_SECS / 2).unsigned_abs());
    let endpoint = match destination {
        Destination::Endpoint(id) => state.storage.endpoint(id).await?,
        _ => None,
    };
    let mut recipients: Vec<Vec<Outgoing>> = Vec::new();
    for m in messages {
        match recipients.iter_mut().find(|r| r[0].to == m.to) {
            Some(r) => r.push(m),
            None => recipients.push(vec![m]),
        }
    }
    let done: Vec<Result<Sent, AppError>> = futures::stream::iter(recipients)
        .map(|r| send_in_order(state, endpoint.as_ref(), r, deadline))
        .buffer_unordered(destination.bound())
        .collect()
        .await;
    let mut sent = Sent::default();
    for d in done {
        sent += d?;
    }
    Ok(sent)
}

/// Sends one recipient's messages in order until one fails or the time is up; gives back the
/// rest.
async fn send_in_order<S: Backend>(
    state: &AppState<S>,
    endpoint: Option<&Endpoint>,
    messages: Vec<Outgoing>,
    deadline: Instant,
) -> Result<Sent, AppError> {
    let storage = &state.storage;
    let mut done = Sent::default();
    let mut messages = messages.into_iter();
    while let Some(m) = messages.next() {
        if Instant::now() >= deadline {
            let back: Vec<String> = std::iter::once(m).chain(messages).map(|m| m.id).collect();
            storage.release(&back, state.clock.now()).await?;
            break;
        }
        match attempt(state, endpoint, &m).await {
            Ok(()) => {
                storage.mark_sent(&m.id, state.clock.now()).await?;
                done.sent += 1;
            }
            Err(error) => {
                let outbox = &state.outbox;
                let attempts = m.attempts + 1;
                let next = omiyage_core::outbox::retry_after(
                    attempts,
                    outbox.max_attempts,
                    outbox.retry_base_secs,
                )
                .map(|wait| state.clock.now() + wait);
                tracing::warn!(message = %m.id, channel = m.channel.as_str(), attempts, %error, "not delivered");
                storage
                    .mark_attempt_failed(&m.id, attempts, next, &error)
                    .await?;
                done.failed += 1;
                let back: Vec<String> = messages.map(|m| m.id).collect();
                if !back.is_empty() {
                    storage.release(&back, state.clock.now()).await?;
                }
                break;
            }
        }
    }
    Ok(done)
}

/// One attempt at one message; `Err` says why it failed (kept for the next attempt).
async fn attempt<S: Backend>(
    state: &AppState<S>,
    endpoint: Option<&Endpoint>,
    m: &Outgoing,
) -> Result<(), String> {
    let outbox = &state.outbox;
    match m.channel {
        Channel::Webhook => match endpoint {
            Some(endpoint) => {
                webhook::deliver(
                    endpoint,
                    &m.id,
                    &m.text,
                    state.clock.now(),
                    outbox.allow_private_webhooks,
                    outbox.webhook_timeout,
                )
                .await
            }
            None => Err("the endpoint was deleted".to_string()),
        },
        Channel::Refund => super::refund_through_provider(state, m).await,
        Channel::Email => match &outbox.mailer {
            Some(mailer) => mailer.send(m).await,
            None => Err("no mail server is set up".to_string()),
        },
    }
}
