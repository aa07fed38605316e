//! Building the order record once every rule has passed.

use omiyage_api::{OrderStatus, OrderView, PaymentSummary, SenderGift};

use crate::checkout::ValidCheckout;
use crate::pricing::{PricedOrder, reference_for};

/// What placing a checkout writes, decided once for both backends: the order as its private
/// link shows it and, for a gift, the gift's record (claimable until `now + claim_window_secs`).
/// The mock applies it to its state; the server hands it to storage with the stock takes.
#[derive(Clone, Debug)]
pub struct Placement {
    pub view: OrderView,
    pub gift: Option<crate::gift::GiftRecord>,
}

/// Decides a checkout that was validated, priced and paid: its order and gift record.
/// `gift_token` is asked for only when the checkout is a gift.
#[allow(clippy::too_many_arguments)]
pub fn place(
    checkout: &ValidCheckout,
    priced: PricedOrder,
    payment: PaymentSummary,
    status: OrderStatus,
    order_token: String,
    gift_token: impl FnOnce() -> String,
    now: i64,
    claim_window_secs: i64,
) -> Placement {
    let gift = checkout.gift.as_ref().map(|options| {
        crate::gift::new_record(
            gift_token(),
            &order_token,
            options,
            &priced.lines[0],
            {
                let (standard, reduced) = crate::gift_options::per_unit(&priced.options, 0);
                standard + reduced
            },
            // The window counts from when it opens (at once, unless the sender chose).
            options.opens_at.unwrap_or(now).max(now) + claim_window_secs,
        )
    });
    let view = build(
        order_token,
        checkout,
        priced,
        payment,
        status,
        now,
        gift.as_ref().map(|g| g.sender_view()),
    );
    Placement { view, gift }
}

/// Assembles the order as its status page shows it.
pub fn build(
    token: String,
    checkout: &ValidCheckout,
    priced: PricedOrder,
    payment: PaymentSummary,
    status: OrderStatus,
    created_at: i64,
    gift: Option<SenderGift>,
) -> OrderView {
    OrderView {
        reference: reference_for(&token),
        token,
        status,
        taxes: crate::tax::of_priced(&priced),
        lines: priced.lines,
        options: omiyage_api::option_rows(priced.options),
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        total: priced.total,
        payment,
        contact: checkout.contact.clone(),
        address: checkout.address.clone(),
        ship_to: crate::checkout::ship_to(&checkout.contact, &checkout.address),
        created_at,
        gift,
        shipment: None,
        coupon: checkout
            .coupon
            .as_deref()
            .map(crate::coupon::normalise_code),
        delivery: checkout.delivery.clone(),
        delivery_text: String::new(),
        problems: Vec::new(),
        points: checkout.points,
    }
}
