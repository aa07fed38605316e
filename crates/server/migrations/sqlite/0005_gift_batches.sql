-- Counter gift batches: every code is a prepaid single-unit gift order (its own order and gift
-- rows, so claims, expiry refunds, voiding and shipping follow the gift rules); the batch
-- groups them for printing.
CREATE TABLE batches (
    id                   TEXT PRIMARY KEY,
    shop_id              TEXT NOT NULL REFERENCES shops(id),
    product_id           TEXT NOT NULL,
    variant_id           TEXT NOT NULL,
    allow_variant_choice INTEGER NOT NULL,
    greeting             TEXT NOT NULL,
    count                INTEGER NOT NULL CHECK (count BETWEEN 1 AND 500),
    expires_at           INTEGER NOT NULL,
    expires_on           TEXT NOT NULL,
    created_by           TEXT NOT NULL REFERENCES accounts(id),
    created_at           INTEGER NOT NULL
);
CREATE INDEX batches_by_shop ON batches(shop_id, created_at);

ALTER TABLE gifts ADD COLUMN batch_id TEXT REFERENCES batches(id);
-- The normalised short code (16 Crockford base32 characters) of a batch gift.
ALTER TABLE gifts ADD COLUMN short_code TEXT;
CREATE UNIQUE INDEX gifts_by_short_code ON gifts(short_code) WHERE short_code IS NOT NULL;
CREATE INDEX gifts_by_batch ON gifts(batch_id) WHERE batch_id IS NOT NULL;
