//! Catalog filtering: which products a category and search text show.

use omiyage_api::{CatalogQuery, Product};

/// Whether a product matches the query: same category (if given) and every word of the search
/// text found in its name or category, ignoring case.
pub fn matches(product: &Product, query: &CatalogQuery) -> bool {
    if let Some(category) = query.category.as_deref().filter(|c| !c.is_empty())
        && product.category != category
    {
        return false;
    }
    let Some(text) = query.q.as_deref() else {
        return true;
    };
    let haystack = format!("{} {}", product.name, product.category).to_lowercase();
    text.to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The products matching a query, in catalog order.
pub fn filter(products: Vec<Product>, query: &CatalogQuery) -> Vec<Product> {
    products.into_iter().filter(|p| matches(p, query)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    fn query(category: Option<&str>, q: Option<&str>) -> CatalogQuery {
        CatalogQuery {
            category: category.map(str::to_string),
            q: q.map(str::to_string),
        }
    }

    #[test]
    fn search_is_case_insensitive_and_by_words() {
        let all = seed::products();
        let found = filter(all.clone(), &query(None, Some("MATCHA kit")));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "matcha-kitkat");
        assert_eq!(
            filter(all.clone(), &query(None, Some("   "))).len(),
            all.len()
        );
    }

    #[test]
    fn category_filter_keeps_only_that_category() {
        let found = filter(seed::products(), &query(Some("tea"), None));
        assert!(!found.is_empty());
        assert!(found.iter().all(|p| p.category == "tea"));
    }
}
