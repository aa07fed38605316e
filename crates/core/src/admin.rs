//! Back-office rules: the product form, stock changes, shipping.

use omiyage_api::{
    AdminPhoto as Photo, ApiError, CategoryInput, ErrorCode, FieldError, ProductInput, StockChange,
    Translations, VariantInput,
};

use crate::catalog::{TRANSLATED, clean_translations};
use crate::checkout::required;

/// Highest price of one unit, in yen.
pub const MAX_PRICE: i64 = 10_000_000;
/// Highest stock of one variant.
pub const MAX_STOCK: i64 = 1_000_000;
/// Most variants of one product.
pub const MAX_VARIANTS: usize = 20;
/// Most photos of one product.
pub const MAX_PHOTOS: usize = 12;

/// Checks the product form; all problems at once, keyed e.g. `variants[1].price`.
pub fn validate_product(input: &ProductInput) -> Result<ProductInput, ApiError> {
    let mut errors = Vec::new();
    required("name", &input.name, "the product's name", 120, &mut errors);
    if input.description.chars().count() > 2000 {
        errors.push(FieldError::new(
            "description",
            "Keep the description to 2,000 characters or fewer.",
        ));
    }
    required("category", &input.category, "a category", 60, &mut errors);
    translation_errors("translations", &input.translations, 120, &mut errors);
    let image = input.image.trim();
    if !is_image_path(image) {
        errors.push(FieldError::new(
            "image",
            "Upload an image or choose one of the shop's images.",
        ));
    }
    let photos = photos_of(input, image, &mut errors);
    if input.variants.is_empty() || input.variants.len() > MAX_VARIANTS {
        errors.push(FieldError::new(
            "variants",
            format!("Give the product 1 to {MAX_VARIANTS} variants."),
        ));
    }
    for (i, v) in input.variants.iter().enumerate() {
        variant_errors(i, v, &mut errors);
        if let Some(src) = &v.photo
            && !photos.iter().any(|p| &p.src == src)
        {
            errors.push(FieldError::new(
                format!("variants[{i}].photo"),
                "Choose one of the product's photos.",
            ));
        }
        let same_name = input.variants[..i]
            .iter()
            .any(|o| o.name.trim() == v.name.trim());
        if same_name {
            errors.push(FieldError::new(
                format!("variants[{i}].name"),
                "Two variants have this name.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ProductInput {
        gift_options: input.gift_options,
        name: input.name.trim().to_string(),
        description: input.description.trim().to_string(),
        category: input.category.trim().to_string(),
        image: photos.first().map(|p| p.src.clone()).unwrap_or_default(),
        photos,
        variants: input
            .variants
            .iter()
            .map(|v| VariantInput {
                id: v.id.clone(),
                name: v.name.trim().to_string(),
                sku: v.sku.trim().to_string(),
                price: v.price,
                stock: v.stock,
                tax_class: v.tax_class,
                translations: clean_translations(&v.translations),
                photo: v.photo.clone(),
            })
            .collect(),
        translations: clean_translations(&input.translations),
    })
}

fn is_image_path(src: &str) -> bool {
    src.len() <= 300 && (src.is_empty() || src.starts_with('/'))
}

/// The form's photos, checked and trimmed: its `photos`, or, from a client that knows only
/// `image`, that one image described by the product's name.
fn photos_of(input: &ProductInput, image: &str, errors: &mut Vec<FieldError>) -> Vec<Photo> {
    if input.photos.is_empty() {
        return match image {
            "" => Vec::new(),
            src => vec![Photo::new(src, input.name.trim())],
        };
    }
    if input.photos.len() > MAX_PHOTOS {
        errors.push(FieldError::new(
            "photos",
            format!("Give the product at most {MAX_PHOTOS} photos."),
        ));
    }
    let mut out: Vec<Photo> = Vec::new();
    for (i, p) in input.photos.iter().enumerate() {
        let src = p.src.trim();
        if src.is_empty() || !is_image_path(src) {
            errors.push(FieldError::new(
                format!("photos[{i}].src"),
                "Upload a photo or choose one of the shop's images.",
            ));
        } else if out.iter().any(|o| o.src == src) {
            errors.push(FieldError::new(
                format!("photos[{i}].src"),
                "This photo is already the product's.",
            ));
        }
        required(
            &format!("photos[{i}].alt"),
            &p.alt,
            "what the photo shows (for shoppers who cannot see it)",
            200,
            errors,
        );
        translation_errors(
            &format!("photos[{i}].translations"),
            &p.translations,
            200,
            errors,
        );
        if p.focus_x > 100 || p.focus_y > 100 {
            errors.push(FieldError::new(
                format!("photos[{i}].focus_x"),
                "The focus is a point of the photo: 0 to 100 per cent across and down.",
            ));
        }
        out.push(Photo {
            src: src.to_string(),
            alt: p.alt.trim().to_string(),
            focus_x: p.focus_x,
            focus_y: p.focus_y,
            translations: clean_translations(&p.translations),
        });
    }
    out
}

/// Checks the category form: a Japanese name, translations of known languages.
pub fn validate_category(input: &CategoryInput) -> Result<CategoryInput, ApiError> {
    let mut errors = Vec::new();
    required("name", &input.name, "the category's name", 60, &mut errors);
    translation_errors("translations", &input.translations, 60, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(CategoryInput {
        name: input.name.trim().to_string(),
        translations: clean_translations(&input.translations),
    })
}

/// Errors of a form's translations, keyed e.g. `translations.en.name`: a language the shop does
/// not speak, a name over `max_name` characters, a description over 2,000.
fn translation_errors(field: &str, t: &Translations, max_name: usize, out: &mut Vec<FieldError>) {
    for (tag, text) in t {
        if !TRANSLATED.iter().any(|l| l.tag() == tag.as_str()) {
            out.push(FieldError::new(
                format!("{field}.{tag}"),
                "Translations can be in zh-Hans or en (Japanese is the main text).",
            ));
            continue;
        }
        if text.name.trim().chars().count() > max_name {
            out.push(FieldError::new(
                format!("{field}.{tag}.name"),
                format!("Keep the name to {max_name} characters or fewer."),
            ));
        }
        if text.description.trim().chars().count() > 2000 {
            out.push(FieldError::new(
                format!("{field}.{tag}.description"),
                "Keep the description to 2,000 characters or fewer.",
            ));
        }
    }
}

fn variant_errors(i: usize, v: &VariantInput, out: &mut Vec<FieldError>) {
    required(
        &format!("variants[{i}].name"),
        &v.name,
        "the variant's name",
        60,
        out,
    );
    translation_errors(
        &format!("variants[{i}].translations"),
        &v.translations,
        60,
        out,
    );
    if v.sku.trim().chars().count() > 40 {
        out.push(FieldError::new(
            format!("variants[{i}].sku"),
            "Keep the SKU to 40 characters or fewer.",
        ));
    }
    if !(0..=MAX_PRICE).contains(&v.price) {
        out.push(FieldError::new(
            format!("variants[{i}].price"),
            format!("Enter a price from ¥0 to ¥{MAX_PRICE}."),
        ));
    }
    if !(0..=MAX_STOCK).contains(&v.stock) {
        out.push(FieldError::new(
            format!("variants[{i}].stock"),
            format!("Enter a stock from 0 to {MAX_STOCK}."),
        ));
    }
}

/// A product id from its name: `Yuzu Jam 2` → `yuzu-jam-2`; empty when the name has no Latin
/// letters or digits (the server then makes one up).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(48);
    out.trim_end_matches('-').to_string()
}

/// Checks a stock change's numbers; the SQL then applies it atomically (a compare-and-set for
/// `set`, a relative update that cannot go below zero for `adjust`).
pub fn validate_stock_change(change: &StockChange) -> Result<(), ApiError> {
    let bad = |field: &str| {
        Err(ApiError::invalid(vec![FieldError::new(
            field,
            format!("Enter a stock from 0 to {MAX_STOCK}."),
        )]))
    };
    match *change {
        StockChange::Set { stock, expected } => {
            if !(0..=MAX_STOCK).contains(&stock) {
                return bad("stock");
            }
            if !(0..=MAX_STOCK).contains(&expected) {
                return bad("expected");
            }
        }
        StockChange::Adjust { delta } => {
            if delta == 0 || !(-MAX_STOCK..=MAX_STOCK).contains(&delta) {
                return Err(ApiError::invalid(vec![FieldError::new(
                    "delta",
                    format!("Add or remove 1 to {MAX_STOCK} units."),
                )]));
            }
        }
    }
    Ok(())
}

/// Applies a stock change to the stock as it is now: the rule the SQL enforces, for messages
/// and for the in-memory backends.
pub fn apply_stock_change(current: u32, change: &StockChange) -> Result<u32, ApiError> {
    validate_stock_change(change)?;
    let current = i64::from(current);
    let next = match *change {
        StockChange::Set { stock, expected } if expected == current => stock,
        StockChange::Set { .. } => {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "The stock changed to {current} since you loaded it; nothing was changed. Check the figure and try again."
                ),
            ));
        }
        StockChange::Adjust { delta } if current + delta >= 0 => current + delta,
        StockChange::Adjust { delta } => {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("Only {current} in stock: cannot remove {}.", -delta),
            ));
        }
    };
    Ok(u32::try_from(next).unwrap_or(0))
}

/// Checks a tracking number: 4 to 40 letters, digits, spaces or dashes; returns it trimmed.
pub fn validate_tracking_number(input: &str) -> Result<String, ApiError> {
    let t = input.trim();
    let ok = (4..=40).contains(&t.len())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
    if ok {
        Ok(t.to_string())
    } else {
        Err(ApiError::invalid(vec![FieldError::new(
            "tracking_number",
            "Enter the carrier's tracking number (4 to 40 letters, digits or dashes).",
        )]))
    }
}

#[cfg(test)]
mod tests;
