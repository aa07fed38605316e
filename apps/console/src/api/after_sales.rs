//! The calls about customers after a sale: rewards for gifts that bring customers, their
//! report, the after-sales requests with every step the merchant takes on them, and messages
//! to the shop's fans.

use gloo_net::http::Request;
use omiyage_api::{AfterSalesRequest, ApiError};

use super::{get, parse, send, with_json};

pub async fn reward_settings() -> Result<omiyage_api::GiftRewardSettings, ApiError> {
    get("/api/admin/gift-rewards").await
}

pub async fn set_reward_settings(
    input: &omiyage_api::GiftRewardSettings,
) -> Result<omiyage_api::GiftRewardSettings, ApiError> {
    parse(send(with_json(Request::put("/api/admin/gift-rewards"), input)).await)
}

pub async fn after_sales() -> Result<Vec<omiyage_api::AfterSalesRequest>, ApiError> {
    get("/api/admin/after-sales").await
}

pub async fn decide_after_sales(
    id: &str,
    decision: &omiyage_api::AfterSalesDecision,
) -> Result<omiyage_api::AfterSalesRequest, ApiError> {
    match decision.accept {
        true => {
            parse(send(Request::post(&format!("/api/admin/after-sales/{id}/accept")).build()).await)
        }
        false => {
            let url = format!("/api/admin/after-sales/{id}/decline");
            let body = omiyage_api::AfterSalesDecline {
                reason: decision.reason.clone(),
            };
            parse(send(with_json(Request::post(&url), &body)).await)
        }
    }
}

pub async fn gift_report() -> Result<omiyage_api::GiftReport, ApiError> {
    get("/api/admin/gift-report").await
}

/// A step the merchant takes on an accepted request.
#[derive(Clone, Debug)]
pub enum AfterSalesStep {
    Return(omiyage_api::AfterSalesReturn),
    Received(omiyage_api::AfterSalesReceived),
    Refund(omiyage_api::AfterSalesRefund),
    Ship(omiyage_api::AfterSalesShip),
}

pub async fn after_sales_step(
    id: &str,
    step: &AfterSalesStep,
) -> Result<AfterSalesRequest, ApiError> {
    let url = |what: &str| format!("/api/admin/after-sales/{id}/{what}");
    let request = match step {
        AfterSalesStep::Return(body) => with_json(Request::post(&url("return")), body),
        AfterSalesStep::Received(body) => with_json(Request::post(&url("received")), body),
        AfterSalesStep::Refund(body) => with_json(Request::post(&url("refund")), body),
        AfterSalesStep::Ship(body) => with_json(Request::post(&url("ship")), body),
    };
    parse(send(request).await)
}

pub async fn fan_messages() -> Result<Vec<omiyage_api::FanMessageSummary>, ApiError> {
    get("/api/admin/fan-messages").await
}

pub async fn send_fan_message(
    draft: &omiyage_api::FanMessageDraft,
) -> Result<omiyage_api::FanMessageSummary, ApiError> {
    parse(send(with_json(Request::post("/api/admin/fan-messages"), draft)).await)
}
