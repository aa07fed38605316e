//! A native HTTP client for the storefront API (the browser app has its own, over fetch).

use omiyage_api::{
    ApiError, Catalog, CatalogQuery, CheckoutRequest, ClaimConfirmation, ClaimRequest, ErrorCode,
    GiftView, IDEMPOTENCY_HEADER, OrderView, Product, Storefront,
};
use serde::de::DeserializeOwned;

pub struct HttpStorefront {
    base: String,
    client: reqwest::Client,
}

impl HttpStorefront {
    /// `base` is the server's origin, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: impl Into<String>) -> Self {
        HttpStorefront {
            base: base.into(),
            client: {
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::new()
            },
        }
    }

    async fn read<T: DeserializeOwned>(
        response: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, ApiError> {
        let response = response.map_err(|e| ApiError::new(ErrorCode::Network, e.to_string()))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::new(ErrorCode::Network, e.to_string()))?;
        let body = omiyage_api::answer(status, text)?;
        serde_json::from_str(&body).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
    }
}

impl Storefront for HttpStorefront {
    async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, ApiError> {
        let r = self
            .client
            .get(format!("{}/api/products", self.base))
            .query(query)
            .send()
            .await;
        Self::read(r).await
    }

    async fn product(&self, id: &str) -> Result<Product, ApiError> {
        Self::read(
            self.client
                .get(format!("{}/api/products/{id}", self.base))
                .send()
                .await,
        )
        .await
    }

    async fn checkout(&self, key: &str, request: &CheckoutRequest) -> Result<OrderView, ApiError> {
        let r = self
            .client
            .post(format!("{}/api/checkout", self.base))
            .header(IDEMPOTENCY_HEADER, key)
            .json(request)
            .send()
            .await;
        Self::read(r).await
    }

    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        Self::read(
            self.client
                .get(format!("{}/api/orders/{token}", self.base))
                .send()
                .await,
        )
        .await
    }

    async fn cancel_gift(&self, order_token: &str) -> Result<OrderView, ApiError> {
        let url = format!("{}/api/orders/{order_token}/cancel-gift", self.base);
        Self::read(self.client.post(url).send().await).await
    }

    async fn gift(&self, token: &str) -> Result<GiftView, ApiError> {
        Self::read(
            self.client
                .get(format!("{}/api/gifts/{token}", self.base))
                .send()
                .await,
        )
        .await
    }

    async fn open_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        Self::read(
            self.client
                .post(format!("{}/api/gifts/{token}/open", self.base))
                .send()
                .await,
        )
        .await
    }

    async fn claim_gift(
        &self,
        key: &str,
        token: &str,
        request: &ClaimRequest,
    ) -> Result<ClaimConfirmation, ApiError> {
        let r = self
            .client
            .post(format!("{}/api/gifts/{token}/claim", self.base))
            .header(IDEMPOTENCY_HEADER, key)
            .json(request)
            .send()
            .await;
        Self::read(r).await
    }

    async fn decline_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        Self::read(
            self.client
                .post(format!("{}/api/gifts/{token}/decline", self.base))
                .send()
                .await,
        )
        .await
    }

    async fn find_orders(&self, email: &str) -> Result<(), ApiError> {
        let r = self
            .client
            .post(format!("{}/api/find-orders", self.base))
            .json(&omiyage_api::FindOrdersRequest {
                email: email.into(),
            })
            .send()
            .await
            .map_err(|e| ApiError::new(ErrorCode::Network, e.to_string()))?;
        if r.status().is_success() {
            return Ok(());
        }
        Self::read::<()>(Ok(r)).await
    }
}
