//! `POST /api/checkout`: `omiyage_flows::checkout` on this server's storage and payment
//! providers. Safe to retry with the same `Idempotency-Key`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use omiyage_api::{
    CheckoutRequest, ErrorBody, IDEMPOTENCY_HEADER, Money, OrderView, PaymentChoice, PaymentRules,
    Product,
};
use omiyage_core::checkout::ValidCheckout;
use omiyage_core::lang::Lang;
use omiyage_flows::checkout::{Charge, PlaceOutcome, Placing, SendCheckoutDesk, StoredCoupon};

use crate::payments::stripe::Intent;
use crate::storage::{Backend, StockTake, StoredKey};
use crate::{AppError, AppState};

/// Places an order.
#[utoipa::path(post, path = "/api/checkout", request_body = CheckoutRequest,
    params(("Idempotency-Key" = String, Header, description = "A fresh key (e.g. a UUID) per order; retries reuse it")),
    responses(
        (status = 201, body = OrderView, description = "Order placed"),
        (status = 200, body = OrderView, description = "A retry: the order placed earlier with this key"),
        (status = 400, body = ErrorBody), (status = 402, body = ErrorBody, description = "Card declined; no order"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "Not enough stock, or the email already holds 3 orders waiting for payment in the shop"),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "Too many checkouts from this client; see Retry-After")))]
pub async fn checkout<S: Backend>(
    State(state): State<AppState<S>>,
    crate::http::extract::ClientIp(client): crate::http::extract::ClientIp,
    crate::http::extract::PageLang(lang): crate::http::extract::PageLang,
    headers: HeaderMap,
    crate::http::extract::ApiJson(request): crate::http::extract::ApiJson<CheckoutRequest>,
) -> Result<(StatusCode, axum::http::HeaderMap, Json<OrderView>), AppError> {
    let key = headers
        .get(IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok());
    let desk = Desk {
        state: &state,
        client,
        lang,
        headers: &headers,
    };
    let now = state.clock.now();
    let (order, fresh) = omiyage_flows::checkout::checkout(&desk, key, &request, now).await?;
    // A paid gift the shop emails (a return gift, a named recipient) that opens at once is told
    // now rather than at the next sweep (a failure here leaves it to the sweep).
    let tells = request.gift.as_ref().is_some_and(|g| {
        g.opens_at.is_none() && !(g.recipient_email.trim().is_empty() && g.return_for.is_empty())
    });
    if fresh
        && tells
        && order.status == omiyage_api::OrderStatus::Paid
        && let Err(e) = state.storage.tell_due(now).await
    {
        tracing::warn!(error = %e, "telling a new gift's recipient failed; the sweep will");
    }
    let mut cookies = axum::http::HeaderMap::new();
    let status = if fresh {
        // Opened from a message to fans: the order counts for it.
        if let Some(message) = crate::auth::cookie(&headers, crate::services::fans::COOKIE)
            && let Err(e) = state
                .storage
                .order_via_message(&order.token, &message)
                .await
        {
            tracing::warn!(error = %e, "naming the message an order came from failed");
        }
        // The browser is now one that ordered; a new customer's first order from a gift's
        // page is credited to it.
        let customer = crate::services::rewards::after_order(&state, &headers, &order).await;
        if let Ok(value) = customer.parse() {
            cookies.insert(axum::http::header::SET_COOKIE, value);
        }
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, cookies, Json(order)))
}

/// Checkout's reads and writes on this server: the storage, the payment providers, the
/// client's checkout count, and the promoter the request came through.
struct Desk<'a, S: Backend> {
    state: &'a AppState<S>,
    client: std::net::IpAddr,
    lang: Lang,
    headers: &'a HeaderMap,
}

impl<S: Backend> SendCheckoutDesk for Desk<'_, S> {
    type Error = AppError;
    type Payment = Intent;

    fn lang(&self) -> Lang {
        self.lang
    }
    fn new_token(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
    fn claim_window_secs(&self) -> i64 {
        self.state.claim_window_secs
    }
    async fn placed_with(&self, key: &str) -> Result<Option<StoredKey>, AppError> {
        Ok(self.state.storage.find_key(key).await?)
    }
    async fn order(&self, token: &str) -> Result<OrderView, AppError> {
        crate::services::orders::load(self.state, token).await
    }
    async fn count_checkout(&self, now: i64) -> Result<(), AppError> {
        // On every instance: the count is in the database.
        let state = self.state;
        let key = omiyage_core::hold::client_key(self.client);
        let limit = state.checkouts_per_client;
        state
            .storage
            .hit_limit(&key, limit, now)
            .await?
            .map_err(AppError::Limited)
    }
    async fn products(&self, valid: &ValidCheckout) -> Result<Vec<Product>, AppError> {
        let mut products: Vec<Product> = Vec::with_capacity(valid.lines.len());
        for line in &valid.lines {
            if products.iter().any(|p| p.id == line.product_id) {
                continue;
            }
            let found = crate::services::catalog::localized_product(
                self.state,
                &line.product_id,
                self.lang,
            )
            .await?;
            products.extend(found);
        }
        Ok(products)
    }
    async fn answered_gift(
        &self,
        claim_token: &str,
    ) -> Result<Option<omiyage_flows::checkout::AnsweredGift>, AppError> {
        Ok(self.state.storage.answered_gift(claim_token).await?)
    }
    async fn delivery_settings(&self) -> Result<omiyage_api::DeliverySettings, AppError> {
        Ok(self.state.storage.delivery_settings().await?)
    }
    async fn gift_option_settings(&self) -> Result<omiyage_api::GiftOptionSettings, AppError> {
        Ok(self.state.storage.gift_option_settings().await?)
    }
    async fn product_gift_options(
        &self,
        product_id: &str,
    ) -> Result<Option<omiyage_api::ProductGiftOptions>, AppError> {
        Ok(self.state.storage.product_gift_options(product_id).await?)
    }
    async fn coupon(&self, code: &str) -> Result<Option<StoredCoupon>, AppError> {
        Ok(self.state.storage.coupon(code).await?)
    }
    async fn coupon_uses_by(&self, code: &str, email: &str) -> Result<u32, AppError> {
        Ok(self.state.storage.coupon_uses_by(code, email).await?)
    }
    async fn payment_rules(&self) -> Result<PaymentRules, AppError> {
        Ok(self.state.storage.payment_rules().await?)
    }
    async fn points(&self) -> Result<(Option<omiyage_flows::points::Member>, u32), AppError> {
        let state = self.state;
        let member = crate::services::members::signed_in(state, self.headers).await?;
        crate::services::points::at_checkout(state, member.as_ref(), state.clock.now()).await
    }
    async fn charge(
        &self,
        choice: &PaymentChoice,
        total: Money,
        order_token: &str,
        key: &str,
    ) -> Result<Charge<Intent>, AppError> {
        let payments = &self.state.payments;
        Ok(payments.charge(choice, total, order_token, key).await?)
    }
    async fn give_back(&self, charge: &Charge<Intent>, total: Money, key: &str) {
        self.state.payments.give_back(charge, total, key).await;
    }
    async fn place(&self, order: Placing<'_, Intent>) -> Result<PlaceOutcome, AppError> {
        let view = order.view;
        let card = (view.payment.method == "card").then(|| crate::storage::CardRecord {
            intent_id: order
                .charge
                .payment
                .as_ref()
                .map(|intent| intent.id.clone()),
            amount: view.total.amount,
        });
        let attribution = crate::services::attribution::attribution_for(
            self.state,
            self.headers,
            view,
            order.coupon_promoter,
        )
        .await?;
        let new = crate::storage::NewOrder {
            view: view.clone(),
            lang: self.lang.tag(),
            gift: order.gift,
            attribution,
            card,
            coupon: order.coupon.cloned(),
            points: order.points,
        };
        let takes: &[StockTake] = order.takes;
        let storage = &self.state.storage;
        Ok(storage
            .place_order(order.key, order.fingerprint, new, takes)
            .await?)
    }
}
