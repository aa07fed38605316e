//! Checkout input rules. The app calls the per-section functions for inline validation; both
//! backends call [`validate`] before anything is priced or taken.

use omiyage_api::{
    Address, ApiError, CheckoutRequest, Contact, FieldError, GiftOptions, PaymentChoice,
};

use crate::{gift, payment};

/// Most units of one variant in a single order.
pub const MAX_QUANTITY: i64 = 99;
/// Most distinct lines in a single order.
pub const MAX_LINES: usize = 50;

/// One cart line after validation: duplicates merged, quantity in range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLine {
    pub product_id: String,
    pub variant_id: String,
    pub quantity: u32,
}

/// A checkout request that passed every input rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCheckout {
    pub lines: Vec<ValidLine>,
    pub contact: Contact,
    pub address: Address,
    pub payment: PaymentChoice,
    pub gift: Option<GiftOptions>,
    /// The coupon code as typed, trimmed (normalised and checked by the backend).
    pub coupon: Option<String>,
    /// The delivery day and slot, once the backend checked them against its calendar
    /// (`delivery::check`); `None` until then and for no preference.
    pub delivery: Option<omiyage_api::DeliveryChoice>,
    /// Points to spend (checked against the member's balance by the backend).
    pub points: i64,
}

/// Checks every input rule and returns all problems at once (422 with `fields`).
pub fn validate(request: &CheckoutRequest) -> Result<ValidCheckout, ApiError> {
    let mut errors = Vec::new();
    let lines = match merge_lines(request) {
        Ok(lines) => lines,
        Err(mut line_errors) => {
            errors.append(&mut line_errors);
            Vec::new()
        }
    };
    errors.extend(contact_errors(&request.contact));
    match &request.gift {
        // The recipient enters the address when claiming.
        Some(options) => {
            errors.extend(gift::option_errors(options));
            let email = options.recipient_email.trim();
            let return_for = options.return_for.trim();
            if !return_for.is_empty() && !email.is_empty() {
                errors.push(FieldError::new(
                    "gift.recipient_email",
                    "A return gift goes to the sender of your gift: the shop has their email, \
                     leave this empty.",
                ));
            } else if return_for.len() > 100 {
                errors.push(FieldError::new(
                    "gift.return_for",
                    "This is not the link of a gift you received.",
                ));
            } else if !email.is_empty() && !is_plausible_email(email) {
                errors.push(FieldError::new(
                    "gift.recipient_email",
                    "Enter the recipient's email like name@example.com, or leave it empty.",
                ));
            }
            errors.extend(gift_line_errors(request));
        }
        None => errors.extend(address_errors(&request.address)),
    }
    errors.extend(payment_errors(&request.payment));
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ValidCheckout {
        lines,
        contact: trimmed_contact(&request.contact),
        address: match request.gift {
            Some(_) => Address::default(),
            None => trimmed_address(&request.address),
        },
        payment: request.payment.clone(),
        gift: request.gift.as_ref().map(|g| GiftOptions {
            sender_name: g.sender_name.trim().to_string(),
            greeting: g.greeting.trim().to_string(),
            allow_variant_choice: g.allow_variant_choice,
            // Checked against the shop's calendar by the backend (`delivery::check`).
            delivery_date: g.delivery_date.trim().to_string(),
            // Checked against the server's clock by the backend (`gift::check_opens_at`).
            opens_at: g.opens_at,
            recipient_email: g.recipient_email.trim().to_string(),
            // Looked up by the backend (`CheckoutDesk::return_to`), which fills
            // `recipient_email` with the answered gift's sender's.
            return_for: g.return_for.trim().to_string(),
        }),
        // Normalised (`coupon::normalise_code`) by the backend that looks it up: the shopper's
        // app runs this validation too, and never needs the code's canonical form.
        coupon: request
            .coupon
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        delivery: None,
        points: i64::from(request.points),
    })
}

/// A gift claim that passed the input rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidClaim {
    pub name: String,
    pub phone: String,
    pub address: Address,
    pub variant_id: Option<String>,
    /// Where to tell the recipient the parcel shipped (trimmed), or empty.
    pub email: String,
    /// The delivery day and slot asked for, as asked: the backend checks them against its
    /// calendar and the day the sender may have fixed (`delivery::for_unit`).
    pub delivery: Option<omiyage_api::DeliveryChoice>,
}

/// Checks a recipient's claim: their name, optional phone and the shipping address.
pub fn validate_claim(request: &omiyage_api::ClaimRequest) -> Result<ValidClaim, ApiError> {
    let contact = Contact {
        name: request.name.clone(),
        email: "recipient@example.invalid".into(),
        phone: request.phone.clone(),
    };
    let mut errors: Vec<FieldError> = contact_errors(&contact)
        .into_iter()
        .filter(|e| e.field != "contact.email")
        .map(|e| FieldError::new(e.field.trim_start_matches("contact."), e.message))
        .collect();
    errors.extend(address_errors(&request.address));
    let email = request.email.trim();
    if !email.is_empty() && !is_plausible_email(email) {
        errors.push(FieldError::new(
            "email",
            "Enter an email like name@example.com, or leave it empty.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ValidClaim {
        // Lower-cased by the server (`account::normalise_email`): case tables cost the app's wasm.
        email: email.to_string(),
        name: request.name.trim().to_string(),
        phone: crate::text::half_width(request.phone.trim()),
        address: trimmed_address(&request.address),
        variant_id: request.variant_id.clone().filter(|v| !v.is_empty()),
        delivery: request.delivery.clone(),
    })
}

/// A gift holds one product; its quantity is the number of recipients (a group gift).
fn gift_line_errors(request: &CheckoutRequest) -> Vec<FieldError> {
    match request.lines.as_slice() {
        [] => Vec::new(),
        [line] if line.quantity > i64::from(gift::MAX_UNITS) => vec![FieldError::new(
            "lines[0].quantity",
            format!("A group gift can have at most {} units.", gift::MAX_UNITS),
        )],
        [_] => Vec::new(),
        _ => vec![FieldError::new(
            "lines",
            "A gift holds one product: send each product as its own gift.",
        )],
    }
}

fn merge_lines(request: &CheckoutRequest) -> Result<Vec<ValidLine>, Vec<FieldError>> {
    if request.lines.is_empty() {
        return Err(vec![FieldError::new("lines", "Your cart is empty.")]);
    }
    if request.lines.len() > MAX_LINES {
        return Err(vec![FieldError::new(
            "lines",
            format!("An order can hold at most {MAX_LINES} different items."),
        )]);
    }
    let mut merged: Vec<(String, String, i64)> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in request.lines.iter().enumerate() {
        if line.quantity < 1 || line.quantity > MAX_QUANTITY {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                format!("Quantity must be between 1 and {MAX_QUANTITY}."),
            ));
            continue;
        }
        match merged
            .iter_mut()
            .find(|(p, v, _)| *p == line.product_id && *v == line.variant_id)
        {
            Some(existing) => existing.2 += line.quantity,
            None => merged.push((
                line.product_id.clone(),
                line.variant_id.clone(),
                line.quantity,
            )),
        }
    }
    for (p, v, q) in &merged {
        if *q > MAX_QUANTITY {
            errors.push(FieldError::new(
                "lines",
                format!("At most {MAX_QUANTITY} of {p}/{v} per order."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(merged
        .into_iter()
        .map(|(product_id, variant_id, q)| ValidLine {
            product_id,
            variant_id,
            quantity: q as u32,
        })
        .collect())
}

pub(crate) fn required(
    field: &str,
    value: &str,
    label: &str,
    max: usize,
    out: &mut Vec<FieldError>,
) {
    let value = value.trim();
    if value.is_empty() {
        out.push(FieldError::new(field, format!("Please enter {label}.")));
    } else if value.chars().count() > max {
        out.push(FieldError::new(
            field,
            format!("Keep {label} to {max} characters or fewer."),
        ));
    }
}

/// Problems with the contact section, keyed `contact.*`.
pub fn contact_errors(contact: &Contact) -> Vec<FieldError> {
    let mut out = Vec::new();
    required("contact.name", &contact.name, "your name", 100, &mut out);
    let email = contact.email.trim();
    if email.is_empty() {
        out.push(FieldError::new("contact.email", "Please enter your email."));
    } else if !is_plausible_email(email) {
        out.push(FieldError::new(
            "contact.email",
            "Enter an email like name@example.com.",
        ));
    }
    let phone = crate::text::half_width(&contact.phone);
    let phone = phone.trim();
    if !phone.is_empty() {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
        if !allowed || !(6..=15).contains(&digits) {
            out.push(FieldError::new(
                "contact.phone",
                "Enter a phone number of 6 to 15 digits, or leave it empty.",
            ));
        }
    }
    out
}

pub fn is_plausible_email(email: &str) -> bool {
    if email.len() > 254 || email.chars().any(char::is_whitespace) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// The email "find my orders" mails the order links to, trimmed (the server lower-cases it);
/// 422 when it is not one.
pub fn lookup_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    if is_plausible_email(email) {
        Ok(email.to_string())
    } else {
        Err(ApiError::invalid(vec![FieldError::new(
            "email",
            "Enter the email you used at checkout, like name@example.com.",
        )]))
    }
}

/// Problems with the shipping address, keyed `address.*`.
pub fn address_errors(address: &Address) -> Vec<FieldError> {
    let mut out = Vec::new();
    if parse_postal_code(&address.postal_code).is_none() {
        out.push(FieldError::new(
            "address.postal_code",
            "Enter a 7-digit postal code like 150-0001.",
        ));
    }
    if !crate::prefecture::is_known(address.prefecture.trim()) {
        out.push(FieldError::new(
            "address.prefecture",
            "Choose the prefecture.",
        ));
    }
    required("address.city", &address.city, "the city", 100, &mut out);
    required(
        "address.line1",
        &address.line1,
        "the street address",
        200,
        &mut out,
    );
    if address.line2.trim().chars().count() > 200 {
        out.push(FieldError::new(
            "address.line2",
            "Keep the building line to 200 characters or fewer.",
        ));
    }
    out
}

/// An address as Japan writes it, on one line: 〒 postal code, prefecture, city, street,
/// building (`〒150-0001 東京都 渋谷区 神宮前1-2-3`), wherever one is shown.
pub fn address_text(a: &Address) -> String {
    let mut out = String::new();
    if !a.postal_code.is_empty() {
        out = format!("〒{}", a.postal_code);
    }
    for part in [&a.prefecture, &a.city, &a.line1, &a.line2] {
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

/// Where an order ships, as a label writes it: the name, a line break, the address on one line
/// (empty for a gift, which has no address).
pub fn ship_to(contact: &omiyage_api::Contact, a: &Address) -> String {
    match a.postal_code.is_empty() && a.line1.is_empty() {
        true => String::new(),
        false => format!("{}\n{}", contact.name, address_text(a)),
    }
}

/// Normalises a Japanese postal code to `123-4567` (typed in full width or after 〒 too).
pub fn parse_postal_code(input: &str) -> Option<String> {
    let s = crate::text::half_width(input);
    let s = s.trim().trim_start_matches('〒').trim();
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    let well_formed = digits.len() == 7
        && digits.chars().all(|c| c.is_ascii_digit())
        && (s.len() == 7 || (s.len() == 8 && s.as_bytes()[3] == b'-'));
    well_formed.then(|| format!("{}-{}", &digits[..3], &digits[3..]))
}

/// Problems with the payment choice, keyed `payment.*`.
pub fn payment_errors(payment: &PaymentChoice) -> Vec<FieldError> {
    match payment {
        PaymentChoice::TestCard { card_number } => match payment::CardNumber::parse(card_number) {
            Ok(_) => Vec::new(),
            Err(message) => vec![FieldError::new("payment.card_number", message)],
        },
        // Paying in the shop; or a card Stripe.js collects, whose reference the server checks
        // before sending it on (`payment::provider_reference_ok`).
        _ => Vec::new(),
    }
}

fn trimmed_contact(c: &Contact) -> Contact {
    Contact {
        name: c.name.trim().to_string(),
        email: c.email.trim().to_string(),
        phone: crate::text::half_width(c.phone.trim()),
    }
}

fn trimmed_address(a: &Address) -> Address {
    Address {
        postal_code: parse_postal_code(&a.postal_code).unwrap_or_default(),
        prefecture: a.prefecture.trim().to_string(),
        city: a.city.trim().to_string(),
        line1: a.line1.trim().to_string(),
        line2: a.line2.trim().to_string(),
    }
}

#[cfg(test)]
mod tests;
