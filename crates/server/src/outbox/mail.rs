//! Sending one stored email over SMTP (lettre): the plain-text and HTML parts, the message's
//! own id as its Message-ID (a resend after a crash is the same message), its creation time as
//! its Date; a message to fans with its one-click unsubscribe headers.

use std::time::{Duration, SystemTime};

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::event::Outgoing;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of Message-IDs (the From address's domain).
    domain: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// A mailer for `url` (`smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`) sending as `from`; a clear message when either is unusable.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let from: Mailbox = from.parse().map_err(|e| {
            format!("--mail-from {from:?} is not an email address ({e}); e.g. \"Omiyage <shop@example.com>\"")
        })?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim())
            .map_err(|e| {
                format!(
                    "--smtp-url is not a usable SMTP URL ({e}); use smtp://host:25, \
                     smtp://user:password@host:587?tls=required or smtps://user:password@host:465"
                )
            })?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let domain = from.email.domain().to_string();
        Ok(Mailer {
            transport,
            from,
            domain,
        })
    }

    /// Sends one message; the error says why not (the outbox keeps it for the next attempt).
    pub async fn send(&self, m: &Outgoing) -> Result<(), String> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| format!("{:?} is not an email address: {e}", m.to))?;
        let date =
            SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(m.created_at).unwrap_or(0));
        let mut builder = Message::builder();
        if let Some(url) = &m.list_unsubscribe {
            // One click, as RFC 8058 has it: mail readers POST to the URL.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let message = builder
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(format!("<{}@{}>", m.id, self.domain)))
            .date(date)
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(m.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(m.html.clone()),
                    ),
            )
            .map_err(|e| format!("the message could not be built: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
