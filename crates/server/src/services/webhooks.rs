//! The admin's webhook endpoints: added (URL checked: http(s), public addresses unless
//! allowed), listed, their secret rotated, a test event sent, their delivery log read.

use omiyage_api::{
    ApiError, FieldError, OutboxMessage, WEBHOOK_EVENTS, WebhookEndpoint, WebhookInput,
};

use crate::events::Event;
use crate::storage::Backend;
use crate::{AppError, AppState};

/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_OVERLAP_SECS: i64 = 24 * 3600;

/// A fresh signing secret: `whsec_` and 32 random bytes in hex.
fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(format!(
        "whsec_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

pub async fn create<S: Backend>(
    state: &AppState<S>,
    input: &WebhookInput,
) -> Result<WebhookEndpoint, AppError> {
    let mut errors = Vec::new();
    if let Err(message) =
        crate::outbox::webhook::resolve(&input.url, state.outbox.allow_private_webhooks).await
    {
        errors.push(FieldError::new("url", message));
    }
    let mut events: Vec<String> = Vec::new();
    for e in &input.events {
        if !WEBHOOK_EVENTS.contains(&e.as_str()) {
            errors.push(FieldError::new(
                "events",
                format!(
                    "{e:?} is not an event; choose from {}.",
                    WEBHOOK_EVENTS.join(", ")
                ),
            ));
        } else if !events.contains(e) {
            events.push(e.clone());
        }
    }
    if input.events.is_empty() {
        errors.push(FieldError::new("events", "Choose at least one event."));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors).into());
    }
    let endpoint = WebhookEndpoint {
        id: uuid::Uuid::new_v4().to_string(),
        url: input.url.trim().to_string(),
        events,
        secret: new_secret()?,
        previous_secret_until: None,
        created_at: state.clock.now(),
    };
    state.storage.create_endpoint(&endpoint).await?;
    Ok(endpoint)
}

pub async fn list<S: Backend>(state: &AppState<S>) -> Result<Vec<WebhookEndpoint>, AppError> {
    Ok(state
        .storage
        .endpoints()
        .await?
        .into_iter()
        .map(|e| e.view)
        .collect())
}

fn unknown() -> AppError {
    ApiError::not_found("This webhook endpoint").into()
}

/// A new secret; the old one signs too for [`ROTATION_OVERLAP_SECS`].
pub async fn rotate<S: Backend>(
    state: &AppState<S>,
    id: &str,
) -> Result<WebhookEndpoint, AppError> {
    let until = state.clock.now() + ROTATION_OVERLAP_SECS;
    state
        .storage
        .rotate_secret(id, &new_secret()?, until)
        .await?
        .map(|e| e.view)
        .ok_or_else(unknown)
}

pub async fn delete<S: Backend>(state: &AppState<S>, id: &str) -> Result<(), AppError> {
    if state.storage.delete_endpoint(id).await? {
        Ok(())
    } else {
        Err(unknown())
    }
}

/// Queues a `webhook.test` event for this endpoint only.
pub async fn send_test<S: Backend>(state: &AppState<S>, id: &str) -> Result<(), AppError> {
    state.storage.endpoint(id).await?.ok_or_else(unknown)?;
    let test = Event::WebhookTest {
        endpoint_id: id.to_string(),
    };
    state.storage.record_event(&test, state.clock.now()).await?;
    Ok(())
}

/// The endpoint's newest deliveries.
pub async fn deliveries<S: Backend>(
    state: &AppState<S>,
    id: &str,
) -> Result<Vec<OutboxMessage>, AppError> {
    state.storage.endpoint(id).await?.ok_or_else(unknown)?;
    Ok(state.storage.messages("webhook", Some(id), 100).await?)
}
