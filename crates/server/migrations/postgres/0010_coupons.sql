-- Coupons (as SQLite's 0019): the admin's codes (fixed or percent off the covered products or categories, a
-- minimum spend, a window of shop days, caps in all and per email, optionally a promoter's),
-- what each has been used for, and each email's uses. `uses` and `coupon_emails.uses` are
-- raised by a conditional update in the order's own transaction, so the caps hold under
-- concurrency. Order lines keep what the coupon took off them.
CREATE TABLE coupons (
    code         TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('fixed', 'percent')),
    value        BIGINT NOT NULL CHECK (value > 0),
    min_spend    BIGINT NOT NULL CHECK (min_spend >= 0),
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    product_ids  TEXT NOT NULL,                       -- JSON array
    category_ids TEXT NOT NULL,                       -- JSON array
    max_uses     BIGINT CHECK (max_uses > 0),
    per_email    BIGINT CHECK (per_email > 0),
    promoter_id  TEXT REFERENCES accounts(id),
    disabled     BOOLEAN NOT NULL DEFAULT FALSE,
    uses         BIGINT NOT NULL DEFAULT 0 CHECK (max_uses IS NULL OR uses <= max_uses),
    created_at   BIGINT NOT NULL
);
CREATE INDEX coupons_by_promoter ON coupons(promoter_id) WHERE promoter_id IS NOT NULL;

CREATE TABLE coupon_emails (
    code  TEXT NOT NULL REFERENCES coupons(code),
    email TEXT NOT NULL,
    uses  BIGINT NOT NULL,
    PRIMARY KEY (code, email)
);

CREATE TABLE coupon_uses (
    order_token TEXT PRIMARY KEY REFERENCES orders(token),
    code        TEXT NOT NULL REFERENCES coupons(code),
    email       TEXT NOT NULL,
    discount    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX coupon_uses_by_code ON coupon_uses(code);

-- The code an order was credited through (none: a share link).
ALTER TABLE attributions ADD COLUMN coupon TEXT;

ALTER TABLE order_lines ADD COLUMN discount BIGINT NOT NULL DEFAULT 0;
