-- Payouts (as SQLite's 0016). Each promoter's commission ledger: an entry whenever an order's confirmed commission
-- grows (shipped, a gift unit claimed) or a refund takes part of it back (negative), written in
-- the transaction that changes the order; the payouts the admin made, with their reference.
CREATE TABLE commission_entries (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    order_token TEXT NOT NULL REFERENCES orders(token),
    amount      BIGINT NOT NULL CHECK (amount <> 0),
    created_at  BIGINT NOT NULL
);
CREATE INDEX commission_entries_by_account ON commission_entries(account_id, created_at);
CREATE INDEX commission_entries_by_order ON commission_entries(order_token);

CREATE TABLE payouts (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    reference  TEXT NOT NULL,
    paid_at    BIGINT NOT NULL
);
CREATE INDEX payouts_by_account ON payouts(account_id, paid_at);

-- What was confirmed before the ledger existed: shipped orders, and gifts' claimed units (the
-- commission split per unit as `promotion::split` does), dated when they shipped or were claimed.
INSERT INTO commission_entries (id, account_id, order_token, amount, created_at)
SELECT 'before-ledger-' || a.order_token, a.promoter_id, a.order_token, a.commission,
       COALESCE(o.shipped_at, o.created_at)
FROM attributions a JOIN orders o ON o.token = a.order_token
WHERE o.status = 'shipped' AND a.commission > 0
  AND NOT EXISTS (SELECT 1 FROM gifts g WHERE g.order_token = a.order_token);
INSERT INTO commission_entries (id, account_id, order_token, amount, created_at)
SELECT 'before-ledger-' || t.order_token, t.promoter_id, t.order_token,
       CASE WHEN t.settled = t.units THEN t.commission ELSE (t.commission / t.units) * t.settled END,
       t.at
FROM (
    SELECT a.order_token, a.promoter_id, a.commission,
           COUNT(*) AS units,
           SUM(CASE WHEN u.state IN ('claimed', 'shipped') THEN 1 ELSE 0 END) AS settled,
           COALESCE(MAX(u.claimed_at), MAX(a.created_at)) AS at
    FROM attributions a JOIN gifts g ON g.order_token = a.order_token
    JOIN gift_units u ON u.gift_token = g.token
    GROUP BY a.order_token, a.promoter_id, a.commission
) t
WHERE t.settled > 0 AND t.commission > 0
  AND CASE WHEN t.settled = t.units THEN t.commission ELSE (t.commission / t.units) * t.settled END > 0;
