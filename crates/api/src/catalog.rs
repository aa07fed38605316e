use serde::{Deserialize, Serialize};

use crate::Money;

/// A catalog entry's text in one language other than Japanese (the entry's own language).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalText {
    pub name: String,
    /// Products only; empty falls back to the Japanese description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An entry's texts by language tag (`en`, `zh-Hans`). A language missing here, or an empty
/// name, falls back to Japanese.
pub type Translations = std::collections::BTreeMap<String, LocalText>;

/// A product category, e.g. "Sweets".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// One purchasable variant of a product (a size, a flavour) with its own price and stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub price: Money,
    /// Units available right now.
    pub stock: u32,
    /// Consumption tax class; the price includes the tax.
    #[serde(default)]
    pub tax_class: crate::TaxClass,
    /// The product photo that shows this variant (its `src`), e.g. a furoshiki's colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// One of a product's photos: where it is served, what it shows (for screen readers, in the
/// reader's language) and which point stays in view when a card crops it (per cent from the
/// left and from the top; 50/50 is the centre).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub src: String,
    /// In the reader's language, falling back to Japanese.
    #[serde(default)]
    pub alt: String,
    #[serde(default = "centre")]
    pub focus_x: u8,
    #[serde(default = "centre")]
    pub focus_y: u8,
}

pub(crate) fn centre() -> u8 {
    50
}

impl Photo {
    /// A photo with its focus in the centre.
    pub fn new(src: impl Into<String>, alt: impl Into<String>) -> Photo {
        Photo {
            src: src.into(),
            alt: alt.into(),
            focus_x: 50,
            focus_y: 50,
        }
    }

    /// The CSS `object-position` that keeps its focus in view (`30% 60%`).
    pub fn position(&self) -> String {
        format!("{}% {}%", self.focus_x, self.focus_y)
    }
}

/// A product as the storefront shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Id of its [`Category`].
    pub category: String,
    /// Path or URL of the product image: its first photo's `src` (empty without photos).
    pub image: String,
    /// Its photos in order; the first is the card's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    pub variants: Vec<Variant>,
    /// Offers gift options (のし, wrapping, a card): its cart line links to `/options/<id>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offers_gift_options: bool,
}

/// How much of a product is left, for the stock badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockLevel {
    InStock,
    /// At most this many units left.
    Low(u32),
    SoldOut,
}

/// At or under this many units a product or variant counts as "low in stock".
pub const LOW_STOCK: u32 = 5;

impl StockLevel {
    pub fn of(units: u32) -> StockLevel {
        match units {
            0 => StockLevel::SoldOut,
            n if n <= LOW_STOCK => StockLevel::Low(n),
            _ => StockLevel::InStock,
        }
    }
}

impl Product {
    /// The lowest variant price ("from ¥…").
    pub fn from_price(&self) -> Option<Money> {
        self.variants
            .iter()
            .map(|v| v.price)
            .min_by_key(|m| m.amount)
    }

    /// Whether variants differ in price, so the card says "from".
    pub fn has_price_range(&self) -> bool {
        let mut prices = self.variants.iter().map(|v| v.price.amount);
        let first = prices.next();
        prices.any(|p| Some(p) != first)
    }

    pub fn total_stock(&self) -> u32 {
        self.variants.iter().map(|v| v.stock).sum()
    }

    pub fn stock_level(&self) -> StockLevel {
        StockLevel::of(self.total_stock())
    }

    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}

/// The catalog: categories and the products that match a [`CatalogQuery`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
}

/// Filters for the catalog: a category id and a search text (matched against names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CatalogQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(prices_and_stock: &[(i64, u32)]) -> Product {
        Product {
            offers_gift_options: Default::default(),
            id: "p".into(),
            name: "P".into(),
            description: String::new(),
            category: "c".into(),
            image: String::new(),
            photos: Vec::new(),
            variants: prices_and_stock
                .iter()
                .enumerate()
                .map(|(i, &(price, stock))| Variant {
                    id: format!("v{i}"),
                    name: format!("V{i}"),
                    price: Money::jpy(price),
                    stock,
                    tax_class: crate::TaxClass::Standard,
                    photo: None,
                })
                .collect(),
        }
    }

    #[test]
    fn from_price_is_the_cheapest_variant() {
        let p = product(&[(1200, 3), (800, 0), (1500, 9)]);
        assert_eq!(p.from_price(), Some(Money::jpy(800)));
        assert!(p.has_price_range());
        assert!(!product(&[(500, 1), (500, 2)]).has_price_range());
    }

    #[test]
    fn stock_level_is_summed_over_variants() {
        assert_eq!(
            product(&[(1, 0), (1, 0)]).stock_level(),
            StockLevel::SoldOut
        );
        assert_eq!(product(&[(1, 2), (1, 3)]).stock_level(), StockLevel::Low(5));
        assert_eq!(product(&[(1, 6)]).stock_level(), StockLevel::InStock);
    }
}
