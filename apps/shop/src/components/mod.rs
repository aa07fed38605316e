//! Components shared by the pages.

mod field;
mod gallery;
mod price;
mod product_card;
mod qr;
mod stock_badge;
mod variant_picker;

pub use field::{Input, PrefectureField, text_field};
pub use gallery::{Gallery, photo_style};
pub use price::{price_tag, reduced_mark, tax_lines, totals};
pub use product_card::ProductCard;
pub use qr::QrCode;
pub use stock_badge::StockBadge;
pub use variant_picker::VariantPicker;
