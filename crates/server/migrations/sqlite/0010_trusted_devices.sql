-- Browsers that signed in to an account before (OWASP's device cookie): while an attacker's
-- guesses have that account's email limited, its owner keeps signing in from them.
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL
);
