-- The catalog in the shop's other languages. The catalog's own columns hold Japanese (required);
-- a row here gives a category, product or variant its name (and a product its description) in
-- Chinese or English. A missing row or empty text falls back to Japanese.
CREATE TABLE catalog_texts (
    entry       TEXT NOT NULL CHECK (entry IN ('category', 'product', 'variant')),
    id          TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('zh-Hans', 'en')),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry, id, lang)
);
