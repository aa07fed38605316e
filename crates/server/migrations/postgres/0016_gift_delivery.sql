-- Delivery days of gifts.

-- A day the sender fixed (YYYY-MM-DD in the shop's calendar, e.g. a birthday): the recipient
-- then picks only the slot. Empty: the recipient chooses the day too.
ALTER TABLE gifts ADD COLUMN delivery_date TEXT NOT NULL DEFAULT '';

-- The day and slot (the B2 code, e.g. 1416) a unit was claimed with; empty: no preference.
ALTER TABLE gift_units ADD COLUMN delivery_date TEXT NOT NULL DEFAULT '';
ALTER TABLE gift_units ADD COLUMN delivery_slot TEXT NOT NULL DEFAULT '';
