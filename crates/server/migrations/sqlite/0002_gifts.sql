-- Gifts: a paid order's units, each claimable once within the claim window.
CREATE TABLE gifts (
    token                TEXT PRIMARY KEY,            -- the claim link's token
    order_token          TEXT NOT NULL UNIQUE REFERENCES orders(token),
    sender_name          TEXT NOT NULL,
    greeting             TEXT NOT NULL,
    allow_variant_choice INTEGER NOT NULL,
    product_id           TEXT NOT NULL,
    variant_id           TEXT NOT NULL,               -- the variant bought (its stock is held)
    unit_price           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    cancelled            INTEGER NOT NULL DEFAULT 0,
    opened_at            INTEGER
);
CREATE INDEX gifts_by_expiry ON gifts(expires_at);

CREATE TABLE gift_units (
    gift_token        TEXT NOT NULL REFERENCES gifts(token),
    idx               INTEGER NOT NULL,
    state             TEXT NOT NULL,                  -- unclaimed | claimed | shipped | refunded
    refund_reason     TEXT,
    claimed_at        INTEGER,
    shipped_at        INTEGER,
    refunded_at       INTEGER,
    -- The recipient's side: never part of any response the sender can reach.
    shipped_variant   TEXT,
    recipient_name    TEXT,
    recipient_phone   TEXT,
    recipient_address TEXT,                           -- Address JSON
    claim_key         TEXT UNIQUE,
    claim_fingerprint TEXT,
    PRIMARY KEY (gift_token, idx)
);
CREATE INDEX gift_units_unclaimed ON gift_units(gift_token) WHERE state = 'unclaimed';
