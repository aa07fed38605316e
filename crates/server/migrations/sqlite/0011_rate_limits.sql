-- Attempts counted by the rate limits (sign-in, typed gift codes), in the database so that
-- every server instance counts the same attempts. Rows older than a day are pruned.
CREATE TABLE rate_limit_hits (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX rate_limit_hits_by_key ON rate_limit_hits(key, at);
CREATE INDEX rate_limit_hits_by_age ON rate_limit_hits(at);
