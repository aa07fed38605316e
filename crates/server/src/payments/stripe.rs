//! Card payments through Stripe's Payment Intents API, as Stripe's integration guide lays it out:
//! the browser turns the card into a payment method with Stripe.js (the number never reaches
//! this server), the server creates and confirms a PaymentIntent for the total it computed
//! (JPY has no minor unit), 3-D Secure is finished in the browser, and the
//! `payment_intent.succeeded` webhook (signed, de-duplicated by event id) or the browser's
//! return settles the order, whichever comes first.
//!
//! The API base URL and the Stripe.js URL are settings, so tests run against `localstripe`.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use omiyage_flows::card::{CardIntent, ProviderError, SendCardProvider, Standing};
use serde::Deserialize;
use sha2::Sha256;

/// How old a signed webhook may be, in seconds (Stripe's libraries default to five minutes).
pub const WEBHOOK_TOLERANCE_SECS: i64 = 300;

/// The Stripe account this shop takes cards with.
#[derive(Clone, Debug)]
pub struct StripeConfig {
    /// `sk_…`: the server's key (never sent to a browser).
    pub secret_key: String,
    /// `pk_…`: the browser's key, for Stripe.js.
    pub publishable_key: String,
    /// `whsec_…`: signs the webhook events Stripe sends.
    pub webhook_secret: String,
    /// `https://api.stripe.com` (a local emulator in tests).
    pub api_base: String,
    /// `https://js.stripe.com/v3/` (the emulator's stand-in in tests).
    pub js_url: String,
}

/// A PaymentIntent as far as this shop reads it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Intent {
    pub id: String,
    pub status: String,
    pub amount: i64,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub metadata: std::collections::HashMap<String, String>,
}

impl Intent {
    /// The order this intent pays for (the shop writes it into the metadata).
    pub fn order_token(&self) -> Option<&str> {
        self.metadata.get("order").map(String::as_str)
    }
}

impl Intent {
    /// Where it stands, in the shop's words (Stripe's statuses).
    pub fn standing(&self) -> Standing {
        match self.status.as_str() {
            "succeeded" => Standing::Succeeded,
            "requires_action" | "requires_confirmation" => Standing::NeedsAction,
            "processing" | "requires_capture" => Standing::Processing,
            "canceled" => Standing::Cancelled,
            // `requires_payment_method`: declined or the challenge failed.
            _ => Standing::Declined,
        }
    }
}

impl CardIntent for Intent {
    fn id(&self) -> &str {
        &self.id
    }
    fn amount(&self) -> i64 {
        self.amount
    }
    fn standing(&self) -> Standing {
        Intent::standing(self)
    }
}

/// What went wrong talking to Stripe: a card refused (Stripe answered 402, the message is
/// Stripe's, for the shopper), or anything else (unreachable, a refused request, an answer
/// that does not parse).
pub type StripeError = ProviderError;

/// Stripe is the card flows' provider (`omiyage_flows::card`); what fails is logged here.
impl SendCardProvider for Stripe {
    type Intent = Intent;
    async fn pay(
        &self,
        amount: i64,
        payment_method: &str,
        order_token: &str,
        key: &str,
    ) -> Result<Intent, ProviderError> {
        logged(Stripe::pay(self, amount, payment_method, order_token, key).await)
    }
    async fn intent(&self, id: &str) -> Result<Intent, ProviderError> {
        logged(Stripe::intent(self, id).await)
    }
    async fn cancel(&self, id: &str) -> Result<Intent, ProviderError> {
        logged(Stripe::cancel(self, id).await)
    }
}

fn logged(answer: Result<Intent, ProviderError>) -> Result<Intent, ProviderError> {
    if let Err(ProviderError::Failed(e)) = &answer {
        tracing::error!(error = %e, "card payment failed");
    }
    answer
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
}

/// A Stripe API client (form-encoded requests, JSON answers).
pub struct Stripe {
    pub config: StripeConfig,
    http: reqwest::Client,
}

impl Stripe {
    pub fn new(config: StripeConfig) -> Stripe {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        Stripe { config, http }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1/{path}", self.config.api_base.trim_end_matches('/'))
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let response = request
            .bearer_auth(&self.config.secret_key)
            .send()
            .await
            .map_err(|e| StripeError::Failed(format!("Stripe is unreachable: {e}")))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| StripeError::Failed(format!("Stripe's answer was cut off: {e}")))?;
        if status.is_success() {
            return serde_json::from_str(&body)
                .map_err(|e| StripeError::Failed(format!("Stripe's answer does not parse: {e}")));
        }
        let message = serde_json::from_str::<ErrorEnvelope>(&body)
            .ok()
            .and_then(|e| e.error.message)
            .unwrap_or_else(|| format!("Stripe answered {status}"));
        if status.as_u16() == 402 {
            Err(StripeError::Declined(message))
        } else {
            Err(StripeError::Failed(message))
        }
    }

    /// Creates and confirms a PaymentIntent for `amount` yen with the card Stripe.js made.
    /// `key` makes a retry return the same intent (Stripe's idempotency).
    pub async fn pay(
        &self,
        amount: i64,
        payment_method: &str,
        order_token: &str,
        key: &str,
    ) -> Result<Intent, StripeError> {
        let amount = amount.to_string();
        let form = [
            ("amount", amount.as_str()),
            ("currency", "jpy"),
            ("payment_method", payment_method),
            ("payment_method_types[0]", "card"),
            ("confirm", "true"),
            ("metadata[order]", order_token),
        ];
        self.send(
            self.http
                .post(self.url("payment_intents"))
                .header("Idempotency-Key", format!("omiyage-pay-{key}"))
                .form(&form),
        )
        .await
    }

    pub async fn intent(&self, id: &str) -> Result<Intent, StripeError> {
        self.send(self.http.get(self.url(&format!("payment_intents/{id}"))))
            .await
    }

    /// Cancels an intent that was never paid (the shopper gave up on 3-D Secure).
    pub async fn cancel(&self, id: &str) -> Result<Intent, StripeError> {
        self.send(
            self.http
                .post(self.url(&format!("payment_intents/{id}/cancel")))
                .form(&[] as &[(&str, &str)]),
        )
        .await
    }

    /// Gives back `amount` yen of a paid intent; `key` makes a retry refund once.
    pub async fn refund(&self, intent: &str, amount: i64, key: &str) -> Result<(), StripeError> {
        let amount = amount.to_string();
        #[derive(Deserialize)]
        struct Refund {
            #[allow(dead_code)]
            id: String,
        }
        let _: Refund = self
            .send(
                self.http
                    .post(self.url("refunds"))
                    .header("Idempotency-Key", format!("omiyage-refund-{key}"))
                    .form(&[("payment_intent", intent), ("amount", amount.as_str())]),
            )
            .await?;
        Ok(())
    }
}

/// A webhook event as far as the shop reads it.
#[derive(Debug, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: EventData,
}

#[derive(Debug, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// Checks a `Stripe-Signature` header (`t=…,v1=…[,v1=…]`) against the raw body: some `v1` must
/// be the HMAC-SHA256 of `"<t>.<body>"` under `secret`, and `t` within the tolerance of `now`.
pub fn verify_signature(header: &str, body: &[u8], secret: &str, now: i64) -> Result<(), String> {
    let mut at = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => at = t.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.push(v),
            _ => {}
        }
    }
    let at = at.ok_or("the signature has no timestamp")?;
    if (now - at).abs() > WEBHOOK_TOLERANCE_SECS {
        return Err("the signature's timestamp is too far from now".into());
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(at.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    let matches = signatures.iter().any(|hex| {
        decode_hex(hex).is_some_and(|given| {
            // Constant time over the digest's length.
            given.len() == expected.len()
                && given
                    .iter()
                    .zip(expected.iter())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
    });
    if matches {
        Ok(())
    } else {
        Err("no signature matches the webhook secret".into())
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(at: i64, body: &str, secret: &str) -> String {
        crate::outbox::webhook::signature(at, body, &[secret])
    }

    #[test]
    fn a_signature_made_with_the_secret_passes() {
        let header = sign(1_000, r#"{"id":"evt_1"}"#, "whsec_abc");
        assert_eq!(
            verify_signature(&header, br#"{"id":"evt_1"}"#, "whsec_abc", 1_010),
            Ok(())
        );
    }

    #[test]
    fn forged_stale_or_altered_signatures_fail() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(1_000, r#"{"id":"evt_1"}"#, "whsec_abc");
        assert!(verify_signature(&header, body, "whsec_other", 1_000).is_err());
        assert!(verify_signature(&header, br#"{"id":"evt_2"}"#, "whsec_abc", 1_000).is_err());
        assert!(verify_signature(&header, body, "whsec_abc", 1_000 + 301).is_err());
        assert!(verify_signature("v1=00", body, "whsec_abc", 1_000).is_err());
        assert!(verify_signature("t=1000,v1=zz", body, "whsec_abc", 1_000).is_err());
        assert!(verify_signature("", body, "whsec_abc", 1_000).is_err());
    }

    #[test]
    fn intents_read_as_standings() {
        let intent = |status: &str| Intent {
            id: "pi_1".into(),
            status: status.into(),
            amount: 1,
            client_secret: None,
            metadata: Default::default(),
        };
        assert_eq!(intent("succeeded").standing(), Standing::Succeeded);
        assert_eq!(intent("requires_action").standing(), Standing::NeedsAction);
        assert_eq!(intent("processing").standing(), Standing::Processing);
        assert_eq!(
            intent("requires_payment_method").standing(),
            Standing::Declined
        );
        assert_eq!(intent("canceled").standing(), Standing::Cancelled);
    }
}
