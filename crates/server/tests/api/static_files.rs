use crate::helpers::spawn_app_with_static;

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_cache_headers() {
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Omiyage</title>",
    )
    .unwrap();
    std::fs::write(dir.join("omiyage-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let app = spawn_app_with_static(Some(&dir)).await;

    let deep = app
        .client
        .get(app.url("/p/matcha-kitkat"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(deep.status().as_u16(), 200);
    assert_eq!(deep.headers()["cache-control"], "no-cache");
    assert!(
        deep.text()
            .await
            .unwrap()
            .contains("<title>Matcha KitKat · Omiyage</title>")
    );
    let other = app.client.get(app.url("/cart")).send().await.unwrap();
    assert!(
        other
            .text()
            .await
            .unwrap()
            .contains("<title>Omiyage</title>")
    );

    let asset = app
        .client
        .get(app.url("/omiyage-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status().as_u16(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    // The API keeps its own JSON 404s instead of falling back to the app.
    let api = app.client.get(app.url("/api/nope")).send().await.unwrap();
    assert_eq!(api.status().as_u16(), 404);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn precompressed_assets_are_sent_when_the_client_accepts_them() {
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), b"BROTLI-BYTES").unwrap();
    let app = spawn_app_with_static(Some(&dir)).await;
    let r = app
        .client
        .get(app.url("/app-0123456789abcdef.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"BROTLI-BYTES");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn share_links_unfurl_with_escaped_open_graph_tags_for_a_plain_http_client() {
    use reqwest::Method;
    use serde_json::json;
    let dir = std::env::temp_dir().join(format!("omiyage-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"description\" content=\"Generic\"><title>Omiyage</title></head><body></body></html>",
    )
    .unwrap();
    let app = crate::helpers::spawn_app_with(|c| {
        c.static_dir = Some(dir.clone());
        c.demo_accounts = true;
        c.public_url = Some("https://shop.example".into());
    })
    .await;
    let admin = app.sign_in(crate::helpers::ADMIN).await;
    let product = json!({"name": "Tom & \"Jerry\" <b>", "description": "A <i>cat</i> & mouse set.", "category": "crafts",
        "image": "/api/images/abc", "variants": [{"name": "Set", "sku": "", "price": 1800, "stock": 3}]});
    let created = app
        .call(
            Method::POST,
            "/api/admin/products",
            Some(&admin),
            Some(product),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(id, "tom-jerry-b");

    // No JavaScript: one GET, as a chat app's crawler does, with a promoter's ref.
    let r = app
        .client
        .get(app.url(&format!("/p/{id}?ref=PROMO1")))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["vary"], "Accept-Language, Cookie");
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    // The card's tags (the page's embedded API answers follow them, as JSON).
    let head = &html[..html.find("</head>").unwrap()];
    let head = &head[..head
        .find("<script type=\"application/json\"")
        .unwrap_or(head.len())];
    for tag in [
        r#"<meta property="og:title" content="Tom &amp; &quot;Jerry&quot; &lt;b&gt;">"#,
        r#"<meta property="og:description" content="¥1,800 · A &lt;i&gt;cat&lt;/i&gt; &amp; mouse set.">"#,
        r#"<meta property="og:image" content="https://shop.example/api/images/abc">"#,
        r#"<meta property="og:url" content="https://shop.example/p/tom-jerry-b">"#,
        r#"<link rel="canonical" href="https://shop.example/p/tom-jerry-b">"#,
        r#"<meta property="product:price:amount" content="1800">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        "<title>Tom &amp; &quot;Jerry&quot; &lt;b&gt; · Omiyage</title>",
    ] {
        assert!(head.contains(tag), "missing {tag} in {head}");
    }
    assert!(!head.contains("<b>") && !head.contains("<i>") && !head.contains("Generic"));
    assert_eq!(
        reqwest::get(app.url("/p/no-such-thing"))
            .await
            .unwrap()
            .status(),
        404
    );

    // A gift link unfurls as an envelope: from whom, not what, and it stays unopened.
    let body = json!({
        "lines": [{"product_id": "tokyo-banana", "variant_id": "tokyo-banana-8", "quantity": 1}],
        "contact": {"name": "Hana Sato", "email": "hana@example.com"},
        "payment": {"method": "test_card", "card_number": "4242 4242 4242 4242"},
        "gift": {"sender_name": "Hana", "greeting": "secret words", "allow_variant_choice": false}
    });
    let (_, order) = app
        .checkout_raw(&crate::helpers::key(), body.to_string())
        .await;
    let token = order["gift"]["claim_token"].as_str().unwrap();
    let unfurl = |lang: &'static str| {
        let path = format!("/g/{token}");
        let app = &app;
        async move { app.page(&path, lang).await.1 }
    };
    let html = unfurl("en").await;
    assert!(
        html.contains(r#"<meta property="og:title" content="A gift for you from Hana">"#),
        "{html}"
    );
    // The card says nothing of the greeting; the page shows it (the envelope), never the product.
    let tags = &html[..html
        .find("<meta id=\"gift-envelope\"")
        .expect("the envelope")];
    assert!(!tags.contains("secret words"), "{tags}");
    assert!(!html.contains("Tokyo Banana") && !html.contains("tokyo-banana"));
    // Whoever opens the link reads it in their own language; Japanese when they name none.
    assert!(
        unfurl("zh-CN,zh;q=0.9")
            .await
            .contains(r#"content="Hana 送给您一份礼物""#)
    );
    assert!(
        unfurl("")
            .await
            .contains(r#"content="Hanaさんからギフトが届きました""#)
    );
    let (_, ja_product) = app.page(&format!("/p/{id}"), "").await;
    assert!(
        ja_product.contains(r#"content="1,800円 · A &lt;i&gt;cat&lt;/i&gt; &amp; mouse set.""#)
    );
    let (_, sender) = app
        .get_json(&format!("/api/orders/{}", order["token"].as_str().unwrap()))
        .await;
    assert!(
        sender["gift"].get("opened_at").is_none(),
        "an unfurl does not open the gift"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn every_response_carries_the_security_headers_of_its_family() {
    use crate::helpers::spawn_app_with;
    let dir = std::env::temp_dir().join(format!("omiyage-csp-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    // The loader Trunk writes inline; the policy allows exactly it, by hash.
    let loader = "import init from '/app.js'; await init();";
    std::fs::write(
        dir.join("index.html"),
        format!("<!doctype html><head><title>Omiyage</title><script type=module>{loader}</script></head>"),
    )
    .unwrap();
    let app = spawn_app_with(|c| {
        c.static_dir = Some(dir.clone());
        c.cookie_secure = true;
    })
    .await;
    let get = |path: &str| app.client.get(app.url(path)).send();
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let hash = {
        use sha2_check::digest;
        digest(loader)
    };

    let page = get("/").await.unwrap();
    let csp = header(&page, "content-security-policy").unwrap();
    for part in [
        "default-src 'self'",
        &format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"),
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
    assert_eq!(header(&page, "x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        header(&page, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        header(&page, "referrer-policy").as_deref(),
        Some("same-origin")
    );
    assert!(
        header(&page, "strict-transport-security")
            .unwrap()
            .starts_with("max-age=")
    );

    // The embed card is meant to be framed by other sites; the rest is not.
    let embed = get("/embed/p/matcha-kitkat").await.unwrap();
    assert!(
        header(&embed, "content-security-policy")
            .unwrap()
            .contains("frame-ancestors *")
    );
    assert_eq!(header(&embed, "x-frame-options"), None);

    // Pages whose URL is a secret send no referrer.
    for path in ["/g/some-claim-token", "/o/some-order-token/receipt"] {
        let r = get(path).await.unwrap();
        assert_eq!(
            header(&r, "referrer-policy").as_deref(),
            Some("no-referrer"),
            "{path}"
        );
        assert!(
            header(&r, "content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
    let api = get("/api/products").await.unwrap();
    assert_eq!(
        header(&api, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn hsts_is_sent_only_when_cookies_are_secure() {
    let app = crate::helpers::spawn_app().await;
    let r = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}

/// SHA-256 in base64, as a CSP hash source spells it.
mod sha2_check {
    pub fn digest(text: &str) -> String {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    }
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_cannot_hold_every_connection() {
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = crate::helpers::spawn_app_with(|c| {
        c.header_timeout_secs = 1;
        c.max_connections = 4;
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // Four clients that never finish their headers take every connection slot…
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /api/health HTTP/1.1\r\nHost: shop\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // …until the header timeout closes them: a real request waits for a slot, then succeeds.
    let ok = tokio::time::timeout(
        Duration::from_secs(10),
        app.client.get(app.url("/api/health")).send(),
    )
    .await
    .expect("a real client gets through once the slow ones are cut off")
    .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    for mut s in slow {
        let mut buf = [0u8; 256];
        let read = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("the server closes a connection whose headers never finish");
        // Closed, reset, or answered 408 before closing: never served.
        if let Ok(n) = read {
            let text = String::from_utf8_lossy(&buf[..n]);
            assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
        }
    }
}
