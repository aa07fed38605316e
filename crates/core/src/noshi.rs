//! のし (noshi): the paper a Japanese gift is wrapped in, its 表書き (what the gift is for),
//! its 水引 (the cord, whose colour and knot follow the occasion), the のし ornament and the
//! givers' names; and the drawing of it that the shopper, the console and the packing slip show.
//!
//! The rule: an occasion that may happen again and again gets the bow that unties (紅白蝶結び);
//! one that should happen once, a knot that does not (紅白結び切り: 10 strands for a wedding,
//! 5 or 7 for a recovery or a get-well gift); a condolence, a black-and-white knot (yellow and
//! white where the shop's region uses it) and no のし ornament, as no ornament goes on seafood
//! or meat either (the ornament stands for dried abalone).

use omiyage_api::{ApiError, FieldError};

/// The cord and its knot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mizuhiki {
    /// 紅白蝶結び: what may happen again (celebrations, thanks, seasonal gifts).
    RedWhiteBow,
    /// 紅白結び切り, 10 strands: a wedding.
    RedWhiteKnotTen,
    /// 紅白結び切り, 5 or 7 strands: a recovery, a get-well gift.
    RedWhiteKnot,
    /// 黒白結び切り: condolences.
    BlackWhiteKnot,
    /// 黄白結び切り: condolences where the shop's region uses it (much of Kansai).
    YellowWhiteKnot,
}

impl Mizuhiki {
    /// Its name as the packer reads it.
    pub fn name(self) -> &'static str {
        match self {
            Mizuhiki::RedWhiteBow => "紅白蝶結び",
            Mizuhiki::RedWhiteKnotTen => "紅白結び切り（10本）",
            Mizuhiki::RedWhiteKnot => "紅白結び切り（5本・7本）",
            Mizuhiki::BlackWhiteKnot => "黒白結び切り",
            Mizuhiki::YellowWhiteKnot => "黄白結び切り",
        }
    }

    /// Whether it is a condolence's (no のし ornament, ever).
    pub fn is_condolence(self) -> bool {
        matches!(self, Mizuhiki::BlackWhiteKnot | Mizuhiki::YellowWhiteKnot)
    }

    /// The bow, which unties (not the knot).
    pub fn is_bow(self) -> bool {
        self == Mizuhiki::RedWhiteBow
    }

    /// The cord's two colours, dark then light, as drawn.
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            Mizuhiki::RedWhiteBow | Mizuhiki::RedWhiteKnotTen | Mizuhiki::RedWhiteKnot => {
                ("#c8102e", "#e8e4dc")
            }
            Mizuhiki::BlackWhiteKnot => ("#222222", "#e8e4dc"),
            Mizuhiki::YellowWhiteKnot => ("#c9a227", "#e8e4dc"),
        }
    }
}

/// What kind of occasion a 表書き is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Occasion {
    /// May happen again.
    Again,
    Wedding,
    /// Recovery and get-well.
    Once,
    Condolence,
}

/// The standard 表書き, in the order a shopper is offered them.
const OMOTEGAKI: &[(&str, Occasion)] = &[
    ("御歳暮", Occasion::Again),
    ("御中元", Occasion::Again),
    ("御礼", Occasion::Again),
    ("御祝", Occasion::Again),
    ("内祝", Occasion::Again),
    ("御出産御祝", Occasion::Again),
    ("御入学御祝", Occasion::Again),
    ("七五三御祝", Occasion::Again),
    ("御新築御祝", Occasion::Again),
    ("御開店御祝", Occasion::Again),
    ("御年賀", Occasion::Again),
    ("御挨拶", Occasion::Again),
    ("感謝", Occasion::Again),
    ("粗品", Occasion::Again),
    ("寸志", Occasion::Again),
    ("無地のし", Occasion::Again),
    ("寿", Occasion::Wedding),
    ("御結婚御祝", Occasion::Wedding),
    ("結婚内祝", Occasion::Wedding),
    ("快気祝", Occasion::Once),
    ("御見舞", Occasion::Once),
    ("御供", Occasion::Condolence),
    ("御霊前", Occasion::Condolence),
    ("御仏前", Occasion::Condolence),
    ("志", Occasion::Condolence),
];

/// Every 表書き a shopper may choose, in the order offered.
pub fn omotegaki() -> impl Iterator<Item = &'static str> {
    OMOTEGAKI.iter().map(|(text, _)| *text)
}

/// The 水引 of a 表書き (`None` for one not on the list); condolences in yellow and white when
/// the shop says so.
pub fn mizuhiki(omotegaki: &str, yellow_for_condolences: bool) -> Option<Mizuhiki> {
    let (_, occasion) = OMOTEGAKI.iter().find(|(text, _)| *text == omotegaki)?;
    Some(match occasion {
        Occasion::Again => Mizuhiki::RedWhiteBow,
        Occasion::Wedding => Mizuhiki::RedWhiteKnotTen,
        Occasion::Once => Mizuhiki::RedWhiteKnot,
        Occasion::Condolence if yellow_for_condolences => Mizuhiki::YellowWhiteKnot,
        Occasion::Condolence => Mizuhiki::BlackWhiteKnot,
    })
}

/// Whether the paper carries the のし ornament: never for condolences, nor on seafood or meat.
pub fn has_ornament(mizuhiki: Mizuhiki, seafood: bool) -> bool {
    !mizuhiki.is_condolence() && !seafood
}

/// Where the paper goes: under the wrapping (内のし, modest, for sending) or over it (外のし,
/// for handing over).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Inner,
    Outer,
}

impl Placement {
    pub fn name(self) -> &'static str {
        match self {
            Placement::Inner => "内のし",
            Placement::Outer => "外のし",
        }
    }
}

/// At most this many names are written; more givers are written as the first and 外一同.
pub const MAX_NAMES: usize = 3;
/// A name's length on the paper, in characters.
pub const MAX_NAME_CHARS: usize = 20;

/// The names as written below the cord, in the order of the columns from right to left (the
/// most senior rightmost, so first): the givers as the shopper lists them, most senior first,
/// or, when there are more than three, the first and 外一同 ("and all the others").
pub fn name_columns(givers: &[String]) -> Vec<String> {
    let givers: Vec<&str> = givers
        .iter()
        .map(|g| g.trim())
        .filter(|g| !g.is_empty())
        .collect();
    if givers.len() > MAX_NAMES {
        return vec![givers[0].to_string(), "外一同".to_string()];
    }
    givers.into_iter().map(str::to_string).collect()
}

/// A shopper's のし, as checked: its 表書き, cord, ornament, placement and name columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Noshi {
    pub omotegaki: String,
    pub mizuhiki: Mizuhiki,
    pub ornament: bool,
    pub placement: Placement,
    pub names: Vec<String>,
}

/// Checks a shopper's choice for a product (seafood or not) in a shop (condolences in yellow
/// or not): a 表書き from the list, names of at most [`MAX_NAME_CHARS`] characters each. Field
/// errors are keyed `noshi.*`.
pub fn check(
    omotegaki: &str,
    placement: Placement,
    givers: &[String],
    seafood: bool,
    yellow_for_condolences: bool,
) -> Result<Noshi, ApiError> {
    let mut errors = Vec::new();
    let chosen = omotegaki.trim();
    let cord = mizuhiki(chosen, yellow_for_condolences);
    if cord.is_none() {
        errors.push(FieldError::new(
            "noshi.omotegaki",
            "Choose the occasion from the list.",
        ));
    }
    for (i, giver) in givers.iter().enumerate() {
        if giver.trim().chars().count() > MAX_NAME_CHARS {
            errors.push(FieldError::new(
                format!("noshi.names[{i}]"),
                format!("Keep a name to {MAX_NAME_CHARS} characters."),
            ));
        }
    }
    match cord {
        Some(mizuhiki) if errors.is_empty() => Ok(Noshi {
            omotegaki: chosen.to_string(),
            mizuhiki,
            ornament: has_ornament(mizuhiki, seafood),
            placement,
            names: name_columns(givers),
        }),
        _ => Err(ApiError::invalid(errors)),
    }
}

/// The paper drawn as SVG (viewBox 300×400): the cord across the upper third with its bow or
/// knot in the middle, the のし ornament at the top right, the 表書き in vertical writing above
/// the knot and the names below it, columns from right to left. Text is escaped.
pub fn svg(noshi: &Noshi) -> String {
    use crate::html::escape;
    let (dark, light) = noshi.mizuhiki.colours();
    let mut out = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 400\" role=\"img\" \
         class=\"noshi\">",
    );
    out.push_str(&format!(
        "<title>{}</title>",
        escape(&format!(
            "{} · {} · {}",
            noshi.omotegaki,
            noshi.mizuhiki.name(),
            noshi.placement.name()
        ))
    ));
    out.push_str(
        "<rect x=\"1\" y=\"1\" width=\"298\" height=\"398\" fill=\"#fffdf8\" stroke=\"#d8d2c4\"/>",
    );
    // The cord: a band of strands across the paper.
    let strands = match noshi.mizuhiki {
        Mizuhiki::RedWhiteKnotTen => 10,
        _ => 5,
    };
    for i in 0..strands {
        let y = 150 + i * 3;
        let colour = if i < strands / 2 { dark } else { light };
        out.push_str(&format!(
            "<line x1=\"0\" y1=\"{y}\" x2=\"300\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>"
        ));
    }
    let knot_y = 150 + strands * 3 / 2;
    if noshi.mizuhiki.is_bow() {
        // Two loops, two tails and the knot between them.
        out.push_str(&format!(
            "<g fill=\"none\" stroke=\"{dark}\" stroke-width=\"5\" data-knot=\"bow\">\
             <ellipse cx=\"122\" cy=\"{knot_y}\" rx=\"26\" ry=\"15\"/>\
             <ellipse cx=\"178\" cy=\"{knot_y}\" rx=\"26\" ry=\"15\"/>\
             <path d=\"M150 {knot_y} L128 {t}\"/><path d=\"M150 {knot_y} L172 {t}\"/></g>\
             <circle cx=\"150\" cy=\"{knot_y}\" r=\"7\" fill=\"{dark}\"/>",
            t = knot_y + 45
        ));
    } else {
        // A tight knot with its ends cut straight down.
        out.push_str(&format!(
            "<g fill=\"{dark}\" data-knot=\"tied\">\
             <path d=\"M144 {knot_y} L139 {t} L145 {t} L148 {knot_y} Z\"/>\
             <path d=\"M156 {knot_y} L161 {t} L155 {t} L152 {knot_y} Z\"/>\
             <rect x=\"140\" y=\"{r}\" width=\"20\" height=\"16\" rx=\"6\"/></g>",
            t = knot_y + 40,
            r = knot_y - 8
        ));
    }
    if noshi.ornament {
        out.push_str(
            "<g data-ornament=\"noshi\" transform=\"translate(262 14)\">\
             <path d=\"M0 0 L18 8 L18 40 L0 48 L-8 24 Z\" fill=\"#fff\" stroke=\"#c8102e\" stroke-width=\"1.5\"/>\
             <path d=\"M4 8 L12 12 L12 36 L4 40 Z\" fill=\"#f2c200\"/></g>",
        );
    }
    let vertical = "writing-mode=\"vertical-rl\" font-family=\"'Noto Serif CJK JP', 'Noto Sans CJK JP', serif\" fill=\"#1a1a1a\"";
    let above = noshi.omotegaki.chars().count().max(1) as u32;
    let size = (110 / above).clamp(18, 34);
    out.push_str(&format!(
        "<text x=\"150\" y=\"{y}\" font-size=\"{size}\" {vertical} \
         data-part=\"omotegaki\">{}</text>",
        escape(&noshi.omotegaki),
        y = 140 - size * above
    ));
    let columns = noshi.names.len() as i32;
    for (i, name) in noshi.names.iter().enumerate() {
        // Right to left: the first (most senior) column rightmost, centred as a group.
        let x = 150 + (columns - 1) * 13 - i as i32 * 26;
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" font-size=\"20\" {vertical} data-part=\"name\">{}</text>",
            escape(name),
            y = knot_y + 60
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests;
