-- Gift options (のし, wrapping, message cards). Which a product offers: a comma-separated list
-- of `noshi`, `wrapping`, `card`, and `seafood` for a product whose のし carries no ornament.
ALTER TABLE products ADD COLUMN gift_options TEXT NOT NULL DEFAULT '';

-- The shop's option prices and wrapping papers (one row; absent: the defaults).
CREATE TABLE gift_option_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    settings_json TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The options an order bought, as priced (the order's view keeps what was chosen): what a gift
-- unit's refund adds for its options.
CREATE TABLE order_options (
    order_token TEXT NOT NULL REFERENCES orders(token),
    position    BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    unit_price  BIGINT NOT NULL CHECK (unit_price >= 0),
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    tax_class   TEXT NOT NULL,
    PRIMARY KEY (order_token, position)
);
