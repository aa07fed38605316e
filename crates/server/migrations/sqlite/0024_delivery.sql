-- Delivery dates and time slots.

-- The shop's settings kept as one JSON document per key (`delivery`); a key absent reads as
-- its defaults.
CREATE TABLE shop_settings (
    key        TEXT PRIMARY KEY,
    json       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A plain order's delivery day (YYYY-MM-DD in the shop's calendar) and slot (the B2 code, e.g.
-- 1416); empty: no preference.
ALTER TABLE orders ADD COLUMN delivery_date TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivery_slot TEXT NOT NULL DEFAULT '';
