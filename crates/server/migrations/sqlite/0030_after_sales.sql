-- After-sales requests: a plain order's shopper (for a line) or a gift's recipient (for their
-- unit) reports a problem and says what would put it right; the merchant answers. At most one
-- open request per item (checked with the order's row locked); the form's key makes a form
-- sent twice one request. `email` and `lang`: where and how the requester is answered.
CREATE TABLE after_sales (
    id               TEXT PRIMARY KEY,
    order_token      TEXT NOT NULL REFERENCES orders(token),
    requester        TEXT NOT NULL,
    item             INTEGER NOT NULL,
    item_name        TEXT NOT NULL,
    problem          TEXT NOT NULL,
    remedy           TEXT NOT NULL,
    exchange_variant TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL,
    email            TEXT NOT NULL,
    lang             TEXT NOT NULL,
    form_key         TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    decided_at       INTEGER
);
CREATE INDEX after_sales_by_order ON after_sales(order_token);
