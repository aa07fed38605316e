//! A Stripe emulator for the card payment tests: `localstripe` (PyPI, installed into
//! `.tools/venv` by `scripts/setup.sh test`), started on a free port per test. It keeps
//! PaymentIntents, charges and refunds, declines Stripe's decline test cards, asks for 3-D
//! Secure on Stripe's 3-D Secure test cards, and sends signed webhooks.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const PUBLISHABLE_KEY: &str = "pk_test_omiyage";
pub const SECRET_KEY: &str = "sk_test_omiyage";
pub const WEBHOOK_SECRET: &str = "whsec_omiyage_test";

pub struct Emulator {
    pub base: String,
    child: Child,
    http: reqwest::Client,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Emulator {
    pub async fn start() -> Emulator {
        let program = repo().join(".tools/venv/bin/localstripe");
        assert!(
            program.exists(),
            "{} is missing: run `scripts/setup.sh test` (it installs localstripe)",
            program.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(program)
            .args(["--port", &port.to_string(), "--from-scratch"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("localstripe starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = crate::helpers::client().build().unwrap();
        let started = Instant::now();
        while http
            .get(format!("{base}/js.stripe.com/v3/"))
            .send()
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "localstripe did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Emulator { base, child, http }
    }

    /// The shop's settings for this emulator.
    pub fn config(&self) -> omiyage_server::payments::stripe::StripeConfig {
        omiyage_server::payments::stripe::StripeConfig {
            secret_key: SECRET_KEY.into(),
            publishable_key: PUBLISHABLE_KEY.into(),
            webhook_secret: WEBHOOK_SECRET.into(),
            api_base: self.base.clone(),
            js_url: format!("{}/js.stripe.com/v3/", self.base),
        }
    }

    /// What Stripe.js does in the browser with a card: a token, whose card id the page sends
    /// to the shop (with the publishable key only, as a browser would).
    pub async fn card(&self, number: &str) -> String {
        let token: Value = self
            .http
            .post(format!("{}/v1/tokens", self.base))
            .form(&[
                ("card[number]", number),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2034"),
                ("card[cvc]", "123"),
                ("key", PUBLISHABLE_KEY),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        token["card"]["id"].as_str().expect("a card id").to_string()
    }

    /// `GET <path>` of Stripe's API, as the shop's server would.
    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}/v1/{path}", self.base))
            .bearer_auth(SECRET_KEY)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A PaymentIntent as Stripe holds it.
    pub async fn intent(&self, id: &str) -> Value {
        self.get(&format!("payment_intents/{id}")).await
    }

    /// The shopper passes (or fails) the 3-D Secure challenge, as Stripe.js would.
    pub async fn authenticate(&self, id: &str, success: bool) {
        let intent = self.intent(id).await;
        let r = self
            .http
            .post(format!(
                "{}/v1/payment_intents/{id}/_authenticate?success={success}",
                self.base
            ))
            .json(&serde_json::json!({
                "key": PUBLISHABLE_KEY,
                "client_secret": intent["client_secret"],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    /// The refunds of a PaymentIntent.
    pub async fn refunds(&self, intent: &str) -> Vec<Value> {
        let list = self.get(&format!("refunds?payment_intent={intent}")).await;
        list["data"].as_array().cloned().unwrap_or_default()
    }

    /// Tells the emulator to send its events to `url`, signed with the shop's webhook secret.
    pub async fn send_webhooks_to(&self, url: &str) {
        let r = self
            .http
            .post(format!("{}/_config/webhooks/omiyage", self.base))
            .json(&serde_json::json!({ "url": url, "secret": WEBHOOK_SECRET }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
