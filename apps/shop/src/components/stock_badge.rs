use leptos::prelude::*;
use omiyage_api::StockLevel;

use crate::i18n::{self, t};

/// "Sold out", "Only 3 left" or "In stock".
#[component]
pub fn StockBadge(
    /// Units available.
    units: u32,
) -> impl IntoView {
    let (class, text) = match StockLevel::of(units) {
        StockLevel::SoldOut => ("badge badge-out", t().sold_out.to_string()),
        StockLevel::Low(n) => ("badge badge-low", i18n::only_left(n)),
        StockLevel::InStock => ("badge badge-in", t().in_stock.to_string()),
    };
    view! { <span class=class data-test="stock-badge">{text}</span> }
}
