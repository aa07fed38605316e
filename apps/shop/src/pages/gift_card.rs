//! The downloadable gift card: a 1080×1350 PNG with the greeting, the sender's name, the product
//! (image and name) and the QR code of the claim link. It is drawn on a canvas in the browser, so
//! greetings in any script render with the phone's own fonts. Drawing, saving and reporting a
//! failure live in a few lines of JavaScript: the same work through web-sys and a Rust future
//! cost ~6 KB brotli. The snippet (`gift_card.js`) only loads the
//! drawing (`public/lazy/gift-card.js`) on the first click, which keeps it off the first load
//! too. The button is disabled while it draws; a failure (also a failed load) shows in the
//! `role=alert` element right after the button.

use wasm_bindgen::prelude::*;

use crate::i18n::t;

#[wasm_bindgen(module = "/src/gift_card.js")]
extern "C" {
    #[wasm_bindgen(js_name = giftCard)]
    fn gift_card(button: Option<web_sys::EventTarget>, texts: &JsValue, qr: &str, photo: &str);
}

/// What the card shows.
pub struct CardContent {
    pub link: String,
    pub sender_name: String,
    pub greeting: String,
    pub product_name: String,
    pub product_image: String,
}

/// Draws the card and downloads it as `omiyage-gift.png`.
pub fn start(button: Option<web_sys::EventTarget>, card: CardContent) {
    let texts = js_sys::Object::new();
    let from = format!("{} {}", t().gift_from, card.sender_name);
    for (key, value) in [
        ("heading", t().gift_card_heading),
        ("from", &from),
        ("product", &card.product_name),
        ("greeting", &card.greeting),
        ("scan", t().gift_card_scan),
        ("failed", t().gift_card_failed),
    ] {
        let _ = js_sys::Reflect::set(&texts, &key.into(), &value.into());
    }
    let qr = crate::api::qr_image_src(&card.link);
    gift_card(button, &texts, &qr, &card.product_image);
}
