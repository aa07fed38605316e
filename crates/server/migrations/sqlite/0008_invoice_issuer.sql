-- The shop as a qualified-invoice issuer: one row, printed on every receipt.
CREATE TABLE invoice_issuer (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    registered_name TEXT NOT NULL,
    registration_number TEXT NOT NULL CHECK (length(registration_number) = 14),
    updated_at INTEGER NOT NULL
);
