-- Product images uploaded through the back office, served at /api/images/<id>.
CREATE TABLE images (
    id           TEXT PRIMARY KEY,                    -- SHA-256 of the bytes: same image, same id
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);
