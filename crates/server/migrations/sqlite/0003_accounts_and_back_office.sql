-- Accounts (admin, shop staff, promoters), their sessions, shops, and what the back office
-- adds to the catalog (SKUs) and to orders (shipping).
CREATE TABLE shops (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    address           TEXT NOT NULL,
    claim_window_secs INTEGER NOT NULL CHECK (claim_window_secs > 0),
    created_at        INTEGER NOT NULL
);

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,               -- stored lower-case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'promoter')),
    shop_id       TEXT REFERENCES shops(id),
    password_hash TEXT NOT NULL,                      -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    demo          INTEGER NOT NULL DEFAULT 0,         -- seeded by --demo, shown as such
    created_at    INTEGER NOT NULL,
    -- Staff belong to exactly one shop; nobody else belongs to one.
    CHECK ((role = 'staff') = (shop_id IS NOT NULL))
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,                      -- SHA-256 of the cookie's token
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

ALTER TABLE variants ADD COLUMN sku TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_number TEXT;
ALTER TABLE orders ADD COLUMN shipped_at INTEGER;
CREATE INDEX orders_by_status ON orders(status, created_at);
