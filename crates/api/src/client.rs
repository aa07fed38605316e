use crate::{ApiError, Catalog, CatalogQuery, CheckoutRequest, OrderView, Product};

/// Header that makes a checkout safe to retry.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// The storefront API as the app sees it. Implemented by the HTTP client (browser), the
/// in-memory mock (browser and native), and a native HTTP client in the scenario tests, so one
/// scenario suite runs against both backends.
#[allow(async_fn_in_trait)]
pub trait Storefront {
    /// `GET /api/products`
    async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, ApiError>;
    /// `GET /api/products/{id}`
    async fn product(&self, id: &str) -> Result<Product, ApiError>;
    /// `POST /api/checkout` with an `Idempotency-Key` header.
    async fn checkout(
        &self,
        idempotency_key: &str,
        request: &CheckoutRequest,
    ) -> Result<OrderView, ApiError>;
    /// `GET /api/orders/{token}`
    async fn order(&self, token: &str) -> Result<OrderView, ApiError>;
}
