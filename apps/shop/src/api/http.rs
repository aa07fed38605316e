//! The HTTP backend: the server's JSON API over fetch. The async part is not generic (one copy
//! in the wasm binary); only the small JSON parse is per type.

use gloo_net::http::Request;
use omiyage_api::{
    ApiError, Catalog, CatalogQuery, CheckoutRequest, ClaimConfirmation, ClaimRequest, ErrorCode,
    GiftView, IDEMPOTENCY_HEADER, OrderView, Product, Storefront,
};
use serde::de::DeserializeOwned;

#[derive(Clone, Copy, Default)]
pub struct HttpBackend;

// The underlying error's text is left out on purpose: it does not help a shopper, and
// formatting it would link serde_json's and gloo's error Display code (≈1 KB of first load).
fn network(_: gloo_net::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Network,
        "Could not reach the shop. Check your connection and try again.",
    )
}

use super::encode_uri_component as encode;

/// A request in the reader's language: the server answers with the catalog's texts in it.
fn api_request(post: bool, url: &str) -> gloo_net::http::RequestBuilder {
    if post {
        Request::post(url)
    } else {
        Request::get(url)
    }
    .header("Accept-Language", crate::i18n::lang().tag())
}

/// Sends a request; returns the body of a 2xx answer, or the API's error.
async fn fetch(request: Result<Request, gloo_net::Error>) -> Result<String, ApiError> {
    let response = request.map_err(network)?.send().await.map_err(network)?;
    let status = response.status();
    let text = response.text().await.map_err(network)?;
    answer(status, text)
}

/// An answer's body when its status is 2xx, else the API's error (`omiyage_api::answer`).
fn answer(status: u16, text: String) -> Result<String, ApiError> {
    omiyage_api::answer(status, text)
}

fn parse<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    serde_json::from_str(&text?).map_err(|_| {
        ApiError::new(
            ErrorCode::Internal,
            "The shop sent an answer this app cannot read. Reload the page and try again.",
        )
    })
}

/// GET, or POST without a body; not generic, so its future is in the binary once.
/// A GET the server already answered for the page it rendered takes that answer (once).
async fn call(post: bool, url: &str) -> Result<String, ApiError> {
    if !post && let Some((status, text)) = crate::page_data::take_answer(url) {
        return answer(status, text);
    }
    if cfg!(feature = "ssr") {
        // Rendering on the server: only what the server loaded for the page is there.
        return Err(ApiError::new(
            ErrorCode::Internal,
            "Not loaded for this page.",
        ));
    }
    fetch(api_request(post, url).build()).await
}

impl Storefront for HttpBackend {
    async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, ApiError> {
        parse(call(false, &super::catalog_url(query)).await)
    }

    async fn product(&self, id: &str) -> Result<Product, ApiError> {
        parse(call(false, &super::product_url(id)).await)
    }

    async fn checkout(&self, key: &str, request: &CheckoutRequest) -> Result<OrderView, ApiError> {
        let built = api_request(true, "/api/checkout")
            .header(IDEMPOTENCY_HEADER, key)
            .json(request);
        parse(fetch(built).await)
    }

    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        parse(call(false, &super::order_url(token)).await)
    }

    async fn cancel_gift(&self, order_token: &str) -> Result<OrderView, ApiError> {
        parse(
            call(
                true,
                &format!("/api/orders/{}/cancel-gift", encode(order_token)),
            )
            .await,
        )
    }

    async fn gift(&self, token: &str) -> Result<GiftView, ApiError> {
        parse(call(false, &super::gift_url(token)).await)
    }

    async fn open_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        parse(call(true, &format!("/api/gifts/{}/open", encode(token))).await)
    }

    async fn claim_gift(
        &self,
        key: &str,
        token: &str,
        request: &ClaimRequest,
    ) -> Result<ClaimConfirmation, ApiError> {
        let built = api_request(true, &format!("/api/gifts/{}/claim", encode(token)))
            .header(IDEMPOTENCY_HEADER, key)
            .json(request);
        parse(fetch(built).await)
    }

    async fn decline_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        parse(call(true, &format!("/api/gifts/{}/decline", encode(token))).await)
    }

    async fn find_orders(&self, email: &str) -> Result<(), ApiError> {
        let built = api_request(true, "/api/find-orders").json(&omiyage_api::FindOrdersRequest {
            email: email.into(),
        });
        fetch(built).await.map(|_| ())
    }
}
