-- Promoter commerce: plans, who joined them, share-link clicks, and the orders credited to a
-- promoter (commission computed once from what was paid; its state follows the order).
ALTER TABLE accounts ADD COLUMN ref_code TEXT;
CREATE UNIQUE INDEX accounts_by_ref_code ON accounts(ref_code) WHERE ref_code IS NOT NULL;

CREATE TABLE plans (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    commission_bps INTEGER NOT NULL CHECK (commission_bps BETWEEN 0 AND 5000),
    window_days    INTEGER NOT NULL CHECK (window_days BETWEEN 1 AND 90),
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    open           INTEGER NOT NULL,                  -- open to all promoters, or invite-only
    paused         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
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
    joined_at   INTEGER NOT NULL,
    PRIMARY KEY (plan_id, promoter_id)
);

CREATE TABLE clicks (
    dedup_key   TEXT PRIMARY KEY,                     -- promoter|product|visitor|shop day
    promoter_id TEXT NOT NULL REFERENCES accounts(id),
    product_id  TEXT NOT NULL,
    clicked_at  INTEGER NOT NULL
);
CREATE INDEX clicks_by_promoter ON clicks(promoter_id, clicked_at);

CREATE TABLE attributions (
    order_token    TEXT PRIMARY KEY REFERENCES orders(token),
    promoter_id    TEXT NOT NULL REFERENCES accounts(id),
    plan_id        TEXT NOT NULL REFERENCES plans(id),
    commission_bps INTEGER NOT NULL,
    paid           INTEGER NOT NULL,                  -- what the plan's products paid
    commission     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX attributions_by_promoter ON attributions(promoter_id, created_at);
