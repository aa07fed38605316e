//! Gift options (のし, wrapping, a message card): the shop's settings checked, a shopper's
//! choice for one line checked against what its product offers, and the choice priced as its
//! own lines. An option is bought once per unit of its line; a coupon takes nothing off it.

use omiyage_api::{
    ApiError, FieldError, GiftOptionSettings, LineOptions, Money, NoshiChoice, NoshiPlacement,
    OptionKind, OptionLine, ProductGiftOptions, TaxClass, Wrapping,
};

use crate::lang::Lang;
use crate::noshi::{self, Placement};

/// Most characters on a message card.
pub const MAX_CARD_CHARS: usize = 200;
/// Highest price of an option, in yen.
pub const MAX_PRICE: i64 = 100_000;
/// Most wrapping papers a shop keeps.
pub const MAX_WRAPPINGS: usize = 20;

/// A shop that has set nothing yet: のし free, a card ¥110, no wrapping papers.
pub fn default_settings() -> GiftOptionSettings {
    GiftOptionSettings {
        noshi_price: 0,
        noshi_tax_class: TaxClass::Standard,
        card_price: 110,
        card_tax_class: TaxClass::Standard,
        yellow_for_condolences: false,
        wrappings: Vec::new(),
    }
}

/// Checks the admin's settings: prices from ¥0 to [`MAX_PRICE`], each paper with a unique id
/// of lower-case letters, digits and hyphens and a name. Answers them trimmed.
pub fn validate_settings(input: &GiftOptionSettings) -> Result<GiftOptionSettings, ApiError> {
    let mut errors = Vec::new();
    let mut price = |field: String, value: i64| {
        if !(0..=MAX_PRICE).contains(&value) {
            errors.push(FieldError::new(
                field,
                format!("A price is from ¥0 to ¥{MAX_PRICE}."),
            ));
        }
    };
    price("noshi_price".into(), input.noshi_price);
    price("card_price".into(), input.card_price);
    for (i, w) in input.wrappings.iter().enumerate() {
        price(format!("wrappings[{i}].price"), w.price);
    }
    if input.wrappings.len() > MAX_WRAPPINGS {
        errors.push(FieldError::new(
            "wrappings",
            format!("A shop keeps at most {MAX_WRAPPINGS} wrapping papers."),
        ));
    }
    let mut wrappings = Vec::with_capacity(input.wrappings.len());
    for (i, w) in input.wrappings.iter().enumerate() {
        let id = w.id.trim();
        let slug = !id.is_empty()
            && id.len() <= 40
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug {
            errors.push(FieldError::new(
                format!("wrappings[{i}].id"),
                "Use 1–40 lower-case letters, digits and hyphens.",
            ));
        } else if input.wrappings[..i].iter().any(|o| o.id.trim() == id) {
            errors.push(FieldError::new(
                format!("wrappings[{i}].id"),
                "Another paper has this id.",
            ));
        }
        let name = w.name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            errors.push(FieldError::new(
                format!("wrappings[{i}].name"),
                "Give the paper a name of at most 40 characters.",
            ));
        }
        wrappings.push(Wrapping {
            id: id.to_string(),
            name: name.to_string(),
            translations: crate::catalog::clean_translations(&w.translations),
            image: w.image.trim().to_string(),
            ..w.clone()
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(GiftOptionSettings {
        wrappings,
        ..input.clone()
    })
}

/// A product's options as stored: `noshi,wrapping,card,seafood`, the ones it has.
pub fn flags_text(o: ProductGiftOptions) -> String {
    [
        (o.noshi, "noshi"),
        (o.wrapping, "wrapping"),
        (o.card, "card"),
        (o.seafood, "seafood"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect::<Vec<_>>()
    .join(",")
}

/// Reads [`flags_text`] back (unknown words are ignored).
pub fn parse_flags(text: &str) -> ProductGiftOptions {
    let has = |name| text.split(',').any(|w| w.trim() == name);
    ProductGiftOptions {
        noshi: has("noshi"),
        wrapping: has("wrapping"),
        card: has("card"),
        seafood: has("seafood"),
    }
}

/// What a product offering options offers when nothing more is said (the demo's, a test's).
pub const EVERY_OPTION: ProductGiftOptions = ProductGiftOptions {
    noshi: true,
    wrapping: true,
    card: true,
    seafood: false,
};

/// The papers a shopper may choose now.
pub fn offered_wrappings(settings: &GiftOptionSettings) -> impl Iterator<Item = &Wrapping> {
    settings.wrappings.iter().filter(|w| !w.disabled)
}

/// A paper's name in `lang` (Japanese when it has none).
pub fn wrapping_name(w: &Wrapping, lang: Lang) -> &str {
    w.translations
        .get(lang.tag())
        .map(|t| t.name.trim())
        .filter(|n| !n.is_empty())
        .unwrap_or(&w.name)
}

/// A line's choice once checked: the のし as it will be written, the paper, the card's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub noshi: Option<(NoshiChoice, noshi::Noshi)>,
    pub wrapping: Option<Wrapping>,
    /// The text printed on the card.
    pub card: Option<String>,
}

/// The placement as the のし rules name it.
pub fn placement(p: NoshiPlacement) -> Placement {
    match p {
        NoshiPlacement::Inner => Placement::Inner,
        NoshiPlacement::Outer => Placement::Outer,
    }
}

/// Checks a line's choice against what its product offers. `field` prefixes the errors
/// (`lines[0].options`); `greeting` is the gift's greeting, printed on a card left empty (a
/// plain order's card needs its text).
pub fn check(
    choice: &LineOptions,
    offered: ProductGiftOptions,
    settings: &GiftOptionSettings,
    greeting: Option<&str>,
    field: &str,
) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let not_offered = |what: &str| {
        FieldError::new(
            format!("{field}.{what}"),
            format!("This product does not offer {what}."),
        )
    };
    let noshi = match &choice.noshi {
        None => None,
        Some(_) if !offered.noshi => {
            errors.push(not_offered("noshi"));
            None
        }
        Some(n) => match noshi::check(
            &n.omotegaki,
            placement(n.placement),
            &n.names,
            offered.seafood,
            settings.yellow_for_condolences,
        ) {
            Ok(drawn) => Some((
                NoshiChoice {
                    omotegaki: drawn.omotegaki.clone(),
                    placement: n.placement,
                    names: n
                        .names
                        .iter()
                        .map(|g| g.trim().to_string())
                        .filter(|g| !g.is_empty())
                        .collect(),
                },
                drawn,
            )),
            Err(e) => {
                errors.extend(e.fields.into_iter().map(|mut f| {
                    f.field = format!("{field}.{}", f.field);
                    f
                }));
                None
            }
        },
    };
    let wrapping = match &choice.wrapping {
        None => None,
        Some(_) if !offered.wrapping => {
            errors.push(not_offered("wrapping"));
            None
        }
        Some(id) => {
            let paper = offered_wrappings(settings).find(|w| w.id == *id).cloned();
            if paper.is_none() {
                errors.push(FieldError::new(
                    format!("{field}.wrapping"),
                    "This wrapping paper is no longer offered: choose another.",
                ));
            }
            paper
        }
    };
    let card = match &choice.card {
        None => None,
        Some(_) if !offered.card => {
            errors.push(not_offered("card"));
            None
        }
        Some(text) => {
            let text = text.trim();
            let printed = match (text.is_empty(), greeting) {
                (false, _) => text,
                (true, Some(g)) if !g.trim().is_empty() => g.trim(),
                _ => {
                    errors.push(FieldError::new(
                        format!("{field}.card"),
                        "Write what the card should say.",
                    ));
                    ""
                }
            };
            if printed.chars().count() > MAX_CARD_CHARS {
                errors.push(FieldError::new(
                    format!("{field}.card"),
                    format!("Keep the card to {MAX_CARD_CHARS} characters."),
                ));
            }
            Some(printed.to_string())
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Checked {
        noshi,
        wrapping,
        card,
    })
}

/// A choice as a token (URL-safe base64 of its JSON): how the options page hands it to the
/// cart and the cart to checkout (`options_token`), unread on the way.
pub fn token(choice: &LineOptions) -> String {
    use base64::Engine as _;
    let json = serde_json::to_string(choice).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// Reads a [`token`] back (`None`: not one).
pub fn from_token(token: &str) -> Option<LineOptions> {
    use base64::Engine as _;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.trim())
        .ok()?;
    serde_json::from_slice(&json).ok()
}

/// A gift's options as its recipient reads them, in their `lang`: what was chosen, never a
/// price; the card only as a card (its text is the parcel's surprise).
pub fn for_recipient(options: &[OptionLine], lang: Lang) -> String {
    let lines: Vec<String> = options
        .iter()
        .map(|o| match o.kind {
            OptionKind::Card => kind_name(o.kind, lang).to_string(),
            kind => format!("{}: {}", kind_name(kind, lang), o.detail),
        })
        .collect();
    lines.join("\n")
}

/// What an option is called, in `lang`.
pub fn kind_name(kind: OptionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (OptionKind::Noshi, Lang::Ja) => "のし",
        (OptionKind::Noshi, Lang::ZhHans) => "熨斗（のし）",
        (OptionKind::Noshi, Lang::En) => "Noshi paper",
        (OptionKind::Wrapping, Lang::Ja) => "ラッピング",
        (OptionKind::Wrapping, Lang::ZhHans) => "礼品包装",
        (OptionKind::Wrapping, Lang::En) => "Gift wrapping",
        (OptionKind::Card, Lang::Ja) => "メッセージカード",
        (OptionKind::Card, Lang::ZhHans) => "留言卡",
        (OptionKind::Card, Lang::En) => "Message card",
    }
}

/// A のし as the shopper reads it: `御歳暮 · 内のし · 佐藤 花子 / 山田 太郎`.
pub fn noshi_detail(noshi: &noshi::Noshi) -> String {
    let mut parts = vec![noshi.omotegaki.clone(), noshi.placement.name().to_string()];
    if !noshi.names.is_empty() {
        parts.push(noshi.names.join(" / "));
    }
    parts.join(" · ")
}

/// Prices a checked choice for goods line `line` of `quantity` units: one line per option.
pub fn price(
    checked: &Checked,
    line: u32,
    quantity: u32,
    settings: &GiftOptionSettings,
    lang: Lang,
) -> Result<Vec<OptionLine>, ApiError> {
    let mut out = Vec::new();
    let (seafood, yellow) = match &checked.noshi {
        Some((_, drawn)) => (
            !drawn.ornament && !drawn.mizuhiki.is_condolence(),
            settings.yellow_for_condolences,
        ),
        None => (false, false),
    };
    let mut push = |kind,
                    detail: String,
                    price: i64,
                    tax_class,
                    noshi: Option<NoshiChoice>|
     -> Result<(), ApiError> {
        let unit_price = Money::jpy(price);
        let line_total = unit_price
            .checked_mul(i64::from(quantity))
            .ok_or_else(|| ApiError::new(omiyage_api::ErrorCode::Invalid, "Too large to price."))?;
        out.push(OptionLine {
            line,
            kind,
            name: kind_name(kind, lang).to_string(),
            detail,
            unit_price,
            quantity,
            line_total,
            tax_class,
            seafood: seafood && noshi.is_some(),
            yellow: yellow && noshi.is_some(),
            noshi,
        });
        Ok(())
    };
    if let Some((choice, drawn)) = &checked.noshi {
        push(
            OptionKind::Noshi,
            noshi_detail(drawn),
            settings.noshi_price,
            settings.noshi_tax_class,
            Some(choice.clone()),
        )?;
    }
    if let Some(w) = &checked.wrapping {
        push(
            OptionKind::Wrapping,
            wrapping_name(w, lang).to_string(),
            w.price,
            w.tax_class,
            None,
        )?;
    }
    if let Some(text) = &checked.card {
        push(
            OptionKind::Card,
            text.clone(),
            settings.card_price,
            settings.card_tax_class,
            None,
        )?;
    }
    Ok(out)
}

/// The のし of an option line, drawn as when it was ordered (`None` for other options, or a
/// 表書き no longer on the list).
pub fn drawn_noshi(line: &OptionLine) -> Option<noshi::Noshi> {
    let n = line.noshi.as_ref()?;
    noshi::check(
        &n.omotegaki,
        placement(n.placement),
        &n.names,
        line.seafood,
        line.yellow,
    )
    .ok()
}

/// What one unit of a goods line's options costs, per tax class (standard, reduced).
pub fn per_unit(options: &[OptionLine], line: u32) -> (i64, i64) {
    options
        .iter()
        .filter(|o| o.line == line)
        .fold((0, 0), |(s, r), o| match o.tax_class {
            TaxClass::Standard => (s + o.unit_price.amount, r),
            TaxClass::Reduced => (s, r + o.unit_price.amount),
        })
}

#[cfg(test)]
mod tests;
