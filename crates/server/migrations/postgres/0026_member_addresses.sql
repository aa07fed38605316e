-- Addresses a member saves on their page (up to ten), offered at checkout and when claiming a
-- gift. Deleted with the member.
CREATE TABLE member_addresses (
    id         TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id),
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX member_addresses_by_member ON member_addresses(member_id);
