//! Paying promoters: each promoter's balance (held, payable, paid, owed), the admin's payouts
//! with a reference, the ledger as CSV, and a promoter's own balance. Rules in
//! `omiyage_core::payout`; the ledger is written where orders change (`storage/sql/payouts.rs`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use omiyage_api::{ErrorBody, Payout, PayoutBalance, PayoutInput, Role};

use crate::auth::{Admin, Session};
use crate::http::extract::{ApiJson, PageLang};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// Every promoter with commission or payouts: what is held, payable, paid and owed now.
#[utoipa::path(get, path = "/api/admin/payouts", responses((status = 200, body = Vec<PayoutBalance>)))]
pub async fn list_balances<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
) -> Result<Json<Vec<PayoutBalance>>, AppError> {
    let now = state.clock.now();
    let ledgers = state.storage.ledgers(None).await?;
    Ok(Json(
        ledgers
            .iter()
            .map(|l| l.view(state.payout_hold_secs, now))
            .collect(),
    ))
}

/// Marks an amount paid to a promoter (1 yen up to what is owed), with the payment's reference.
#[utoipa::path(post, path = "/api/admin/payouts", request_body = PayoutInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "A fresh key per payout; a retry with it records nothing new")),
    responses((status = 201, body = Payout), (status = 200, body = Payout, description = "A retry: the payout recorded earlier with this key"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_payout<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<PayoutInput>,
) -> Result<(StatusCode, Json<Payout>), AppError> {
    // With a key, the payout's id is made from it: the same key again finds that payout.
    let id = match headers
        .get(omiyage_api::IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        Some(key) => payout_id(key),
        None => uuid::Uuid::new_v4(),
    };
    let (payout, fresh) = state
        .storage
        .record_payout(
            &input,
            &id.to_string(),
            state.payout_hold_secs,
            state.clock.now(),
        )
        .await?;
    let status = match fresh {
        true => StatusCode::CREATED,
        false => StatusCode::OK,
    };
    Ok((status, Json(payout)))
}

/// The payout id an `Idempotency-Key` stands for: a UUID made of the key's SHA-256.
fn payout_id(key: &str) -> uuid::Uuid {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("payout:{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Every promoter's ledger as CSV: commission booked (earned +, reversed −) and payouts (−),
/// oldest first, with the running balance per promoter.
#[utoipa::path(get, path = "/api/admin/payouts.csv", responses((status = 200, content_type = "text/csv")))]
pub async fn ledger_csv<S: Backend>(
    _: Admin,
    State(state): State<AppState<S>>,
    PageLang(lang): PageLang,
) -> Result<impl IntoResponse, AppError> {
    let mut csv = crate::http::extract::csv_header(
        lang,
        [
            "プロモーター,日時,種類,注文番号,支払参照,金額（円）,残高（円）",
            "推广员,时间,类型,订单号,付款参考,金额（日元）,余额（日元）",
            "promoter,at,kind,order_reference,payout_reference,amount_jpy,running_jpy",
        ],
    );
    for ledger in state.storage.ledgers(None).await? {
        let mut lines: Vec<(i64, &str, &str, &str, i64)> = ledger
            .entries
            .iter()
            .map(|(e, reference)| {
                let kind = if e.amount >= 0 { "earned" } else { "reversed" };
                (e.at, kind, reference.as_str(), "", e.amount)
            })
            .chain(ledger.payouts.iter().map(|p| {
                (
                    p.paid_at,
                    "payout",
                    "",
                    p.reference.as_str(),
                    -p.amount.amount,
                )
            }))
            .collect();
        lines.sort_by_key(|l| l.0);
        let mut running = 0;
        for (at, kind, order, payout, amount) in lines {
            running += amount;
            csv.push_str(&format!(
                "{},{at},{kind},{order},{},{amount},{running}\r\n",
                crate::http::extract::csv_field(&ledger.email),
                crate::http::extract::csv_field(payout)
            ));
        }
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"omiyage-payouts.csv\"",
            ),
        ],
        csv,
    ))
}

/// This promoter's own balance and payouts.
#[utoipa::path(get, path = "/api/promoter/payouts", responses((status = 200, body = PayoutBalance), (status = 403, body = ErrorBody)))]
pub async fn my_balance<S: Backend>(
    session: Session,
    State(state): State<AppState<S>>,
) -> Result<Json<PayoutBalance>, AppError> {
    let me = session.require(&[Role::Promoter])?;
    crate::services::payouts::balance_of(&state, &me.id)
        .await
        .map(Json)
}
