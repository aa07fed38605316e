//! Delivery dates and time slots: the admin's rules, what a shopper or a recipient may choose
//! now (worked out in the shop's calendar by the server's clock), and shipping with Yamato's
//! B2クラウド (the parcels out as its import file, its tracking numbers back in).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use omiyage_api::{
    Address, ApiError, DeliveryDates, DeliverySettings, ErrorBody, ErrorCode, OrderStatus,
    TrackingImport,
};
use omiyage_core::{b2, delivery};

use crate::http::extract::{ApiJson, PageLang};
use crate::storage::{Backend, OrderFilter};
use crate::{AppError, AppState};

/// What may be chosen now: the earliest and latest delivery dates and the slots, with their
/// labels in the reader's language.
#[utoipa::path(get, path = "/api/delivery",
    responses((status = 200, body = DeliveryDates)))]
pub async fn get_dates<S: Backend>(
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<Json<DeliveryDates>, AppError> {
    let settings = state.storage.delivery_settings().await?;
    Ok(Json(omiyage_core::delivery::dates(
        &settings,
        state.clock.now(),
        lang,
    )))
}

/// The shop's delivery rules: carrier and slots, days in transit, the cut-off hour, the days
/// it does not ship, how far ahead a date may be chosen.
#[utoipa::path(get, path = "/api/admin/delivery",
    responses((status = 200, body = DeliverySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<DeliverySettings>, AppError> {
    Ok(Json(state.storage.delivery_settings().await?))
}

/// Sets the delivery rules. Dates already chosen stay as chosen; one the new rules make
/// impossible is shown to staff.
#[utoipa::path(put, path = "/api/admin/delivery", request_body = DeliverySettings,
    responses((status = 200, body = DeliverySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_settings<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    ApiJson(input): ApiJson<DeliverySettings>,
) -> Result<Json<DeliverySettings>, AppError> {
    let settings = omiyage_core::delivery::validate_settings(&input)?;
    state
        .storage
        .set_delivery_settings(&settings, state.clock.now())
        .await?;
    Ok(Json(settings))
}

/// The parcels waiting to ship (paid orders not shipped yet; a gift's claimed units each
/// their own), as B2 takes them.
async fn parcels<S: Backend>(
    state: &AppState<S>,
    settings: &DeliverySettings,
) -> Result<Vec<b2::Parcel>, AppError> {
    let now = state.clock.now();
    let calendar = delivery::Calendar::new(settings);
    // A day that can no longer be met ships as soon as it can (B2 needs a ship day); the
    // packing list shows staff that it is late.
    let ship_on = |choice: Option<&omiyage_api::DeliveryChoice>| {
        calendar
            .planned_ship_day(choice, now)
            .unwrap_or_else(|| calendar.first_ship_day(now))
    };
    let day_of = |choice: Option<&omiyage_api::DeliveryChoice>| {
        choice.and_then(|d| b2::day_of_date(&d.date))
    };
    let mut out = Vec::new();
    for admin in state.storage.orders_to_ship().await? {
        let o = &admin.order;
        let item = |variant: &str| match o.lines.first() {
            Some(l) if o.lines.len() > 1 => format!("{} ({variant}) 他", l.product_name),
            Some(l) => format!("{} ({variant})", l.product_name),
            None => String::new(),
        };
        let street = |a: &Address| format!("{}{}{}", a.prefecture, a.city, a.line1);
        match &o.gift {
            None => {
                out.push(b2::Parcel {
                    key: o.reference.clone(),
                    ship_on: ship_on(o.delivery.as_ref()),
                    deliver_on: day_of(o.delivery.as_ref()),
                    slot: o.delivery.as_ref().and_then(|d| d.slot),
                    name: o.contact.name.clone(),
                    phone: o.contact.phone.clone(),
                    postal_code: o.address.postal_code.clone(),
                    address: street(&o.address),
                    building: o.address.line2.clone(),
                    item: item(o.lines.first().map_or("", |l| l.variant_name.as_str())),
                });
            }
            Some(_) => out.extend(admin.recipients.iter().map(|r| b2::Parcel {
                key: b2::unit_key(&o.reference, r.unit_index),
                ship_on: ship_on(r.delivery.as_ref()),
                deliver_on: day_of(r.delivery.as_ref()),
                slot: r.delivery.as_ref().and_then(|d| d.slot),
                name: r.name.clone(),
                phone: r.phone.clone(),
                postal_code: r.address.postal_code.clone(),
                address: street(&r.address),
                building: r.address.line2.clone(),
                item: item(&r.variant_name),
            })),
        }
    }
    out.sort_by_key(|p| p.ship_on);
    Ok(out)
}

/// The parcels waiting to ship as a B2クラウド import file (Shift_JIS CSV): one row per parcel,
/// the shop as ご依頼主, the delivery day and slot code where chosen.
#[utoipa::path(get, path = "/api/admin/shipments/b2.csv",
    responses((status = 200, description = "Shift_JIS CSV", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The shop's name and address as sender are not set")))]
pub async fn b2_csv<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
) -> Result<impl IntoResponse, AppError> {
    let settings = state.storage.delivery_settings().await?;
    let s = &settings.shipper;
    if s.name.trim().is_empty() || s.address.trim().is_empty() || s.phone.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "Set the shop's name, phone and address as the labels' sender (ご依頼主) first.",
        )
        .into());
    }
    let text = b2::csv(&parcels(&state, &settings).await?, s);
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=Shift_JIS"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"b2-import.csv\"",
            ),
        ],
        bytes.into_owned(),
    ))
}

/// Reads B2's issued-tracking file (Shift_JIS or UTF-8) and marks those parcels' orders
/// shipped with their tracking numbers, which the shopper (or each recipient) is told as
/// when shipped by hand. Importing a file again changes nothing; rows naming no parcel are
/// listed back.
#[utoipa::path(post, path = "/api/admin/shipments/b2-tracking",
    request_body(content = String, content_type = "text/csv", description = "B2's issued-tracking CSV"),
    responses((status = 200, body = TrackingImport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not one row names a parcel and its tracking number")))]
pub async fn b2_tracking<S: Backend>(
    _: crate::auth::Admin,
    State(state): State<AppState<S>>,
    body: axum::body::Bytes,
) -> Result<Json<TrackingImport>, AppError> {
    let text = match std::str::from_utf8(&body) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::SHIFT_JIS.decode(&body).0,
    };
    let (issued, unreadable) = b2::parse_issued(&text);
    // Not one row with a parcel's number and a tracking number: not B2's issued file.
    if issued.is_empty() {
        return Err(ApiError::invalid(vec![omiyage_api::FieldError::new(
            "file",
            "This is not B2's issued file (発行済みデータ): no row has お客様管理番号 and 伝票番号.",
        )])
        .into());
    }
    let orders: std::collections::HashMap<String, (String, OrderStatus)> = state
        .storage
        .orders(&OrderFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.reference, (o.token, o.status)))
        .collect();
    let mut answer = TrackingImport {
        unknown: unreadable,
        ..TrackingImport::default()
    };
    for row in issued {
        let reference = row.key.split('-').next().unwrap_or_default();
        let known = orders
            .get(reference)
            .filter(|(_, s)| matches!(s, OrderStatus::Paid | OrderStatus::Shipped));
        let Some((token, _)) = known else {
            answer.unknown.push(row.key);
            continue;
        };
        let reference = reference.to_string();
        if answer.shipped.contains(&reference) || answer.already.contains(&reference) {
            continue;
        }
        match state
            .storage
            .ship_order(token, &row.tracking, state.clock.now())
            .await
        {
            Ok(()) => answer.shipped.push(reference),
            // Shipped before (by hand or by an earlier import): nothing changes.
            Err(crate::storage::StorageError::Refused(e)) if e.code == ErrorCode::Conflict => {
                answer.already.push(reference)
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Json(answer))
}
