//! What happened, as the outbox records it: written in the same transaction as the change it
//! tells of, with every fact its messages need (so they say what was true then).

use omiyage_api::{Address, CancelReason, Money, OrderView, RefundReason};
use serde::{Deserialize, Serialize};

/// The order a message is about and who placed it (the sender, for a gift).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderParty {
    pub token: String,
    pub reference: String,
    /// The contact email (normalised); empty for orders without one.
    pub email: String,
    pub name: String,
    /// The checkout's language tag.
    pub lang: String,
}

/// A recipient who left an email to hear about their parcel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientNote {
    pub unit: u32,
    pub email: String,
    pub lang: String,
    /// The delivery day and slot the recipient chose for the unit (absent: no preference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<omiyage_api::DeliveryChoice>,
}

/// A product card in a message to fans, in its reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FanCard {
    pub product_id: String,
    pub name: String,
    /// From what price, as the reader reads it (`¥1,200〜`).
    pub price: String,
}

/// Where a claimed unit ships. Kept for the merchant's systems; no message to the sender
/// carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingTo {
    pub name: String,
    pub phone: String,
    pub address: Address,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum Event {
    #[serde(rename = "order.placed")]
    OrderPlaced {
        order: Box<OrderView>,
        lang: String,
        /// For a counter order: the references of the other orders of the same email still
        /// waiting for payment at the counter (told only to that email).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        held_others: Vec<String>,
    },
    /// Staff confirmed a pay-in-shop payment.
    #[serde(rename = "order.paid")]
    OrderPaid { order: OrderParty, total: Money },
    #[serde(rename = "order.shipped")]
    OrderShipped {
        order: OrderParty,
        tracking_number: String,
        /// For a gift: the units shipped now and the recipients to tell.
        #[serde(default)]
        gift_units: Vec<u32>,
        #[serde(default)]
        recipients: Vec<RecipientNote>,
        /// The gift's sender as the recipients know them.
        #[serde(default)]
        sender_name: String,
    },
    #[serde(rename = "gift.claimed")]
    GiftClaimed {
        order: OrderParty,
        unit: u32,
        units: u32,
        claimed_at: i64,
        product_name: String,
        variant_name: String,
        shipping: ShippingTo,
        /// The unit's delivery day and slot (absent: no preference).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delivery: Option<omiyage_api::DeliveryChoice>,
    },
    /// A gift opened: its claim link goes to the recipient its sender named (email only: the
    /// address is the sender's input, not for webhooks).
    #[serde(rename = "gift.opened")]
    GiftOpened {
        order: OrderParty,
        recipient_email: String,
        sender_name: String,
        greeting: String,
        claim_token: String,
        expires_at: i64,
        /// A return gift (お返し): the recipient is the sender of the gift it answers, told in
        /// the language of that gift's order (`recipient_lang`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        return_gift: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        recipient_lang: String,
    },
    /// A problem was reported about an item (the requester is answered at `request.email`, in
    /// `request.lang`; `order` is the order it was bought with).
    #[serde(rename = "after_sales.requested")]
    AfterSalesRequested {
        order: OrderParty,
        request: omiyage_api::AfterSalesRequest,
    },
    /// The merchant answered a request (accepted, or declined with a reason).
    #[serde(rename = "after_sales.decided")]
    AfterSalesDecided {
        order: OrderParty,
        request: omiyage_api::AfterSalesRequest,
    },
    /// The merchant took a step on an accepted request: `return_asked` (the item asked back),
    /// `received` (it came back), `refunded` (`amount`, by the payment's own path) or
    /// `replaced` (the replacement shipped). Told to whoever asked, as above.
    #[serde(rename = "after_sales.progressed")]
    AfterSalesProgressed {
        order: OrderParty,
        request: omiyage_api::AfterSalesRequest,
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Money>,
    },
    /// A gift brought a new customer: its sender earned a coupon (their email only; nothing of
    /// the customer).
    #[serde(rename = "gift.rewarded")]
    GiftRewarded {
        order: OrderParty,
        code: String,
        amount: Money,
        ends_at: i64,
    },
    /// A recipient's thank-you note to the gift's sender (their words only).
    #[serde(rename = "gift.thanked")]
    GiftThanked {
        order: OrderParty,
        message: String,
        sent_at: i64,
    },
    /// The claim window closes within a day and units are unclaimed.
    #[serde(rename = "gift.expiring")]
    GiftExpiring {
        order: OrderParty,
        expires_at: i64,
        open_units: u32,
    },
    /// Units refunded: expired, declined or cancelled.
    #[serde(rename = "gift.refunded")]
    GiftRefunded {
        order: OrderParty,
        reason: RefundReason,
        units: Vec<u32>,
        refund: Money,
    },
    /// The admin refunded (part of) a card-paid order; with `cancelled`, cancelled it too.
    #[serde(rename = "order.refunded")]
    OrderRefunded {
        order: OrderParty,
        refund: Money,
        /// The admin's words to the buyer.
        reason: String,
        cancelled: bool,
        /// The PaymentIntent refunded when it is not the one that paid the order (a payment
        /// that arrived late or twice, returned at once in full).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        intent: Option<String>,
    },
    /// An order that was never paid was cancelled: its stock and coupon use went back, and
    /// nothing was charged.
    #[serde(rename = "order.unpaid_cancelled")]
    OrderCancelled {
        order: OrderParty,
        reason: CancelReason,
    },
    /// Someone asked for the links to every order placed with an email.
    #[serde(rename = "orders.lookup")]
    OrdersLookup { email: String, lang: String },
    /// Someone asked to become a promoter with this email: it gets the link that finishes the
    /// sign-up, or, when the email has an account already, a note saying so (the person who
    /// asked is told the same either way).
    #[serde(rename = "promoter.sign_up")]
    PromoterSignUp {
        email: String,
        lang: String,
        token: String,
    },
    /// Someone asked to sign in to the shop as a member with this email: the one-time link
    /// goes there (email only).
    #[serde(rename = "member.sign_in")]
    MemberSignIn {
        email: String,
        lang: String,
        token: String,
    },
    /// An agency invited a promoter by email: the link to accept it goes to that address only.
    /// A message to one of the shop's fans (a member who asked for its news), sent from
    /// `send_at` on (the merchant's message is spread over time).
    #[serde(rename = "fan.message")]
    FanMessage {
        message_id: String,
        email: String,
        lang: String,
        subject: String,
        text: String,
        cards: Vec<FanCard>,
        /// The member's token for stopping the news in one click.
        stop_token: String,
        send_at: i64,
    },
    /// A member's points expire soon (`expires_at`) unless they earn or spend some before.
    #[serde(rename = "points.expiring")]
    PointsExpiring {
        email: String,
        lang: String,
        points: i64,
        expires_at: i64,
    },
    /// A member's birthday coupon (their rank's benefit), once a year in their birth month.
    #[serde(rename = "points.birthday_coupon")]
    BirthdayCoupon {
        email: String,
        lang: String,
        code: String,
        amount: i64,
        ends_at: i64,
    },
    #[serde(rename = "agency.invited")]
    AgencyInvited {
        invite_id: String,
        agency_name: String,
        share_bps: u32,
        email: String,
        lang: String,
        token: String,
    },
    /// Staff made a batch of printed gift codes.
    #[serde(rename = "batch.created")]
    BatchCreated {
        batch_id: String,
        shop_id: String,
        product_id: String,
        variant_id: String,
        codes: u32,
        created_by: String,
    },
    /// A promoter's commission on an order became confirmed (shipped, or a gift unit claimed).
    #[serde(rename = "commission.confirmed")]
    CommissionConfirmed {
        promoter_id: String,
        /// The promoter's sign-in email.
        email: String,
        order_reference: String,
        /// Confirmed now.
        amount: Money,
        /// Confirmed on this order so far.
        confirmed: Money,
    },
    /// The admin's "send test event": goes to that endpoint only.
    #[serde(rename = "webhook.test")]
    WebhookTest { endpoint_id: String },
}

impl Event {
    /// The event's type name, e.g. `order.placed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::OrderPlaced { .. } => "order.placed",
            Event::OrderPaid { .. } => "order.paid",
            Event::OrderShipped { .. } => "order.shipped",
            Event::GiftClaimed { .. } => "gift.claimed",
            Event::GiftOpened { .. } => "gift.opened",
            Event::GiftThanked { .. } => "gift.thanked",
            Event::GiftRewarded { .. } => "gift.rewarded",
            Event::AfterSalesRequested { .. } => "after_sales.requested",
            Event::AfterSalesDecided { .. } => "after_sales.decided",
            Event::AfterSalesProgressed { .. } => "after_sales.progressed",
            Event::GiftExpiring { .. } => "gift.expiring",
            Event::GiftRefunded { .. } => "gift.refunded",
            Event::OrderRefunded { .. } => "order.refunded",
            Event::OrderCancelled { .. } => "order.unpaid_cancelled",
            Event::OrdersLookup { .. } => "orders.lookup",
            Event::PromoterSignUp { .. } => "promoter.sign_up",
            Event::MemberSignIn { .. } => "member.sign_in",
            Event::FanMessage { .. } => "fan.message",
            Event::PointsExpiring { .. } => "points.expiring",
            Event::BirthdayCoupon { .. } => "points.birthday_coupon",
            Event::AgencyInvited { .. } => "agency.invited",
            Event::BatchCreated { .. } => "batch.created",
            Event::CommissionConfirmed { .. } => "commission.confirmed",
            Event::WebhookTest { .. } => "webhook.test",
        }
    }

    /// The type webhook endpoints subscribe to (one of `omiyage_api::WEBHOOK_EVENTS`), if the
    /// event goes to them. A sender's cancelled gift is the order's cancellation.
    pub fn webhook_type(&self) -> Option<&'static str> {
        match self {
            Event::OrderPlaced { .. } => Some("order.placed"),
            Event::OrderPaid { .. } => Some("order.paid"),
            Event::OrderShipped { .. } => Some("order.shipped"),
            Event::GiftClaimed { .. } => Some("gift.claimed"),
            Event::GiftThanked { .. } => Some("gift.thanked"),
            Event::AfterSalesRequested { .. } => Some("after_sales.requested"),
            Event::AfterSalesDecided { .. } => Some("after_sales.decided"),
            Event::AfterSalesProgressed { .. } => Some("after_sales.progressed"),
            Event::GiftRefunded { reason, .. } => match reason {
                RefundReason::Expired => Some("gift.expired"),
                RefundReason::Cancelled => Some("order.cancelled"),
                RefundReason::Declined => None,
            },
            Event::OrderRefunded { cancelled, .. } => Some(match cancelled {
                true => "order.cancelled",
                false => "order.refunded",
            }),
            Event::OrderCancelled { .. } => Some("order.cancelled"),
            Event::BatchCreated { .. } => Some("batch.created"),
            Event::CommissionConfirmed { .. } => Some("commission.confirmed"),
            Event::WebhookTest { .. } => Some("webhook.test"),
            Event::GiftExpiring { .. }
            | Event::GiftOpened { .. }
            | Event::GiftRewarded { .. }
            | Event::OrdersLookup { .. }
            | Event::PromoterSignUp { .. }
            | Event::MemberSignIn { .. }
            | Event::FanMessage { .. }
            | Event::PointsExpiring { .. }
            | Event::BirthdayCoupon { .. }
            | Event::AgencyInvited { .. } => None,
        }
    }
}

/// A recorded event read back by the worker.
#[derive(Clone, Debug)]
pub struct StoredEvent {
    pub id: String,
    pub created_at: i64,
    pub event: Event,
}

/// How a message goes out: what its recipient is and who sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// To an email address, by SMTP.
    Email,
    /// To a webhook endpoint (its id): the subject is the event type, the text the JSON body.
    Webhook,
    /// Money back through the card provider: to a payment (its intent id), the text the
    /// amount in yen; the message's id is the provider's idempotency key.
    Refund,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
            Channel::Refund => "refund",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Email, Channel::Webhook, Channel::Refund]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// A composed message, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub channel: Channel,
    pub topic: &'static str,
    /// An email address, an endpoint's id, or a payment's intent id (see [`Channel`]).
    pub recipient: String,
    pub lang: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Not sent before then (a message to many, spread over time).
    pub not_before: Option<i64>,
    /// The one-click unsubscribe URL (`List-Unsubscribe`, RFC 8058) of a message to fans.
    pub list_unsubscribe: Option<String>,
}

impl Message {
    /// A refund of `amount` yen of payment `intent` through the card provider; `note` says
    /// what it is in the console's list.
    pub fn refund(topic: &'static str, intent: String, amount: i64, note: String) -> Message {
        Message {
            channel: Channel::Refund,
            topic,
            recipient: intent,
            lang: String::new(),
            subject: note,
            text: amount.to_string(),
            html: String::new(),
            not_before: None,
            list_unsubscribe: None,
        }
    }
}

/// A stored message the worker is about to send.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: String,
    pub channel: Channel,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attempts: u32,
    pub created_at: i64,
    /// See [`Message::list_unsubscribe`].
    pub list_unsubscribe: Option<String>,
}

/// Which destinations a worker leases messages for: the others are busy with messages it
/// sent them before (or, for email, no mail is set up), and their messages wait in line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Open {
    /// Emails (SMTP).
    pub email: bool,
    /// Refunds (the card provider).
    pub refund: bool,
    /// Webhook endpoints (their ids) whose deliveries wait; every other endpoint's are leased.
    pub busy_endpoints: Vec<String>,
}

/// An order found by "find my orders".
#[derive(Clone, Debug)]
pub struct FoundOrder {
    pub token: String,
    pub reference: String,
    pub created_at: i64,
    pub total: Money,
}

/// A webhook endpoint with its secrets (storage's record).
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub view: omiyage_api::WebhookEndpoint,
    pub previous_secret: Option<String>,
}

impl Endpoint {
    /// The secrets that sign a delivery at `now`: the current one, and the previous one during
    /// a rotation.
    pub fn signing_secrets(&self, now: i64) -> Vec<&str> {
        let mut secrets = vec![self.view.secret.as_str()];
        if let (Some(old), Some(until)) = (&self.previous_secret, self.view.previous_secret_until)
            && now < until
        {
            secrets.push(old);
        }
        secrets
    }
}
