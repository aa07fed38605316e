-- Card payments through Stripe: the PaymentIntent behind an order (no card data is stored).
-- An order paid on the card page has none until the shopper enters a card; a new card replaces
-- a declined one's.
CREATE TABLE card_payments (
    order_token TEXT PRIMARY KEY REFERENCES orders(token),
    intent_id   TEXT UNIQUE,
    amount      BIGINT NOT NULL CHECK (amount >= 0),
    created_at  BIGINT NOT NULL
);

-- Provider events already handled: webhooks come at least once, each is acted on once.
CREATE TABLE payment_events (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

-- Refunds to the card provider go through the outbox too (channel 'refund': the recipient is
-- the PaymentIntent, the text the amount in yen, the id Stripe's idempotency key).
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_channel_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_channel_check
    CHECK (channel IN ('email', 'webhook', 'refund'));
