//! The emails about an order: placed (and the gift's link), paid, shipped (and each
//! recipient's parcel), refunded, cancelled unpaid, and the orders found for an email.

use omiyage_api::CancelReason;

use super::{Block, Event, FoundOrder, Message, composer, fill, push_to_party, when};

pub(super) fn order_placed(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::OrderPlaced {
        order,
        lang,
        held_others,
    } = event
    else {
        return;
    };
    let c = composer(base, lang);
    let to = omiyage_core::account::normalise_email(&order.contact.email);
    if to.is_empty() {
        return;
    }
    let mut blocks = vec![
        c.hello(&order.contact.name),
        Block::Para(c.t.placed_intro.into()),
        c.order_line(&order.reference),
    ];
    let options = order
        .options
        .iter()
        .cloned()
        .map(omiyage_api::OrderLine::from);
    for line in &order
        .lines
        .iter()
        .cloned()
        .chain(options)
        .collect::<Vec<_>>()
    {
        blocks.push(Block::Para(format!(
            "{} / {} × {}  {}",
            line.product_name,
            line.variant_name,
            line.quantity,
            c.lang.price(line.line_total)
        )));
    }
    if let Some(code) = &order.coupon {
        blocks.push(Block::Para(format!(
            "{} {code}  −{}",
            c.t.coupon_label,
            c.lang.price(order.coupon_discount())
        )));
    }
    if order.points > 0 {
        blocks.push(Block::Para(format!(
            "{}  −{}",
            c.t.points_used,
            c.lang.price(omiyage_api::Money::jpy(order.points))
        )));
    }
    blocks.push(Block::Para(format!(
        "{}: {}",
        c.t.total_label,
        c.lang.price(order.total)
    )));
    if order.delivery.is_some() {
        blocks.push(Block::Para(omiyage_core::delivery::line(
            order.delivery.as_ref(),
            c.lang,
        )));
    }
    match (order.status, order.payment.method.as_str()) {
        // Waiting for its card: the card page takes it (also after leaving it).
        (omiyage_api::OrderStatus::AwaitingPayment, "card") => blocks.push(Block::Link {
            label: c.t.placed_pay_by_card.into(),
            url: format!("{}/pay/{}", c.base, order.token),
        }),
        (omiyage_api::OrderStatus::AwaitingPayment, _) => {
            blocks.push(Block::Para(c.t.placed_awaiting.into()));
            if let Some(at) = order.payment.pay_by {
                blocks.push(Block::Para(fill(
                    c.t.placed_hold,
                    &[("date", &when(c.lang, at))],
                )));
            }
            if !held_others.is_empty() {
                blocks.push(Block::Para(fill(
                    c.t.held_others,
                    &[("refs", &held_others.join(", "))],
                )));
            }
        }
        _ => {}
    }
    if order.gift.is_some() {
        blocks.push(Block::Para(c.t.placed_gift.into()));
    }
    blocks.push(c.open_order(&order.token));
    if order.status == omiyage_api::OrderStatus::Paid {
        blocks.push(Block::Link {
            label: c.t.receipt.into(),
            url: format!("{}/receipt", c.order_url(&order.token)),
        });
    }
    let subject = c.subject(c.t.placed_subject, &order.reference);
    out.push(c.email("order_placed", &to, subject, blocks));
    if let Some(gift) = &order.gift {
        let url = format!("{base}/g/{}", gift.claim_token);
        let units = gift.units.len().to_string();
        let blocks = vec![
            c.hello(&order.contact.name),
            Block::Para(fill(
                c.t.gift_intro,
                &[("sender", &gift.sender_name), ("units", &units)],
            )),
            Block::Link {
                label: c.t.gift_link.into(),
                url: url.clone(),
            },
            Block::Qr {
                url,
                alt: c.t.gift_qr_alt.into(),
            },
            Block::Para(fill(
                c.t.gift_deadline,
                &[(
                    "date",
                    &omiyage_core::dates::deadline(c.lang, gift.expires_at),
                )],
            )),
            c.order_line(&order.reference),
        ];
        let subject = c.subject(c.t.gift_subject, &order.reference);
        out.push(c.email("gift_sent", &to, subject, blocks));
    }
}

pub(super) fn order_paid(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::OrderPaid { order, total } = event else {
        return;
    };
    let c = composer(base, &order.lang);
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(fill(c.t.paid_body, &[("amount", &c.lang.price(*total))])),
        c.order_line(&order.reference),
        c.open_order(&order.token),
        Block::Link {
            label: c.t.receipt.into(),
            url: format!("{}/receipt", c.order_url(&order.token)),
        },
    ];
    push_to_party(out, &c, order, "order_paid", c.t.paid_subject, blocks);
}

pub(super) fn order_shipped(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::OrderShipped {
        order,
        tracking_number,
        gift_units,
        recipients,
        sender_name,
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let mut blocks = vec![c.hello(&order.name)];
    if gift_units.is_empty() {
        blocks.push(Block::Para(c.t.shipped_body.into()));
        blocks.push(Block::Para(fill(
            c.t.tracking,
            &[("tracking", tracking_number)],
        )));
    } else {
        // The sender learns that units shipped, not where to or how to follow them.
        let n = gift_units.len().to_string();
        blocks.push(Block::Para(fill(c.t.gift_shipped_body, &[("n", &n)])));
    }
    blocks.push(c.order_line(&order.reference));
    blocks.push(c.open_order(&order.token));
    push_to_party(out, &c, order, "order_shipped", c.t.shipped_subject, blocks);
    for r in recipients.iter().filter(|r| !r.email.is_empty()) {
        let rc = composer(base, &r.lang);
        let mut blocks = vec![
            Block::Para(fill(rc.t.parcel_body, &[("sender", sender_name)])),
            Block::Para(fill(rc.t.tracking, &[("tracking", tracking_number)])),
        ];
        // The day and slot they asked for, so they know when to be home.
        if r.delivery.is_some() {
            blocks.push(Block::Para(omiyage_core::delivery::line(
                r.delivery.as_ref(),
                rc.lang,
            )));
        }
        let subject = rc.t.parcel_subject.to_string();
        out.push(rc.email("gift_parcel_shipped", &r.email, subject, blocks));
    }
}

pub(super) fn order_refunded(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::OrderRefunded {
        order,
        refund,
        reason,
        cancelled,
        ..
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let (subject, intro, topic) = match cancelled {
        true => (
            c.t.order_cancelled_subject,
            c.t.order_cancelled_intro,
            "order_cancelled",
        ),
        false => (c.t.refunded_subject, c.t.refunded_intro, "order_refunded"),
    };
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(intro.to_string()),
        Block::Para(fill(c.t.refund_body, &[("amount", &c.lang.price(*refund))])),
        Block::Para(fill(c.t.reason, &[("reason", reason)])),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ];
    push_to_party(out, &c, order, topic, subject, blocks);
}

pub(super) fn order_cancelled(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::OrderCancelled { order, reason } = event else {
        return;
    };
    let c = composer(base, &order.lang);
    let why = match reason {
        CancelReason::PaymentFailed => c.t.cancel_payment_failed,
        CancelReason::NotPaidInTime => c.t.cancel_not_paid,
        CancelReason::ByShop => c.t.cancel_by_shop,
        CancelReason::BySender => c.t.cancel_by_sender,
    };
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(why.into()),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ];
    let subject = c.t.unpaid_cancelled_subject;
    push_to_party(out, &c, order, "order_cancelled", subject, blocks);
}

pub(super) fn orders_lookup(
    out: &mut Vec<Message>,
    base: &str,
    event: &Event,
    found: &[FoundOrder],
) {
    let Event::OrdersLookup { email, lang } = event else {
        return;
    };
    if found.is_empty() {
        return;
    }
    let c = composer(base, lang);
    let mut blocks = vec![Block::Para(c.t.lookup_intro.into())];
    for o in found {
        blocks.push(Block::Link {
            label: fill(
                c.t.lookup_line,
                &[
                    ("date", &omiyage_core::dates::date(c.lang, o.created_at)),
                    ("ref", &o.reference),
                    ("amount", &c.lang.price(o.total)),
                ],
            ),
            url: c.order_url(&o.token),
        });
    }
    let subject = c.t.lookup_subject.to_string();
    out.push(c.email("orders_found", email, subject, blocks));
}

/// To whoever reported a problem (a shopper, or a gift's recipient at the email they left), in
/// their language: that the report arrived, then the merchant's answer. A recipient's email
/// names nothing of the gift's sender nor links to their order.
pub(super) fn after_sales(out: &mut Vec<Message>, base: &str, event: &Event) {
    let (order, request, topic) = match event {
        Event::AfterSalesRequested { order, request } => (order, request, "after_sales_requested"),
        Event::AfterSalesDecided { order, request } => (order, request, "after_sales_decided"),
        Event::AfterSalesProgressed { order, request, .. } => {
            (order, request, "after_sales_progressed")
        }
        _ => return,
    };
    if order.email.is_empty() {
        return;
    }
    let c = composer(base, &order.lang);
    let buyer = request.requester == omiyage_api::Requester::Buyer;
    let amount = match event {
        Event::AfterSalesProgressed {
            amount: Some(a), ..
        } => c.lang.price(*a),
        _ => String::new(),
    };
    let fills = [
        ("item", request.item_name.as_str()),
        ("amount", amount.as_str()),
    ];
    let step = match event {
        Event::AfterSalesProgressed { step, .. } => step.as_str(),
        _ => "",
    };
    let (subject, body) = match (topic, step, request.state) {
        ("after_sales_requested", ..) => (c.t.after_requested_subject, c.t.after_requested_body),
        (_, "return_asked", _) => (c.t.after_return_subject, c.t.after_return_body),
        (_, "received", _) => (c.t.after_received_subject, c.t.after_received_body),
        (_, "refunded", _) => (
            c.t.after_refunded_subject,
            match (buyer, request.refund_path.as_str()) {
                (false, _) => c.t.after_refunded_recipient,
                (true, "card") => c.t.after_refunded_card,
                (true, _) => c.t.after_refunded_counter,
            },
        ),
        (_, "replaced", _) => (c.t.after_replaced_subject, c.t.after_replaced_body),
        (_, _, omiyage_api::RequestState::Declined) => {
            (c.t.after_declined_subject, c.t.after_declined_body)
        }
        _ => (c.t.after_accepted_subject, c.t.after_accepted_body),
    };
    let mut blocks = Vec::new();
    if buyer {
        blocks.push(c.hello(&order.name));
    }
    blocks.push(Block::Para(fill(body, &fills)));
    let quoted = match (topic, step) {
        ("after_sales_decided", _) => request.reason.as_str(),
        (_, "return_asked") => request.return_instructions.as_str(),
        _ => "",
    };
    if !quoted.is_empty() {
        blocks.push(Block::Para(format!("「{quoted}」")));
    }
    if step == "replaced" {
        blocks.push(Block::Para(format!(
            "{}: {}",
            c.t.tracking, request.replacement_tracking
        )));
    }
    if buyer {
        blocks.push(c.order_line(&order.reference));
        blocks.push(c.open_order(&order.token));
    }
    out.push(c.email(topic, &order.email, fill(subject, &fills), blocks));
}
