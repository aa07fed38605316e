-- Orders paid at the counter hold their stock until `pay_by`, then are cancelled if still
-- unpaid. Orders already waiting when this arrived get the default 48 hours from placing.
ALTER TABLE orders ADD COLUMN pay_by BIGINT;
UPDATE orders SET pay_by = created_at + 172800
WHERE status = 'awaiting_payment' AND token NOT IN (SELECT order_token FROM card_payments);
CREATE INDEX orders_held ON orders(pay_by) WHERE pay_by IS NOT NULL;

-- The admin's payment rules (one row; absent: the defaults).
CREATE TABLE payment_rules (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    pay_in_shop_hold_hours BIGINT NOT NULL CHECK (pay_in_shop_hold_hours BETWEEN 1 AND 720),
    updated_at             BIGINT NOT NULL
);
