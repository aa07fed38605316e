-- Links that prove an email is its reader's: a promoter's sign-up waits here (the password
-- already hashed) until the link emailed to the address is opened; an agency's invitation is
-- accepted only with the secret of the link emailed to the invited address. Only hashes of the
-- links' secrets are kept.
CREATE TABLE pending_sign_ups (
    token_hash    TEXT PRIMARY KEY,
    email         TEXT NOT NULL,                      -- normalised
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,                      -- argon2id, PHC string
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX pending_sign_ups_by_email ON pending_sign_ups(email);
-- Invitations made before this have none: the agency sends them again.
ALTER TABLE agency_invites ADD COLUMN token_hash TEXT;
