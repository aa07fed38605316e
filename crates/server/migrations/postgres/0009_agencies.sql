-- Agencies (as SQLite's 0018): a new account role; agencies with their share, the promoters
-- working with each, the invitations by email; each credit keeps its agency and share.
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('admin', 'staff', 'promoter', 'agency'));

CREATE TABLE agencies (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    share_bps  BIGINT NOT NULL CHECK (share_bps BETWEEN 0 AND 9000)
);
CREATE TABLE agency_members (
    promoter_id TEXT PRIMARY KEY REFERENCES accounts(id),
    agency_id   TEXT NOT NULL REFERENCES accounts(id),
    joined_at   BIGINT NOT NULL
);
CREATE INDEX agency_members_by_agency ON agency_members(agency_id);
CREATE TABLE agency_invites (
    id          TEXT PRIMARY KEY,
    agency_id   TEXT NOT NULL REFERENCES accounts(id),
    email       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    UNIQUE (agency_id, email)
);
CREATE INDEX agency_invites_by_email ON agency_invites(email);

ALTER TABLE attributions ADD COLUMN agency_id TEXT REFERENCES accounts(id);
ALTER TABLE attributions ADD COLUMN agency_share_bps BIGINT NOT NULL DEFAULT 0;
CREATE INDEX attributions_by_agency ON attributions(agency_id) WHERE agency_id IS NOT NULL;
