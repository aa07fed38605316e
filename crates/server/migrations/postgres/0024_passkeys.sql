-- Passkeys (WebAuthn) of members: a member signed in by an emailed link adds one, then signs in
-- with it (a discoverable credential: no email to type). `passkey` is the verified credential
-- as webauthn-rs keeps it (its public key and counter, no secret). A ceremony's challenge state
-- is kept here between its two requests (any instance may answer the second), used once,
-- for five minutes.
CREATE TABLE member_passkeys (
    credential_id TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL REFERENCES members(id),
    passkey       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    used_at       BIGINT
);
CREATE INDEX member_passkeys_by_member ON member_passkeys(member_id);
CREATE TABLE passkey_challenges (
    id         TEXT PRIMARY KEY,
    member_id  TEXT,
    state      TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
