//! Checkout, written once for the server and the browser's mock: the request checked, a retry
//! answered with the order its key placed, the order priced on the shop's side with its
//! coupon, the payment taken, then the order admitted and written in one transaction of the
//! [`CheckoutDesk`] (the hold, the coupon's use and every line's stock, all or nothing). What
//! was charged for an order that is not placed goes back.

use omiyage_api::{
    ApiError, CheckoutRequest, GiftOptionSettings, Money, OptionLine, OrderStatus, OrderView,
    PaymentChoice, PaymentRules, PaymentSummary, Product, ProductGiftOptions,
};
use omiyage_core::checkout::{self, ValidCheckout};
use omiyage_core::coupon::{self, Coupon, Refusal};
use omiyage_core::gift::GiftRecord;
use omiyage_core::lang::Lang;
use omiyage_core::pricing::{self, PricedOrder};
use omiyage_core::{gift_options, hold, idempotency, order};

use crate::order::{CouponClaim, NotAdmitted, StockTake};

/// An order placed earlier under an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    /// The fingerprint of the request that placed it: a retry must send the same.
    pub fingerprint: String,
    pub order_token: String,
}

/// A coupon as checkout reads it.
#[derive(Clone, Debug)]
pub struct StoredCoupon {
    pub coupon: Coupon,
    pub uses: u32,
    /// The email of the promoter whose code it is.
    pub promoter_email: Option<String>,
}

/// The gift a return gift (お返し) answers, as checkout reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnsweredGift {
    /// The email its buyer left at checkout (empty: none, as for a counter batch's codes).
    pub sender_email: String,
    /// At least one of its units was claimed (the buyer of the return gift received it).
    pub claimed: bool,
}

/// What the payment came to, and the provider's own record of it (a card payment), if any.
#[derive(Clone, Debug)]
pub struct Charge<P> {
    pub summary: PaymentSummary,
    /// Paid, or awaiting payment (pay in shop; a card still finishing 3-D Secure).
    pub status: OrderStatus,
    /// A provider's payment, made with the checkout's key (a retry is the same payment).
    pub payment: Option<P>,
}

/// An order to admit and write, with the key that placed it.
pub struct Placing<'a, P> {
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub view: &'a OrderView,
    pub gift: Option<GiftRecord>,
    pub takes: &'a [StockTake],
    pub coupon: Option<&'a CouponClaim>,
    /// The promoter whose coupon it is (account id, email): the order is theirs.
    pub coupon_promoter: Option<(String, String)>,
    pub charge: &'a Charge<P>,
    /// Its member, the rate it earns at and the points spent on it.
    pub points: crate::points::PointsTerms,
}

/// What writing an order came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceOutcome {
    Placed,
    /// Another request with the same key got there first.
    KeyExists(StoredKey),
    /// The hold, the coupon or the stock refused it (`order::admit`); nothing was written.
    Refused(NotAdmitted),
}

/// Where checkout reads and writes: the server's storage and payment providers, or the mock.
#[trait_variant::make(SendCheckoutDesk: Send)]
pub trait CheckoutDesk {
    type Error: From<ApiError>;
    /// A provider's record of a payment (the server's card PaymentIntent).
    type Payment;
    /// The shopper's language: the order's lines keep their names in it, refusals speak it.
    fn lang(&self) -> Lang;
    /// A fresh private token (an order's, a gift's).
    fn new_token(&self) -> String;
    fn claim_window_secs(&self) -> i64;
    async fn placed_with(&self, key: &str) -> Result<Option<StoredKey>, Self::Error>;
    /// An order as its private link shows it (a retry's answer).
    async fn order(&self, token: &str) -> Result<OrderView, Self::Error>;
    /// Counts a fresh checkout against its client: refused past the limit.
    async fn count_checkout(&self, now: i64) -> Result<(), Self::Error>;
    /// The products the lines name, in the shopper's language.
    async fn products(&self, checkout: &ValidCheckout) -> Result<Vec<Product>, Self::Error>;
    /// The gift a return gift answers, by its claim token (`None`: no such gift).
    async fn answered_gift(&self, claim_token: &str) -> Result<Option<AnsweredGift>, Self::Error>;
    /// The shop's gift options and prices.
    async fn gift_option_settings(&self) -> Result<GiftOptionSettings, Self::Error>;
    /// The shop's delivery rules (dates and slots).
    async fn delivery_settings(&self) -> Result<omiyage_api::DeliverySettings, Self::Error>;
    /// Which gift options a product offers (`None`: no such product).
    async fn product_gift_options(
        &self,
        product_id: &str,
    ) -> Result<Option<ProductGiftOptions>, Self::Error>;
    async fn coupon(&self, code: &str) -> Result<Option<StoredCoupon>, Self::Error>;
    /// How often `email` (normalised) used the coupon.
    async fn coupon_uses_by(&self, code: &str, email: &str) -> Result<u32, Self::Error>;
    async fn payment_rules(&self) -> Result<PaymentRules, Self::Error>;
    /// The signed-in member (`None`: a guest) and the rate the order earns at (their rank's,
    /// or the shop's).
    async fn points(&self) -> Result<(Option<crate::points::Member>, u32), Self::Error>;
    /// Takes `total` for the order (402 for a declined card: nothing is taken).
    async fn charge(
        &self,
        choice: &PaymentChoice,
        total: Money,
        order_token: &str,
        key: &str,
    ) -> Result<Charge<Self::Payment>, Self::Error>;
    /// Gives back a charge for an order that was not placed after all.
    async fn give_back(&self, charge: &Charge<Self::Payment>, total: Money, key: &str);
    /// Admits and writes the order, in one transaction.
    async fn place(&self, order: Placing<'_, Self::Payment>) -> Result<PlaceOutcome, Self::Error>;
}

/// A coupon put on an order.
struct Applied {
    claim: CouponClaim,
    promoter: Option<(String, String)>,
}

/// Puts the coupon `code` (as typed) on `priced`, or refuses it in the shopper's language:
/// every rule checked (window, covered items, minimum spend, and the caps as they stand now,
/// so a code already used up is refused before a card is charged). The caps are counted
/// again, exactly, where the order is written (`order::admit`).
async fn apply_coupon<D: CheckoutDesk>(
    desk: &D,
    code: &str,
    valid: &ValidCheckout,
    priced: &mut PricedOrder,
    products: &[Product],
    now: i64,
) -> Result<Applied, D::Error> {
    let refuse = |r: Refusal| D::Error::from(r.to_error(desk.lang()));
    let code = &coupon::normalise_code(code);
    if !coupon::is_code(code) {
        return Err(refuse(Refusal::Unknown));
    }
    let Some(stored) = desk.coupon(code).await? else {
        return Err(refuse(Refusal::Unknown));
    };
    let c = &stored.coupon;
    let email = omiyage_core::account::normalise_email(&valid.contact.email);
    let email_uses = match c.per_email {
        Some(_) => desk.coupon_uses_by(code, &email).await?,
        None => 0,
    };
    let gift = valid.gift.is_some();
    let shares =
        coupon::check(c, (stored.uses, email_uses), priced, products, now, gift).map_err(refuse)?;
    coupon::apply(priced, &shares, gift);
    Ok(Applied {
        claim: CouponClaim {
            code: c.code.clone(),
            email,
            per_email: c.per_email,
            discount: shares.iter().sum(),
        },
        promoter: c.promoter_id.clone().zip(stored.promoter_email.clone()),
    })
}

/// Places an order; safe to retry with the same `key` (`Idempotency-Key`). Answers the order
/// and whether this request placed it (`false`: a retry, answered with the order placed
/// first).
pub async fn checkout<D: CheckoutDesk>(
    desk: &D,
    key: Option<&str>,
    request: &CheckoutRequest,
    now: i64,
) -> Result<(OrderView, bool), D::Error> {
    let key = idempotency::parse_key(key)?;
    let mut valid = checkout::validate(request)?;
    let fingerprint = idempotency::fingerprint(request);
    if let Some(seen) = desk.placed_with(&key).await? {
        return replay(desk, seen, &fingerprint).await;
    }
    // Every fresh checkout counts against its client (declined cards too).
    desk.count_checkout(now).await?;
    let products = desk.products(&valid).await?;
    let mut priced = pricing::price_checkout(&valid, &products)?;
    let applied = match &valid.coupon {
        Some(code) => Some(apply_coupon(desk, code, &valid, &mut priced, &products, now).await?),
        None => None,
    };
    let options = price_options(desk, request, &valid).await?;
    pricing::add_options(&mut priced, options, valid.gift.is_some())?;
    let terms = spend_points(desk, &valid, &mut priced).await?;
    valid.delivery = check_delivery(desk, request, &valid, now).await?;
    if let Some(gift) = &mut valid.gift {
        omiyage_core::gift::check_opens_at(gift.opens_at, now)?;
        if !gift.return_for.is_empty() {
            gift.recipient_email = return_to(desk, &gift.return_for).await?;
        }
    }
    let order_token = desk.new_token();
    let rules = desk.payment_rules().await?;
    let total = priced.total;
    let mut charge = desk
        .charge(&valid.payment, total, &order_token, &key)
        .await?;
    charge.summary.pay_by = hold::pay_by(&charge.summary, charge.status, now, &rules);
    let order::Placement { view, gift } = order::place(
        &valid,
        priced,
        charge.summary.clone(),
        charge.status,
        order_token,
        || desk.new_token(),
        now,
        desk.claim_window_secs(),
    );
    let takes = StockTake::of(&valid.lines);
    let (claim, coupon_promoter) = match applied {
        Some(applied) => (Some(applied.claim), applied.promoter),
        None => (None, None),
    };
    let placing = Placing {
        key: &key,
        fingerprint: &fingerprint,
        view: &view,
        gift,
        takes: &takes,
        coupon: claim.as_ref(),
        coupon_promoter,
        charge: &charge,
        points: terms,
    };
    match desk.place(placing).await {
        Ok(PlaceOutcome::Placed) => Ok((view, true)),
        Ok(PlaceOutcome::KeyExists(seen)) => {
            // A provider's payment made with this key is the same payment: it pays for the
            // order placed first, so it is not given back.
            if charge.payment.is_none() {
                desk.give_back(&charge, total, &key).await;
            }
            replay(desk, seen, &fingerprint).await
        }
        Ok(PlaceOutcome::Refused(refused)) => {
            desk.give_back(&charge, total, &key).await;
            Err(refused.to_error(desk.lang(), &view.lines).into())
        }
        Err(e) => {
            desk.give_back(&charge, total, &key).await;
            Err(e)
        }
    }
}

/// A signed-in member's rank ships their order free from its threshold, and the points they
/// spend come off its goods (checked against their balance now; taken for good, exactly,
/// where the order is written: `order::admit`).
async fn spend_points<D: CheckoutDesk>(
    desk: &D,
    valid: &ValidCheckout,
    priced: &mut PricedOrder,
) -> Result<crate::points::PointsTerms, D::Error> {
    use omiyage_core::points;
    let (member, rate_bps) = desk.points().await?;
    if let Some(m) = &member {
        points::ship_free_from(priced, m.free_shipping_from);
    }
    if valid.points > 0 {
        points::check(valid.points, member.as_ref().map(|m| m.balance), priced)
            .map_err(|r| D::Error::from(r.to_error(desk.lang())))?;
        points::spread(priced, valid.points);
    }
    Ok(crate::points::PointsTerms {
        member_id: member.map(|m| m.id),
        rate_bps,
        spent: valid.points,
    })
}

/// Where a return gift goes: the email the answered gift's sender left, once the buyer
/// claimed that gift; refused (422 on `gift.return_for`) otherwise.
async fn return_to<D: CheckoutDesk>(desk: &D, claim_token: &str) -> Result<String, D::Error> {
    let refuse = |message: &str| -> D::Error {
        ApiError::invalid(vec![omiyage_api::FieldError::new(
            "gift.return_for",
            message,
        )])
        .into()
    };
    match desk.answered_gift(claim_token).await? {
        None => Err(refuse("This is not the link of a gift you received.")),
        Some(g) if !g.claimed => Err(refuse(
            "Claim the gift first: a return gift answers a gift you received.",
        )),
        Some(g) if g.sender_email.is_empty() => Err(refuse(
            "This gift's sender left no email: the shop cannot send them a gift in return.",
        )),
        Some(g) => Ok(g.sender_email),
    }
}

/// Checks the delivery day and slot against the shop's calendar at `now` (the server's clock,
/// in JST). A gift's recipient chooses theirs when claiming: a gift's checkout takes none, but
/// its sender may fix the day (`gift.delivery_date`, checked here too).
async fn check_delivery<D: CheckoutDesk>(
    desk: &D,
    request: &CheckoutRequest,
    valid: &ValidCheckout,
    now: i64,
) -> Result<Option<omiyage_api::DeliveryChoice>, D::Error> {
    if let Some(gift) = &valid.gift
        && !gift.delivery_date.is_empty()
    {
        let day = omiyage_api::DeliveryChoice {
            date: gift.delivery_date.clone(),
            slot: None,
        };
        let settings = desk.delivery_settings().await?;
        omiyage_core::delivery::check(&day, &settings, now, "gift").map_err(|mut e| {
            for f in &mut e.fields {
                f.field = "gift.delivery_date".into();
            }
            e
        })?;
    }
    let Some(choice) = &request.delivery else {
        return Ok(None);
    };
    if valid.gift.is_some() && (!choice.date.trim().is_empty() || choice.slot.is_some()) {
        return Err(ApiError::invalid(vec![omiyage_api::FieldError::new(
            "delivery.date",
            "A gift's recipient chooses the delivery day when claiming it.",
        )])
        .into());
    }
    let settings = desk.delivery_settings().await?;
    Ok(omiyage_core::delivery::check(
        choice, &settings, now, "delivery",
    )?)
}

/// Checks and prices the gift options of every line that has some (a line's options are the
/// first the request gives for its variant), each against what its product offers; every
/// problem at once (422), keyed `lines[i].options.*` after the request's line.
async fn price_options<D: CheckoutDesk>(
    desk: &D,
    request: &CheckoutRequest,
    valid: &ValidCheckout,
) -> Result<Vec<OptionLine>, D::Error> {
    let mut chosen = Vec::new();
    for (i, line) in valid.lines.iter().enumerate() {
        for (j, l) in request.lines.iter().enumerate() {
            if l.product_id != line.product_id || l.variant_id != line.variant_id {
                continue;
            }
            let choice = match (l.options()?, &l.options_token) {
                (Some(choice), _) => Some(choice),
                (None, Some(token)) => Some(gift_options::from_token(token).ok_or_else(|| {
                    ApiError::invalid(vec![omiyage_api::FieldError::new(
                        format!("lines[{j}].options_token"),
                        "These gift options could not be read: choose them again.",
                    )])
                })?),
                (None, None) => None,
            };
            if let Some(choice) = choice.filter(|c| !c.is_empty()) {
                chosen.push((i, j, choice));
                break;
            }
        }
    }
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let settings = desk.gift_option_settings().await?;
    let greeting = valid.gift.as_ref().map(|g| g.greeting.as_str());
    let (mut priced, mut errors) = (Vec::new(), Vec::new());
    for (i, j, choice) in chosen {
        let line = &valid.lines[i];
        let offered = desk
            .product_gift_options(&line.product_id)
            .await?
            .unwrap_or_default();
        let field = format!("lines[{j}].options");
        match gift_options::check(&choice, offered, &settings, greeting, &field) {
            Ok(checked) => priced.extend(gift_options::price(
                &checked,
                i as u32,
                line.quantity,
                &settings,
                desk.lang(),
            )?),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors).into());
    }
    Ok(priced)
}

/// A retry: the order its key placed, if the request is the same.
async fn replay<D: CheckoutDesk>(
    desk: &D,
    seen: StoredKey,
    fingerprint: &str,
) -> Result<(OrderView, bool), D::Error> {
    if seen.fingerprint != fingerprint {
        return Err(idempotency::mismatch().into());
    }
    Ok((desk.order(&seen.order_token).await?, false))
}
