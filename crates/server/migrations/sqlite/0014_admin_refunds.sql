-- What the admin refunded of a card payment (the gift rules' refunds are the gift's units):
-- raised by one conditional update, so refunds racing each other never add up past the amount.
ALTER TABLE card_payments ADD COLUMN refunded_by_admin INTEGER NOT NULL DEFAULT 0
    CHECK (refunded_by_admin >= 0 AND refunded_by_admin <= amount);
