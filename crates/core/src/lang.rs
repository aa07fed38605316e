//! The languages the shop speaks and how a reader's preferences pick one. Both apps and every
//! server-rendered page use this one rule: the first preferred language the shop speaks (any
//! `zh` reads Simplified Chinese), Japanese when none matches. A shared link therefore opens in
//! the language of whoever opens it.

use omiyage_api::{Money, TaxClass, TaxTotal};

/// The cookie that tells the server the reader's choice (it renders the first page in it).
pub const LANG_COOKIE: &str = "omiyage_lang";

/// Japanese (the default), Simplified Chinese, English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    ZhHans,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ja, Lang::ZhHans, Lang::En];

    /// Of one thing written in each language (a page's table of texts), this language's.
    pub fn pick<'a, T: ?Sized>(self, ja: &'a T, zh_hans: &'a T, en: &'a T) -> &'a T {
        match self {
            Lang::Ja => ja,
            Lang::ZhHans => zh_hans,
            Lang::En => en,
        }
    }

    /// The BCP 47 tag: `<html lang>`, `Intl` formatting and the remembered choice.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::ZhHans => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The language's own name, for a switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::ZhHans => "简体中文",
            Lang::En => "English",
        }
    }

    /// The language a tag names, if the shop speaks it (`ja-JP`, `zh-CN`, `zh-Hans`, `en-GB`…).
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(&l.tag()[..2]))
    }

    /// The first of the reader's preferred tags (most preferred first) that the shop speaks.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::of_tag)
            .unwrap_or(Lang::Ja)
    }

    /// A price as the language writes it: `¥1,200`, or `1,200円` in Japanese.
    pub fn price(self, m: Money) -> String {
        match self {
            Lang::Ja => format!("{}円", m.format().replace(m.currency.symbol(), "")),
            _ => m.format(),
        }
    }

    /// One rate's line of an order's tax, as a receipt writes it: `10%対象 3,000円（内消費税 272円）`;
    /// reduced-rate lines are marked `※`.
    pub fn tax_line(self, t: &TaxTotal) -> String {
        let (rate, on, tax) = (t.class.percent(), self.price(t.taxable), self.price(t.tax));
        let mark = if t.class == TaxClass::Reduced {
            "※"
        } else {
            ""
        };
        match self {
            Lang::Ja => format!("{mark}{rate}%対象 {on}（内消費税 {tax}）"),
            Lang::ZhHans => format!("{mark}{rate}% 对象 {on}（其中消费税 {tax}）"),
            Lang::En => format!("{mark}{rate} % on {on}: {tax} tax"),
        }
    }

    /// What the `※` mark means.
    pub fn reduced_rate_note(self) -> &'static str {
        match self {
            Lang::Ja => "※は軽減税率（8%）対象",
            Lang::ZhHans => "※ 为适用轻减税率（8%）的商品",
            Lang::En => "* Reduced tax rate (8 %)",
        }
    }

    /// The language for an `Accept-Language` header (`zh-CN,zh;q=0.9,en;q=0.8`): tags ordered
    /// by their weight, ties kept in header order; `q=0` means "not this one".
    pub fn from_accept_language(header: &str) -> Lang {
        let mut tags: Vec<(u16, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(1000, |q| {
                        (q.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0) * 1000.0) as u16
                    });
                (q > 0 && !tag.is_empty()).then_some((q, i, tag))
            })
            .collect();
        tags.sort_by_key(|&(q, i, _)| (std::cmp::Reverse(q), i));
        Lang::negotiate(tags.into_iter().map(|(_, _, t)| t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_spoken_preference_wins_and_japanese_is_the_default() {
        assert_eq!(Lang::negotiate(["fr-FR", "zh-CN", "en"]), Lang::ZhHans);
        assert_eq!(Lang::negotiate(["en-US"]), Lang::En);
        assert_eq!(Lang::negotiate(["zh-TW"]), Lang::ZhHans);
        assert_eq!(Lang::negotiate(["fr", "de"]), Lang::Ja);
        assert_eq!(Lang::negotiate([]), Lang::Ja);
    }

    #[test]
    fn accept_language_is_read_by_weight() {
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::ZhHans
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1, en;q=0.5, ja;q=0.7"),
            Lang::Ja
        );
        assert_eq!(Lang::from_accept_language("en;q=0, zh;q=0.1"), Lang::ZhHans);
        assert_eq!(Lang::from_accept_language("en-GB"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::Ja);
        assert_eq!(Lang::from_accept_language("*"), Lang::Ja);
        assert_eq!(Lang::from_accept_language(";;,q=,en;q=abc"), Lang::Ja);
    }

    #[test]
    fn prices_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::Ja.price(Money::jpy(1_200)), "1,200円");
        assert_eq!(Lang::ZhHans.price(Money::jpy(1_200)), "¥1,200");
        assert_eq!(Lang::En.price(Money::jpy(-600)), "-¥600");
        assert_eq!(Lang::Ja.price(Money::jpy(-600)), "-600円");
    }

    #[test]
    fn tax_lines_mark_the_reduced_rate() {
        let t = |class, taxable, tax| TaxTotal {
            class,
            taxable: Money::jpy(taxable),
            tax: Money::jpy(tax),
        };
        assert_eq!(
            Lang::Ja.tax_line(&t(TaxClass::Standard, 3_000, 272)),
            "10%対象 3,000円（内消費税 272円）"
        );
        assert_eq!(
            Lang::Ja.tax_line(&t(TaxClass::Reduced, 1_300, 96)),
            "※8%対象 1,300円（内消費税 96円）"
        );
        assert_eq!(
            Lang::ZhHans.tax_line(&t(TaxClass::Standard, 968, 88)),
            "10% 对象 ¥968（其中消费税 ¥88）"
        );
        assert_eq!(
            Lang::En.tax_line(&t(TaxClass::Reduced, 1_080, 80)),
            "※8 % on ¥1,080: ¥80 tax"
        );
    }
}
