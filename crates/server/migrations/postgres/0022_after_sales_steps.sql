-- After-sales, what follows an accepted request: the item asked back (with instructions) and
-- received (to stock, or written off), refunds from the request (never above what the item
-- paid, summed over every request about it), and the replacement shipped as a new parcel.
ALTER TABLE after_sales ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE after_sales ADD COLUMN return_instructions TEXT NOT NULL DEFAULT '';
ALTER TABLE after_sales ADD COLUMN return_asked_at BIGINT;
ALTER TABLE after_sales ADD COLUMN received_at BIGINT;
ALTER TABLE after_sales ADD COLUMN restocked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE after_sales ADD COLUMN replaced_at BIGINT;
ALTER TABLE after_sales ADD COLUMN replacement_tracking TEXT NOT NULL DEFAULT '';
ALTER TABLE after_sales ADD COLUMN replacement_variant TEXT NOT NULL DEFAULT '';

-- The photos a requester sent with a report (up to three), re-encoded as JPEG from their pixels
-- alone (no EXIF, no GPS position): shown to the merchant only, never served publicly.
CREATE TABLE after_sales_photos (
    request_id   TEXT NOT NULL REFERENCES after_sales(id),
    position     BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    PRIMARY KEY (request_id, position)
);
