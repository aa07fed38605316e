//! Building the order record once every rule has passed.

use omiyage_api::{OrderStatus, OrderView, PaymentSummary, SenderGift};

use crate::checkout::ValidCheckout;
use crate::pricing::{PricedOrder, reference_for};

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
        taxes: crate::tax::order_totals(&priced.lines, priced.shipping),
        lines: priced.lines,
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        total: priced.total,
        payment,
        contact: checkout.contact.clone(),
        address: checkout.address.clone(),
        created_at,
        gift,
        shipment: None,
    }
}
