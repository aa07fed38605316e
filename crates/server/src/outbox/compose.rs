//! Turns an event into its emails, each in its reader's language, as a plain-text part and an
//! HTML part built from the same blocks (every value escaped in the HTML).

use omiyage_core::dates::date_time as when;
use omiyage_core::lang::Lang;

use super::event::{Channel, Event, FoundOrder, Message, OrderParty};
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

/// The composer for a reader of language `tag` (a BCP 47 tag; Japanese when unknown).
fn composer<'a>(base: &'a str, tag: &str) -> Composer<'a> {
    let lang = lang_of(tag);
    Composer {
        lang,
        t: texts(lang),
        base,
    }
}

/// The composer of one reader's emails, in their language.
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

    /// A short email to one person: a paragraph and one link (`(label, url)`).
    fn note(
        &self,
        topic: &'static str,
        to: &str,
        subject: &str,
        body: String,
        (label, url): (&str, String),
    ) -> Message {
        let link = Block::Link {
            label: label.into(),
            url,
        };
        self.email(topic, to, subject.into(), vec![Block::Para(body), link])
    }

    fn email(&self, topic: &'static str, to: &str, subject: String, blocks: Vec<Block>) -> Message {
        let footer = self.t.footer;
        let mut text = String::new();
        let mut html = String::new();
        for block in &blocks {
            match block {
                Block::Para(p) => {
                    text.push_str(p);
                    text.push_str("\n\n");
                    // Line ends a person typed (a thank-you note) stay line ends.
                    let p = escape(p).replace('\n', "<br>");
                    html.push_str(&format!("<p style=\"margin:0 0 16px\">{p}</p>"));
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
        Message {
            channel: Channel::Email,
            topic,
            recipient: to.to_string(),
            lang: self.lang.tag().to_string(),
            subject,
            text,
            html,
            not_before: None,
            list_unsubscribe: None,
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

/// What the worker looked up before composing an event's emails.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// The orders of an `orders.lookup`.
    pub orders: Vec<FoundOrder>,
    /// Whether a `promoter.sign_up`'s email has an account already.
    pub account: bool,
}

/// The emails an event causes (none for a party without an email).
pub fn emails(event: &Event, base: &str, found: &Found) -> Vec<Message> {
    let mut out = Vec::new();
    match event {
        Event::OrderPlaced { .. } => orders::order_placed(&mut out, base, event),
        Event::OrderPaid { .. } => orders::order_paid(&mut out, base, event),
        Event::OrderShipped { .. } => orders::order_shipped(&mut out, base, event),
        Event::GiftClaimed { .. } => gifts::gift_claimed(&mut out, base, event),
        Event::GiftOpened { .. } => gifts::gift_opened(&mut out, base, event),
        Event::GiftThanked { .. } => gifts::gift_thanked(&mut out, base, event),
        Event::GiftRewarded { .. } => gifts::gift_rewarded(&mut out, base, event),
        Event::AfterSalesRequested { .. }
        | Event::AfterSalesDecided { .. }
        | Event::AfterSalesProgressed { .. } => orders::after_sales(&mut out, base, event),
        Event::GiftExpiring { .. } => gifts::gift_expiring(&mut out, base, event),
        Event::GiftRefunded { .. } => gifts::gift_refunded(&mut out, base, event),
        Event::CommissionConfirmed { .. } => promoters::commission_confirmed(&mut out, base, event),
        Event::OrderRefunded { .. } => orders::order_refunded(&mut out, base, event),
        Event::OrderCancelled { .. } => orders::order_cancelled(&mut out, base, event),
        Event::BatchCreated { .. } | Event::WebhookTest { .. } => {}
        Event::OrdersLookup { .. } => orders::orders_lookup(&mut out, base, event, &found.orders),
        Event::PromoterSignUp { .. } => promoters::sign_up(&mut out, base, event, found.account),
        Event::AgencyInvited { .. } => promoters::agency_invited(&mut out, base, event),
        Event::MemberSignIn { email, lang, token } => {
            let c = composer(base, lang);
            let link = (
                c.t.member_link_label,
                format!("{base}/account/link/{token}"),
            );
            let (subject, body) = (c.t.member_link_subject, c.t.member_link_body.into());
            out.push(c.note("member_sign_in", email, subject, body, link));
        }
        Event::PointsExpiring {
            email,
            lang,
            points,
            expires_at,
        } => {
            let c = composer(base, lang);
            let date = omiyage_core::dates::date(c.lang, *expires_at);
            let body = fill(
                c.t.points_body,
                &[("points", &points.to_string()), ("date", &date)],
            );
            let link = (c.t.points_link, format!("{base}/account"));
            out.push(c.note("points_expiring", email, c.t.points_subject, body, link));
        }
        Event::BirthdayCoupon {
            email,
            lang,
            code,
            amount,
            ends_at,
        } => {
            let c = composer(base, lang);
            let body = fill(
                c.t.birthday_body,
                &[
                    ("amount", &c.lang.price(omiyage_api::Money::jpy(*amount))),
                    ("code", code),
                    ("date", &omiyage_core::dates::date(c.lang, *ends_at)),
                ],
            );
            let link = (c.t.birthday_link, format!("{base}/"));
            out.push(c.note("birthday_coupon", email, c.t.birthday_subject, body, link));
        }
        Event::FanMessage {
            message_id,
            email,
            lang,
            subject,
            text,
            cards,
            stop_token,
            send_at,
        } => {
            let c = composer(base, lang);
            let mut blocks = vec![Block::Para(text.clone())];
            blocks.extend(cards.iter().map(|card| Block::Link {
                label: format!("{} · {}", card.name, card.price),
                url: format!(
                    "{base}/m/{message_id}/p/{}",
                    omiyage::api::encode_uri_component(&card.product_id)
                ),
            }));
            let stop = format!("{base}/news/stop/{stop_token}");
            blocks.push(Block::Para(fill(c.t.fan_stop, &[("url", &stop)])));
            let mut message = c.email("fan_message", email, subject.clone(), blocks);
            message.not_before = Some(*send_at);
            message.list_unsubscribe = Some(stop);
            out.push(message);
        }
    }
    out
}

fn push_to_party(
    out: &mut Vec<Message>,
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
) -> Vec<Message> {
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
        .map(|e| Message {
            channel: Channel::Webhook,
            topic: kind,
            recipient: e.view.id.clone(),
            lang: String::new(),
            subject: kind.to_string(),
            text: body.clone(),
            html: String::new(),
            not_before: None,
            list_unsubscribe: None,
        })
        .collect()
}

mod gifts;
mod orders;
mod promoters;

#[cfg(test)]
mod tests;
