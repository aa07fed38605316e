-- Delivery days of gifts, and gifts that open at a moment their sender chose.

-- A day the sender fixed (YYYY-MM-DD in the shop's calendar, e.g. a birthday): the recipient
-- then picks only the slot. Empty: the recipient chooses the day too.
ALTER TABLE gifts ADD COLUMN delivery_date TEXT NOT NULL DEFAULT '';

-- The day and slot (the B2 code, e.g. 1416) a unit was claimed with; empty: no preference.
ALTER TABLE gift_units ADD COLUMN delivery_date TEXT NOT NULL DEFAULT '';
ALTER TABLE gift_units ADD COLUMN delivery_slot TEXT NOT NULL DEFAULT '';

-- When the gift opens (NULL: at once); where its claim link is emailed then (empty: nowhere),
-- and when that email was written to the outbox (once).
ALTER TABLE gifts ADD COLUMN opens_at INTEGER;
ALTER TABLE gifts ADD COLUMN recipient_email TEXT NOT NULL DEFAULT '';
ALTER TABLE gifts ADD COLUMN told_at INTEGER;
CREATE INDEX gifts_to_tell ON gifts(told_at, opens_at);
