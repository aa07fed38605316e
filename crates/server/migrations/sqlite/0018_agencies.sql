-- no-transaction
-- Agencies, the programme's second level: an agency account (a new role) invites promoters by
-- email; a promoter who accepts works with it, and each commission their links earn from then
-- on splits between the agency and the promoter by the agency's share (kept on the credit).
-- SQLite changes the accounts' role CHECK by rebuilding the table, with foreign keys off for
-- the rebuild (other tables keep referring to `accounts`) and checked before the commit.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE accounts_next (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,               -- stored lower-case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'promoter', 'agency')),
    shop_id       TEXT REFERENCES shops(id),
    password_hash TEXT NOT NULL,                      -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    demo          INTEGER NOT NULL DEFAULT 0,         -- seeded by --demo, shown as such
    created_at    INTEGER NOT NULL,
    ref_code      TEXT,
    -- Staff belong to exactly one shop; nobody else belongs to one.
    CHECK ((role = 'staff') = (shop_id IS NOT NULL))
);
INSERT INTO accounts_next (id, email, name, role, shop_id, password_hash, disabled, demo, created_at, ref_code)
SELECT id, email, name, role, shop_id, password_hash, disabled, demo, created_at, ref_code
FROM accounts ORDER BY rowid;
DROP TABLE accounts;
ALTER TABLE accounts_next RENAME TO accounts;
CREATE UNIQUE INDEX accounts_by_ref_code ON accounts(ref_code) WHERE ref_code IS NOT NULL;

CREATE TABLE agencies (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    share_bps  INTEGER NOT NULL CHECK (share_bps BETWEEN 0 AND 9000)
);
-- A promoter works with at most one agency.
CREATE TABLE agency_members (
    promoter_id TEXT PRIMARY KEY REFERENCES accounts(id),
    agency_id   TEXT NOT NULL REFERENCES accounts(id),
    joined_at   INTEGER NOT NULL
);
CREATE INDEX agency_members_by_agency ON agency_members(agency_id);
CREATE TABLE agency_invites (
    id          TEXT PRIMARY KEY,
    agency_id   TEXT NOT NULL REFERENCES accounts(id),
    email       TEXT NOT NULL,                        -- normalised
    created_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    UNIQUE (agency_id, email)
);
CREATE INDEX agency_invites_by_email ON agency_invites(email);

ALTER TABLE attributions ADD COLUMN agency_id TEXT REFERENCES accounts(id);
ALTER TABLE attributions ADD COLUMN agency_share_bps INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attributions_by_agency ON attributions(agency_id) WHERE agency_id IS NOT NULL;
COMMIT;
PRAGMA foreign_keys = ON;
