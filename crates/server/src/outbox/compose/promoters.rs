//! The emails to promoters: the sign-up link (or, for a known email, a note), an agency's
//! invitation, commission confirmed.

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

/// The link that finishes a sign-up, or, when the email has an account already, a note saying
/// so and nothing that signs anyone up.
pub(super) fn sign_up(out: &mut Vec<Message>, base: &str, event: &Event, known: bool) {
    let Event::PromoterSignUp { email, lang, token } = event else {
        return;
    };
    let c = composer(base, lang);
    let (topic, subject, blocks) = match known {
        false => (
            "promoter_sign_up",
            c.t.sign_up_subject,
            vec![
                Block::Para(c.t.sign_up_body.into()),
                Block::Link {
                    label: c.t.sign_up_link.into(),
                    url: format!("{base}/console/welcome?token={token}"),
                },
            ],
        ),
        true => (
            "promoter_sign_up_known",
            c.t.sign_up_known_subject,
            vec![
                Block::Para(c.t.sign_up_known_body.into()),
                Block::Link {
                    label: c.t.sign_in_link.into(),
                    url: format!("{base}/console/sign-in"),
                },
            ],
        ),
    };
    out.push(c.email(topic, email, subject.to_string(), blocks));
}

/// An agency's invitation, with the link that accepts it.
pub(super) fn agency_invited(out: &mut Vec<Message>, base: &str, event: &Event) {
    let Event::AgencyInvited {
        invite_id,
        agency_name,
        share_bps,
        email,
        lang,
        token,
    } = event
    else {
        return;
    };
    let c = composer(base, lang);
    let share = omiyage_core::promotion::percent(*share_bps);
    let slots = [("agency", agency_name.as_str()), ("share", share.as_str())];
    let blocks = vec![
        Block::Para(fill(c.t.invite_body, &slots)),
        Block::Link {
            label: c.t.invite_link.into(),
            url: format!("{base}/console/invites/{invite_id}?token={token}"),
        },
    ];
    let subject = fill(c.t.invite_subject, &slots);
    out.push(c.email("agency_invited", email, subject, blocks));
}
