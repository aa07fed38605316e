//! The first paint of shared links: the HTML the server sends before any script runs holds the
//! page (rendered from the app's components) and the API answers it was rendered with; a gift
//! page holds its envelope only and rendering it never marks the gift opened.

use std::path::PathBuf;

use crate::gifts::buy_gift;
use crate::helpers::{TestApp, spawn_app_with_static};

/// A built app's index.html as Trunk writes it (minified: no `<head>` start tag).
const INDEX: &str = "<!doctype html><html lang=ja><meta charset=utf-8><title>Omiyage</title><meta content=\"Generic\" name=description><script type=module>import init from '/app.js';</script></head><body></body></html>";

async fn app_with_index() -> (TestApp, PathBuf) {
    let dir = std::env::temp_dir().join(format!("omiyage-first-paint-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    (spawn_app_with_static(Some(&dir)).await, dir)
}

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["cache-control"], "no-cache");
    (status, response.text().await.unwrap())
}

/// The part of the document after `<body>`.
fn body(html: &str) -> &str {
    &html[html.find("<body>").expect("a body") + "<body>".len()..]
}

#[tokio::test]
async fn the_catalog_is_in_the_html_with_its_api_answer() {
    let (app, dir) = app_with_index().await;
    let (status, html) = page(&app, "/", &[("accept-language", "en")]).await;
    assert_eq!(status, 200);
    assert!(
        html.starts_with("<!doctype html><html lang=\"en\">"),
        "{html}"
    );
    let grid = body(&html);
    for text in [
        "Matcha KitKat",
        "Tokyo Banana",
        "¥1,300",
        "href=\"/p/tokyo-banana\"",
        "Tea &amp; drinks",
    ] {
        assert!(grid.contains(text), "{text} missing from {grid}");
    }
    // Headings in order (h1, then a card's h2) and the card's image does not repeat its name.
    assert!(
        grid.contains("<h2 class=\"card-name\">Tokyo Banana</h2>"),
        "{grid}"
    );
    assert!(!grid.contains("<h3"));
    assert!(grid.contains("alt=\"\""));
    let head = &html[..html.find("<body>").unwrap()];
    assert!(head.contains(
        "<script type=\"application/json\" data-api=\"/api/products\" data-status=\"200\">{\"categories\""
    ));
    assert_eq!(head.matches("<title>").count(), 1);

    // A filter renders the filtered grid under the URL the app would fetch it at.
    let (_, html) = page(&app, "/?category=tea&q=", &[("accept-language", "en")]).await;
    assert!(
        html.contains("data-api=\"/api/products?category=tea\""),
        "{html}"
    );
    assert!(body(&html).contains("Uji Sencha") && !body(&html).contains("Tokyo Banana"));

    // The reader's choice (the app's cookie) wins over Accept-Language.
    let (_, html) = page(
        &app,
        "/",
        &[
            ("accept-language", "en"),
            ("cookie", "omiyage_lang=zh-Hans"),
        ],
    )
    .await;
    assert!(html.contains("<html lang=\"zh-Hans\">"), "{html}");
    assert!(body(&html).contains("东京香蕉蛋糕"), "{html}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_product_page_is_in_the_html_and_an_unknown_one_is_a_rendered_404() {
    let (app, dir) = app_with_index().await;
    let (status, html) = page(&app, "/p/tokyo-banana", &[("accept-language", "en")]).await;
    assert_eq!(status, 200);
    let page_body = body(&html);
    assert!(page_body.contains("<h1>Tokyo Banana</h1>"), "{page_body}");
    assert!(page_body.contains("¥1,300") && page_body.contains("fetchpriority=\"high\""));
    assert!(page_body.contains("data-test=\"add-to-cart\""));
    assert!(html.contains("data-api=\"/api/products/tokyo-banana\" data-status=\"200\""));
    assert!(html.contains("<title>Tokyo Banana · Omiyage</title>"));

    let (status, html) = page(&app, "/p/no-such-thing", &[("accept-language", "en")]).await;
    assert_eq!(status, 404);
    assert!(html.contains("data-api=\"/api/products/no-such-thing\" data-status=\"404\""));
    assert!(body(&html).contains("data-test=\"error\""), "{html}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_gift_page_shows_its_envelope_and_opens_only_by_its_open_button() {
    let (app, dir) = app_with_index().await;
    let (order, token) = buy_gift(&app.http, 1, "For your <b>birthday</b>").await;
    let (status, html) = page(&app, &format!("/g/{token}"), &[("accept-language", "en")]).await;
    assert_eq!(status, 200);
    let page_body = body(&html);
    assert!(
        page_body.contains("data-test=\"sender-name\">Hana</span>"),
        "{page_body}"
    );
    assert!(
        page_body.contains("For your &lt;b&gt;birthday&lt;/b&gt;"),
        "{page_body}"
    );
    // What is inside stays inside: not in the page, not in its data.
    assert!(
        !html.contains("Tokyo Banana") && !html.contains("tokyo-banana"),
        "{html}"
    );
    assert!(html.contains(&format!("data-token=\"{token}\" data-sender=\"Hana\"")));
    let (_, view) = app.get_json(&format!("/api/orders/{order}")).await;
    assert!(view["gift"]["opened_at"].is_null(), "{view}");
    // It opens by a person's tap on *Open*: a form that works before the app has loaded.
    assert!(
        page_body.contains(&format!(
            "<form method=\"post\" action=\"/g/{token}/open\" class=\"wrapped-gift\">"
        )),
        "{page_body}"
    );
    assert!(
        page_body
            .contains("data-test=\"open-gift\" class=\"button primary\">Open the gift</button>")
    );
    // `?opened` on a gift nobody opened is still the envelope.
    let (status, html) = page(
        &app,
        &format!("/g/{token}?opened"),
        &[("accept-language", "en")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("Tokyo Banana") && html.contains("data-sender"),
        "{html}"
    );

    // The form marks it opened and shows what is inside, rendered, with its data.
    let opened = app
        .client
        .post(app.url(&format!("/g/{token}/open")))
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(
        opened.url().as_str(),
        app.url(&format!("/g/{token}?opened"))
    );
    assert_eq!(opened.status().as_u16(), 200);
    let html = opened.text().await.unwrap();
    let page_body = body(&html);
    assert!(page_body.contains("Tokyo Banana"), "{page_body}");
    assert!(
        page_body.contains("data-test=\"claim-form\""),
        "{page_body}"
    );
    assert!(page_body.contains("data-test=\"sender-name\">Hana</span>"));
    assert!(!page_body.contains("open-gift") && !html.contains("data-sender"));
    assert_eq!(embedded_answers(&html).len(), 1);
    let (_, view) = app.get_json(&format!("/api/orders/{order}")).await;
    assert!(view["gift"]["opened_at"].is_i64(), "{view}");
    // The query is read leniently: a repeated `opened` and an odd parameter still open it, and a
    // product link with its `ref` twice still opens the product.
    for path in [
        format!("/g/{token}?opened&opened=1&utm_source=%zz"),
        "/p/tokyo-banana?ref=a&ref=b".to_string(),
    ] {
        let (status, html) = page(&app, &path, &[("accept-language", "en")]).await;
        assert_eq!(status, 200, "{path}");
        assert!(body(&html).contains("Tokyo Banana"), "{path}");
    }

    let (status, html) = page(&app, "/g/not-a-real-gift-token", &[]).await;
    assert_eq!(status, 404);
    assert!(!html.contains("data-sender"));
    assert!(body(&html).contains("<h1>"), "{html}");
    let unknown = app
        .client
        .post(app.url("/g/not-a-real-gift-token/open"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    assert_eq!(unknown.url().path(), "/g/not-a-real-gift-token");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Each embedded API answer of a page (the text inside its script element).
fn embedded_answers(html: &str) -> Vec<&str> {
    html.split("<script type=\"application/json\" data-api=")
        .skip(1)
        .map(|s| {
            let start = s.find('>').unwrap() + 1;
            &s[start..s.find("</script>").unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn product_text_that_looks_like_markup_never_ends_the_embedded_data() {
    let (app, dir) = app_with_index().await;
    let product = omiyage_api::Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: "markup".into(),
        name: "Tea <!--<script".into(),
        description: "</script><!-- ' \" & <b>".into(),
        category: "sweets".into(),
        image: "/img/matcha-kitkat.svg".into(),
        variants: vec![omiyage_api::Variant {
            photo: None,
            id: "markup-box".into(),
            name: "Box <!--".into(),
            price: omiyage_api::Money::jpy(1_000),
            stock: 5,
            tax_class: omiyage_api::TaxClass::Standard,
        }],
    };
    omiyage_server::on_state!(&app.state, st => st.storage.add_product(&product).await).unwrap();
    for path in ["/", "/p/markup"] {
        let (status, html) = page(&app, path, &[("accept-language", "en")]).await;
        assert_eq!(status, 200);
        let answers = embedded_answers(&html);
        assert!(!answers.is_empty(), "{path}: no embedded answer");
        for answer in answers {
            assert!(!answer.contains('<'), "{path}: {answer}");
            let json: serde_json::Value = serde_json::from_str(answer).unwrap();
            let text = json.to_string();
            assert!(text.contains("Tea <!--<script"), "{path}: {text}");
        }
        // The page's own text is escaped, and the body is still there after it.
        assert!(!html.contains("<!--<script"), "{path}");
        assert!(body(&html).contains("Tea &lt;!--&lt;script"), "{path}");
    }
    std::fs::remove_dir_all(dir).ok();
}
