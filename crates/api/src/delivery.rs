//! Delivery dates and time slots: the shop's rules (`/api/admin/delivery`), what may be chosen
//! now (`/api/delivery`), and a choice (on a plain order at checkout, on a gift's unit when it
//! is claimed).

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;

/// A delivery time slot, by the code Yamato's B2クラウド takes (`0812` is 午前中).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String")]
pub enum Slot {
    #[serde(rename = "0812")]
    Morning,
    #[serde(rename = "1214")]
    From12,
    #[serde(rename = "1416")]
    From14,
    #[serde(rename = "1618")]
    From16,
    #[serde(rename = "1820")]
    From18,
    #[serde(rename = "1921")]
    From19,
}

wire_names!(Slot {
    Morning => "0812",
    From12 => "1214",
    From14 => "1416",
    From16 => "1618",
    From18 => "1820",
    From19 => "1921",
});

/// The carrier the shop ships with: it decides the slots there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum Carrier {
    /// ヤマト運輸 (宅急便): 午前中, 14–16, 16–18, 18–20, 19–21.
    #[default]
    Yamato,
    /// 日本郵便 (ゆうパック): 午前中, 12–14, 14–16, 16–18, 18–20, 19–21.
    YuPack,
}

wire_names!(Carrier {
    Yamato => "yamato",
    YuPack => "yu_pack",
});

/// The shop's delivery rules. Times are the shop's (JST).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliverySettings {
    /// Shoppers and recipients choose a date and slot (off: parcels go when the shop ships).
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub carrier: Carrier,
    /// The slots offered, among the carrier's (empty: all of the carrier's).
    #[serde(default)]
    pub slots: Vec<Slot>,
    /// Days in transit: the earliest delivery is the ship day plus these (0–14).
    pub transit_days: u32,
    /// Orders placed before this hour (0–23) ship the same day, later ones the next day.
    pub cutoff_hour: u32,
    /// Days of the week the shop does not ship (0 = Sunday … 6 = Saturday).
    #[serde(default)]
    pub closed_weekdays: Vec<u8>,
    /// Dates the shop does not ship (`YYYY-MM-DD`, e.g. 年末年始), at most 366.
    #[serde(default)]
    pub closed_dates: Vec<String>,
    /// How many days ahead of today a delivery date may be chosen (1–120).
    pub horizon_days: u32,
    /// The shop as ご依頼主 on the carrier's labels.
    #[serde(default)]
    pub shipper: Shipper,
}

/// The sender printed on labels: always the shop, never a gift's sender.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipper {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub postal_code: String,
    /// Prefecture, city and street on one line.
    #[serde(default)]
    pub address: String,
}

/// What importing the carrier's tracking numbers did.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingImport {
    /// Order references marked shipped now.
    pub shipped: Vec<String>,
    /// Order references already shipped (nothing changed).
    pub already: Vec<String>,
    /// Rows that name no parcel waiting to ship, as they were in the file.
    pub unknown: Vec<String>,
}

/// A delivery date and slot, as chosen.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryChoice {
    /// `YYYY-MM-DD` (the shop's calendar); empty: no preference of day.
    #[serde(default)]
    pub date: String,
    /// Absent: no preference of time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<Slot>,
}

/// What may be chosen now (`GET /api/delivery`): the dates from the earliest to the last the
/// shop takes, and the slots, each with its label in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryDates {
    pub enabled: bool,
    /// `YYYY-MM-DD`, the first day a parcel ordered now can arrive.
    pub earliest: String,
    /// `YYYY-MM-DD`, the last day that may be chosen.
    pub latest: String,
    /// The day it would ship, for a parcel with no preferred day.
    pub ships_on: String,
    pub slots: Vec<SlotLabel>,
}

/// A slot and how the reader reads it (`14時〜16時`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotLabel {
    pub slot: Slot,
    pub label: String,
}
