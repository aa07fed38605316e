-- A gift's recipients may send its sender a thank-you note (お礼のメッセージ): at most one per
-- claimed unit, in the order they came. `thank_key` is the form's key: a form sent twice makes
-- one note. The sender reads the words only (never who wrote them, unless they say so).
CREATE TABLE gift_thanks (
    gift_token TEXT NOT NULL REFERENCES gifts(token),
    position   BIGINT NOT NULL,
    message    TEXT NOT NULL,
    lang       TEXT NOT NULL,
    thank_key  TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (gift_token, position)
);
