//! The bundled mock backend in the browser: orders persist in localStorage across "reloads"
//! (new backend handles), and the rules are the same as the server's.
#![cfg(all(target_arch = "wasm32", feature = "mock"))]

use gloo_storage::{LocalStorage, Storage};
use omiyage::api::{Storefront, api};
use omiyage_api::{
    Address, CatalogQuery, CheckoutLine, CheckoutRequest, Contact, ErrorCode, PaymentChoice,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn request(card: &str) -> CheckoutRequest {
    CheckoutRequest {
        delivery: None,
        points: 0,
        lines: vec![CheckoutLine {
            options: None,
            options_token: None,
            product_id: "kokeshi".into(),
            variant_id: "kokeshi-standard".into(),
            quantity: 1,
        }],
        contact: Contact {
            name: "Mio".into(),
            email: "mio@example.com".into(),
            phone: String::new(),
        },
        address: Address {
            postal_code: "980-0021".into(),
            prefecture: "宮城県".into(),
            city: "Sendai".into(),
            line1: "1-1 Chuo".into(),
            line2: String::new(),
        },
        payment: PaymentChoice::TestCard {
            card_number: card.into(),
        },
        gift: None,
        coupon: None,
    }
}

#[wasm_bindgen_test]
async fn the_mock_keeps_orders_and_stock_in_local_storage() {
    LocalStorage::clear();
    let catalog = api().catalog(&CatalogQuery::default()).await.unwrap();
    assert_eq!(catalog.products.len(), 14);

    let declined = api()
        .checkout("key-declined-1", &request("4000 0000 0000 0002"))
        .await
        .unwrap_err();
    assert_eq!(declined.code, ErrorCode::CardDeclined);

    let order = api()
        .checkout("key-ok-000001", &request("4242424242424242"))
        .await
        .unwrap();
    assert_eq!(order.token.len(), 36);
    // A "reload": a fresh handle reads the saved state.
    assert_eq!(api().order(&order.token).await.unwrap(), order);
    assert_eq!(api().product("kokeshi").await.unwrap().variants[0].stock, 0);
    let again = api()
        .checkout("key-ok-000002", &request("4242424242424242"))
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::OutOfStock);
}
