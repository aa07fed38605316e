-- Promoter levels (as SQLite's 0017): the admin's ladder, lowest first (position 0), each level's requirements
-- over the rolling window and the bonus it adds to every plan's rate; each promoter's level as
-- last computed (when commission is confirmed, and daily); and the bonus each credited order
-- earned with.
CREATE TABLE levels (
    position    BIGINT PRIMARY KEY CHECK (position >= 0),
    name        TEXT NOT NULL,
    min_sales   BIGINT NOT NULL CHECK (min_sales >= 0),
    min_orders  BIGINT NOT NULL CHECK (min_orders >= 0),
    bonus_bps   BIGINT NOT NULL CHECK (bonus_bps BETWEEN 0 AND 5000),
    window_days BIGINT NOT NULL CHECK (window_days BETWEEN 1 AND 365)
);

CREATE TABLE promoter_levels (
    account_id  TEXT PRIMARY KEY REFERENCES accounts(id),
    position    BIGINT,
    sales       BIGINT NOT NULL,
    orders      BIGINT NOT NULL,
    computed_at BIGINT NOT NULL
);

ALTER TABLE attributions ADD COLUMN level_bonus_bps BIGINT NOT NULL DEFAULT 0;
