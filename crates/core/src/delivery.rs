//! Delivery dates and time slots, in the shop's calendar (JST) whatever the reader's clock.
//!
//! A parcel ships on the shop's first shipping day from today (from tomorrow once the
//! day's cut-off hour has passed), skipping the weekdays and dates the shop does not ship, and
//! arrives `transit_days` later at the earliest. A delivery date may be chosen from that day up
//! to `horizon_days` after today; the parcel then ships on the last shipping day that still
//! arrives in time. Days are day numbers (`sales::day_of`), so month and year ends and leap
//! days need no care.

use omiyage_api::{
    ApiError, Carrier, DeliveryChoice, DeliveryDates, DeliverySettings, FieldError, Slot, SlotLabel,
};

use crate::lang::Lang;
use crate::sales::{SHOP_UTC_OFFSET_SECS, date_of, day_from_date, day_of};

pub const MAX_TRANSIT_DAYS: u32 = 14;
pub const MAX_HORIZON_DAYS: u32 = 120;
pub const MAX_CLOSED_DATES: usize = 366;

/// Yamato's slots; the shop's default.
pub fn default_settings() -> DeliverySettings {
    DeliverySettings {
        enabled: true,
        carrier: Carrier::Yamato,
        slots: Vec::new(),
        transit_days: 1,
        cutoff_hour: 12,
        closed_weekdays: Vec::new(),
        closed_dates: Vec::new(),
        horizon_days: 30,
        shipper: Default::default(),
    }
}

/// The slots a carrier delivers in.
pub fn carrier_slots(carrier: Carrier) -> &'static [Slot] {
    use Slot::*;
    match carrier {
        Carrier::Yamato => &[Morning, From14, From16, From18, From19],
        Carrier::YuPack => &[Morning, From12, From14, From16, From18, From19],
    }
}

/// The slots the shop offers: its choice among the carrier's, else all of them.
pub fn offered_slots(s: &DeliverySettings) -> Vec<Slot> {
    let all = carrier_slots(s.carrier);
    match s.slots.is_empty() {
        true => all.to_vec(),
        false => all
            .iter()
            .copied()
            .filter(|x| s.slots.contains(x))
            .collect(),
    }
}

/// A slot as the reader reads it.
pub fn slot_label(slot: Slot, lang: Lang) -> &'static str {
    let [ja, zh, en] = match slot {
        Slot::Morning => ["午前中", "上午", "Morning (8–12)"],
        Slot::From12 => ["12時〜14時", "12点–14点", "12:00–14:00"],
        Slot::From14 => ["14時〜16時", "14点–16点", "14:00–16:00"],
        Slot::From16 => ["16時〜18時", "16点–18点", "16:00–18:00"],
        Slot::From18 => ["18時〜20時", "18点–20点", "18:00–20:00"],
        Slot::From19 => ["19時〜21時", "19点–21点", "19:00–21:00"],
    };
    match lang {
        Lang::Ja => ja,
        Lang::ZhHans => zh,
        Lang::En => en,
    }
}

/// Checks the admin's rules; answers them tidied (closed dates sorted, without repeats).
pub fn validate_settings(input: &DeliverySettings) -> Result<DeliverySettings, ApiError> {
    let mut errors = Vec::new();
    if input.transit_days > MAX_TRANSIT_DAYS {
        errors.push(FieldError::new(
            "transit_days",
            format!("Days in transit are from 0 to {MAX_TRANSIT_DAYS}."),
        ));
    }
    if input.cutoff_hour > 23 {
        errors.push(FieldError::new(
            "cutoff_hour",
            "The cut-off is an hour from 0 to 23.",
        ));
    }
    if !(1..=MAX_HORIZON_DAYS).contains(&input.horizon_days) {
        errors.push(FieldError::new(
            "horizon_days",
            format!("Dates may be chosen from 1 to {MAX_HORIZON_DAYS} days ahead."),
        ));
    }
    let repeated = input
        .closed_weekdays
        .iter()
        .enumerate()
        .any(|(i, d)| input.closed_weekdays[..i].contains(d));
    if input.closed_weekdays.iter().any(|d| *d > 6) || repeated {
        errors.push(FieldError::new(
            "closed_weekdays",
            "Name each weekday once, from 0 (Sunday) to 6 (Saturday).",
        ));
    } else if (0..7).all(|d| input.closed_weekdays.contains(&d)) {
        errors.push(FieldError::new(
            "closed_weekdays",
            "The shop must ship on at least one day of the week.",
        ));
    }
    let carrier = carrier_slots(input.carrier);
    if let Some(i) = input.slots.iter().position(|s| !carrier.contains(s)) {
        errors.push(FieldError::new(
            format!("slots[{i}]"),
            "This carrier does not deliver in that slot.",
        ));
    }
    if input.closed_dates.len() > MAX_CLOSED_DATES {
        errors.push(FieldError::new(
            "closed_dates",
            format!("At most {MAX_CLOSED_DATES} closed dates."),
        ));
    }
    let mut closed: Vec<i64> = Vec::new();
    for (i, d) in input.closed_dates.iter().enumerate() {
        match day_from_date(d) {
            Some(day) => closed.push(day),
            None => errors.push(FieldError::new(
                format!("closed_dates[{i}]"),
                "Write a date that exists, as YYYY-MM-DD.",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    closed.sort_unstable();
    closed.dedup();
    let mut weekdays = input.closed_weekdays.clone();
    weekdays.sort_unstable();
    weekdays.dedup();
    Ok(DeliverySettings {
        // In the carrier's order, once each; none chosen stays "all of the carrier's".
        slots: match input.slots.is_empty() {
            true => Vec::new(),
            false => offered_slots(input),
        },
        closed_weekdays: weekdays,
        closed_dates: closed.into_iter().map(date_of).collect(),
        ..input.clone()
    })
}

/// The shop's calendar, read once from its rules.
pub struct Calendar<'a> {
    settings: &'a DeliverySettings,
    closed: Vec<i64>,
}

impl<'a> Calendar<'a> {
    pub fn new(settings: &'a DeliverySettings) -> Calendar<'a> {
        let mut closed: Vec<i64> = settings
            .closed_dates
            .iter()
            .filter_map(|d| day_from_date(d))
            .collect();
        closed.sort_unstable();
        Calendar { settings, closed }
    }

    /// Whether the shop ships on `day` (day 0, 1970-01-01, was a Thursday).
    pub fn ships_on(&self, day: i64) -> bool {
        let weekday = (day + 4).rem_euclid(7) as u8;
        !self.settings.closed_weekdays.contains(&weekday)
            && self.closed.binary_search(&day).is_err()
    }

    /// The first shipping day for a parcel ordered at `now`.
    pub fn first_ship_day(&self, now: i64) -> i64 {
        let today = day_of(now);
        let hour = (now + SHOP_UTC_OFFSET_SECS).rem_euclid(86_400) / 3600;
        let mut day = today + i64::from(hour >= i64::from(self.settings.cutoff_hour));
        // The rules promise at least one shipping weekday; a year of closed dates at most.
        for _ in 0..(MAX_CLOSED_DATES + 8) {
            if self.ships_on(day) {
                return day;
            }
            day += 1;
        }
        day
    }

    /// The first day a parcel ordered at `now` can arrive.
    pub fn earliest(&self, now: i64) -> i64 {
        self.first_ship_day(now) + i64::from(self.settings.transit_days)
    }

    /// The last day that may be chosen at `now` (never before the earliest, however long the
    /// shop is closed).
    pub fn latest(&self, now: i64) -> i64 {
        (day_of(now) + i64::from(self.settings.horizon_days)).max(self.earliest(now))
    }

    /// The day a parcel to arrive on `date` ships, ordered at `now`: the last shipping day
    /// that still arrives in time, not before the first (`None`: none is left, the date has
    /// become impossible).
    pub fn ship_day_for(&self, date: i64, now: i64) -> Option<i64> {
        let first = self.first_ship_day(now);
        let mut day = date - i64::from(self.settings.transit_days);
        while day >= first {
            if self.ships_on(day) {
                return Some(day);
            }
            day -= 1;
        }
        None
    }

    /// The day a parcel to deliver as `choice` asks ships, planned at `now`: for a chosen day,
    /// [`Calendar::ship_day_for`] (`None`: that day can no longer be met, which staff must
    /// see); without one, the first shipping day.
    pub fn planned_ship_day(&self, choice: Option<&DeliveryChoice>, now: i64) -> Option<i64> {
        match choice.and_then(|c| day_from_date(&c.date)) {
            Some(day) => self.ship_day_for(day, now),
            None => Some(self.first_ship_day(now)),
        }
    }
}

/// What may be chosen at `now`, for `GET /api/delivery`.
pub fn dates(settings: &DeliverySettings, now: i64, lang: Lang) -> DeliveryDates {
    let calendar = Calendar::new(settings);
    DeliveryDates {
        enabled: settings.enabled,
        earliest: date_of(calendar.earliest(now)),
        latest: date_of(calendar.latest(now)),
        ships_on: date_of(calendar.first_ship_day(now)),
        slots: offered_slots(settings)
            .into_iter()
            .map(|slot| SlotLabel {
                slot,
                label: slot_label(slot, lang).to_string(),
            })
            .collect(),
    }
}

/// Checks a choice made at `now` (the server's clock, in the shop's calendar): a date that
/// exists, from the earliest to the latest, and a slot the shop offers. An empty choice (no
/// preference) answers `None`. Errors are keyed `{field}.date` and `{field}.slot`.
pub fn check(
    choice: &DeliveryChoice,
    settings: &DeliverySettings,
    now: i64,
    field: &str,
) -> Result<Option<DeliveryChoice>, ApiError> {
    let date = choice.date.trim();
    if date.is_empty() && choice.slot.is_none() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    if !settings.enabled {
        errors.push(FieldError::new(
            format!("{field}.date"),
            "This shop does not take delivery dates.",
        ));
        return Err(ApiError::invalid(errors));
    }
    if !date.is_empty() {
        let calendar = Calendar::new(settings);
        match day_from_date(date) {
            None => errors.push(FieldError::new(
                format!("{field}.date"),
                "Write a date that exists, as YYYY-MM-DD.",
            )),
            Some(day) if day < calendar.earliest(now) => errors.push(FieldError::new(
                format!("{field}.date"),
                format!(
                    "The earliest delivery date is now {}.",
                    date_of(calendar.earliest(now))
                ),
            )),
            Some(day) if day > calendar.latest(now) => errors.push(FieldError::new(
                format!("{field}.date"),
                format!("Delivery dates go up to {}.", date_of(calendar.latest(now))),
            )),
            Some(_) => {}
        }
    }
    if let Some(slot) = choice.slot
        && !offered_slots(settings).contains(&slot)
    {
        errors.push(FieldError::new(
            format!("{field}.slot"),
            "The shop does not deliver in this time slot.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(Some(DeliveryChoice {
        date: date.to_string(),
        slot: choice.slot,
    }))
}

/// The delivery of a gift's unit claimed at `now`: the recipient's choice, checked as
/// [`check`] does, on the day the sender fixed if they did (`fixed`, `YYYY-MM-DD`): the
/// recipient then picks only the slot, and a date they send must be that day. A fixed day is
/// kept even when it can no longer be met (staff see it, nothing changes it silently).
pub fn for_unit(
    choice: Option<&DeliveryChoice>,
    fixed: &str,
    settings: &DeliverySettings,
    now: i64,
) -> Result<Option<DeliveryChoice>, ApiError> {
    let asked = choice.cloned().unwrap_or_default();
    let fixed = fixed.trim();
    if fixed.is_empty() {
        return check(&asked, settings, now, "delivery");
    }
    let date = asked.date.trim();
    if !date.is_empty() && date != fixed {
        return Err(ApiError::invalid(vec![FieldError::new(
            "delivery.date",
            format!("The sender chose the delivery day: {fixed}."),
        )]));
    }
    let slot_only = DeliveryChoice {
        date: String::new(),
        slot: asked.slot,
    };
    let slot = check(&slot_only, settings, now, "delivery")?.and_then(|c| c.slot);
    Ok(Some(DeliveryChoice {
        date: fixed.to_string(),
        slot,
    }))
}

/// A choice with what it is, on one line (`お届け希望日時: 12月9日(水) 14時〜16時`): the
/// `delivery_text` of the API's answers and the line of emails. Empty for none.
pub fn line(choice: Option<&DeliveryChoice>, lang: Lang) -> String {
    choice.map_or(String::new(), |d| {
        format!("{}: {}", label(lang), text(Some(d), lang))
    })
}

/// Writes the `delivery_text` of an order and of its gift's units in `lang`.
pub fn order_texts(order: &mut omiyage_api::OrderView, lang: Lang) {
    order.delivery_text = line(order.delivery.as_ref(), lang);
    for u in order.gift.iter_mut().flat_map(|g| g.units.iter_mut()) {
        u.delivery_text = line(u.delivery.as_ref(), lang);
    }
}

/// What a delivery choice is called (`お届け希望日時: …`).
pub fn label(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "お届け希望日時",
        Lang::ZhHans => "指定送达时间",
        Lang::En => "Delivery",
    }
}

/// A choice as a person reads it: `12月9日(水) 14時〜16時`, `指定なし` for no preference.
pub fn text(choice: Option<&DeliveryChoice>, lang: Lang) -> String {
    let none = match lang {
        Lang::Ja => "指定なし",
        Lang::ZhHans => "不指定",
        Lang::En => "No preference",
    };
    let Some(c) = choice else {
        return none.to_string();
    };
    let date = day_from_date(&c.date).map(|day| {
        let at = crate::sales::day_start(day);
        let date = crate::dates::date(lang, at);
        let weekday = crate::dates::weekday(lang, day);
        match lang {
            Lang::Ja => format!("{date}({weekday})"),
            Lang::ZhHans => format!("{date} 周{weekday}"),
            Lang::En => format!("{weekday} {date}"),
        }
    });
    match (date, c.slot) {
        (Some(d), Some(s)) => format!("{d} {}", slot_label(s, lang)),
        (Some(d), None) => d,
        (None, Some(s)) => format!("{none} / {}", slot_label(s, lang)),
        (None, None) => none.to_string(),
    }
}

#[cfg(test)]
mod tests;
