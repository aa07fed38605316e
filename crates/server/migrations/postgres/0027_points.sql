-- Members' points. `members.points` is the balance, moved by the same statement as each ledger
-- entry (`point_entries`), so the two always agree and a conditional update (`points >= n`)
-- decides between checkouts spending the same points; the CHECK keeps it from going below
-- zero. An order remembers the member who placed it signed in, the points they spent on it
-- (part of its lines' discounts) and the rate it earns at (its member's rank then). An
-- entry's `basis` is the spend the points were earned on (what counts towards ranks).
ALTER TABLE members ADD COLUMN points BIGINT NOT NULL DEFAULT 0 CHECK (points >= 0);
ALTER TABLE members ADD COLUMN points_moved_at BIGINT;
ALTER TABLE members ADD COLUMN points_told_at BIGINT;
-- A member's birthday (`MM-DD`, optional) and the year they last got their rank's birthday coupon.
ALTER TABLE members ADD COLUMN birthday TEXT;
ALTER TABLE members ADD COLUMN birthday_year BIGINT;
ALTER TABLE orders ADD COLUMN member_id TEXT;
ALTER TABLE orders ADD COLUMN points_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN points_rate_bps BIGINT NOT NULL DEFAULT 0;
CREATE TABLE point_entries (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id),
    order_token TEXT REFERENCES orders(token),
    kind        TEXT NOT NULL CHECK (kind IN ('earn', 'spend', 'return', 'expire')),
    amount      BIGINT NOT NULL,
    basis       BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    CHECK (amount <> 0 OR basis <> 0)
);
CREATE INDEX point_entries_by_member ON point_entries(member_id, created_at);
CREATE INDEX point_entries_by_order ON point_entries(order_token);
CREATE INDEX orders_by_member ON orders(member_id);
