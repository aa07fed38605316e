//! Product images checked by their bytes, and the sales overview.

use super::*;

async fn upload(app: &TestApp, cookie: Option<&str>, bytes: Vec<u8>) -> (u16, Value) {
    let mut r = app
        .client
        .post(app.url("/api/admin/images"))
        .header("content-type", "image/png")
        .body(bytes);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// A real 40×30 PNG.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([47, 107, 58]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A server with staff accounts and an app to serve, so a product's page renders and unfurls.
async fn app_with_pages() -> TestApp {
    let dir = std::env::temp_dir().join(format!("omiyage-photos-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html lang=ja><title>Omiyage</title></head><body></body></html>",
    )
    .unwrap();
    crate::helpers::spawn_app_with(|c| {
        c.demo_accounts = true;
        c.static_dir = Some(dir.clone());
    })
    .await
}

#[tokio::test]
async fn images_are_checked_by_their_bytes_and_size_and_served_with_cache_headers() {
    let app = app_with_pages().await;
    let admin = app.sign_in(ADMIN).await;
    let png = png();
    assert_eq!(upload(&app, None, png.clone()).await.0, 401);
    let (status, body) = upload(&app, Some(&admin), b"<svg onload=alert(1)>".to_vec()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("invalid"))
    );
    let (status, body) = upload(
        &app,
        Some(&admin),
        vec![0xff; omiyage_core::image::MAX_IMAGE_BYTES + 1],
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    // A GIF, or a PNG's signature on bytes that are not one: refused with the reason.
    for bytes in [b"GIF89a\x01\x00\x01\x00".to_vec(), png[..40].to_vec()] {
        let (status, body) = upload(&app, Some(&admin), bytes).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["fields"][0]["field"], "image");
    }
    let (status, body) = upload(&app, Some(&admin), png.clone()).await;
    assert_eq!(status, 201, "{body}");
    let path = body["path"].as_str().unwrap();
    assert!(path.starts_with("/api/images/"));
    // Stored as a JPEG drawn from its pixels, with WebP and JPEG renditions beside it.
    for (suffix, content_type) in [
        ("", "image/jpeg"),
        (".w360.webp", "image/webp"),
        (".w540.webp", "image/webp"),
        (".w1280.jpg", "image/jpeg"),
    ] {
        let r = app
            .client
            .get(app.url(&format!("{path}{suffix}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{suffix}");
        assert_eq!(r.headers()["content-type"], content_type);
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let served = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
        assert_eq!((served.width(), served.height()), (40, 30));
    }
    assert_eq!(app.get_json("/api/images/nope").await.0, 404);

    // A product with the photo unfurls with its 1200×630 crop.
    let made = app
        .call(
            Method::POST,
            "/api/admin/products",
            Some(&admin),
            Some(
                json!({"name": "抹茶", "category": "tea", "image": path, "variants": [
                {"name": "40g", "sku": "M40", "price": 900, "stock": 3, "tax_class": "reduced"}]}),
            ),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let (_, html) = app
        .page(&format!("/p/{}", made.body["id"].as_str().unwrap()), "ja")
        .await;
    let og = format!("{path}.og.jpg");
    let meta = format!("property=\"og:image\" content=\"{}{og}\"", app.url(""));
    assert!(html.contains(&meta), "{meta} in {html}");
    let r = app.client.get(app.url(&og)).send().await.unwrap();
    let crop = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((crop.width(), crop.height()), (1200, 630));
    // The embed card's 96 px square shows the smallest rendition, not the wide unfurl crop.
    let (_, embed) = app
        .page(
            &format!("/embed/p/{}", made.body["id"].as_str().unwrap()),
            "ja",
        )
        .await;
    assert!(
        embed.contains(&format!("src=\"{}{path}.w360.webp\"", app.url(""))),
        "{embed}"
    );
}

/// A photo stored before the 540 px rendition existed (only its main JPEG) gets it made when it
/// is first asked for, in both formats, at the width asked; other widths and ids stay 404.
#[tokio::test]
async fn a_rendition_added_later_is_made_from_the_stored_photo_when_first_asked() {
    let app = crate::helpers::spawn_app().await;
    let big = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut main = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut main, 90)
        .encode(big.as_raw(), 900, 600, image::ExtendedColorType::Rgb8)
        .unwrap();
    let id = format!("{}-5a6b7c", "c".repeat(64));
    omiyage_server::on_state!(&app.state, st => st.storage.save_image(&id, "image/jpeg", &main, 0).await)
        .unwrap();
    for ext in ["webp", "jpg", "webp"] {
        let r = app
            .client
            .get(app.url(&format!("/api/images/{id}.w540.{ext}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{ext}");
        let served = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
        assert_eq!((served.width(), served.height()), (540, 360), "{ext}");
    }
    // Stored once made: the storage holds both formats.
    for ext in ["webp", "jpg"] {
        let stored = omiyage_server::on_state!(&app.state, st => st.storage.image(&format!("{id}.w540.{ext}")).await)
            .unwrap();
        assert!(stored.is_some(), "{ext}");
    }
    for path in [
        format!("/api/images/{id}.w500.webp"),
        format!("/api/images/{id}.w540.gif"),
        format!("/api/images/{}-5a6b7c.w540.webp", "d".repeat(64)),
    ] {
        assert_eq!(app.get_json(&path).await.0, 404, "{path}");
    }
}

/// The pages show photos cut to 4:3 around their focus: saving a product makes those cuts in
/// the background, a cut is made when first asked for if a product shows the photo with that
/// focus (or it is the centre), and no other focus is ever cut.
#[tokio::test]
async fn a_photo_is_cut_to_4_3_around_the_focus_a_product_gives_it_and_no_other() {
    let app = app_with_pages().await;
    let admin = app.sign_in(ADMIN).await;
    // 1000×500: red on the left half, blue on the right.
    let wide = image::RgbImage::from_fn(1000, 500, |x, _| match x < 500 {
        true => image::Rgb([220, 20, 20]),
        false => image::Rgb([20, 20, 220]),
    });
    let mut png = std::io::Cursor::new(Vec::new());
    wide.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let (status, body) = upload(&app, Some(&admin), png.into_inner()).await;
    assert_eq!(status, 201, "{body}");
    let path = body["path"].as_str().unwrap().to_string();
    let id = path.strip_prefix("/api/images/").unwrap().to_string();
    let made = app
        .call(
            Method::POST,
            "/api/admin/products",
            Some(&admin),
            Some(json!({"name": "風呂敷", "category": "crafts", "image": "",
                "photos": [{"src": path, "alt": "赤と青", "focus_x": 0, "focus_y": 50}],
                "variants": [{"name": "大", "sku": "F1", "price": 2400, "stock": 3, "tax_class": "standard"}]})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    // Made in the background, every width, both formats (the widest last).
    let widest = format!("{id}.c0-50.w1280.webp");
    let (_, bytes) = crate::helpers::eventually(
        std::time::Duration::from_secs(10),
        std::time::Duration::from_millis(50),
        || async {
            omiyage_server::on_state!(&app.state, st => st.storage.image(&widest).await)
                .unwrap()
                .ok_or_else(|| "the widest cut is not made yet".to_string())
        },
    )
    .await;
    // The photo's own 4:3 (666×499), never enlarged to 1280.
    let cut = image::load_from_memory(&bytes).unwrap();
    assert_eq!((cut.width(), cut.height()), (666, 499));
    for ext in ["webp", "jpg"] {
        let stored = omiyage_server::on_state!(&app.state, st => st.storage.image(&format!("{id}.c0-50.w360.{ext}")).await)
            .unwrap();
        assert!(stored.is_some(), "{ext}");
    }
    // The page asks for them.
    let (_, html) = app
        .page(&format!("/p/{}", made.body["id"].as_str().unwrap()), "ja")
        .await;
    assert!(
        html.contains(&format!("{path}.c0-50.w360.webp 360w")),
        "{html}"
    );
    // Focus at the left edge: the left two thirds of the photo, red then blue.
    let r = app
        .client
        .get(app.url(&format!("{path}.c0-50.w360.webp")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let cut = image::load_from_memory(&r.bytes().await.unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(cut.dimensions(), (360, 270));
    let [r0, _, b0] = cut.get_pixel(20, 135).0;
    let [r1, _, b1] = cut.get_pixel(340, 135).0;
    assert!(r0 > 150 && b0 < 100, "left {r0} {b0}");
    assert!(b1 > 150 && r1 < 100, "right {r1} {b1}");
    // The centre is always cut (made on first asking); a focus no product gives is not, nor a
    // width outside the set, a focus above 100 or one written two ways.
    let r = app
        .client
        .get(app.url(&format!("{path}.c50-50.w540.jpg")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let centre = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((centre.width(), centre.height()), (540, 405));
    for cut in [
        "c100-50.w360.webp",
        "c0-50.w500.webp",
        "c101-50.w360.webp",
        "c0-050.w360.webp",
        "c0-50.w0360.webp",
        "x0-50.w360.webp",
    ] {
        let asked = format!("{path}.{cut}");
        assert_eq!(app.get_json(&asked).await.0, 404, "{asked}");
        let stored = omiyage_server::on_state!(&app.state, st => st.storage.image(&format!("{id}.{cut}")).await)
            .unwrap();
        assert!(stored.is_none(), "{cut}");
    }
}

#[tokio::test]
async fn the_sales_overview_counts_todays_orders_and_ranks_products() {
    let app = spawn_app_with_accounts().await;
    let admin = app.sign_in(ADMIN).await;
    for (product, variant, quantity) in [
        ("tokyo-banana", "tokyo-banana-8", 2),
        ("furoshiki", "furoshiki-indigo", 1),
    ] {
        let (status, _) = app
            .checkout(
                &key(),
                &order_for(&[(product, variant, quantity)], test_card()),
            )
            .await;
        assert_eq!(status, 201);
    }
    let a = app
        .call(Method::GET, "/api/admin/sales", Some(&admin), None)
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let days = a.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[29]["orders"], 2);
    assert!(days[29]["revenue"]["amount"].as_i64().unwrap() > 0);
    assert_eq!(
        days[..29]
            .iter()
            .map(|d| d["orders"].as_i64().unwrap())
            .sum::<i64>(),
        0
    );
    let top: Vec<_> = a.body["top_products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product_id"].as_str().unwrap())
        .collect();
    assert_eq!(top.len(), 2);
    assert_eq!(
        app.call(
            Method::GET,
            "/api/admin/sales",
            Some(&app.sign_in(STAFF).await),
            None
        )
        .await
        .status,
        403
    );
}
