-- Messages to people (emails) go through an outbox: an event is written in the same transaction
-- as what caused it; a worker turns each event into its messages once (composed in the reader's
-- language) and delivers them with retries.

-- The checkout's language (messages about the order are written in it) and its contact email,
-- normalised, for "find my orders".
ALTER TABLE orders ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE orders ADD COLUMN email TEXT NOT NULL DEFAULT '';
UPDATE orders SET email = lower(trim(COALESCE(json_extract(view_json, '$.contact.email'), '')));
CREATE INDEX orders_by_email ON orders(email, created_at);

-- A recipient may leave an email to hear when their parcel ships (and its language).
ALTER TABLE gift_units ADD COLUMN recipient_email TEXT NOT NULL DEFAULT '';
ALTER TABLE gift_units ADD COLUMN recipient_lang TEXT NOT NULL DEFAULT 'ja';
-- The sender was told the gift is about to expire (once).
ALTER TABLE gifts ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0;

CREATE TABLE outbox_events (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    -- Its messages are written (once).
    dispatched  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_events_waiting ON outbox_events(dispatched, created_at);

CREATE TABLE outbox_messages (
    -- Also the email's Message-ID: a resend after a crash carries the same one. A webhook
    -- delivery's recipient is its endpoint's id, its subject the event type, its text the body.
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES outbox_events(id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
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
CREATE INDEX outbox_messages_due ON outbox_messages(status, next_attempt_at);
CREATE INDEX outbox_messages_by_created ON outbox_messages(created_at);
CREATE INDEX outbox_messages_by_recipient ON outbox_messages(recipient, created_at);

-- Where the merchant's other systems hear of events (signed with the endpoint's secret; during
-- a rotation the previous secret signs too, until previous_until).
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    -- JSON array of event types.
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    previous_secret TEXT,
    previous_until  INTEGER,
    created_at      INTEGER NOT NULL
);
