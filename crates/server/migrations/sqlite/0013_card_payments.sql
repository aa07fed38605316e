-- Card payments through Stripe: the PaymentIntent behind an order (no card data is stored).
-- An order paid on the card page has none until the shopper enters a card; a new card replaces
-- a declined one's.
CREATE TABLE card_payments (
    order_token TEXT PRIMARY KEY REFERENCES orders(token),
    intent_id   TEXT UNIQUE,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    created_at  INTEGER NOT NULL
);

-- Provider events already handled: webhooks come at least once, each is acted on once.
CREATE TABLE payment_events (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    received_at INTEGER NOT NULL
);

-- Refunds to the card provider go through the outbox too (channel 'refund': the recipient is
-- the PaymentIntent, the text the amount in yen, the id Stripe's idempotency key). SQLite
-- changes a CHECK constraint by rebuilding the table.
CREATE TABLE outbox_messages_next (
    -- Also the email's Message-ID: a resend after a crash carries the same one. A webhook
    -- delivery's recipient is its endpoint's id, its subject the event type, its text the body.
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES outbox_events(id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'refund')),
    topic           TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    lang            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
INSERT INTO outbox_messages_next SELECT * FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_next RENAME TO outbox_messages;
CREATE INDEX outbox_messages_due ON outbox_messages(status, next_attempt_at);
CREATE INDEX outbox_messages_by_created ON outbox_messages(created_at);
CREATE INDEX outbox_messages_by_recipient ON outbox_messages(recipient, created_at);
