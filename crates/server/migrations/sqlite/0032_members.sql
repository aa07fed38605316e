-- Shopper accounts (members) without passwords: a one-time link by email signs a member in
-- (made a member on first use). Links are kept by their SHA-256, short-lived and used once;
-- member sessions are their own table and cookie, apart from the staff's: a member's session
-- can never reach the back office. A member's orders are the orders placed with their email.
CREATE TABLE members (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    lang       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE member_links (
    token_hash TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    lang       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE TABLE member_sessions (
    token_hash TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX member_sessions_by_member ON member_sessions(member_id);
