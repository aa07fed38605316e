-- Promoter levels: the admin's ladder, lowest first (position 0), each level's requirements
-- over the rolling window and the bonus it adds to every plan's rate; each promoter's level as
-- last computed (when commission is confirmed, and daily); and the bonus each credited order
-- earned with.
CREATE TABLE levels (
    position    INTEGER PRIMARY KEY CHECK (position >= 0),
    name        TEXT NOT NULL,
    min_sales   INTEGER NOT NULL CHECK (min_sales >= 0),
    min_orders  INTEGER NOT NULL CHECK (min_orders >= 0),
    bonus_bps   INTEGER NOT NULL CHECK (bonus_bps BETWEEN 0 AND 5000),
    window_days INTEGER NOT NULL CHECK (window_days BETWEEN 1 AND 365)
);

CREATE TABLE promoter_levels (
    account_id  TEXT PRIMARY KEY REFERENCES accounts(id),
    position    INTEGER,
    sales       INTEGER NOT NULL,
    orders      INTEGER NOT NULL,
    computed_at INTEGER NOT NULL
);

ALTER TABLE attributions ADD COLUMN level_bonus_bps INTEGER NOT NULL DEFAULT 0;
