//! The shopping cart: lines in a signal, saved to localStorage on every change so the cart
//! survives a reload. Prices here are for display; the server prices the order.

#[cfg(not(feature = "ssr"))]
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use omiyage_api::{CheckoutLine, Money, Product, TaxClass, Variant};
use omiyage_core::checkout::MAX_QUANTITY;
use serde::{Deserialize, Serialize};

#[cfg(not(feature = "ssr"))]
const STORAGE_KEY: &str = "omiyage.cart.v1";
#[cfg(not(feature = "ssr"))]
const RETURN_KEY: &str = "omiyage.return.v1";

/// A return gift (お返し) being chosen: the claim token of the gift it answers and the name its
/// sender gave (checkout sends the token; the shop knows where it goes). Saved as
/// `<token> <sender>` (a token has no space): no serde code on the first load for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnGift {
    pub token: String,
    pub sender: String,
}

/// The return gift a gift page's link starts (`/?return=<claim token>&to=<sender's name>`, a
/// full load), else the one saved.
#[cfg(not(feature = "ssr"))]
fn saved_return() -> Option<ReturnGift> {
    let window = web_sys::window()?;
    let search = window.location().search().ok().unwrap_or_default();
    let asked = search.strip_prefix("?return=").and_then(|q| {
        let (token, to) = q.split_once("&to=")?;
        let decode = |s: &str| js_sys::decode_uri_component(s).ok().map(String::from);
        Some(format!("{} {}", decode(token)?, decode(to)?))
    });
    let saved = match asked {
        Some(asked) => asked,
        None => window.local_storage().ok()??.get_item(RETURN_KEY).ok()??,
    };
    let (token, sender) = saved.split_once(' ')?;
    Some(ReturnGift {
        token: token.to_string(),
        sender: sender.to_string(),
    })
}

#[cfg(not(feature = "ssr"))]
fn save_return(r: Option<&ReturnGift>) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let _ = match r {
        Some(r) => storage.set_item(RETURN_KEY, &format!("{} {}", r.token, r.sender)),
        None => storage.remove_item(RETURN_KEY),
    };
}

/// One line of the cart, with what the cart page needs to show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub variant_id: String,
    pub product_name: String,
    pub variant_name: String,
    pub image: String,
    pub unit_price: Money,
    pub quantity: u32,
    /// For the tax estimate; carts saved before tax classes read as standard.
    #[serde(default)]
    pub tax_class: TaxClass,
    /// The product offers gift options: the line links to their page (`/options/…`).
    #[serde(default)]
    pub offers: bool,
    /// The gift options chosen, as their page wrote them here:
    /// `<standard>|<reduced>|<token>|<label>` (see [`CartLine::chosen`]).
    #[serde(default)]
    pub options: String,
}

impl CartLine {
    pub fn new(product: &Product, variant: &Variant, quantity: u32) -> Self {
        CartLine {
            product_id: product.id.clone(),
            variant_id: variant.id.clone(),
            product_name: product.name.clone(),
            variant_name: variant.name.clone(),
            image: product.image.clone(),
            unit_price: variant.price,
            quantity,
            tax_class: variant.tax_class,
            offers: product.offers_gift_options,
            options: String::new(),
        }
    }

    /// The gift options chosen: what one unit's cost at the standard and the reduced rate,
    /// the choice as checkout takes it, and what it reads.
    pub fn chosen(&self) -> Option<(i64, i64, &str, &str)> {
        let mut part = self.options.splitn(4, '|');
        Some((
            part.next()?.parse().ok()?,
            part.next()?.parse().ok()?,
            part.next()?,
            part.next()?,
        ))
    }

    /// What the goods cost.
    pub fn goods(&self) -> Money {
        Money::jpy(self.unit_price.amount * i64::from(self.quantity))
    }

    /// What the line's gift options cost in all, at the standard and the reduced rate.
    pub fn options_cost(&self) -> (Money, Money) {
        let (standard, reduced, ..) = self.chosen().unwrap_or((0, 0, "", ""));
        let q = i64::from(self.quantity);
        (Money::jpy(standard * q), Money::jpy(reduced * q))
    }
}

/// The cart, shared through context. Arena handles are `Copy`.
#[derive(Clone, Copy)]
pub struct Cart {
    lines: RwSignal<Vec<CartLine>>,
    /// The return gift being chosen, if any (saved like the lines).
    pub returning: RwSignal<Option<ReturnGift>>,
}

const MAX: u32 = MAX_QUANTITY as u32;

impl Cart {
    /// Loads the saved cart and keeps saving it.
    /// On the server the cart is empty (it lives in the shopper's browser).
    pub fn load() -> Cart {
        #[cfg(feature = "ssr")]
        let (lines, returning) = (RwSignal::new(Vec::new()), RwSignal::new(None));
        #[cfg(not(feature = "ssr"))]
        let (lines, returning) = {
            let lines =
                RwSignal::new(LocalStorage::get::<Vec<CartLine>>(STORAGE_KEY).unwrap_or_default());
            let returning = RwSignal::new(saved_return());
            Effect::new(move |_| {
                let _ = LocalStorage::set(STORAGE_KEY, &*lines.read());
            });
            Effect::new(move |_| save_return(returning.read().as_ref()));
            (lines, returning)
        };
        Cart { lines, returning }
    }

    pub fn lines(&self) -> Vec<CartLine> {
        self.lines.get()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.read().is_empty()
    }

    /// Adds units; the same variant adds up on one line (capped at the per-order maximum).
    pub fn add(&self, line: CartLine) {
        self.lines.update(|lines| {
            match lines.iter_mut().find(|l| l.variant_id == line.variant_id) {
                Some(existing) => existing.quantity = (existing.quantity + line.quantity).min(MAX),
                None => lines.push(line),
            }
        });
    }

    /// Sets a line's quantity; 0 removes it.
    pub fn set_quantity(&self, variant_id: &str, quantity: u32) {
        self.lines.update(|lines| {
            if quantity == 0 {
                lines.retain(|l| l.variant_id != variant_id);
            } else if let Some(l) = lines.iter_mut().find(|l| l.variant_id == variant_id) {
                l.quantity = quantity.min(MAX);
            }
        });
    }

    pub fn remove(&self, variant_id: &str) {
        self.set_quantity(variant_id, 0);
    }

    pub fn clear(&self) {
        self.lines.set(Vec::new());
    }

    /// Units in the cart (reactive).
    pub fn count(&self) -> u32 {
        self.lines.read().iter().map(|l| l.quantity).sum()
    }

    /// Display subtotal (reactive); `None` for an empty cart.
    pub fn subtotal(&self) -> Option<Money> {
        self.lines
            .read()
            .iter()
            .map(|l| {
                let (standard, reduced) = l.options_cost();
                Money::jpy(l.goods().amount + standard.amount + reduced.amount)
            })
            .reduce(|a, b| Money::jpy(a.amount + b.amount))
    }

    /// The lines as the checkout request sends them (no prices).
    pub fn checkout_lines(&self) -> Vec<CheckoutLine> {
        self.lines
            .read()
            .iter()
            .map(|l| CheckoutLine {
                options_token: l.chosen().map(|(_, _, token, _)| token.to_string()),
                // The app chooses no gift options yet (`lean-client` has no such field).
                #[cfg(not(feature = "csr"))]
                options: None,
                product_id: l.product_id.clone(),
                variant_id: l.variant_id.clone(),
                quantity: i64::from(l.quantity),
            })
            .collect()
    }
}

/// Creates the cart and provides it to every component below.
pub fn provide_cart() -> Cart {
    let cart = Cart::load();
    provide_context(cart);
    cart
}

pub fn use_cart() -> Cart {
    expect_context::<Cart>()
}
