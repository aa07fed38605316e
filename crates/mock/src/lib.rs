//! The mock backend: the rules of crates/core applied to an in-memory, serialisable state.
//! The shopper's app persists [`MockState`] in localStorage; tests use [`MockBackend`] natively.

use std::cell::RefCell;

mod checkout;
mod flow_store;
mod gift;
#[cfg(test)]
mod tests;

pub use gift::MockGift;

/// QR codes rendered in the browser (the server renders them at `/api/qr` otherwise).
pub use omiyage_core::qr::svg as qr_svg;

use omiyage_api::{
    ApiError, Catalog, CatalogQuery, Category, CheckoutRequest, ClaimConfirmation, ClaimRequest,
    GiftView, OrderView, Product, Storefront,
};
use omiyage_core::lang::Lang;
use omiyage_core::{catalog, seed};
use serde::{Deserialize, Serialize};

/// A remembered idempotency key.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct KeyRecord {
    key: String,
    fingerprint: String,
    token: String,
}

/// Everything the mock backend knows. Serialisable so the browser can keep it across reloads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MockState {
    categories: Vec<Category>,
    products: Vec<Product>,
    orders: Vec<OrderView>,
    keys: Vec<KeyRecord>,
    #[serde(default)]
    gifts: Vec<MockGift>,
    /// How long a gift can be claimed.
    #[serde(default = "default_window")]
    pub claim_window_secs: i64,
    /// The catalog's texts in the reader's language (the demo catalog's translations).
    #[serde(skip)]
    overlay: catalog::Overlay,
    #[serde(skip, default = "default_lang")]
    lang: Lang,
    /// Each coupon code's uses, by email (normalised).
    #[serde(default)]
    coupon_uses: Vec<(String, Vec<(String, u32)>)>,
    /// What the flows recorded about each order (the messages the mock does not send): order
    /// token, fact, time. Not kept across reloads.
    #[serde(skip)]
    pub told: Vec<(String, omiyage_flows::Fact, i64)>,
}

fn default_lang() -> Lang {
    Lang::Ja
}

/// The shop's coupons: the demo one, usable at any time here.
fn coupons() -> Vec<omiyage_core::coupon::Coupon> {
    vec![omiyage_core::coupon::Coupon {
        starts_at: 0,
        ends_at: i64::MAX,
        ..seed::demo_coupon(0)
    }]
}

fn default_window() -> i64 {
    omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS
}

impl Default for MockState {
    fn default() -> Self {
        MockState::seeded()
    }
}

impl MockState {
    /// A fresh store holding the demo catalog.
    pub fn seeded() -> Self {
        MockState {
            categories: seed::categories(),
            // No gift options in the browser-only demo: their page is the server's.
            products: seed::products()
                .into_iter()
                .map(|p| Product {
                    offers_gift_options: false,
                    ..p
                })
                .collect(),
            orders: Vec::new(),
            keys: Vec::new(),
            gifts: Vec::new(),
            claim_window_secs: default_window(),
            overlay: Default::default(),
            lang: Lang::Ja,
            coupon_uses: Vec::new(),
            told: Vec::new(),
        }
    }

    /// Answers from now on in `lang`, as the server does for a reader's `Accept-Language`.
    pub fn speak(&mut self, lang: Lang) {
        self.lang = lang;
        self.overlay = catalog::Overlay::of(lang, seed::texts().iter().map(|t| t.row()));
    }

    fn localized_products(&self) -> Vec<Product> {
        let mut products = self.products.clone();
        products.iter_mut().for_each(|p| self.overlay.product(p));
        products
    }

    pub fn catalog(&self, query: &CatalogQuery) -> Catalog {
        let mut all = Catalog {
            categories: self.categories.clone(),
            products: self.localized_products(),
        };
        self.overlay.catalog(&mut all);
        all.products = catalog::filter(all.products, query);
        all
    }

    pub fn product(&self, id: &str) -> Result<Product, ApiError> {
        let mut product = self
            .products
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("This product"))?;
        self.overlay.product(&mut product);
        Ok(product)
    }

    /// The order as its private link shows it (a gift's units as of `now`).
    pub fn order(&mut self, token: &str, now: i64) -> Result<OrderView, ApiError> {
        let mut view = self
            .orders
            .iter()
            .find(|o| o.token == token)
            .cloned()
            .ok_or_else(|| ApiError::not_found("This order"))?;
        if view.gift.is_some() {
            view.gift = Some(self.sender_gift(token, now)?);
        }
        // The shopper's app reads orders saved in localStorage back without their `taxes`
        // (omiyage-api's `lean-client`), so the mock answers with the core rule over the stored
        // lines: what the order recorded when it was placed.
        view.taxes = omiyage_core::tax::of_order(&view);
        omiyage_core::delivery::order_texts(&mut view, self.lang);
        Ok(view)
    }

    /// Sets a variant's stock (used by tests to arrange a scenario).
    pub fn set_stock(&mut self, variant_id: &str, units: u32) -> bool {
        self.products
            .iter_mut()
            .flat_map(|p| p.variants.iter_mut())
            .find(|v| v.id == variant_id)
            .map(|v| v.stock = units)
            .is_some()
    }
}

/// A native, single-threaded [`Storefront`] over a [`MockState`].
pub struct MockBackend {
    state: RefCell<MockState>,
    new_token: Box<dyn Fn() -> String>,
    /// The clock; tests move it to pass a claim window.
    pub now: Box<dyn Fn() -> i64>,
}

impl MockBackend {
    pub fn new(new_token: Box<dyn Fn() -> String>, now: Box<dyn Fn() -> i64>) -> Self {
        MockBackend {
            state: RefCell::new(MockState::seeded()),
            new_token,
            now,
        }
    }

    pub fn state(&self) -> std::cell::RefMut<'_, MockState> {
        self.state.borrow_mut()
    }
}

impl Storefront for MockBackend {
    async fn catalog(&self, query: &CatalogQuery) -> Result<Catalog, ApiError> {
        Ok(self.state.borrow().catalog(query))
    }

    async fn product(&self, id: &str) -> Result<Product, ApiError> {
        self.state.borrow().product(id)
    }

    async fn checkout(&self, key: &str, request: &CheckoutRequest) -> Result<OrderView, ApiError> {
        let now = (self.now)();
        self.state
            .borrow_mut()
            .checkout(Some(key), request, || (self.new_token)(), now)
    }

    async fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        self.state.borrow_mut().order(token, (self.now)())
    }

    async fn cancel_gift(&self, order_token: &str) -> Result<OrderView, ApiError> {
        self.state
            .borrow_mut()
            .cancel_gift(order_token, (self.now)())
    }

    async fn gift(&self, token: &str) -> Result<GiftView, ApiError> {
        self.state.borrow_mut().gift(token, (self.now)())
    }

    async fn open_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        self.state.borrow_mut().open_gift(token, (self.now)())
    }

    async fn claim_gift(
        &self,
        key: &str,
        token: &str,
        request: &ClaimRequest,
    ) -> Result<ClaimConfirmation, ApiError> {
        self.state
            .borrow_mut()
            .claim_gift(Some(key), token, request, (self.now)())
    }

    async fn decline_gift(&self, token: &str) -> Result<GiftView, ApiError> {
        self.state.borrow_mut().decline_gift(token, (self.now)())
    }

    /// The mock sends no mail: the address is checked as the server checks it.
    async fn find_orders(&self, email: &str) -> Result<(), ApiError> {
        omiyage_core::checkout::lookup_email(email).map(|_| ())
    }
}
