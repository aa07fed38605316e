use crate::{
    ApiError, Catalog, CatalogQuery, CheckoutRequest, ClaimConfirmation, ClaimRequest, GiftView,
    OrderView, Product,
};

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
    /// `POST /api/orders/{token}/cancel-gift`: refunds every unclaimed unit.
    async fn cancel_gift(&self, order_token: &str) -> Result<OrderView, ApiError>;
    /// `GET /api/gifts/{token}` (the recipient's view).
    async fn gift(&self, token: &str) -> Result<GiftView, ApiError>;
    /// `POST /api/gifts/{token}/open`: marks the gift opened for the sender.
    async fn open_gift(&self, token: &str) -> Result<GiftView, ApiError>;
    /// `POST /api/gifts/{token}/claim` with an `Idempotency-Key` header.
    async fn claim_gift(
        &self,
        idempotency_key: &str,
        token: &str,
        request: &ClaimRequest,
    ) -> Result<ClaimConfirmation, ApiError>;
    /// `POST /api/gifts/{token}/decline`: refunds one unit to the sender.
    async fn decline_gift(&self, token: &str) -> Result<GiftView, ApiError>;
    /// `POST /api/find-orders`: mails the links to every order placed with `email` (the same
    /// answer whether or not there is any).
    async fn find_orders(&self, email: &str) -> Result<(), ApiError>;
}
