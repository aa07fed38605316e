//! Turns an event into its emails, each in its reader's language, as a plain-text part and an
//! HTML part built from the same blocks (every value escaped in the HTML).

use omiyage_api::{CancelReason, RefundReason};
use omiyage_core::dates::date_time as when;
use omiyage_core::lang::Lang;

use super::event::{Email, Event, FoundOrder, OrderParty};
use super::texts::{Texts, texts};
use omiyage_core::html::escape;

/// One piece of an email.
enum Block {
    Para(String),
    /// A button in HTML, a bare URL in text.
    Link {
        label: String,
        url: String,
    },
    /// The link's QR code (HTML only: a table of cells, which every mail reader shows).
    Qr {
        url: String,
        alt: String,
    },
}

/// Fills `{slot}`s.
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    slots.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

fn lang_of(tag: &str) -> Lang {
    Lang::of_tag(tag).unwrap_or(Lang::Ja)
}

struct Composer<'a> {
    lang: Lang,
    t: &'static Texts,
    base: &'a str,
}

impl Composer<'_> {
    fn order_url(&self, token: &str) -> String {
        format!("{}/o/{token}", self.base)
    }

    fn hello(&self, name: &str) -> Block {
        Block::Para(fill(self.t.hello, &[("name", name)]))
    }

    fn order_line(&self, reference: &str) -> Block {
        Block::Para(format!("{}: {reference}", self.t.order_label))
    }

    fn open_order(&self, token: &str) -> Block {
        Block::Link {
            label: self.t.open_order.into(),
            url: self.order_url(token),
        }
    }

    fn email(&self, topic: &'static str, to: &str, subject: String, blocks: Vec<Block>) -> Email {
        let footer = self.t.footer;
        let mut text = String::new();
        let mut html = String::new();
        for block in &blocks {
            match block {
                Block::Para(p) => {
                    text.push_str(p);
                    text.push_str("\n\n");
                    html.push_str(&format!("<p style=\"margin:0 0 16px\">{}</p>", escape(p)));
                }
                Block::Link { label, url } => {
                    text.push_str(&format!("{label}:\n{url}\n\n"));
                    html.push_str(&format!(
                        "<p style=\"margin:0 0 16px\"><a href=\"{}\" style=\"display:inline-block;\
                         padding:10px 18px;background:#b8372a;color:#fff;border-radius:6px;\
                         text-decoration:none;font-weight:600\">{}</a></p>",
                        escape(url),
                        escape(label)
                    ));
                }
                Block::Qr { url, alt } => html.push_str(&qr_table(url, alt)),
            }
        }
        text.push_str("-- \n");
        text.push_str(footer);
        text.push('\n');
        let html = format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title></head><body style=\"margin:0;background:#faf7f2;color:#1f1d1a;\
             font:15px/1.6 system-ui,-apple-system,'Hiragino Sans','Noto Sans JP',sans-serif\">\
             <div style=\"max-width:560px;margin:0 auto;padding:24px 16px;background:#fff\">\
             {html}<p style=\"margin:24px 0 0;color:#5c574f;font-size:13px\">{footer}</p>\
             </div></body></html>",
            lang = self.lang.tag(),
            title = escape(&subject),
            footer = escape(footer),
        );
        Email {
            channel: "email",
            topic,
            to: to.to_string(),
            lang: self.lang.tag().to_string(),
            subject,
            text,
            html,
        }
    }

    fn subject(&self, template: &str, reference: &str) -> String {
        fill(template, &[("ref", reference)])
    }
}

/// The QR code as an HTML table, one cell per run of modules (4 px each).
fn qr_table(url: &str, alt: &str) -> String {
    let Some(rows) = omiyage_core::qr::runs(url) else {
        return String::new();
    };
    let mut out = format!(
        "<table role=\"img\" aria-label=\"{}\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         style=\"border-collapse:collapse;margin:0 0 16px\">",
        escape(alt)
    );
    for row in rows {
        out.push_str("<tr>");
        for (dark, n) in row {
            let colour = if dark { "#000" } else { "#fff" };
            out.push_str(&format!(
                "<td colspan=\"{n}\" width=\"{w}\" height=\"4\" bgcolor=\"{colour}\" \
                 style=\"width:{w}px;height:4px;background:{colour};padding:0\"></td>",
                w = n * 4
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// The emails an event causes (none for a party without an email). `found` lists the orders
/// of an `orders.lookup`.
pub fn emails(event: &Event, base: &str, found: &[FoundOrder]) -> Vec<Email> {
    let composer = |tag: &str| {
        let lang = lang_of(tag);
        Composer {
            lang,
            t: texts(lang),
            base,
        }
    };
    let mut out = Vec::new();
    match event {
        Event::OrderPlaced {
            order,
            lang,
            held_others,
        } => {
            let c = composer(lang);
            let to = omiyage_core::account::normalise_email(&order.contact.email);
            if to.is_empty() {
                return out;
            }
            let mut blocks = vec![
                c.hello(&order.contact.name),
                Block::Para(c.t.placed_intro.into()),
                c.order_line(&order.reference),
            ];
            for line in &order.lines {
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
                    c.lang.price(order.discount())
                )));
            }
            blocks.push(Block::Para(format!(
                "{}: {}",
                c.t.total_label,
                c.lang.price(order.total)
            )));
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
                        &[("date", &when(c.lang, gift.expires_at))],
                    )),
                    c.order_line(&order.reference),
                ];
                let subject = c.subject(c.t.gift_subject, &order.reference);
                out.push(c.email("gift_sent", &to, subject, blocks));
            }
        }
        Event::OrderPaid { order, total } => {
            let c = composer(&order.lang);
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
            push_to_party(&mut out, &c, order, "order_paid", c.t.paid_subject, blocks);
        }
        Event::OrderShipped {
            order,
            tracking_number,
            gift_units,
            recipients,
            sender_name,
        } => {
            let c = composer(&order.lang);
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
            push_to_party(
                &mut out,
                &c,
                order,
                "order_shipped",
                c.t.shipped_subject,
                blocks,
            );
            for r in recipients.iter().filter(|r| !r.email.is_empty()) {
                let rc = composer(&r.lang);
                let blocks = vec![
                    Block::Para(fill(rc.t.parcel_body, &[("sender", sender_name)])),
                    Block::Para(fill(rc.t.tracking, &[("tracking", tracking_number)])),
                ];
                let subject = rc.t.parcel_subject.to_string();
                out.push(rc.email("gift_parcel_shipped", &r.email, subject, blocks));
            }
        }
        Event::GiftClaimed {
            order,
            unit,
            units,
            claimed_at,
            product_name,
            ..
        } => {
            let c = composer(&order.lang);
            let blocks = vec![
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
                Block::Para(c.t.claimed_privacy.into()),
                c.order_line(&order.reference),
                c.open_order(&order.token),
            ];
            push_to_party(
                &mut out,
                &c,
                order,
                "gift_claimed",
                c.t.claimed_subject,
                blocks,
            );
        }
        Event::GiftExpiring {
            order,
            expires_at,
            open_units,
        } => {
            let c = composer(&order.lang);
            let blocks = vec![
                c.hello(&order.name),
                Block::Para(fill(
                    c.t.expiring_body,
                    &[
                        ("n", &open_units.to_string()),
                        ("date", &when(c.lang, *expires_at)),
                    ],
                )),
                c.order_line(&order.reference),
                c.open_order(&order.token),
            ];
            push_to_party(
                &mut out,
                &c,
                order,
                "gift_expiring",
                c.t.expiring_subject,
                blocks,
            );
        }
        Event::GiftRefunded {
            order,
            reason,
            units,
            refund,
        } => {
            let c = composer(&order.lang);
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
            push_to_party(&mut out, &c, order, topic, subject, blocks);
        }
        Event::CommissionConfirmed {
            email,
            order_reference,
            amount,
            confirmed,
            ..
        } => {
            // Promoters read the console in Japanese unless they chose otherwise there; the
            // account keeps no language, so their messages are in the shop's language.
            let c = composer("ja");
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
        Event::OrderRefunded {
            order,
            refund,
            reason,
            cancelled,
            ..
        } => {
            let c = composer(&order.lang);
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
            push_to_party(&mut out, &c, order, topic, subject, blocks);
        }
        Event::OrderCancelled { order, reason } => {
            let c = composer(&order.lang);
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
            push_to_party(&mut out, &c, order, "order_cancelled", subject, blocks);
        }
        Event::BatchCreated { .. } | Event::WebhookTest { .. } => {}
        Event::OrdersLookup { email, lang } => {
            if found.is_empty() {
                return out;
            }
            let c = composer(lang);
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
    }
    out
}

fn push_to_party(
    out: &mut Vec<Email>,
    c: &Composer<'_>,
    order: &OrderParty,
    topic: &'static str,
    subject: &str,
    blocks: Vec<Block>,
) {
    if !order.email.is_empty() {
        let subject = c.subject(subject, &order.reference);
        out.push(c.email(topic, &order.email, subject, blocks));
    }
}

/// One delivery per endpoint subscribed to the event's webhook type (`webhook.test` goes to
/// its endpoint only): `{"id", "type", "created_at", "data"}`, the id being the event's.
pub fn deliveries(
    event_id: &str,
    created_at: i64,
    event: &Event,
    endpoints: &[super::event::Endpoint],
) -> Vec<Email> {
    let Some(kind) = event.webhook_type() else {
        return Vec::new();
    };
    let data = serde_json::to_value(event)
        .ok()
        .and_then(|mut v| v.get_mut("data").map(serde_json::Value::take))
        .unwrap_or_default();
    let body =
        serde_json::json!({"id": event_id, "type": kind, "created_at": created_at, "data": data})
            .to_string();
    endpoints
        .iter()
        .filter(|e| match event {
            Event::WebhookTest { endpoint_id } => &e.view.id == endpoint_id,
            _ => e.view.events.iter().any(|t| t == kind),
        })
        .map(|e| Email {
            channel: "webhook",
            topic: kind,
            to: e.view.id.clone(),
            lang: String::new(),
            subject: kind.to_string(),
            text: body.clone(),
            html: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
