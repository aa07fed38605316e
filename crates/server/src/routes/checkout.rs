//! `POST /api/checkout`: validate, price on the server, charge, then take stock and write the
//! order in one transaction. Safe to retry with the same `Idempotency-Key`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use omiyage_api::{CheckoutRequest, ErrorBody, IDEMPOTENCY_HEADER, OrderView};
use omiyage_core::{checkout, idempotency, order, pricing};

use crate::payment::PaymentProvider;
use crate::storage::Backend;
use crate::storage::{PlaceOutcome, StockTake, StoredKey};
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
    crate::extract::ClientIp(client): crate::extract::ClientIp,
    crate::extract::PageLang(lang): crate::extract::PageLang,
    headers: HeaderMap,
    crate::extract::ApiJson(request): crate::extract::ApiJson<CheckoutRequest>,
) -> Result<(StatusCode, Json<OrderView>), AppError> {
    let key = idempotency::parse_key(
        headers
            .get(IDEMPOTENCY_HEADER)
            .and_then(|v| v.to_str().ok()),
    )?;
    let valid = checkout::validate(&request)?;
    let fingerprint = idempotency::fingerprint(&request);
    if let Some(seen) = state.storage.find_key(&key).await? {
        return replay(&state, seen, &fingerprint).await;
    }
    // Every fresh checkout counts against its client (declined cards too), on every instance.
    state
        .storage
        .hit_limit(
            &omiyage_core::hold::client_key(client),
            state.checkouts_per_client,
            state.clock.now(),
        )
        .await?
        .map_err(AppError::Limited)?;

    // The order keeps its lines' names in the shopper's language, as on the receipt.
    let mut products = Vec::with_capacity(valid.lines.len());
    for line in &valid.lines {
        if !products
            .iter()
            .any(|p: &omiyage_api::Product| p.id == line.product_id)
            && let Some(p) =
                crate::services::catalog::localized_product(&state, &line.product_id, lang).await?
        {
            products.push(p);
        }
    }
    let mut priced = pricing::price_checkout(&valid, &products)?;
    let coupon = match &valid.coupon {
        Some(code) => Some(
            crate::services::coupons::apply(
                &state,
                code,
                &valid.contact.email,
                valid.gift.is_some(),
                &mut priced,
                &products,
                lang,
            )
            .await?,
        ),
        None => None,
    };
    let order_token = uuid::Uuid::new_v4().to_string();
    let rules = state.storage.payment_rules().await?;
    let mut charged = state
        .payments
        .charge(&valid.payment, priced.total, &order_token, &key)
        .await?;
    charged.summary.pay_by =
        omiyage_core::hold::pay_by(&charged.summary, charged.status, state.clock.now(), &rules);
    let total = priced.total;
    let card = (charged.summary.method == "card").then(|| crate::storage::CardRecord {
        intent_id: charged.intent.as_ref().map(|intent| intent.id.clone()),
        amount: total.amount,
    });
    let order::Placement { view, gift } = order::place(
        &valid,
        priced,
        charged.summary.clone(),
        charged.status,
        order_token,
        || uuid::Uuid::new_v4().to_string(),
        state.clock.now(),
        state.claim_window_secs,
    );
    let takes = StockTake::of(&valid.lines);

    let (claim, coupon_promoter) = match coupon {
        Some(applied) => (Some(applied.claim), applied.promoter),
        None => (None, None),
    };
    let credit =
        crate::services::attribution::attribution_for(&state, &headers, &view, coupon_promoter)
            .await?;
    match state
        .storage
        .place_order(
            &key,
            &fingerprint,
            crate::storage::NewOrder {
                view: view.clone(),
                lang: lang.tag(),
                gift,
                attribution: credit,
                card,
                coupon: claim,
            },
            &takes,
        )
        .await
    {
        Ok(PlaceOutcome::Placed) => Ok((StatusCode::CREATED, Json(view))),
        Ok(PlaceOutcome::KeyExists(seen)) => {
            // A card charge with this key is the same PaymentIntent (Stripe's idempotency
            // key is ours): it pays for the order placed first, so it is not given back.
            if charged.intent.is_none() {
                state.payments.give_back(&charged, total, &key).await;
            }
            replay(&state, seen, &fingerprint).await
        }
        Ok(PlaceOutcome::Refused(refused)) => {
            state.payments.give_back(&charged, total, &key).await;
            Err(refused.to_error(lang, &view.lines).into())
        }
        Err(e) => {
            state.payments.give_back(&charged, total, &key).await;
            Err(e.into())
        }
    }
}

async fn replay<S: Backend>(
    state: &AppState<S>,
    seen: StoredKey,
    fingerprint: &str,
) -> Result<(StatusCode, Json<OrderView>), AppError> {
    if seen.fingerprint != fingerprint {
        return Err(idempotency::mismatch().into());
    }
    let order = crate::services::orders::load(state, &seen.order_token).await?;
    Ok((StatusCode::OK, Json(order)))
}
