//! Gifts: a paid order whose N units can each be claimed once, first come first served, within a
//! claim window. Declined, cancelled and expired units are refunded and their stock returned.
//! Both backends load a gift's units, apply these functions, and store what changed.

use omiyage_api::{
    ApiError, ErrorCode, FieldError, GiftOptions, GiftState, GiftUnit, Money, Product,
    RefundReason, UnitState, Variant,
};

pub const GREETING_MAX_CHARS: usize = 100;
pub const SENDER_NAME_MAX_CHARS: usize = 50;
/// Most units in one (group) gift.
pub const MAX_UNITS: u32 = 20;
/// Default claim window: 72 hours.
pub const DEFAULT_CLAIM_WINDOW_SECS: i64 = 72 * 3600;

/// Problems with the gift options, keyed `gift.*`.
pub fn option_errors(options: &GiftOptions) -> Vec<FieldError> {
    let mut out = Vec::new();
    let name = options.sender_name.trim();
    if name.is_empty() {
        out.push(FieldError::new(
            "gift.sender_name",
            "Please enter the name the recipient will see.",
        ));
    } else if name.chars().count() > SENDER_NAME_MAX_CHARS {
        out.push(FieldError::new(
            "gift.sender_name",
            format!("Keep your name to {SENDER_NAME_MAX_CHARS} characters or fewer."),
        ));
    }
    if options.greeting.trim().chars().count() > GREETING_MAX_CHARS {
        out.push(FieldError::new(
            "gift.greeting",
            format!("Keep the greeting to {GREETING_MAX_CHARS} characters or fewer."),
        ));
    }
    out
}

/// How far ahead a gift may be scheduled to open.
pub const MAX_OPENS_AHEAD_SECS: i64 = 366 * 86_400;

/// Checks when a gift is to open, asked at `now`: later than now, within a year.
pub fn check_opens_at(opens_at: Option<i64>, now: i64) -> Result<(), ApiError> {
    let Some(at) = opens_at else {
        return Ok(());
    };
    let message = if at <= now {
        "Choose a moment still to come."
    } else if at > now + MAX_OPENS_AHEAD_SECS {
        "Choose a moment within a year."
    } else {
        return Ok(());
    };
    Err(ApiError::invalid(vec![FieldError::new(
        "gift.opens_at",
        message,
    )]))
}

/// Moves a scheduled gift's opening to `to`, asked at `now`: only a gift scheduled for a
/// moment still to come, and not cancelled, to another moment still to come. The claim window
/// keeps its length from the new moment. Answers the new opening and expiry.
pub fn reschedule(record: &GiftRecord, to: i64, now: i64) -> Result<(i64, i64), ApiError> {
    let Some(at) = record.options.opens_at.filter(|&at| at > now) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "This gift has opened already: its moment can no longer change.",
        ));
    };
    if record.cancelled {
        return Err(closed_error(GiftState::Cancelled));
    }
    check_opens_at(Some(to), now)?;
    Ok((to, to + (record.expires_at - at)))
}

/// What each unit of a gift's line paid: exact, as its coupon takes the same whole yen off
/// every unit.
pub fn unit_paid(line: &omiyage_api::OrderLine) -> Money {
    Money::new(
        line.unit_price.amount - line.discount / i64::from(line.quantity.max(1)),
        line.unit_price.currency,
    )
}

/// New units of a gift of `quantity`.
pub fn new_units(quantity: u32) -> Vec<GiftUnit> {
    (0..quantity)
        .map(|index| GiftUnit {
            index,
            state: UnitState::Unclaimed,
            refund_reason: None,
            claimed_at: None,
            shipped_at: None,
            refunded_at: None,
            delivery: None,
            delivery_text: String::new(),
        })
        .collect()
}

/// A new gift for an order's (single) line, whose units also bought `extras` each (their gift
/// options).
pub fn new_record(
    token: String,
    order_token: &str,
    options: &GiftOptions,
    line: &omiyage_api::OrderLine,
    extras: i64,
    expires_at: i64,
) -> GiftRecord {
    GiftRecord {
        token,
        order_token: order_token.to_string(),
        options: options.clone(),
        product_id: line.product_id.clone(),
        variant_id: line.variant_id.clone(),
        // What each unit paid: a coupon takes the same whole yen off every unit of a gift.
        unit_price: Money::new(unit_paid(line).amount + extras, line.unit_price.currency),
        expires_at,
        cancelled: false,
        opened_at: None,
        units: new_units(line.quantity),
        told_at: None,
    }
}

/// Everything stored about a gift, as both backends keep it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GiftRecord {
    pub token: String,
    pub order_token: String,
    pub options: GiftOptions,
    pub product_id: String,
    /// The variant the sender bought.
    pub variant_id: String,
    pub unit_price: Money,
    pub expires_at: i64,
    pub cancelled: bool,
    pub opened_at: Option<i64>,
    pub units: Vec<GiftUnit>,
    /// When the claim link was emailed to `options.recipient_email`.
    #[serde(default)]
    pub told_at: Option<i64>,
}

impl GiftRecord {
    pub fn window(&self) -> Window {
        Window {
            expires_at: self.expires_at,
            cancelled: self.cancelled,
            opens_at: self.options.opens_at.unwrap_or(0),
        }
    }

    /// Whether settling the window now would refund anything (reads can skip the writer).
    pub fn is_due(&self, now: i64) -> bool {
        let window = self.window();
        window.is_over(now) && !window.cancelled && unclaimed(&self.units).next().is_some()
    }

    /// The gift as its recipient sees it; `product` is the live product, `order` where its
    /// order stands (an open gift of an unpaid order waits for its sender's payment).
    pub fn recipient_view(
        &self,
        product: Product,
        order: omiyage_api::OrderStatus,
        now: i64,
    ) -> omiyage_api::GiftView {
        let state = match state(&self.units, self.window(), now) {
            GiftState::Open if order == omiyage_api::OrderStatus::AwaitingPayment => {
                GiftState::AwaitingPayment
            }
            state => state,
        };
        let variants = choosable_variants(
            &product,
            &self.variant_id,
            self.options.allow_variant_choice,
        );
        // Still wrapped: what is inside stays a surprise until it opens.
        let wrapped = state == GiftState::NotYet;
        let (product, variants) = match wrapped {
            true => (
                Product {
                    photos: Vec::new(),
                    id: String::new(),
                    name: String::new(),
                    description: String::new(),
                    category: String::new(),
                    image: String::new(),
                    variants: Vec::new(),
                    offers_gift_options: false,
                },
                Vec::new(),
            ),
            false => (product, variants),
        };
        omiyage_api::GiftView {
            token: self.token.clone(),
            sender_name: self.options.sender_name.clone(),
            greeting: self.options.greeting.clone(),
            state,
            product: Product {
                variants,
                ..product
            },
            variant_id: match wrapped {
                true => String::new(),
                false => self.variant_id.clone(),
            },
            allow_variant_choice: self.options.allow_variant_choice,
            units_total: self.units.len() as u32,
            units_left: unclaimed(&self.units).count() as u32,
            expires_at: self.expires_at,
            options_text: String::new(),
            delivery_date: self.options.delivery_date.clone(),
            opens_at: self.options.opens_at,
        }
    }

    /// The gift as its sender follows it: states and times only.
    pub fn sender_view(&self) -> omiyage_api::SenderGift {
        omiyage_api::SenderGift {
            claim_token: self.token.clone(),
            sender_name: self.options.sender_name.clone(),
            greeting: self.options.greeting.clone(),
            allow_variant_choice: self.options.allow_variant_choice,
            expires_at: self.expires_at,
            opened_at: self.opened_at,
            opens_at: self.options.opens_at,
            // A return gift's recipient is the buyer's own gift's sender: never shown.
            recipient_email: match self.options.return_for.is_empty() {
                true => self.options.recipient_email.clone(),
                false => String::new(),
            },
            returns_gift: !self.options.return_for.is_empty(),
            told_at: self.told_at,
            units: self.units.clone(),
            // Read beside the gift (`gift_thanks`), not part of its rules.
            thanks: Vec::new(),
            problems: Vec::new(),
            refunded: refunded_amount(&self.units, self.unit_price),
        }
    }
}

/// Facts about a gift besides its units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub expires_at: i64,
    pub cancelled: bool,
    /// When the gift opens (0: it was never scheduled).
    pub opens_at: i64,
}

impl Window {
    pub fn is_over(&self, now: i64) -> bool {
        now >= self.expires_at
    }

    /// Whether the moment the sender chose is still to come.
    pub fn is_not_yet(&self, now: i64) -> bool {
        now < self.opens_at
    }
}

fn unclaimed(units: &[GiftUnit]) -> impl Iterator<Item = usize> + '_ {
    units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.state == UnitState::Unclaimed)
        .map(|(i, _)| i)
}

fn refund(unit: &mut GiftUnit, reason: RefundReason, now: i64) {
    unit.state = UnitState::Refunded;
    unit.refund_reason = Some(reason);
    unit.refunded_at = Some(now);
}

/// Where the gift stands for the recipient.
pub fn state(units: &[GiftUnit], window: Window, now: i64) -> GiftState {
    let any_unclaimed = unclaimed(units).next().is_some();
    let expired = units
        .iter()
        .any(|u| u.refund_reason == Some(RefundReason::Expired));
    if window.cancelled {
        GiftState::Cancelled
    } else if any_unclaimed && window.is_not_yet(now) {
        GiftState::NotYet
    } else if expired || (any_unclaimed && window.is_over(now)) {
        GiftState::Expired
    } else if any_unclaimed {
        GiftState::Open
    } else {
        GiftState::AllClaimed
    }
}

/// The answer when a gift cannot be claimed or declined any more.
pub fn closed_error(state: GiftState) -> ApiError {
    match state {
        GiftState::Expired => ApiError::new(
            ErrorCode::GiftExpired,
            "This gift was not claimed in time, so it was refunded to the sender.",
        ),
        GiftState::Cancelled => ApiError::new(
            ErrorCode::GiftCancelled,
            "The sender cancelled this gift, so it can no longer be claimed.",
        ),
        GiftState::AwaitingPayment => ApiError::new(
            ErrorCode::Conflict,
            "This gift is waiting for its sender's payment: it can be claimed once it is paid.",
        ),
        GiftState::NotYet => ApiError::new(
            ErrorCode::Conflict,
            "This gift cannot be opened yet: its sender chose when it opens.",
        ),
        GiftState::AllClaimed | GiftState::Open => ApiError::new(
            ErrorCode::AlreadyClaimed,
            "This gift has already been claimed.",
        ),
    }
}

/// Refunds every unclaimed unit once the window is over; returns the units refunded.
pub fn expire(units: &mut [GiftUnit], window: Window, now: i64) -> Vec<usize> {
    if !window.is_over(now) || window.cancelled {
        return Vec::new();
    }
    let due: Vec<usize> = unclaimed(units).collect();
    for &i in &due {
        refund(&mut units[i], RefundReason::Expired, now);
    }
    due
}

/// Claims the first unclaimed unit (first come, first served); returns its index.
pub fn claim(units: &mut [GiftUnit], window: Window, now: i64) -> Result<usize, ApiError> {
    let i = open_unit(units, window, now)?;
    units[i].state = UnitState::Claimed;
    units[i].claimed_at = Some(now);
    Ok(i)
}

/// Settles the window, then finds the first unit still open to the recipient.
fn open_unit(units: &mut [GiftUnit], window: Window, now: i64) -> Result<usize, ApiError> {
    expire(units, window, now);
    let s = state(units, window, now);
    if s != GiftState::Open {
        return Err(closed_error(s));
    }
    unclaimed(units)
        .next()
        .ok_or_else(|| closed_error(GiftState::AllClaimed))
}

/// The recipient declines: one unclaimed unit is refunded to the sender.
pub fn decline(units: &mut [GiftUnit], window: Window, now: i64) -> Result<usize, ApiError> {
    let i = open_unit(units, window, now)?;
    refund(&mut units[i], RefundReason::Declined, now);
    Ok(i)
}

/// The shop ships every claimed unit not shipped yet; returns them. Nothing claimed → 409.
pub fn ship(units: &mut [GiftUnit], now: i64) -> Result<Vec<usize>, ApiError> {
    let due: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].state == UnitState::Claimed)
        .collect();
    if due.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "Nothing to ship: no unit of this gift is claimed and waiting.",
        ));
    }
    for &i in &due {
        units[i].state = UnitState::Shipped;
        units[i].shipped_at = Some(now);
    }
    Ok(due)
}

/// Whether every unit is settled (claimed, shipped or refunded): nothing can change but shipping.
pub fn all_settled(units: &[GiftUnit]) -> bool {
    units.iter().all(|u| u.state != UnitState::Unclaimed)
}

/// The sender cancels: every unclaimed unit is refunded. Returns the units refunded.
pub fn cancel(units: &mut [GiftUnit], window: Window, now: i64) -> Result<Vec<usize>, ApiError> {
    expire(units, window, now);
    let due: Vec<usize> = unclaimed(units).collect();
    if due.is_empty() {
        return Err(ApiError::new(
            ErrorCode::AlreadyClaimed,
            "Nothing left to cancel: every unit was already claimed or refunded.",
        ));
    }
    for &i in &due {
        refund(&mut units[i], RefundReason::Cancelled, now);
    }
    Ok(due)
}

/// Money refunded so far: the unit price for every refunded unit.
pub fn refunded_amount(units: &[GiftUnit], unit_price: Money) -> Money {
    let n = units
        .iter()
        .filter(|u| u.state == UnitState::Refunded)
        .count() as i64;
    unit_price.checked_mul(n).unwrap_or(unit_price)
}

/// The variants a recipient may pick: the one bought, plus (if allowed) others at the same
/// price that are in stock.
pub fn choosable_variants(product: &Product, bought: &str, allow_choice: bool) -> Vec<Variant> {
    let Some(original) = product.variant(bought) else {
        return Vec::new();
    };
    product
        .variants
        .iter()
        .filter(|v| v.id == bought || (allow_choice && v.price == original.price && v.stock > 0))
        .cloned()
        .collect()
}

/// What one claim does, decided once for the mock and both databases: which unit it takes,
/// the units afterwards, and the variant that ships. A `swap` ships another variant than the
/// one bought: one of it is taken from stock and the bought one given back.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimDecision {
    pub unit: usize,
    pub units: Vec<GiftUnit>,
    pub variant: Variant,
    pub swap: bool,
}

/// Decides a claim of `record` (whose product is `product`) for the variant the recipient
/// `wanted`, at `now`: the variant rule first, then the first open unit (settling the window).
pub fn decide_claim(
    record: &GiftRecord,
    product: &Product,
    wanted: Option<&str>,
    now: i64,
) -> Result<ClaimDecision, ApiError> {
    let variant = choose_variant(
        product,
        &record.variant_id,
        record.options.allow_variant_choice,
        wanted,
    )?
    .clone();
    let mut units = record.units.clone();
    let unit = claim(&mut units, record.window(), now)?;
    Ok(ClaimDecision {
        swap: variant.id != record.variant_id,
        unit,
        units,
        variant,
    })
}

/// Checks the recipient's variant choice; returns the variant to ship.
pub fn choose_variant<'a>(
    product: &'a Product,
    bought: &str,
    allow_choice: bool,
    wanted: Option<&str>,
) -> Result<&'a Variant, ApiError> {
    let wanted = wanted.unwrap_or(bought);
    if wanted == bought {
        return product
            .variant(bought)
            .ok_or_else(|| ApiError::not_found("This gift's product"));
    }
    if !allow_choice {
        return Err(ApiError::invalid(vec![FieldError::new(
            "variant_id",
            "The sender chose this gift's variant; it cannot be changed.",
        )]));
    }
    choosable_variants(product, bought, true)
        .iter()
        .find(|v| v.id == wanted)
        .and_then(|v| product.variant(&v.id))
        .ok_or_else(|| {
            ApiError::invalid(vec![FieldError::new(
                "variant_id",
                "Pick one of the offered variants (same price, in stock).",
            )])
        })
}

#[cfg(test)]
mod tests;
