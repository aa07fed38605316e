//! The back office API: products, stock, orders and fulfilment (admin), shops and accounts
//! (admin), a shop's own page (its staff or the admin), and confirming counter payments.
//! Every route checks the caller's role and ownership here, never only in the console's UI.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use omiyage_api::{
    AccountView, AdminCategory, AdminOrder, AdminProduct, AdminVariant, ApiError, CategoryInput,
    ErrorBody, InvoiceIssuer, NewAccount, OrderSummary, ProductInput, RefundRequest, Role,
    ShipRequest, Shop, ShopInput, StockChange,
};
use omiyage_core::{account, admin};

use crate::auth::{Admin, Session};
use crate::http::extract::ApiJson;
use crate::storage::Backend;
use crate::storage::{BadProduct, OrderFilter};
use crate::{AppError, AppState};

fn product_not_found() -> AppError {
    ApiError::not_found("This product").into()
}

fn bad_product(bad: BadProduct) -> AppError {
    let (field, message) = match bad {
        BadProduct::UnknownCategory => ("category".into(), "Choose one of the shop's categories."),
        BadProduct::ForeignVariant(i) => (
            format!("variants[{i}].id"),
            "This variant is not part of the product.",
        ),
    };
    ApiError::invalid(vec![omiyage_api::FieldError::new(field, message)]).into()
}

/// Every category with its names in each language.
#[utoipa::path(get, path = "/api/admin/categories",
    responses((status = 200, body = Vec<AdminCategory>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_categories<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AdminCategory>>, AppError> {
    Ok(Json(state.storage.admin_categories().await?))
}

/// Adds a category (Japanese name required, Chinese and English optional).
#[utoipa::path(post, path = "/api/admin/categories", request_body = CategoryInput,
    responses((status = 201, body = AdminCategory), (status = 422, body = ErrorBody)))]
pub async fn create_category<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<AdminCategory>), AppError> {
    let input = admin::validate_category(&input)?;
    let made = state.storage.create_category(&input).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Renames a category in any of the shop's languages.
#[utoipa::path(put, path = "/api/admin/categories/{id}", params(("id" = String, Path)), request_body = CategoryInput,
    responses((status = 200, body = AdminCategory), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_category<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<AdminCategory>, AppError> {
    let input = admin::validate_category(&input)?;
    state
        .storage
        .update_category(&id, &input)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This category").into())
}

/// Every product, archived ones included.
#[utoipa::path(get, path = "/api/admin/products",
    responses((status = 200, body = Vec<AdminProduct>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_products<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AdminProduct>>, AppError> {
    Ok(Json(state.storage.admin_products().await?))
}

#[utoipa::path(get, path = "/api/admin/products/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AdminProduct), (status = 404, body = ErrorBody)))]
pub async fn get_product<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AdminProduct>, AppError> {
    state
        .storage
        .admin_product(&id)
        .await?
        .map(Json)
        .ok_or_else(product_not_found)
}

/// Creates a product; it shows in the storefront at once.
#[utoipa::path(post, path = "/api/admin/products", request_body = ProductInput,
    responses((status = 201, body = AdminProduct), (status = 422, body = ErrorBody)))]
pub async fn create_product<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<AdminProduct>), AppError> {
    let input = admin::validate_product(&input)?;
    let product = state
        .storage
        .create_product(&input)
        .await?
        .map_err(bad_product)?;
    crate::services::photos::prepare_cuts(&state, &input.photos);
    Ok((StatusCode::CREATED, Json(product)))
}

/// Edits a product: names, prices, SKUs, category, image; new variants (with their stock).
#[utoipa::path(put, path = "/api/admin/products/{id}", params(("id" = String, Path)), request_body = ProductInput,
    responses((status = 200, body = AdminProduct), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_product<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<AdminProduct>, AppError> {
    let input = admin::validate_product(&input)?;
    let product = state
        .storage
        .update_product(&id, &input)
        .await?
        .map_err(bad_product)?
        .ok_or_else(product_not_found)?;
    crate::services::photos::prepare_cuts(&state, &input.photos);
    Ok(Json(product))
}

#[utoipa::path(post, path = "/api/admin/products/{id}/archive", params(("id" = String, Path)),
    responses((status = 200, body = AdminProduct), (status = 404, body = ErrorBody)))]
pub async fn archive_product<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AdminProduct>, AppError> {
    state
        .storage
        .set_archived(&id, true)
        .await?
        .map(Json)
        .ok_or_else(product_not_found)
}

#[utoipa::path(post, path = "/api/admin/products/{id}/restore", params(("id" = String, Path)),
    responses((status = 200, body = AdminProduct), (status = 404, body = ErrorBody)))]
pub async fn restore_product<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AdminProduct>, AppError> {
    state
        .storage
        .set_archived(&id, false)
        .await?
        .map(Json)
        .ok_or_else(product_not_found)
}

/// Changes a variant's stock: `set` (only if it is still what the admin saw) or `adjust`.
#[utoipa::path(post, path = "/api/admin/variants/{id}/stock", params(("id" = String, Path)), request_body = StockChange,
    responses((status = 200, body = AdminVariant), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The stock changed meanwhile, or would go below zero"),
        (status = 422, body = ErrorBody)))]
pub async fn change_stock<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<StockChange>,
) -> Result<Json<AdminVariant>, AppError> {
    admin::validate_stock_change(&change)?;
    let Some((variant, applied)) = state.storage.change_stock(&id, &change).await? else {
        return Err(ApiError::not_found("This variant").into());
    };
    if !applied {
        // Explained with the rule and the figure as it is now.
        admin::apply_stock_change(variant.stock, &change)?;
        return Err(ApiError::new(
            omiyage_api::ErrorCode::Conflict,
            "The stock changed meanwhile: look at it again.",
        )
        .into());
    }
    Ok(Json(variant))
}

/// Orders, newest first, filtered by status, gift or not, and creation time.
#[utoipa::path(get, path = "/api/admin/orders",
    params(("status" = Option<omiyage_api::OrderStatus>, Query), ("gift" = Option<bool>, Query),
        ("from" = Option<i64>, Query), ("to" = Option<i64>, Query)),
    responses((status = 200, body = Vec<OrderSummary>)))]
pub async fn list_orders<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    crate::http::extract::ApiQuery(filter): crate::http::extract::ApiQuery<OrderFilter>,
) -> Result<Json<Vec<OrderSummary>>, AppError> {
    Ok(Json(state.storage.orders(&filter).await?))
}

/// An order with where its gift units ship (the admin ships them; the sender never sees this).
#[utoipa::path(get, path = "/api/admin/orders/{token}", params(("token" = String, Path)),
    responses((status = 200, body = AdminOrder), (status = 404, body = ErrorBody)))]
pub async fn get_order<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
) -> Result<Json<AdminOrder>, AppError> {
    crate::services::orders::admin_order(&state, &token)
        .await
        .map(Json)
}

/// Gives back (part of) what a card-paid order cost, through the card provider; with
/// `cancel`, also cancels the paid, unshipped order (everything still paid back, stock back).
/// The buyer is told by email; webhooks get `order.refunded` (or `order.cancelled`).
#[utoipa::path(post, path = "/api/admin/orders/{token}/refund", params(("token" = String, Path)), request_body = RefundRequest,
    responses((status = 200, body = AdminOrder), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not a paid card order, or it cannot be cancelled"),
        (status = 422, body = ErrorBody, description = "No reason, or more than is still refundable; nothing changed")))]
pub async fn refund_order<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    ApiJson(request): ApiJson<RefundRequest>,
) -> Result<Json<AdminOrder>, AppError> {
    crate::services::payments::refund(&state, &token, &request).await?;
    crate::services::orders::admin_order(&state, &token)
        .await
        .map(Json)
}

/// Marks a paid order shipped (a gift: its claimed units) with a tracking number.
#[utoipa::path(post, path = "/api/admin/orders/{token}/ship", params(("token" = String, Path)), request_body = ShipRequest,
    responses((status = 200, body = AdminOrder), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn ship_order<S: Backend>(
    admin_account: Admin,
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    ApiJson(request): ApiJson<ShipRequest>,
) -> Result<Json<AdminOrder>, AppError> {
    let tracking = admin::validate_tracking_number(&request.tracking_number)?;
    state
        .storage
        .ship_order(&token, &tracking, state.clock.now())
        .await?;
    get_order(admin_account, State(state), Path(token)).await
}

/// Staff (or the admin) confirm that a pay-in-shop order was paid at the counter.
#[utoipa::path(post, path = "/api/orders/{token}/confirm-payment", params(("token" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_payment<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
) -> Result<StatusCode, AppError> {
    session.require(&[Role::Admin, Role::Staff])?;
    state
        .storage
        .confirm_payment(&token, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/admin/shops", responses((status = 200, body = Vec<Shop>)))]
pub async fn list_shops<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<Shop>>, AppError> {
    Ok(Json(state.storage.shops().await?))
}

#[utoipa::path(post, path = "/api/admin/shops", request_body = ShopInput,
    responses((status = 201, body = Shop), (status = 422, body = ErrorBody)))]
pub async fn create_shop<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<ShopInput>,
) -> Result<(StatusCode, Json<Shop>), AppError> {
    let input = account::validate_shop(&input)?;
    let id = uuid::Uuid::new_v4().to_string();
    let shop = state
        .storage
        .create_shop(&id, &input, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(shop)))
}

#[utoipa::path(put, path = "/api/admin/shops/{id}", params(("id" = String, Path)), request_body = ShopInput,
    responses((status = 200, body = Shop), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_shop<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ShopInput>,
) -> Result<Json<Shop>, AppError> {
    let input = account::validate_shop(&input)?;
    state
        .storage
        .update_shop(&id, &input)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This shop").into())
}

/// A shop, for its own staff or the admin. Staff of another shop get 403.
#[utoipa::path(get, path = "/api/shops/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Shop), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_shop<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<Shop>, AppError> {
    let account = session.require(&[Role::Admin, Role::Staff])?;
    if account.role == Role::Staff && account.shop_id.as_deref() != Some(id.as_str()) {
        return Err(ApiError::new(
            omiyage_api::ErrorCode::Forbidden,
            "You work in another shop.",
        )
        .into());
    }
    state
        .storage
        .shop(&id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This shop").into())
}

#[utoipa::path(get, path = "/api/admin/accounts", responses((status = 200, body = Vec<AccountView>)))]
pub async fn list_accounts<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<AccountView>>, AppError> {
    Ok(Json(state.storage.accounts().await?))
}

/// The admin creates a staff account in one shop.
#[utoipa::path(post, path = "/api/admin/staff", request_body = NewAccount,
    responses((status = 201, body = AccountView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_staff<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<NewAccount>,
) -> Result<(StatusCode, Json<AccountView>), AppError> {
    let account = crate::services::accounts::create_account(
        state.storage.as_ref(),
        &input,
        Role::Staff,
        false,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(account)))
}

async fn set_disabled<S: Backend>(
    state: &AppState<S>,
    me: &AccountView,
    id: &str,
    disabled: bool,
) -> Result<Json<AccountView>, AppError> {
    if disabled && me.id == id {
        return Err(ApiError::new(
            omiyage_api::ErrorCode::Conflict,
            "You cannot disable your own account.",
        )
        .into());
    }
    state
        .storage
        .set_disabled(id, disabled)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("This account").into())
}

/// Disables an account (its sessions end at once).
#[utoipa::path(post, path = "/api/admin/accounts/{id}/disable", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn disable_account<S: Backend>(
    Admin(me): Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, AppError> {
    set_disabled(&state, &me, &id, true).await
}

#[utoipa::path(post, path = "/api/admin/accounts/{id}/enable", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
pub async fn enable_account<S: Backend>(
    Admin(me): Admin,
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, AppError> {
    set_disabled(&state, &me, &id, false).await
}

/// Orders and revenue per day for the last 30 days, and the top products.
#[utoipa::path(get, path = "/api/admin/sales", responses((status = 200, body = omiyage_api::SalesOverview)))]
pub async fn sales<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    crate::http::extract::PageLang(lang): crate::http::extract::PageLang,
) -> Result<Json<omiyage_api::SalesOverview>, AppError> {
    let mut sales = state.storage.sales(state.clock.now(), 30).await?;
    let overlay = crate::services::catalog::overlay(&state, lang).await?;
    for p in &mut sales.top_products {
        overlay.product_name(&p.product_id, &mut p.name);
    }
    Ok(Json(sales))
}

/// The shop's qualified-invoice issuer (registered name and `T` number), if set.
#[utoipa::path(get, path = "/api/admin/invoice-issuer",
    responses((status = 200, body = Option<InvoiceIssuer>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_invoice_issuer<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Option<InvoiceIssuer>>, AppError> {
    Ok(Json(state.storage.invoice_issuer().await?))
}

/// Sets the issuer printed on every receipt; the registration number's format and check digit
/// are validated (422 with the field otherwise).
#[utoipa::path(put, path = "/api/admin/invoice-issuer", request_body = InvoiceIssuer,
    responses((status = 200, body = InvoiceIssuer), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn put_invoice_issuer<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<InvoiceIssuer>,
) -> Result<Json<InvoiceIssuer>, AppError> {
    let issuer = omiyage_core::tax::validate_issuer(&input)?;
    state
        .storage
        .set_invoice_issuer(&issuer, state.clock.now())
        .await?;
    Ok(Json(issuer))
}
