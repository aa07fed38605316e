//! The demo catalog both backends start with: 14 products in 3 categories, prices in JPY,
//! several with variants, some low or out of stock. Japanese is each entry's own text; Chinese
//! and English come as translations ([`texts`]), as a merchant would enter them in the console.

use omiyage_api::{Category, LocalText, Money, Product, TaxClass, Variant};

use crate::catalog::{CatalogText, Entry};

/// A text in `[ja, zh-Hans, en]`.
type Tri = [&'static str; 3];

const CATEGORIES: [(&str, Tri); 3] = [
    ("sweets", ["お菓子", "点心", "Sweets"]),
    ("tea", ["お茶・飲み物", "茶与饮品", "Tea & drinks"]),
    ("crafts", ["工芸品", "工艺品", "Crafts"]),
];

/// (variant id, names, price in yen, stock)
type VariantSeed = (&'static str, Tri, i64, u32);

/// (id, names, category, descriptions, variants)
type ProductSeed = (&'static str, Tri, &'static str, Tri, &'static [VariantSeed]);

const fn same(text: &'static str) -> Tri {
    [text, text, text]
}

const PRODUCTS: [ProductSeed; 14] = [
    (
        "matcha-kitkat",
        ["抹茶キットカット", "抹茶奇巧", "Matcha KitKat"],
        "sweets",
        [
            "宇治抹茶のウエハース、個包装。京都みやげの定番です。",
            "宇治抹茶威化，独立包装：京都经典伴手礼。",
            "Uji matcha wafers, individually wrapped: the classic souvenir from Kyoto.",
        ],
        &[
            ("12", ["12枚入", "12块装", "12 pieces"], 1_200, 40),
            ("24", ["24枚入", "24块装", "24 pieces"], 2_200, 3),
        ],
    ),
    (
        "tokyo-banana",
        ["東京ばな奈", "东京香蕉蛋糕", "Tokyo Banana"],
        "sweets",
        [
            "バナナカスタードを包んだスポンジケーキ。8個入りのギフトボックス。",
            "包裹香蕉奶油馅的海绵蛋糕，8个礼盒装。",
            "Sponge cake filled with banana custard, 8 pieces in a gift box.",
        ],
        &[("8", ["8個入", "8个装", "8 pieces"], 1_300, 25)],
    ),
    (
        "shiroi-koibito",
        ["白い恋人", "白色恋人", "Shiroi Koibito"],
        "sweets",
        [
            "ホワイトチョコレートをはさんだラング・ド・シャ。札幌から。",
            "夹着白巧克力的猫舌饼干，来自札幌。",
            "Langue de chat biscuits with white chocolate, from Sapporo.",
        ],
        &[
            ("12", ["12枚入", "12块装", "12 pieces"], 1_500, 18),
            ("24", ["24枚入", "24块装", "24 pieces"], 2_900, 7),
        ],
    ),
    (
        "yatsuhashi",
        ["生八つ橋", "生八桥", "Nama Yatsuhashi"],
        "sweets",
        [
            "米粉のやわらかな皮であんを包んだ三角の和菓子。味を選べます。",
            "米粉软皮包裹豆沙馅的三角形和果子，可选口味。",
            "Soft rice-flour triangles around sweet bean paste. Pick a flavour.",
        ],
        &[
            ("cinnamon", ["シナモン", "肉桂", "Cinnamon"], 800, 12),
            ("matcha", ["抹茶", "抹茶", "Matcha"], 800, 9),
            ("chocolate", ["チョコレート", "巧克力", "Chocolate"], 800, 0),
        ],
    ),
    (
        "momiji-manju",
        ["もみじ饅頭", "红叶馒头", "Momiji Manju"],
        "sweets",
        [
            "宮島名物、こしあん入りのもみじ形の焼き菓子。",
            "宫岛特产，红豆沙馅的枫叶形烤点心。",
            "Maple-leaf cakes from Miyajima filled with red bean paste.",
        ],
        &[("10", ["10個入", "10个装", "10 pieces"], 1_100, 0)],
    ),
    (
        "uji-sencha",
        ["宇治煎茶", "宇治煎茶", "Uji Sencha"],
        "tea",
        [
            "京都・宇治の一番茶の茶葉。",
            "京都宇治的头茬绿茶茶叶。",
            "First-flush green tea leaves from Uji, Kyoto.",
        ],
        &[
            ("100g", same("100 g"), 1_800, 20),
            ("200g", same("200 g"), 3_400, 6),
        ],
    ),
    (
        "genmaicha",
        ["玄米茶", "玄米茶", "Genmaicha"],
        "tea",
        [
            "炒った玄米を合わせた緑茶。香ばしくまろやか。",
            "加入炒糙米的绿茶，香醇柔和。",
            "Green tea with roasted brown rice: nutty and mellow.",
        ],
        &[("200g", same("200 g"), 900, 30)],
    ),
    (
        "hojicha-latte",
        ["ほうじ茶ラテの素", "焙茶拿铁粉", "Hojicha Latte Mix"],
        "tea",
        [
            "香ばしく甘いラテが作れるほうじ茶パウダー。",
            "焙茶粉，冲出香浓微甜的拿铁。",
            "Roasted green tea powder for a smoky, sweet latte.",
        ],
        &[("10", ["10本入", "10条装", "10 sticks"], 1_100, 2)],
    ),
    (
        "junmai-sake",
        ["純米酒", "纯米清酒", "Junmai Sake"],
        "tea",
        [
            "米と水と麹だけで造った、新潟の蔵元の辛口純米酒。",
            "只用大米、水和曲酿造：新潟酒厂的辛口纯米酒。",
            "Rice, water and koji only: a dry junmai from a Niigata brewery.",
        ],
        &[
            ("300ml", same("300 ml"), 1_600, 15),
            ("720ml", same("720 ml"), 3_200, 4),
        ],
    ),
    (
        "furoshiki",
        ["風呂敷", "风吕敷包袱布", "Furoshiki Cloth"],
        "crafts",
        [
            "70 cm角の綿の風呂敷。色を選べます。",
            "70 厘米见方的棉质包袱布，可选颜色。",
            "A 70 cm cotton wrapping cloth. Choose a colour.",
        ],
        &[
            ("indigo", ["藍", "靛蓝", "Indigo"], 2_400, 10),
            ("sakura", ["桜色", "樱花粉", "Sakura pink"], 2_400, 5),
            ("matcha", ["抹茶色", "抹茶绿", "Matcha green"], 2_400, 8),
        ],
    ),
    (
        "tenugui",
        ["手ぬぐい", "日式手巾", "Tenugui Towel"],
        "crafts",
        [
            "伝統柄を手染めした綿の手ぬぐい。",
            "手工染制传统图案的棉手巾。",
            "Hand-dyed cotton towel with a traditional pattern.",
        ],
        &[
            ("waves", ["青海波", "海浪纹", "Waves"], 1_200, 14),
            ("cranes", ["鶴", "仙鹤", "Cranes"], 1_200, 11),
        ],
    ),
    (
        "daruma",
        ["だるま", "达摩不倒翁", "Daruma Doll"],
        "crafts",
        [
            "張り子の願掛け人形。願いごとをしたら片目を描き入れます。",
            "纸糊许愿娃娃：许愿时画上一只眼睛。",
            "Papier-mâché wishing doll: paint one eye when you make a wish.",
        ],
        &[
            ("small", ["小", "小号", "Small"], 1_500, 9),
            ("medium", ["中", "中号", "Medium"], 3_000, 0),
        ],
    ),
    (
        "lacquer-chopsticks",
        ["輪島塗の箸", "轮岛漆筷", "Lacquered Chopsticks"],
        "crafts",
        [
            "桐箱入りの輪島塗の箸。",
            "桐木盒装的轮岛漆筷。",
            "Wajima lacquer chopsticks in a paulownia box.",
        ],
        &[("pair", ["1膳", "一双", "One pair"], 2_800, 12)],
    ),
    (
        "kokeshi",
        ["こけし", "小芥子木偶", "Kokeshi Doll"],
        "crafts",
        [
            "東北の職人がろくろで挽いて絵付けした木の人形。",
            "日本东北地区工匠车制彩绘的木偶。",
            "Hand-turned and painted wooden doll from Tohoku.",
        ],
        &[("standard", ["標準", "标准", "Standard"], 4_500, 1)],
    ),
];

pub fn categories() -> Vec<Category> {
    CATEGORIES
        .iter()
        .map(|(id, [ja, ..])| Category {
            id: (*id).into(),
            name: (*ja).into(),
        })
        .collect()
}

fn variant_id(product: &str, variant: &str) -> String {
    format!("{product}-{variant}")
}

/// What the demo's products offer as gift options, by category: crafts are wrapped and carry a
/// card; food and drinks may also have のし.
pub fn gift_options(category: &str) -> omiyage_api::ProductGiftOptions {
    omiyage_api::ProductGiftOptions {
        noshi: category != "crafts",
        ..crate::gift_options::EVERY_OPTION
    }
}

/// The demo shop's gift options: のし free, a card ¥110, two wrapping papers.
pub fn gift_option_settings() -> omiyage_api::GiftOptionSettings {
    let paper = |id: &str, [ja, zh, en]: Tri, price| omiyage_api::Wrapping {
        id: id.into(),
        name: ja.into(),
        translations: [("zh-Hans", zh), ("en", en)]
            .into_iter()
            .map(|(tag, name)| {
                (
                    tag.to_string(),
                    omiyage_api::LocalText {
                        name: name.into(),
                        description: String::new(),
                    },
                )
            })
            .collect(),
        image: format!("/img/paper-{id}.svg"),
        price,
        tax_class: TaxClass::Standard,
        disabled: false,
    };
    omiyage_api::GiftOptionSettings {
        wrappings: vec![
            paper(
                "washi-crimson",
                ["和紙・紅", "和纸·红色", "Washi paper, crimson"],
                330,
            ),
            paper(
                "kraft-indigo",
                ["包装紙・藍", "包装纸·靛蓝", "Wrapping paper, indigo"],
                220,
            ),
        ],
        ..crate::gift_options::default_settings()
    }
}

pub fn products() -> Vec<Product> {
    PRODUCTS
        .iter()
        .map(|&(id, [name, ..], category, [description, ..], variants)| {
            // Food and tea are reduced-rate (8 %); sake, as an alcoholic drink, and crafts are
            // standard.
            let tax_class = if category == "crafts" || id == "junmai-sake" {
                TaxClass::Standard
            } else {
                TaxClass::Reduced
            };
            Product {
                offers_gift_options: gift_options(category).any(),
                id: id.into(),
                name: name.into(),
                description: description.into(),
                category: category.into(),
                image: format!("/img/{id}.svg"),
                photos: vec![omiyage_api::Photo::new(format!("/img/{id}.svg"), name)],
                variants: variants
                    .iter()
                    .map(|&(vid, [vname, ..], price, stock)| Variant {
                        id: variant_id(id, vid),
                        name: vname.into(),
                        price: Money::jpy(price),
                        stock,
                        tax_class,
                        photo: None,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The demo catalog's Chinese and English texts.
pub fn texts() -> Vec<CatalogText> {
    let mut out = Vec::new();
    let mut push = |entry: Entry, id: String, tri: Tri, description: Option<Tri>| {
        for (i, lang) in [(1, "zh-Hans"), (2, "en")] {
            out.push(CatalogText {
                entry,
                id: id.clone(),
                lang: lang.into(),
                text: LocalText {
                    name: tri[i].into(),
                    description: description.map(|d| d[i].into()).unwrap_or_default(),
                },
            });
        }
    };
    for (id, names) in CATEGORIES {
        push(Entry::Category, id.into(), names, None);
    }
    for (id, names, _, descriptions, variants) in PRODUCTS {
        push(Entry::Product, id.into(), names, Some(descriptions));
        let photo = crate::catalog::photo_key(id, &format!("/img/{id}.svg"));
        push(Entry::Photo, photo, names, None);
        for &(vid, vnames, ..) in variants {
            push(Entry::Variant, variant_id(id, vid), vnames, None);
        }
    }
    out
}

/// The demo shop's coupon: `WELCOME10`, 10 % off everything, once per email, for a year from
/// the shop day of `now` (both backends seed it, so the code can be tried anywhere).
pub fn demo_coupon(now: i64) -> crate::coupon::Coupon {
    let today = crate::sales::day_of(now);
    crate::coupon::Coupon {
        code: "WELCOME10".into(),
        kind: omiyage_api::DiscountKind::Percent,
        value: 10,
        min_spend: 0,
        starts_at: crate::sales::day_start(today),
        ends_at: crate::sales::day_start(today + 366),
        product_ids: Vec::new(),
        category_ids: Vec::new(),
        max_uses: None,
        per_email: Some(1),
        promoter_id: None,
        disabled: false,
    }
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
