-- A product has several photos, in order, each with a Japanese alt text (its translations are
-- catalog texts of the entry 'photo', keyed "<product id> <src>") and a focus point that stays in
-- view when a card crops it. `products.image` keeps the first photo's src for what reads one
-- image (orders, gift units, cards). A variant may point at one of its product's photos.
CREATE TABLE product_photos (
    product_id TEXT NOT NULL REFERENCES products(id),
    position   BIGINT NOT NULL,
    src        TEXT NOT NULL,
    alt        TEXT NOT NULL,
    focus_x    BIGINT NOT NULL DEFAULT 50 CHECK (focus_x BETWEEN 0 AND 100),
    focus_y    BIGINT NOT NULL DEFAULT 50 CHECK (focus_y BETWEEN 0 AND 100),
    PRIMARY KEY (product_id, src)
);
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE ON product_photos
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_catalog();
CREATE TRIGGER texts_changed AFTER INSERT OR UPDATE OR DELETE ON product_photos
    FOR EACH STATEMENT EXECUTE FUNCTION omiyage_notify_texts();

-- Every product's single image becomes its first photo, described by the product's name.
INSERT INTO product_photos (product_id, position, src, alt)
    SELECT id, 0, image, name FROM products WHERE image <> '';

ALTER TABLE variants ADD COLUMN photo TEXT;

ALTER TABLE catalog_texts DROP CONSTRAINT catalog_texts_entry_check;
ALTER TABLE catalog_texts ADD CONSTRAINT catalog_texts_entry_check
    CHECK (entry IN ('category', 'product', 'variant', 'photo'));

-- A migrated photo's alt text in each language is the product's name in it.
INSERT INTO catalog_texts (entry, id, lang, name, description)
    SELECT 'photo', p.id || ' ' || p.image, t.lang, t.name, ''
    FROM products p JOIN catalog_texts t ON t.entry = 'product' AND t.id = p.id
    WHERE p.image <> '' AND t.name <> '';
