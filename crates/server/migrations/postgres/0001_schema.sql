-- The whole schema on PostgreSQL: the same tables, keys and CHECK constraints as the SQLite
-- migrations 0001-0010 (which grew one step at a time), with PostgreSQL's types: BIGINT for
-- every integer (the shared queries read them as i64), BOOLEAN for flags, BYTEA for bytes.
-- Times are seconds since the epoch, as on SQLite.

CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories(id),
    image       TEXT NOT NULL,
    position    BIGINT NOT NULL,
    archived    BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE variants (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    name       TEXT NOT NULL,
    price      BIGINT NOT NULL CHECK (price >= 0),
    currency   TEXT NOT NULL,
    -- Stock can never go negative, whatever the application does.
    stock      BIGINT NOT NULL CHECK (stock >= 0),
    position   BIGINT NOT NULL,
    sku        TEXT NOT NULL DEFAULT '',
    tax_class  TEXT NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'reduced'))
);
CREATE INDEX variants_by_product ON variants(product_id, position);

CREATE TABLE orders (
    token           TEXT PRIMARY KEY,
    reference       TEXT NOT NULL,
    status          TEXT NOT NULL,
    total           BIGINT NOT NULL,
    currency        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    -- The order as its status page shows it (OrderView JSON); status above is authoritative.
    view_json       TEXT NOT NULL,
    tracking_number TEXT,
    shipped_at      BIGINT
);
CREATE INDEX orders_by_created ON orders(created_at);
CREATE INDEX orders_by_status ON orders(status, created_at);

CREATE TABLE order_lines (
    order_token TEXT NOT NULL REFERENCES orders(token),
    position    BIGINT NOT NULL,
    product_id  TEXT NOT NULL,
    variant_id  TEXT NOT NULL,
    unit_price  BIGINT NOT NULL,
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_token, position)
);

CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    -- Deferred: a key is claimed first (its unique index makes a racing instance wait and
    -- then see it), the order it names is written later in the same transaction.
    order_token TEXT NOT NULL REFERENCES orders(token) DEFERRABLE INITIALLY DEFERRED,
    created_at  BIGINT NOT NULL
);

CREATE TABLE shops (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    address           TEXT NOT NULL,
    claim_window_secs BIGINT NOT NULL CHECK (claim_window_secs > 0),
    created_at        BIGINT NOT NULL
);

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,               -- stored lower-case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'promoter')),
    shop_id       TEXT REFERENCES shops(id),
    password_hash TEXT NOT NULL,                      -- argon2id, PHC string
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    demo          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    ref_code      TEXT,
    CHECK ((role = 'staff') = (shop_id IS NOT NULL))
);
CREATE UNIQUE INDEX accounts_by_ref_code ON accounts(ref_code) WHERE ref_code IS NOT NULL;

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,                      -- SHA-256 of the cookie's token
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE images (
    id           TEXT PRIMARY KEY,                    -- SHA-256 of the bytes
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE batches (
    id                   TEXT PRIMARY KEY,
    shop_id              TEXT NOT NULL REFERENCES shops(id),
    product_id           TEXT NOT NULL,
    variant_id           TEXT NOT NULL,
    allow_variant_choice BOOLEAN NOT NULL,
    greeting             TEXT NOT NULL,
    count                BIGINT NOT NULL CHECK (count BETWEEN 1 AND 500),
    expires_at           BIGINT NOT NULL,
    expires_on           TEXT NOT NULL,
    created_by           TEXT NOT NULL REFERENCES accounts(id),
    created_at           BIGINT NOT NULL
);
CREATE INDEX batches_by_shop ON batches(shop_id, created_at);

CREATE TABLE gifts (
    token                TEXT PRIMARY KEY,
    order_token          TEXT NOT NULL UNIQUE REFERENCES orders(token),
    sender_name          TEXT NOT NULL,
    greeting             TEXT NOT NULL,
    allow_variant_choice BOOLEAN NOT NULL,
    product_id           TEXT NOT NULL,
    variant_id           TEXT NOT NULL,
    unit_price           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    cancelled            BOOLEAN NOT NULL DEFAULT FALSE,
    opened_at            BIGINT,
    batch_id             TEXT REFERENCES batches(id),
    short_code           TEXT,
    -- Insertion order, as SQLite's rowid gives it (a batch's codes print in this order).
    rowid                BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX gifts_by_expiry ON gifts(expires_at);
CREATE UNIQUE INDEX gifts_by_short_code ON gifts(short_code) WHERE short_code IS NOT NULL;
CREATE INDEX gifts_by_batch ON gifts(batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE gift_units (
    gift_token        TEXT NOT NULL REFERENCES gifts(token),
    idx               BIGINT NOT NULL,
    state             TEXT NOT NULL,                  -- unclaimed | claimed | shipped | refunded
    refund_reason     TEXT,
    claimed_at        BIGINT,
    shipped_at        BIGINT,
    refunded_at       BIGINT,
    shipped_variant   TEXT,
    recipient_name    TEXT,
    recipient_phone   TEXT,
    recipient_address TEXT,                           -- Address JSON
    claim_key         TEXT UNIQUE,
    claim_fingerprint TEXT,
    PRIMARY KEY (gift_token, idx)
);
CREATE INDEX gift_units_unclaimed ON gift_units(gift_token) WHERE state = 'unclaimed';

CREATE TABLE plans (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    commission_bps BIGINT NOT NULL CHECK (commission_bps BETWEEN 0 AND 5000),
    window_days    BIGINT NOT NULL CHECK (window_days BETWEEN 1 AND 90),
    starts_at      BIGINT NOT NULL,
    ends_at        BIGINT NOT NULL,
    open           BOOLEAN NOT NULL,
    paused         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL
);

CREATE TABLE plan_products (
    plan_id    TEXT NOT NULL REFERENCES plans(id),
    product_id TEXT NOT NULL,
    PRIMARY KEY (plan_id, product_id)
);

CREATE TABLE plan_invites (
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    promoter_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (plan_id, promoter_id)
);

CREATE TABLE plan_members (
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    promoter_id TEXT NOT NULL REFERENCES accounts(id),
    joined_at   BIGINT NOT NULL,
    PRIMARY KEY (plan_id, promoter_id)
);

CREATE TABLE clicks (
    dedup_key   TEXT PRIMARY KEY,
    promoter_id TEXT NOT NULL REFERENCES accounts(id),
    product_id  TEXT NOT NULL,
    clicked_at  BIGINT NOT NULL
);
CREATE INDEX clicks_by_promoter ON clicks(promoter_id, clicked_at);

CREATE TABLE attributions (
    order_token    TEXT PRIMARY KEY REFERENCES orders(token),
    promoter_id    TEXT NOT NULL REFERENCES accounts(id),
    plan_id        TEXT NOT NULL REFERENCES plans(id),
    commission_bps BIGINT NOT NULL,
    paid           BIGINT NOT NULL,
    commission     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX attributions_by_promoter ON attributions(promoter_id, created_at);

CREATE TABLE invoice_issuer (
    id                  BIGINT PRIMARY KEY CHECK (id = 1),
    registered_name     TEXT NOT NULL,
    registration_number TEXT NOT NULL CHECK (length(registration_number) = 14),
    updated_at          BIGINT NOT NULL
);

CREATE TABLE catalog_texts (
    entry       TEXT NOT NULL CHECK (entry IN ('category', 'product', 'variant')),
    id          TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('zh-Hans', 'en')),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry, id, lang)
);

CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL
);

-- Several server instances share this database; each keeps a serialised catalog per version.
-- Every committed change to what the catalog shows notifies every instance (NOTIFY is sent at
-- commit, once per transaction and channel), which then moves its version.
CREATE FUNCTION omiyage_notify_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('omiyage_catalog', '');
    RETURN NULL;
END $$;
CREATE FUNCTION omiyage_notify_texts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('omiyage_texts', '');
    RETURN NULL;
END $$;
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_catalog();
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_catalog();
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON variants
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_catalog();
CREATE TRIGGER texts_changed AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_texts();
CREATE TRIGGER texts_changed AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_texts();
CREATE TRIGGER texts_changed AFTER INSERT OR DELETE OR UPDATE OF name ON variants
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_texts();
CREATE TRIGGER texts_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_texts
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_texts();
