//! The emails to promoters: commission confirmed.

use super::{Block, Event, Message, composer, fill};

pub(super) fn commission_confirmed(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::CommissionConfirmed {
        email,
        order_reference,
        amount,
        confirmed,
        ..
    } = event
    else {
        return;
    };
    // Promoters read the console in Japanese unless they chose otherwise there; the
    // account keeps no language, so their messages are in the shop's language.
    let c = composer(base, "ja");
    let blocks = vec![
        Block::Para(fill(
            c.t.commission_body,
            &[
                ("ref", order_reference),
                ("amount", &c.lang.price(*amount)),
                ("total", &c.lang.price(*confirmed)),
            ],
        )),
        Block::Link {
            label: "Omiyage console".into(),
            url: format!("{base}/console/"),
        },
    ];
    let subject = c.subject(c.t.commission_subject, order_reference);
    out.push(c.email("commission_confirmed", email, subject, blocks));
}
