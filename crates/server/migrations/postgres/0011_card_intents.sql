-- Every PaymentIntent made for an order (each card entered makes one), so that an event about
-- any of them finds its order, and a payment is counted or returned exactly once
-- (`succeeded_at` is set once). `card_payments.intent_id` is the order's latest intent (none
-- while a new card attempt replaces the previous one) and `paid_intent` the one that paid it.
CREATE TABLE card_intents (
    intent_id    TEXT PRIMARY KEY,
    order_token  TEXT NOT NULL REFERENCES orders(token),
    amount       BIGINT NOT NULL CHECK (amount >= 0),
    created_at   BIGINT NOT NULL,
    succeeded_at BIGINT
);
CREATE INDEX card_intents_by_order ON card_intents(order_token);

ALTER TABLE card_payments ADD COLUMN paid_intent TEXT;

INSERT INTO card_intents (intent_id, order_token, amount, created_at, succeeded_at)
SELECT c.intent_id, c.order_token, c.amount, c.created_at,
       CASE WHEN o.status IN ('paid', 'shipped') OR c.refunded_by_admin > 0 THEN c.created_at END
FROM card_payments c JOIN orders o ON o.token = c.order_token
WHERE c.intent_id IS NOT NULL;

UPDATE card_payments SET paid_intent = intent_id
WHERE intent_id IN (SELECT intent_id FROM card_intents WHERE succeeded_at IS NOT NULL);
