//! The client side of the tests: a server reached over HTTP, the requests the tests make and
//! the checkout bodies they send.

use omiyage_api::{Address, CheckoutLine, CheckoutRequest, Contact, PaymentChoice};
use serde_json::Value;

/// A server reached over HTTP (in this process, or the binary started as its own process).
pub struct Http {
    pub base: String,
    pub client: reqwest::Client,
}

/// An HTTP client builder (the TLS provider installed first, as the server does).
pub fn client() -> reqwest::ClientBuilder {
    omiyage_server::install_tls();
    reqwest::Client::builder()
}

impl Http {
    pub fn new(base: String) -> Http {
        Http {
            base,
            client: client().pool_max_idle_per_host(256).build().unwrap(),
        }
    }
}

impl Http {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A server-rendered page fetched by a browser whose language preferences are
    /// `accept_language` (`""`: no header, as most crawlers): its status and HTML.
    pub async fn page(&self, path: &str, accept_language: &str) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        if !accept_language.is_empty() {
            request = request.header("accept-language", accept_language);
        }
        let r = request.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    /// GETs JSON as a reader whose browser prefers `accept_language`.
    pub async fn get_json_in(&self, path: &str, accept_language: &str) -> Value {
        let r = self
            .client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        r.json().await.unwrap()
    }

    /// POSTs a raw JSON body to /api/checkout with an idempotency key.
    pub async fn checkout_raw(&self, key: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let r = self
            .client
            .post(self.url("/api/checkout"))
            .header("content-type", "application/json")
            .header("Idempotency-Key", key)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("JSON body, got {status}: {text}"));
        (status, json)
    }

    /// POSTs JSON (`null`: no body) and reads the JSON answer.
    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut request = self.client.post(self.url(path));
        if !body.is_null() {
            request = request.json(body);
        }
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("JSON body, got {status}: {text}"));
        (status, json)
    }

    pub async fn checkout(&self, key: &str, req: &CheckoutRequest) -> (u16, Value) {
        self.checkout_raw(key, serde_json::to_vec(req).unwrap())
            .await
    }

    pub async fn stock_of(&self, product: &str, variant: &str) -> u64 {
        let (status, p) = self.get_json(&format!("/api/products/{product}")).await;
        assert_eq!(status, 200);
        p["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == variant)
            .unwrap()["stock"]
            .as_u64()
            .unwrap()
    }
}

pub fn order_for(lines: &[(&str, &str, i64)], payment: PaymentChoice) -> CheckoutRequest {
    CheckoutRequest {
        lines: lines
            .iter()
            .map(|&(p, v, q)| CheckoutLine {
                options_token: Default::default(),
                options: Default::default(),
                product_id: p.into(),
                variant_id: v.into(),
                quantity: q,
            })
            .collect(),
        contact: Contact {
            name: "Aiko Tanaka".into(),
            email: "aiko@example.com".into(),
            phone: "090-1234-5678".into(),
        },
        address: Address {
            postal_code: "150-0001".into(),
            prefecture: "東京都".into(),
            city: "Shibuya-ku".into(),
            line1: "1-2-3 Jingumae".into(),
            line2: String::new(),
        },
        payment,
        gift: None,
        coupon: None,
        delivery: None,
        points: 0,
    }
}

pub fn test_card() -> PaymentChoice {
    PaymentChoice::TestCard {
        card_number: "4242 4242 4242 4242".into(),
    }
}

pub fn declined_card() -> PaymentChoice {
    PaymentChoice::TestCard {
        card_number: "4000 0000 0000 0002".into(),
    }
}

pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An answer: status, `Set-Cookie` (if any) and the JSON body (`Null` when empty).
pub struct Answer {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Http {
    /// The text at `path` (a CSV download, say), fetched with a session cookie.
    pub async fn text(&self, path: &str, cookie: &str) -> String {
        let r = self.client.get(self.url(path)).header("cookie", cookie);
        r.send().await.unwrap().text().await.unwrap()
    }

    /// Sends a request with an optional session cookie and JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut r = self.client.request(method, self.url(path));
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        if let Some(b) = body {
            r = r
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let r = r.send().await.unwrap();
        let header = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let (set_cookie, retry_after) = (header("set-cookie"), header("retry-after"));
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("JSON body, got {status}: {text}"))
        };
        Answer {
            status,
            set_cookie,
            retry_after,
            body,
        }
    }

    pub async fn sign_in_raw(&self, email: &str, password: &str) -> Answer {
        let body = serde_json::json!({"email": email, "password": password});
        self.call(reqwest::Method::POST, "/api/auth/sign-in", None, Some(body))
            .await
    }

    /// Signs in and returns the `Cookie` header value for later requests.
    pub async fn sign_in(&self, (email, password): (&str, &str)) -> String {
        let a = self.sign_in_raw(email, password).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let set = a.set_cookie.expect("a session cookie");
        set.split(';').next().unwrap().to_string()
    }
}

/// The fields a 422 answer names, in order.
pub fn error_fields(body: &Value) -> Vec<&str> {
    body["error"]["fields"]
        .as_array()
        .map(|fields| fields.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default()
}
