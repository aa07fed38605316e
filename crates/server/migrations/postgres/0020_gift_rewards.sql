-- Gifts that bring new customers.

-- A recipient's visit to the shop from their gift page (`/g/<token>/shop`), by the browser's
-- visitor cookie: each browser's last visit from each gift.
CREATE TABLE gift_visits (
    visitor    TEXT NOT NULL,
    gift_token TEXT NOT NULL REFERENCES gifts(token),
    visited_at BIGINT NOT NULL,
    PRIMARY KEY (visitor, gift_token)
);

-- The gift whose page a new customer's first order came from (empty: none).
ALTER TABLE orders ADD COLUMN via_gift TEXT NOT NULL DEFAULT '';

-- One per new customer (by email) and per order, once it is paid: the coupon the gift's sender
-- earned (empty: rewards were off, or the gift's buyer left no email).
CREATE TABLE gift_rewards (
    order_token    TEXT PRIMARY KEY REFERENCES orders(token),
    customer_email TEXT NOT NULL UNIQUE,
    gift_token     TEXT NOT NULL REFERENCES gifts(token),
    coupon_code    TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
