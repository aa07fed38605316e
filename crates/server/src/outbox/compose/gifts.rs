//! The emails to a gift's sender about its units (claimed, about to expire, refunded) and its
//! recipients' thank-you notes, and to a recipient when the gift opens.

use omiyage_api::RefundReason;

use super::{Block, Event, Message, composer, fill, push_to_party, when};

pub(super) fn gift_claimed(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftClaimed {
        order,
        unit,
        units,
        claimed_at,
        product_name,
        delivery,
        ..
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let mut blocks = vec![
        c.hello(&order.name),
        Block::Para(fill(
            c.t.claimed_body,
            &[
                ("product", product_name),
                ("unit", &(unit + 1).to_string()),
                ("units", &units.to_string()),
                ("date", &when(c.lang, *claimed_at)),
            ],
        )),
    ];
    // The sender sees the day and slot the recipient chose, never where it goes.
    if delivery.is_some() {
        blocks.push(Block::Para(omiyage_core::delivery::line(
            delivery.as_ref(),
            c.lang,
        )));
    }
    blocks.extend([
        Block::Para(c.t.claimed_privacy.into()),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ]);
    push_to_party(out, &c, order, "gift_claimed", c.t.claimed_subject, blocks);
}

/// To the sender: a recipient's thank-you note, their words as written (nothing else about
/// them).
pub(super) fn gift_thanked(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftThanked { order, message, .. } = event else {
        return;
    };
    let c = composer(base, &order.lang);
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(c.t.thanked_body.into()),
        Block::Para(format!("「{message}」")),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ];
    push_to_party(out, &c, order, "gift_thanked", c.t.thanked_subject, blocks);
}

/// To a gift's sender: their gift brought a new customer, and the coupon they earned (never
/// who, what they bought, for how much or when).
pub(super) fn gift_rewarded(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftRewarded {
        order,
        code,
        amount,
        ends_at,
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(c.t.rewarded_body.into()),
        Block::Para(fill(
            c.t.rewarded_coupon,
            &[
                ("code", code),
                ("amount", &amount.format()),
                ("date", &omiyage_core::dates::deadline(c.lang, *ends_at)),
            ],
        )),
        Block::Link {
            label: c.t.rewarded_link.into(),
            url: format!("{}/", c.base),
        },
    ];
    if !order.email.is_empty() {
        out.push(c.email(
            "gift_rewarded",
            &order.email,
            c.t.rewarded_subject.into(),
            blocks,
        ));
    }
}

/// To the recipient the sender named, when the gift opens: who it is from, their words and the
/// claim link (in the sender's language: the shop knows no other).
pub(super) fn gift_opened(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftOpened {
        order,
        recipient_email,
        sender_name,
        greeting,
        claim_token,
        expires_at,
        return_gift,
        recipient_lang,
    } = event
    else {
        return;
    };
    // A return gift speaks the language its recipient bought their own gift in.
    let c = match recipient_lang.is_empty() {
        true => composer(base, &order.lang),
        false => composer(base, recipient_lang),
    };
    let (body, subject) = match return_gift {
        true => (c.t.returned_body, c.t.returned_subject),
        false => (c.t.opened_body, c.t.opened_subject),
    };
    let mut blocks = vec![Block::Para(fill(body, &[("sender", sender_name)]))];
    if !greeting.is_empty() {
        blocks.push(Block::Para(format!("「{greeting}」")));
    }
    blocks.push(Block::Link {
        label: c.t.opened_link.into(),
        url: format!("{}/g/{claim_token}", c.base),
    });
    blocks.push(Block::Para(fill(
        c.t.opened_deadline,
        &[("date", &omiyage_core::dates::deadline(c.lang, *expires_at))],
    )));
    let subject = fill(subject, &[("sender", sender_name)]);
    out.push(c.email("gift_opened", recipient_email, subject, blocks));
}

pub(super) fn gift_expiring(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftExpiring {
        order,
        expires_at,
        open_units,
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(fill(
            c.t.expiring_body,
            &[
                ("n", &open_units.to_string()),
                ("date", &omiyage_core::dates::deadline(c.lang, *expires_at)),
            ],
        )),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ];
    push_to_party(
        out,
        &c,
        order,
        "gift_expiring",
        c.t.expiring_subject,
        blocks,
    );
}

pub(super) fn gift_refunded(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::GiftRefunded {
        order,
        reason,
        units,
        refund,
    } = event
    else {
        return;
    };
    let c = composer(base, &order.lang);
    let (subject, body) = match reason {
        RefundReason::Expired => (c.t.expired_subject, c.t.expired_body),
        RefundReason::Declined => (c.t.declined_subject, c.t.declined_body),
        RefundReason::Cancelled => (c.t.cancelled_subject, c.t.cancelled_body),
    };
    let blocks = vec![
        c.hello(&order.name),
        Block::Para(fill(body, &[("n", &units.len().to_string())])),
        Block::Para(fill(c.t.refund_body, &[("amount", &c.lang.price(*refund))])),
        c.order_line(&order.reference),
        c.open_order(&order.token),
    ];
    let topic = match reason {
        RefundReason::Expired => "gift_expired",
        RefundReason::Declined => "gift_declined",
        RefundReason::Cancelled => "gift_cancelled",
    };
    push_to_party(out, &c, order, topic, subject, blocks);
}
