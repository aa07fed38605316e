//! Gift options through the API: the admin's settings, a checkout whose lines carry のし,
//! wrapping and a card priced as their own lines with their own tax, refusals that change
//! nothing, and a gift whose unclaimed units give their options back with them.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, key, spawn_app_with_accounts};

fn line(product: &str, variant: &str, quantity: i64, options: Value) -> Value {
    json!({"product_id": product, "variant_id": variant, "quantity": quantity, "options": options})
}

fn order(lines: Vec<Value>, gift: Option<Value>) -> Value {
    let mut body = json!({
        "lines": lines,
        "contact": {"name": "佐藤 花子", "email": "hana@example.com"},
        "address": {"postal_code": "100-0005", "prefecture": "東京都", "city": "千代田区", "line1": "丸の内1-1"},
        "payment": {"method": "pay_in_shop"},
    });
    if let Some(g) = gift {
        body["gift"] = g;
        body["address"] = Value::Null;
        body.as_object_mut().unwrap().remove("address");
    }
    body
}

fn full_choice() -> Value {
    json!({
        "noshi": {"omotegaki": "御歳暮", "placement": "inner", "names": ["佐藤 花子", "山田 太郎"]},
        "wrapping": "washi-crimson",
        "card": "いつもありがとうございます"
    })
}

#[tokio::test]
async fn options_are_priced_as_their_own_lines_with_their_own_tax() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    // The demo shop: のし free, a card ¥110, two papers.
    let settings = app
        .call(Method::GET, "/api/admin/gift-options", Some(&admin), None)
        .await;
    assert_eq!(settings.status, 200);
    assert_eq!(settings.body["card_price"], 110);
    assert_eq!(settings.body["wrappings"][0]["id"], "washi-crimson");
    let (_, product) = app.get_json("/api/products/matcha-kitkat").await;
    assert_eq!(product["offers_gift_options"], true);
    let price = product["variants"][0]["price"]["amount"].as_i64().unwrap();
    let variant = product["variants"][0]["id"].as_str().unwrap().to_string();

    let mut body = order(
        vec![line("matcha-kitkat", &variant, 2, full_choice())],
        None,
    );
    body["payment"] = json!({"method": "test_card", "card_number": "4242 4242 4242 4242"});
    let (status, placed) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["status"], "paid", "{placed}");
    let options = placed["options"].as_array().unwrap();
    let kinds: Vec<&str> = options
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["noshi", "wrapping", "card"]);
    assert_eq!(
        options[0]["detail"],
        "御歳暮 · 内のし · 佐藤 花子 / 山田 太郎"
    );
    assert_eq!(options[0]["noshi"]["names"][1], "山田 太郎");
    assert_eq!(options[1]["line_total"]["amount"], 660);
    assert_eq!(options[2]["line_total"]["amount"], 220);
    assert!(options.iter().all(|o| o["quantity"] == 2 && o["line"] == 0));
    let goods = price * 2;
    let shipping = placed["shipping"]["amount"].as_i64().unwrap();
    assert_eq!(placed["subtotal"]["amount"], goods + 880);
    assert_eq!(placed["total"]["amount"], goods + 880 + shipping);
    // Sweets at 8 %; the options and shipping at 10 %, each rate's tax worked out once.
    let taxes = placed["taxes"].as_array().unwrap();
    let standard = taxes.iter().find(|t| t["class"] == "standard").unwrap();
    let reduced = taxes.iter().find(|t| t["class"] == "reduced").unwrap();
    assert_eq!(standard["taxable"]["amount"], 880 + shipping);
    assert_eq!(standard["tax"]["amount"], (880 + shipping) * 10 / 110);
    assert_eq!(reduced["taxable"]["amount"], goods);
    // The order's link shows the same.
    let token = placed["token"].as_str().unwrap();
    let (_, again) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(again["options"], placed["options"]);
    assert_eq!(
        again["ship_to"],
        "佐藤 花子\n〒100-0005 東京都 千代田区 丸の内1-1"
    );
    // The receipt lists each option as a line with its price.
    let (status, receipt) = app.page(&format!("/o/{token}/receipt"), "ja").await;
    assert_eq!(status, 200);
    assert!(
        receipt.contains("ラッピング (和紙・紅)") && receipt.contains("660円"),
        "{receipt}"
    );
    assert!(
        receipt.contains("のし (御歳暮 · 内のし · 佐藤 花子 / 山田 太郎)"),
        "{receipt}"
    );
}

#[tokio::test]
async fn options_a_product_does_not_offer_or_bad_choices_are_refused_and_change_nothing() {
    let app = spawn_app_with_accounts().await;
    let (_, furoshiki) = app.get_json("/api/products/furoshiki").await;
    let variant = furoshiki["variants"][0]["id"].as_str().unwrap().to_string();
    let stock = app.stock_of("furoshiki", &variant).await;
    // Crafts take wrapping and a card but no のし; a plain order's card needs its text; a paper
    // must be the shop's.
    let choice = json!({"noshi": {"omotegaki": "御礼"}, "wrapping": "gold-leaf", "card": " "});
    let body = order(vec![line("furoshiki", &variant, 1, choice)], None);
    let (status, err) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422, "{err}");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "lines[0].options.noshi",
            "lines[0].options.wrapping",
            "lines[0].options.card"
        ]
    );
    // A 表書き not on the list, a malformed placement.
    let choice = json!({"noshi": {"omotegaki": "おめでとう"}});
    let (_, sweets) = app.get_json("/api/products/yatsuhashi").await;
    let sv = sweets["variants"][0]["id"].as_str().unwrap().to_string();
    let body = order(vec![line("yatsuhashi", &sv, 1, choice)], None);
    let (status, err) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422);
    assert_eq!(
        err["error"]["fields"][0]["field"],
        "lines[0].options.noshi.omotegaki"
    );
    let choice = json!({"noshi": {"omotegaki": "御礼", "placement": "sideways"}});
    let body = order(vec![line("yatsuhashi", &sv, 1, choice)], None);
    let (status, _) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422);
    assert_eq!(app.order_count().await, 0);
    assert_eq!(app.stock_of("furoshiki", &variant).await, stock);
}

#[tokio::test]
async fn a_gifts_card_prints_the_greeting_and_unclaimed_units_refund_their_options() {
    let app = spawn_app_with_accounts().await;
    let (_, product) = app.get_json("/api/products/tokyo-banana").await;
    let variant = product["variants"][0]["id"].as_str().unwrap().to_string();
    let price = product["variants"][0]["price"]["amount"].as_i64().unwrap();
    let choice = json!({"noshi": {"omotegaki": "御礼", "placement": "outer"}, "card": ""});
    let gift = json!({"sender_name": "花子", "greeting": "お世話になりました"});
    let body = order(vec![line("tokyo-banana", &variant, 3, choice)], Some(gift));
    let (status, placed) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["options"][1]["detail"], "お世話になりました");
    assert_eq!(placed["total"]["amount"], (price + 110) * 3);
    // The recipient reads what was chosen in their language, without a price or the card's
    // text; an English reader gets English names.
    let claim = placed["gift"]["claim_token"].as_str().unwrap();
    let seen: Value = crate::helpers::client()
        .build()
        .unwrap()
        .get(app.url(&format!("/api/gifts/{claim}")))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        seen["options_text"], "Noshi paper: 御礼 · 外のし\nMessage card",
        "{seen}"
    );
    // Paid at the counter, then the sender cancels: the three unclaimed units go back with
    // their options.
    let token = placed["token"].as_str().unwrap();
    let staff = app.sign_in(crate::helpers::STAFF).await;
    let paid = app
        .call(
            Method::POST,
            &format!("/api/orders/{token}/confirm-payment"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(paid.status, 204, "{}", paid.body);
    let (status, cancelled) = app
        .post_json(&format!("/api/orders/{token}/cancel-gift"), &Value::Null)
        .await;
    assert!(status < 300, "{status} {cancelled}");
    let (_, view) = app.get_json(&format!("/api/orders/{token}")).await;
    assert_eq!(
        view["gift"]["refunded"]["amount"],
        (price + 110) * 3,
        "{view}"
    );
}

#[tokio::test]
async fn the_admin_sets_prices_and_papers_and_bad_settings_change_nothing() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    let get = || app.call(Method::GET, "/api/admin/gift-options", Some(&admin), None);
    let before = get().await.body;
    let mut bad = before.clone();
    bad["card_price"] = json!(-5);
    bad["wrappings"][1]["id"] = json!("washi-crimson");
    let r = app
        .call(
            Method::PUT,
            "/api/admin/gift-options",
            Some(&admin),
            Some(bad),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(get().await.body, before);
    // Free cards; the crimson paper out of season.
    let mut next = before.clone();
    next["card_price"] = json!(0);
    next["wrappings"][0]["disabled"] = json!(true);
    let r = app
        .call(
            Method::PUT,
            "/api/admin/gift-options",
            Some(&admin),
            Some(next.clone()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(get().await.body, next);
    let (_, product) = app.get_json("/api/products/genmaicha").await;
    let variant = product["variants"][0]["id"].as_str().unwrap().to_string();
    let body = order(
        vec![line(
            "genmaicha",
            &variant,
            1,
            json!({"wrapping": "washi-crimson"}),
        )],
        None,
    );
    let (status, err) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422, "{err}");
    let body = order(
        vec![line(
            "genmaicha",
            &variant,
            1,
            json!({"card": "ありがとう"}),
        )],
        None,
    );
    let (status, placed) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["options"][0]["line_total"]["amount"], 0);
    // Staff cannot change them.
    let staff = app.sign_in(crate::helpers::STAFF).await;
    let r = app
        .call(
            Method::PUT,
            "/api/admin/gift-options",
            Some(&staff),
            Some(next),
        )
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn the_options_page_draws_the_noshi_and_hands_the_choice_back_to_the_cart() {
    let app = spawn_app_with_accounts().await;
    let (_, product) = app.get_json("/api/products/yatsuhashi").await;
    let variant = product["variants"][0]["id"].as_str().unwrap().to_string();
    let base = format!("/options/yatsuhashi/{variant}");
    let (status, page) = app.page(&format!("{base}?q=2"), "ja").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("御歳暮") && page.contains("和紙・紅"),
        "{page}"
    );
    assert!(page.contains("2点それぞれ"), "{page}");
    // Preview: a condolence is drawn in black and white, without the ornament.
    let query = "q=2&go=preview&noshi=1&omotegaki=%E5%BE%A1%E9%9C%8A%E5%89%8D&placement=outer&n1=%E4%BD%90%E8%97%A4";
    let (status, page) = app.page(&format!("{base}?{query}"), "ja").await;
    assert_eq!(status, 200);
    assert!(page.contains("data-mizuhiki=\"黒白結び切り\""), "{page}");
    assert!(!page.contains("data-ornament"), "{page}");
    // A card with no text is refused where it is typed.
    let (status, page) = app
        .page(&format!("{base}?q=2&go=add&card=1&card_text="), "en")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Write what the card should say."), "{page}");
    // In the reader's language.
    let (status, page) = app
        .page(&format!("{base}?go=add&noshi=1&omotegaki=x"), "ja")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("表書きを一覧から選んでください。"), "{page}");
    // Added: a page whose script puts the choice on the cart line, with its prices per unit.
    let (status, page) = app
        .page(
            &format!(
                "{base}?q=2&go=add&noshi=1&omotegaki=%E5%BE%A1%E7%A4%BC&wrap=kraft-indigo&card=1&card_text=thanks"
            ),
            "ja",
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/gift-options.js\">"), "{page}");
    assert!(page.contains(&format!("data-line=\"{variant}\"")), "{page}");
    let value = attribute(&page, "data-options");
    let parts: Vec<&str> = value.splitn(4, '|').collect();
    assert_eq!(
        parts[..2],
        ["330", "0"],
        "¥0 のし + ¥220 paper + ¥110 card, all at 10 %"
    );
    assert!(
        parts[3].starts_with("のし: 御礼 · 内のし / ラッピング: 包装紙・藍"),
        "{value}"
    );
    let (status, script) = app.page("/gift-options.js", "ja").await;
    assert_eq!(status, 200);
    assert!(script.contains("omiyage.cart.v1"));
    // Coming back from the cart, the page shows the choice again.
    let (_, page) = app.page(&format!("{base}?q=2&t={}", parts[2]), "ja").await;
    assert!(page.contains("<option selected>御礼</option>"), "{page}");
    assert!(page.contains(">thanks</textarea>"), "{page}");
    // That token is what checkout takes; a token that is not one is refused.
    let mut body = order(vec![line("yatsuhashi", &variant, 2, Value::Null)], None);
    body["lines"][0]["options_token"] = json!(parts[2]);
    let (status, placed) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["options"].as_array().unwrap().len(), 3);
    assert_eq!(placed["options"][2]["detail"], "thanks");
    body["lines"][0]["options_token"] = json!("not-a-token");
    let (status, err) = app.checkout_raw(&key(), body.to_string()).await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "lines[0].options_token");
    // Remove: the page writes an empty value.
    let (_, page) = app.page(&format!("{base}?go=remove"), "ja").await;
    assert_eq!(attribute(&page, "data-options"), "");
    // A product without options, or an unknown one, says so.
    let (_, furoshiki) = app.get_json("/api/products/furoshiki").await;
    let fv = furoshiki["variants"][0]["id"].as_str().unwrap();
    let (status, page) = app.page(&format!("/options/furoshiki/{fv}"), "ja").await;
    assert_eq!(status, 200, "crafts offer wrapping and a card");
    assert!(!page.contains("omotegaki"), "{page}");
    let (status, _) = app.page("/options/nope/nope", "ja").await;
    assert_eq!(status, 404);
}

/// An attribute's value in a page (HTML-unescaped).
fn attribute(page: &str, name: &str) -> String {
    let start = page.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + page[start..].find('"').unwrap();
    page[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
