//! Browser tests of the storefront's components (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use omiyage::cart::{CartLine, provide_cart, use_cart};
use omiyage::components::{ProductCard, VariantPicker};
use omiyage::pages::CartPage;
use omiyage_api::{Money, Product, Variant};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn variant(id: &str, name: &str, price: i64, stock: u32) -> Variant {
    Variant {
        photo: None,
        id: id.into(),
        name: name.into(),
        price: Money::jpy(price),
        stock,
        tax_class: omiyage_api::TaxClass::Standard,
    }
}

fn product(id: &str, name: &str, variants: Vec<Variant>) -> Product {
    Product {
        photos: Vec::new(),
        offers_gift_options: false,
        id: id.into(),
        name: name.into(),
        description: "A test product.".into(),
        category: "sweets".into(),
        image: "/img/test.svg".into(),
        variants,
    }
}

fn host() -> HtmlElement {
    let doc = document();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn text(host: &HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(host: &HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn product_card_shows_name_from_price_and_low_stock() {
    let host = host();
    let p = product(
        "mochi",
        "Strawberry <b>Mochi</b>",
        vec![
            variant("mochi-6", "6", 1_500, 2),
            variant("mochi-3", "3", 800, 1),
        ],
    );
    let _handle = mount_to(
        host.clone(),
        move || view! { <Router><ProductCard product=p/></Router> },
    );
    tick().await;
    // User text is shown as text, never parsed as HTML.
    assert_eq!(text(&host, ".card-name"), "Strawberry <b>Mochi</b>");
    assert!(host.query_selector(".card-name b").unwrap().is_none());
    assert_eq!(text(&host, "[data-test=price]"), "from ¥800");
    assert_eq!(text(&host, "[data-test=stock-badge]"), "Only 3 left");
    let link = host.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/p/mochi"));
    // The name is the link's text; the image does not repeat it (decorative, alt="").
    let img = host.query_selector("img").unwrap().unwrap();
    assert_eq!(img.get_attribute("alt").as_deref(), Some(""));
    assert_eq!(text(&host, "a .card-name"), "Strawberry <b>Mochi</b>");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_sold_out_product_card_says_so() {
    let host = host();
    let p = product(
        "kasutera",
        "Kasutera",
        vec![variant("k-1", "Loaf", 1_800, 0)],
    );
    let _handle = mount_to(
        host.clone(),
        move || view! { <Router><ProductCard product=p/></Router> },
    );
    tick().await;
    assert_eq!(text(&host, "[data-test=price]"), "¥1,800");
    assert_eq!(text(&host, "[data-test=stock-badge]"), "Sold out");
    assert!(host.query_selector(".card-sold-out").unwrap().is_some());
    host.remove();
}

#[wasm_bindgen_test]
async fn the_variant_picker_selects_on_click_and_disables_sold_out_variants() {
    let host = host();
    let selected = RwSignal::new(Some("tea-100".to_string()));
    let variants = vec![
        variant("tea-100", "100 g", 1_800, 20),
        variant("tea-200", "200 g", 3_400, 4),
        variant("tea-500", "500 g", 7_000, 0),
    ];
    let _handle = mount_to(
        host.clone(),
        move || view! { <VariantPicker variants selected/> },
    );
    tick().await;
    let input = |id: &str| -> web_sys::HtmlInputElement {
        host.query_selector(&format!("#variant-{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    assert!(input("tea-100").checked());
    assert!(input("tea-500").disabled());
    assert!(text(&host, "label[for=variant-tea-200]").contains("Only 4 left"));

    input("tea-200").click();
    tick().await;
    assert_eq!(selected.get_untracked().as_deref(), Some("tea-200"));
    assert!(input("tea-200").checked());

    // A disabled (sold-out) variant cannot be chosen.
    input("tea-500").click();
    tick().await;
    assert_eq!(selected.get_untracked().as_deref(), Some("tea-200"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_cart_merges_lines_updates_totals_and_persists() {
    LocalStorage::clear();
    let host = host();
    let p = product(
        "yokan",
        "Yokan",
        vec![
            variant("yokan-s", "Small", 1_000, 9),
            variant("yokan-l", "Large", 2_500, 9),
        ],
    );
    let (small, large) = (p.variants[0].clone(), p.variants[1].clone());
    let cart_slot = StoredValue::new_local(None);
    let _handle = mount_to(host.clone(), move || {
        provide_cart();
        cart_slot.set_value(Some(use_cart()));
        view! { <Router><CartPage/></Router> }
    });
    let cart = cart_slot.get_value().unwrap();
    tick().await;
    assert!(
        host.query_selector("[data-test=cart-empty]")
            .unwrap()
            .is_some()
    );

    cart.add(CartLine::new(&p, &small, 1));
    cart.add(CartLine::new(&p, &small, 1));
    cart.add(CartLine::new(&p, &large, 1));
    tick().await;
    assert_eq!(
        host.query_selector_all("[data-test=cart-line]")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(text(&host, "[data-test=subtotal]"), "¥4,500");
    assert_eq!(text(&host, "[data-test=total]"), "¥5,100"); // + ¥600 shipping under ¥5,000

    click(&host, "[data-test=increase]");
    tick().await;
    assert_eq!(text(&host, "[data-test=line-quantity]"), "3");
    assert_eq!(text(&host, "[data-test=total]"), "¥5,500"); // free shipping from ¥5,000

    // Saved for the next page load.
    let saved: Vec<CartLine> = LocalStorage::get("omiyage.cart.v1").unwrap();
    assert_eq!(saved.iter().map(|l| l.quantity).collect::<Vec<_>>(), [3, 1]);

    click(&host, "[data-test=remove]");
    tick().await;
    assert_eq!(
        host.query_selector_all("[data-test=cart-line]")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(cart.count(), 1);
    host.remove();
}
