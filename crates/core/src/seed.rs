//! The demo catalog both backends start with: 14 products in 3 categories, prices in JPY,
//! several with variants, some low or out of stock.

use omiyage_api::{Category, Money, Product, TaxClass, Variant};

pub fn categories() -> Vec<Category> {
    [
        ("sweets", "Sweets"),
        ("tea", "Tea & drinks"),
        ("crafts", "Crafts"),
    ]
    .into_iter()
    .map(|(id, name)| Category {
        id: id.into(),
        name: name.into(),
    })
    .collect()
}

type VariantSeed = (&'static str, &'static str, i64, u32);

fn product(
    id: &str,
    name: &str,
    category: &str,
    description: &str,
    variants: &[VariantSeed],
) -> Product {
    // Food and tea are reduced-rate (8 %); sake, as an alcoholic drink, and crafts are standard.
    let tax_class = if category == "crafts" || id == "junmai-sake" {
        TaxClass::Standard
    } else {
        TaxClass::Reduced
    };
    Product {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        category: category.into(),
        image: format!("/img/{id}.svg"),
        variants: variants
            .iter()
            .map(|&(vid, vname, price, stock)| Variant {
                id: format!("{id}-{vid}"),
                name: vname.into(),
                price: Money::jpy(price),
                stock,
                tax_class,
            })
            .collect(),
    }
}

pub fn products() -> Vec<Product> {
    vec![
        product(
            "matcha-kitkat",
            "Matcha KitKat",
            "sweets",
            "Uji matcha wafers, individually wrapped: the classic souvenir from Kyoto.",
            &[
                ("12", "12 pieces", 1_200, 40),
                ("24", "24 pieces", 2_200, 3),
            ],
        ),
        product(
            "tokyo-banana",
            "Tokyo Banana",
            "sweets",
            "Sponge cake filled with banana custard, 8 pieces in a gift box.",
            &[("8", "8 pieces", 1_300, 25)],
        ),
        product(
            "shiroi-koibito",
            "Shiroi Koibito",
            "sweets",
            "Langue de chat biscuits with white chocolate, from Sapporo.",
            &[
                ("12", "12 pieces", 1_500, 18),
                ("24", "24 pieces", 2_900, 7),
            ],
        ),
        product(
            "yatsuhashi",
            "Nama Yatsuhashi",
            "sweets",
            "Soft rice-flour triangles around sweet bean paste. Pick a flavour.",
            &[
                ("cinnamon", "Cinnamon", 800, 12),
                ("matcha", "Matcha", 800, 9),
                ("chocolate", "Chocolate", 800, 0),
            ],
        ),
        product(
            "momiji-manju",
            "Momiji Manju",
            "sweets",
            "Maple-leaf cakes from Miyajima filled with red bean paste.",
            &[("10", "10 pieces", 1_100, 0)],
        ),
        product(
            "uji-sencha",
            "Uji Sencha",
            "tea",
            "First-flush green tea leaves from Uji, Kyoto.",
            &[("100g", "100 g", 1_800, 20), ("200g", "200 g", 3_400, 6)],
        ),
        product(
            "genmaicha",
            "Genmaicha",
            "tea",
            "Green tea with roasted brown rice: nutty and mellow.",
            &[("200g", "200 g", 900, 30)],
        ),
        product(
            "hojicha-latte",
            "Hojicha Latte Mix",
            "tea",
            "Roasted green tea powder for a smoky, sweet latte.",
            &[("10", "10 sticks", 1_100, 2)],
        ),
        product(
            "junmai-sake",
            "Junmai Sake",
            "tea",
            "Rice, water and koji only: a dry junmai from a Niigata brewery.",
            &[
                ("300ml", "300 ml", 1_600, 15),
                ("720ml", "720 ml", 3_200, 4),
            ],
        ),
        product(
            "furoshiki",
            "Furoshiki Cloth",
            "crafts",
            "A 70 cm cotton wrapping cloth. Choose a colour.",
            &[
                ("indigo", "Indigo", 2_400, 10),
                ("sakura", "Sakura pink", 2_400, 5),
                ("matcha", "Matcha green", 2_400, 8),
            ],
        ),
        product(
            "tenugui",
            "Tenugui Towel",
            "crafts",
            "Hand-dyed cotton towel with a traditional pattern.",
            &[
                ("waves", "Waves", 1_200, 14),
                ("cranes", "Cranes", 1_200, 11),
            ],
        ),
        product(
            "daruma",
            "Daruma Doll",
            "crafts",
            "Papier-mâché wishing doll: paint one eye when you make a wish.",
            &[("small", "Small", 1_500, 9), ("medium", "Medium", 3_000, 0)],
        ),
        product(
            "lacquer-chopsticks",
            "Lacquered Chopsticks",
            "crafts",
            "Wajima lacquer chopsticks in a paulownia box.",
            &[("pair", "One pair", 2_800, 12)],
        ),
        product(
            "kokeshi",
            "Kokeshi Doll",
            "crafts",
            "Hand-turned and painted wooden doll from Tohoku.",
            &[("standard", "Standard", 4_500, 1)],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_catalog_is_varied_enough_to_demo() {
        let products = products();
        let categories: HashSet<_> = products.iter().map(|p| p.category.as_str()).collect();
        assert!(products.len() >= 12);
        assert!(categories.len() >= 3);
        assert!(products.iter().filter(|p| p.variants.len() > 1).count() >= 3);
        assert!(products.iter().any(|p| p.total_stock() == 0));
        assert!(products.iter().any(|p| (1..=5).contains(&p.total_stock())));
        let ids: HashSet<_> = products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.id.clone()))
            .collect();
        assert_eq!(
            ids.len(),
            products.iter().map(|p| p.variants.len()).sum::<usize>()
        );
        let known: HashSet<_> = super::categories().into_iter().map(|c| c.id).collect();
        assert!(products.iter().all(|p| known.contains(&p.category)));
    }
}
