-- Consumption tax: each variant's class (standard 10 %, reduced 8 % for food and
-- non-alcoholic drinks). Prices stay tax-included; orders record their per-rate totals in the
-- order view.
ALTER TABLE variants ADD COLUMN tax_class TEXT NOT NULL DEFAULT 'standard'
    CHECK (tax_class IN ('standard', 'reduced'));
