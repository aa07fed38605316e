//! Messages the shop sends (emails, through its outbox) and "find my orders".

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// The body of `POST /api/orders/find`: mail every order placed with this email to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindOrdersRequest {
    pub email: String,
}

/// Where a message stands in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum MessageStatus {
    /// Waiting for its (next) attempt, or for mail to be set up.
    Pending,
    Sent,
    /// Every attempt failed; the admin may send it again.
    Failed,
}

/// One message as the back office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: String,
    /// What it is about, e.g. `order_placed`, `gift_claimed`.
    pub topic: String,
    /// The email address it goes to.
    pub recipient: String,
    /// The reader's language tag.
    pub lang: String,
    pub subject: String,
    pub status: MessageStatus,
    pub attempts: u32,
    /// Why the last attempt failed.
    #[serde(default)]
    pub last_error: String,
    pub created_at: i64,
    /// When the next attempt is due (pending messages).
    pub next_attempt_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<i64>,
}

/// The back office's view of the outbox: newest messages first, and whether mail is set up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxView {
    /// `false` without `--smtp-url`: messages are kept until mail is set up.
    pub mail_configured: bool,
    pub messages: Vec<OutboxMessage>,
}

/// The events a webhook endpoint can subscribe to.
pub const WEBHOOK_EVENTS: [&str; 13] = [
    "order.placed",
    "order.paid",
    "order.shipped",
    "order.cancelled",
    "order.refunded",
    "gift.claimed",
    "gift.expired",
    "gift.thanked",
    "after_sales.requested",
    "after_sales.decided",
    "after_sales.progressed",
    "batch.created",
    "commission.confirmed",
];

/// A webhook endpoint as the admin adds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookInput {
    /// `https://…` (or `http://…`), answering POSTs of JSON events.
    pub url: String,
    /// Event types from [`WEBHOOK_EVENTS`]; at least one.
    pub events: Vec<String>,
}

/// A webhook endpoint (admin only: it shows the signing secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// Signs every delivery: `Omiyage-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
    /// "<t>.<body>">`.
    pub secret: String,
    /// During a rotation the previous secret signs too (a second `v1=`) until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<i64>,
    pub created_at: i64,
}

wire_names!(MessageStatus {
    Pending => "pending",
    Sent => "sent",
    Failed => "failed",
});
