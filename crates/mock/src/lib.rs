//! The mock backend: the rules of crates/core applied to an in-memory, serialisable state.
//! The shopper's app persists [`MockState`] in localStorage; tests use [`MockBackend`] natively.

use std::cell::RefCell;

use omiyage_api::{
    ApiError, Catalog, CatalogQuery, Category, CheckoutRequest, OrderView, Product, Storefront,
};
use omiyage_core::{catalog, checkout, idempotency, order, payment, pricing, seed, stock};
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
            products: seed::products(),
            orders: Vec::new(),
            keys: Vec::new(),
        }
    }

    pub fn catalog(&self, query: &CatalogQuery) -> Catalog {
        Catalog {
            categories: self.categories.clone(),
            products: catalog::filter(self.products.clone(), query),
        }
    }

    pub fn product(&self, id: &str) -> Result<Product, ApiError> {
        self.products
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("This product"))
    }

    /// Places an order: the same steps as the server, in the same order, all or nothing.
    pub fn checkout(
        &mut self,
        key: Option<&str>,
        request: &CheckoutRequest,
        new_token: impl FnOnce() -> String,
        now: i64,
    ) -> Result<OrderView, ApiError> {
        let key = idempotency::parse_key(key)?;
        let valid = checkout::validate(request)?;
        let fingerprint = idempotency::fingerprint(request);
        if let Some(seen) = self.keys.iter().find(|k| k.key == key) {
            if seen.fingerprint != fingerprint {
                return Err(idempotency::mismatch());
            }
            return self.order(&seen.token);
        }
        let priced = pricing::price(&valid.lines, &self.products)?;
        let (payment, status) = payment::authorize(&valid.payment)?;
        for line in &valid.lines {
            let variant = self
                .products
                .iter_mut()
                .find(|p| p.id == line.product_id)
                .and_then(|p| p.variants.iter_mut().find(|v| v.id == line.variant_id))
                .ok_or_else(|| ApiError::not_found("This product"))?;
            // `price` already checked every line against the same stock, so this cannot fail
            // half-way; keep the rule call so the take stays all-or-nothing by construction.
            variant.stock = stock::take(variant.stock, line.quantity)
                .map_err(|_| ApiError::not_found("Stock"))?;
        }
        let token = new_token();
        let view = order::build(token.clone(), &valid, priced, payment, status, now);
        self.orders.push(view.clone());
        self.keys.push(KeyRecord {
            key,
            fingerprint,
            token,
        });
        Ok(view)
    }

    pub fn order(&self, token: &str) -> Result<OrderView, ApiError> {
        self.orders
            .iter()
            .find(|o| o.token == token)
            .cloned()
            .ok_or_else(|| ApiError::not_found("This order"))
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
    now: Box<dyn Fn() -> i64>,
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
        self.state.borrow().order(token)
    }
}
