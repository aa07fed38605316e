//! Gift options: のし, wrapping and a message card, offered per product at the shop's prices,
//! chosen per cart line, and priced as their own lines of the order.

use serde::{Deserialize, Serialize};

use crate::wire_name::wire_names;
use crate::{Money, TaxClass, Translations};

/// Which gift options a product offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductGiftOptions {
    #[serde(default)]
    pub noshi: bool,
    #[serde(default)]
    pub wrapping: bool,
    #[serde(default)]
    pub card: bool,
    /// Seafood or meat: its のし paper carries no のし ornament.
    #[serde(default)]
    pub seafood: bool,
}

impl ProductGiftOptions {
    /// Whether it offers any option at all.
    pub fn any(&self) -> bool {
        self.noshi || self.wrapping || self.card
    }
}

/// One of the shop's wrapping papers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Wrapping {
    /// Short and stable, e.g. `washi-red`: orders name the paper by it.
    pub id: String,
    /// Japanese name; `translations` holds the others.
    pub name: String,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    /// Path or URL of its picture (may be empty).
    #[serde(default)]
    pub image: String,
    /// Yen per unit, tax included.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub price: i64,
    #[serde(default)]
    pub tax_class: TaxClass,
    /// Switched off (a seasonal paper out of season): not offered, kept for past orders.
    #[serde(default)]
    pub disabled: bool,
}

/// The shop's gift options and their prices (yen per unit, tax included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftOptionSettings {
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub noshi_price: i64,
    #[serde(default)]
    pub noshi_tax_class: TaxClass,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub card_price: i64,
    #[serde(default)]
    pub card_tax_class: TaxClass,
    /// Condolence のし in yellow and white (黄白) instead of black and white.
    #[serde(default)]
    pub yellow_for_condolences: bool,
    #[serde(default)]
    pub wrappings: Vec<Wrapping>,
}

/// Where the のし paper goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum NoshiPlacement {
    /// 内のし: under the wrapping, modest (for sending).
    #[default]
    Inner,
    /// 外のし: over the wrapping (for handing over).
    Outer,
}

wire_names!(NoshiPlacement {
    Inner => "inner",
    Outer => "outer",
});

/// The shopper's のし: its 表書き from the standard list, placement and the givers' names,
/// most senior first (more than three are written as the first and 外一同).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoshiChoice {
    pub omotegaki: String,
    #[serde(default)]
    pub placement: NoshiPlacement,
    #[serde(default)]
    pub names: Vec<String>,
}

/// What the shopper chose for one cart line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noshi: Option<NoshiChoice>,
    /// A wrapping paper's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapping: Option<String>,
    /// A message card with this text (at most 200 characters); empty on a gift prints the
    /// gift's greeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
}

impl LineOptions {
    pub fn is_empty(&self) -> bool {
        self.noshi.is_none() && self.wrapping.is_none() && self.card.is_none()
    }
}

/// Which option a priced option line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[serde(try_from = "String")]
pub enum OptionKind {
    Noshi,
    Wrapping,
    Card,
}

wire_names!(OptionKind {
    Noshi => "noshi",
    Wrapping => "wrapping",
    Card => "card",
});

/// A gift option as a priced line of an order, after the goods line it goes with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionLine {
    /// Index in the order's `lines` of the goods it goes with.
    pub line: u32,
    pub kind: OptionKind,
    /// What it is, in the shopper's language (`のし`).
    pub name: String,
    /// What was chosen, as the shopper reads it (`御歳暮 · 内のし · 佐藤 花子`), or the card's text.
    pub detail: String,
    pub unit_price: Money,
    /// As many as the goods line's units.
    pub quantity: u32,
    pub line_total: Money,
    pub tax_class: TaxClass,
    /// The のし as chosen (the paper is drawn from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noshi: Option<NoshiChoice>,
    /// How the shop drew that のし when it was ordered: on seafood or meat (no ornament), and
    /// condolences in yellow and white.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub seafood: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub yellow: bool,
}

/// An order's gift option as the shopper's app (`lean-client`) reads it: as the
/// [`OrderLine`](crate::OrderLine) it shows (`name` and `detail` read as its names), which
/// spares the first load a reader of its own.
#[cfg(feature = "lean-client")]
pub type OptionRow = crate::OrderLine;
/// An order's gift option.
#[cfg(not(feature = "lean-client"))]
pub type OptionRow = OptionLine;

/// Options as an order keeps them ([`OptionRow`]).
pub fn option_rows(options: Vec<OptionLine>) -> Vec<OptionRow> {
    #[cfg(feature = "lean-client")]
    return options.into_iter().map(crate::OrderLine::from).collect();
    #[cfg(not(feature = "lean-client"))]
    options
}

impl From<OptionLine> for crate::OrderLine {
    /// The line a page lists for an option: named by what it is, detailed by what was chosen.
    fn from(o: OptionLine) -> Self {
        crate::OrderLine {
            product_id: String::new(),
            variant_id: String::new(),
            product_name: o.name,
            variant_name: o.detail,
            image: String::new(),
            unit_price: o.unit_price,
            quantity: o.quantity,
            line_total: o.line_total,
            tax_class: o.tax_class,
            discount: 0,
        }
    }
}
