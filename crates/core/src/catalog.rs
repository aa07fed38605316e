//! Catalog filtering (which products a category and search text show) and the catalog in the
//! reader's language.

use std::collections::HashMap;

use omiyage_api::{Catalog, CatalogQuery, Category, LocalText, Product, Translations};

use crate::lang::Lang;

/// Which kind of catalog entry a text belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    Category,
    Product,
    Variant,
    /// A product photo's alt text (in `name`), keyed by [`photo_key`].
    Photo,
}

/// The id a product photo's texts are stored under: the product's id and the photo's `src`.
pub fn photo_key(product: &str, src: &str) -> String {
    format!("{product} {src}")
}

impl Entry {
    pub fn as_str(self) -> &'static str {
        match self {
            Entry::Category => "category",
            Entry::Product => "product",
            Entry::Variant => "variant",
            Entry::Photo => "photo",
        }
    }

    pub fn parse(s: &str) -> Option<Entry> {
        [
            Entry::Category,
            Entry::Product,
            Entry::Variant,
            Entry::Photo,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }
}

/// A translated text of a catalog entry, as stored: which entry, which language, the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogText {
    pub entry: Entry,
    pub id: String,
    pub lang: String,
    pub text: LocalText,
}

impl CatalogText {
    /// As a row for [`Overlay::of`].
    pub fn row(&self) -> (Entry, &str, &str, LocalText) {
        (self.entry, &self.id, &self.lang, self.text.clone())
    }

    /// The rows of one entry's translations.
    pub fn of_entry(entry: Entry, id: &str, t: &Translations) -> Vec<CatalogText> {
        t.iter()
            .map(|(lang, text)| CatalogText {
                entry,
                id: id.to_string(),
                lang: lang.clone(),
                text: text.clone(),
            })
            .collect()
    }
}

/// The catalog's texts in one language, laid over the Japanese catalog. An entry without a text
/// in that language, or with an empty one, keeps its Japanese text.
#[derive(Clone, Debug, Default)]
pub struct Overlay(HashMap<(Entry, String), LocalText>);

impl Overlay {
    /// The overlay of one language from `(entry, id, language tag, text)` rows; rows of other
    /// languages are skipped, and Japanese needs none.
    pub fn of<'a>(
        lang: Lang,
        rows: impl IntoIterator<Item = (Entry, &'a str, &'a str, LocalText)>,
    ) -> Overlay {
        Overlay(
            rows.into_iter()
                .filter(|(_, _, tag, _)| lang != Lang::Ja && *tag == lang.tag())
                .map(|(entry, id, _, text)| ((entry, id.to_string()), text))
                .collect(),
        )
    }

    fn name(&self, entry: Entry, id: &str, name: &mut String) {
        if let Some(t) = self.0.get(&(entry, id.to_string()))
            && !t.name.trim().is_empty()
        {
            name.clone_from(&t.name);
        }
    }

    pub fn product(&self, p: &mut Product) {
        if let Some(t) = self.0.get(&(Entry::Product, p.id.clone())) {
            if !t.name.trim().is_empty() {
                p.name.clone_from(&t.name);
            }
            if !t.description.trim().is_empty() {
                p.description.clone_from(&t.description);
            }
        }
        for v in &mut p.variants {
            self.name(Entry::Variant, &v.id, &mut v.name);
        }
        for photo in &mut p.photos {
            self.name(Entry::Photo, &photo_key(&p.id, &photo.src), &mut photo.alt);
        }
    }

    /// Replaces `name` with product `id`'s name in this language, if it has one.
    pub fn product_name(&self, id: &str, name: &mut String) {
        self.name(Entry::Product, id, name);
    }

    pub fn category(&self, c: &mut Category) {
        self.name(Entry::Category, &c.id, &mut c.name);
    }

    pub fn catalog(&self, catalog: &mut Catalog) {
        catalog.categories.iter_mut().for_each(|c| self.category(c));
        catalog.products.iter_mut().for_each(|p| self.product(p));
    }
}

/// The languages an entry may be translated into (every one but Japanese, the entry's own).
pub const TRANSLATED: [Lang; 2] = [Lang::ZhHans, Lang::En];

/// A form's translations as stored: known languages only, trimmed, empty ones dropped.
pub fn clean_translations(t: &Translations) -> Translations {
    t.iter()
        .filter(|(tag, _)| TRANSLATED.iter().any(|l| l.tag() == tag.as_str()))
        .map(|(tag, text)| {
            (
                tag.clone(),
                LocalText {
                    name: text.name.trim().to_string(),
                    description: text.description.trim().to_string(),
                },
            )
        })
        .filter(|(_, text)| !(text.name.is_empty() && text.description.is_empty()))
        .collect()
}

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
    fn a_photos_alt_text_is_in_the_readers_language_or_japanese() {
        let mut p = seed::products().remove(0);
        p.photos
            .push(omiyage_api::Photo::new("/img/second.svg", "箱の裏"));
        let key = photo_key(&p.id, "/img/second.svg");
        let rows = seed::texts();
        let zh_only = [(
            Entry::Photo,
            key.as_str(),
            "zh-Hans",
            LocalText {
                name: "盒子背面".into(),
                description: String::new(),
            },
        )];
        let mut en = p.clone();
        Overlay::of(
            Lang::En,
            rows.iter().map(|t| t.row()).chain(zh_only.clone()),
        )
        .product(&mut en);
        assert_eq!(en.photos[0].alt, "Matcha KitKat");
        assert_eq!(en.photos[1].alt, "箱の裏");
        let mut zh = p.clone();
        Overlay::of(Lang::ZhHans, rows.iter().map(|t| t.row()).chain(zh_only)).product(&mut zh);
        assert_eq!(zh.photos[1].alt, "盒子背面");
    }

    #[test]
    fn search_is_case_insensitive_and_by_words() {
        let mut all = seed::products();
        let en = Overlay::of(Lang::En, seed::texts().iter().map(|t| t.row()));
        all.iter_mut().for_each(|p| en.product(p));
        let found = filter(all.clone(), &query(None, Some("MATCHA kit")));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "matcha-kitkat");
        assert_eq!(
            filter(all.clone(), &query(None, Some("   "))).len(),
            all.len()
        );
    }

    #[test]
    fn an_overlay_replaces_only_the_texts_it_has() {
        let mut catalog = Catalog {
            categories: seed::categories(),
            products: seed::products(),
        };
        let ja = catalog.clone();
        Overlay::of(Lang::En, seed::texts().iter().map(|t| t.row())).catalog(&mut catalog);
        let kitkat = &catalog.products[0];
        assert_eq!(kitkat.name, "Matcha KitKat");
        assert_eq!(kitkat.variants[0].name, "12 pieces");
        assert_eq!(catalog.categories[0].name, "Sweets");
        assert_ne!(kitkat.name, ja.products[0].name);
        // Japanese needs no overlay; rows of another language change nothing.
        let mut same = ja.clone();
        Overlay::of(Lang::Ja, seed::texts().iter().map(|t| t.row())).catalog(&mut same);
        assert_eq!(same, ja);
        // An empty name falls back to Japanese.
        let mut p = ja.products[0].clone();
        let blank = LocalText {
            name: " ".into(),
            description: "Wafers".into(),
        };
        Overlay::of(Lang::En, [(Entry::Product, p.id.as_str(), "en", blank)]).product(&mut p);
        assert_eq!(p.name, ja.products[0].name);
        assert_eq!(p.description, "Wafers");
    }

    #[test]
    fn every_demo_entry_speaks_all_three_languages() {
        let texts = seed::texts();
        for lang in TRANSLATED {
            let has = |entry: Entry, id: &str| {
                texts.iter().any(|t| {
                    t.entry == entry
                        && t.id == id
                        && t.lang == lang.tag()
                        && !t.text.name.is_empty()
                })
            };
            for c in seed::categories() {
                assert!(has(Entry::Category, &c.id), "{} {}", c.id, lang.tag());
            }
            for p in seed::products() {
                assert!(has(Entry::Product, &p.id), "{} {}", p.id, lang.tag());
                for v in &p.variants {
                    assert!(has(Entry::Variant, &v.id), "{} {}", v.id, lang.tag());
                }
            }
        }
    }

    #[test]
    fn translations_keep_known_languages_trimmed() {
        let mut t = Translations::new();
        t.insert(
            "en".into(),
            LocalText {
                name: " Yuzu jam ".into(),
                description: String::new(),
            },
        );
        t.insert(
            "fr".into(),
            LocalText {
                name: "Confiture".into(),
                description: String::new(),
            },
        );
        t.insert("zh-Hans".into(), LocalText::default());
        let clean = clean_translations(&t);
        assert_eq!(clean.len(), 1);
        assert_eq!(clean["en"].name, "Yuzu jam");
    }

    #[test]
    fn category_filter_keeps_only_that_category() {
        let found = filter(seed::products(), &query(Some("tea"), None));
        assert!(!found.is_empty());
        assert!(found.iter().all(|p| p.category == "tea"));
    }
}
