-- Catalog, orders and idempotency keys.
CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories(id),
    image       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE variants (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    name       TEXT NOT NULL,
    price      INTEGER NOT NULL CHECK (price >= 0),
    currency   TEXT NOT NULL,
    -- Stock can never go negative, whatever the application does.
    stock      INTEGER NOT NULL CHECK (stock >= 0),
    position   INTEGER NOT NULL
);
CREATE INDEX variants_by_product ON variants(product_id, position);

CREATE TABLE orders (
    token      TEXT PRIMARY KEY,
    reference  TEXT NOT NULL,
    status     TEXT NOT NULL,
    total      INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- The order as its status page shows it (OrderView JSON); status above is authoritative.
    view_json  TEXT NOT NULL
);
CREATE INDEX orders_by_created ON orders(created_at);

CREATE TABLE order_lines (
    order_token TEXT NOT NULL REFERENCES orders(token),
    position    INTEGER NOT NULL,
    product_id  TEXT NOT NULL,
    variant_id  TEXT NOT NULL,
    unit_price  INTEGER NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_token, position)
);

CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    order_token TEXT NOT NULL REFERENCES orders(token),
    created_at  INTEGER NOT NULL
);
