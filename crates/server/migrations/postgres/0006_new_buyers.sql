-- New buyers (as SQLite's 0015): the first order placed with a normalised email claims its row
-- in the order's transaction; racing transactions wait on the primary key, so one is first.
CREATE TABLE buyers (
    email       TEXT PRIMARY KEY,
    first_order TEXT NOT NULL REFERENCES orders(token),
    created_at  BIGINT NOT NULL
);
INSERT INTO buyers (email, first_order, created_at)
SELECT o.email, o.token, o.created_at FROM orders o
WHERE o.email <> '' AND NOT EXISTS (
    SELECT 1 FROM orders e WHERE e.email = o.email
      AND (e.created_at < o.created_at OR (e.created_at = o.created_at AND e.token < o.token)));

ALTER TABLE plans ADD COLUMN new_buyer_bps BIGINT
    CHECK (new_buyer_bps IS NULL OR new_buyer_bps BETWEEN 0 AND 5000);
ALTER TABLE attributions ADD COLUMN new_buyer BOOLEAN NOT NULL DEFAULT FALSE;
