//! Link unfurls: when a chat app or a crawler fetches a product link (`/p/<id>`, with or
//! without `?ref=`) or a gift link (`/g/<token>`), the app's HTML comes back with Open Graph
//! and Twitter card tags for that page in its head, so the link shows as a card. People get the
//! same HTML and the app takes over as usual. A gift's card never tells what is inside, and
//! fetching it does not mark the gift opened. The catalog (`/`) is served here too, with the
//! shop's own card.

use std::path::{Path as FsPath, PathBuf};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, HOST, SET_COOKIE, VARY};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use omiyage::page_data::{Envelope, PageData};
use omiyage_api::{Catalog, CatalogQuery, Product};
use omiyage_core::catalog;
use omiyage_core::lang::Lang;

use crate::AppState;
use crate::http::extract::PageLang;
use crate::pages::first_paint::{self, Rendered};
use crate::storage::Backend;

pub use omiyage_core::html::escape;

/// What a card shows.
pub struct Card {
    pub title: String,
    pub description: String,
    /// Absolute URL of the image, if any.
    pub image: Option<String>,
    /// The canonical URL of the page.
    pub url: String,
    /// `og:type`.
    pub kind: &'static str,
    /// Price in yen, for products.
    pub price: Option<i64>,
}

/// The head tags of a card.
pub fn tags(card: &Card) -> String {
    let (title, description, url) = (
        escape(&card.title),
        escape(&card.description),
        escape(&card.url),
    );
    let mut t = format!(
        "<title>{title} · Omiyage</title>\n<meta name=\"description\" content=\"{description}\">\n\
         <link rel=\"canonical\" href=\"{url}\">\n<meta property=\"og:site_name\" content=\"Omiyage\">\n\
         <meta property=\"og:type\" content=\"{kind}\">\n<meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:description\" content=\"{description}\">\n<meta property=\"og:url\" content=\"{url}\">\n\
         <meta name=\"twitter:title\" content=\"{title}\">\n<meta name=\"twitter:description\" content=\"{description}\">\n",
        kind = card.kind,
    );
    match &card.image {
        Some(image) => {
            let image = escape(image);
            t.push_str(&format!(
                "<meta property=\"og:image\" content=\"{image}\">\n<meta name=\"twitter:image\" content=\"{image}\">\n\
                 <meta name=\"twitter:card\" content=\"summary_large_image\">\n"
            ));
        }
        None => t.push_str("<meta name=\"twitter:card\" content=\"summary\">\n"),
    }
    if let Some(price) = card.price {
        t.push_str(&format!(
            "<meta property=\"product:price:amount\" content=\"{price}\">\n<meta property=\"product:price:currency\" content=\"JPY\">\n"
        ));
    }
    t
}

/// The app's HTML with the card's tags in place of its own title and description.
pub fn inject(index: &str, card: &Card) -> String {
    let mut html = index.to_string();
    // Drop the generic title and description; the card brings its own.
    for (start, end) in [("<title>", "</title>"), ("<meta name=\"description\"", ">")] {
        if let Some(i) = html.find(start)
            && let Some(j) = html[i..].find(end)
        {
            html.replace_range(i..i + j + end.len(), "");
        }
    }
    // Before `</head>`: a minified index.html has no `<head>` start tag, and nothing may come
    // before its doctype.
    match html.find("</head>") {
        Some(i) => html.insert_str(i, &tags(card)),
        None => html.push_str(&tags(card)),
    }
    html
}

/// The site's origin as the client reached it (`--public-url` when set).
pub fn origin<S: Backend>(state: &AppState<S>, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn absolute(origin: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_string()
    } else {
        format!("{origin}{path}")
    }
}

fn product_card(p: &Product, origin: &str, lang: Lang) -> Card {
    let price = p.variants.iter().map(|v| v.price.amount).min();
    let from = price
        .map(|a| lang.price(omiyage_api::Money::jpy(a)))
        .unwrap_or_default();
    let mut description: String = p.description.chars().take(180).collect();
    if !from.is_empty() {
        description = format!("{from} · {description}");
    }
    Card {
        title: p.name.clone(),
        description,
        // A stored photo unfurls as its 1200×630 crop; a drawing as itself.
        image: (!p.image.is_empty()).then(|| {
            // (Images uploaded before renditions existed have no crop.)
            let image = match omiyage_core::image::placeholder(&p.image).is_some() {
                true => crate::photos::unfurl_id(&p.image),
                false => p.image.clone(),
            };
            absolute(origin, &image)
        }),
        url: format!("{origin}/p/{}", p.id),
        kind: "product",
        price,
    }
}

/// The app's HTML with the card's tags and, when rendered, the page itself.
pub async fn page(
    index: &FsPath,
    status: StatusCode,
    card: Option<Card>,
    rendered: Option<&Rendered>,
) -> Response {
    let Ok(html) = tokio::fs::read_to_string(index).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let html = match card {
        Some(card) => inject(&html, &card),
        None => html,
    };
    let html = match rendered {
        Some(page) => first_paint::assemble(&html, page),
        None => html,
    };
    first_paint::respond(status, html)
}

/// A page's query, read leniently: a link someone pasted with a repeated or odd parameter
/// still opens its page (without what could not be read).
fn lenient<T: Default>(query: Result<Query<T>, QueryRejection>) -> T {
    query.map(|Query(q)| q).unwrap_or_default()
}

#[derive(serde::Deserialize, Default)]
pub struct RefQuery {
    #[serde(rename = "ref")]
    code: Option<String>,
}

/// `/p/<id>`: the product's card; unknown products get the app with a 404 status. Opened with
/// a promoter's `?ref=`, it also records the click and sets the attribution cookie.
pub async fn product<S: Backend>(
    State((state, index)): State<(AppState<S>, PathBuf)>,
    Path(id): Path<String>,
    query: Result<Query<RefQuery>, QueryRejection>,
    PageLang(lang): PageLang,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let query = lenient(query);
    let origin = origin(&state, &headers);
    let product = match crate::services::catalog::localized_product(&state, &id, lang).await {
        Ok(Some(p)) => p,
        _ => {
            let data = first_paint::product_data(&id, None);
            let rendered = first_paint::render(&state, &first_paint::url(&uri), lang, data).await;
            return page(&index, StatusCode::NOT_FOUND, None, rendered.as_ref()).await;
        }
    };
    let cookies = match &query.code {
        Some(code) => {
            crate::services::attribution::record_click(&state, &headers, &product.id, code).await
        }
        None => Vec::new(),
    };
    let data = first_paint::product_data(&id, Some(&product));
    let rendered = first_paint::render(&state, &first_paint::url(&uri), lang, data).await;
    let mut response = page(
        &index,
        StatusCode::OK,
        Some(product_card(&product, &origin, lang)),
        rendered.as_ref(),
    )
    .await;
    for c in cookies {
        if let Ok(v) = c.parse() {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}

/// `/embed/p/<id>?ref=…`: a small self-contained product card for other sites' iframes
/// (image, name, price, a button to the product's share link). Plain HTML, no script.
pub async fn embed<S: Backend>(
    State(state): State<AppState<S>>,
    Path(id): Path<String>,
    query: Result<Query<RefQuery>, QueryRejection>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Response {
    let query = lenient(query);
    let origin = origin(&state, &headers);
    let Ok(Some(p)) = crate::services::catalog::localized_product(&state, &id, lang).await else {
        return (
            StatusCode::NOT_FOUND,
            Html("<!doctype html><p>This product is not available.</p>".to_string()),
        )
            .into_response();
    };
    let card = product_card(&p, &origin, lang);
    let code: String = query
        .code
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(40)
        .collect();
    let link = if code.is_empty() {
        card.url.clone()
    } else {
        format!("{}?ref={code}", card.url)
    };
    let price = card
        .price
        .map(|a| lang.price(omiyage_api::Money::jpy(a)))
        .unwrap_or_default();
    let view = match lang {
        Lang::Ja => "ショップで見る",
        Lang::ZhHans => "在商店查看",
        Lang::En => "View in the shop",
    };
    // A 96 px square: a stored photo's smallest rendition (the card's unfurl image is a wide
    // 1200×630 crop), kept at its focus.
    let image = match p.image.is_empty() {
        true => String::new(),
        false => absolute(&origin, &omiyage_core::image::rendition(&p.image, 360)),
    };
    let position = p
        .photos
        .first()
        .filter(|photo| photo.src == p.image)
        .map_or_else(|| "50% 50%".to_string(), |photo| photo.position());
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{name} · Omiyage</title>
<style>body{{margin:0;font:15px/1.4 system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1f1d1a}}
a{{display:flex;gap:12px;align-items:center;padding:10px;border:1px solid #e6dfd3;border-radius:14px;background:#fff;color:inherit;text-decoration:none;max-width:420px}}
img{{width:96px;height:96px;object-fit:cover;border-radius:10px;background:#f3efe7}}strong{{display:block;font-size:1.05rem}}.p{{color:#b8372a;font-weight:800}}.b{{display:inline-block;margin-top:6px;background:#b8372a;color:#fff;border-radius:999px;padding:6px 14px;font-weight:700}}</style></head>
<body><a href="{link}" target="_top" rel="noopener"><img src="{image}" alt="" style="object-position:{position}"><span><strong>{name}</strong><span class="p">{price}</span><br><span class="b">{view}</span></span></a></body></html>"#,
        lang = lang.tag(),
        name = escape(&p.name),
        link = escape(&link),
        image = escape(&image),
        price = escape(&price),
    );
    (
        StatusCode::OK,
        [
            (CACHE_CONTROL, "public, max-age=300"),
            (VARY, "Accept-Language"),
        ],
        Html(html),
    )
        .into_response()
}

/// Whether a gift page's query asks for it opened (`?opened`, after the recipient opened it on
/// the server's page). Read leniently: any other or malformed parameter is ignored, as on every
/// page.
fn asks_opened(uri: &Uri) -> bool {
    uri.query().is_some_and(|q| {
        q.split('&')
            .any(|p| p == "opened" || p.starts_with("opened="))
    })
}

/// `POST /g/<token>/open`: the envelope's *Open* button before the app has loaded (a plain
/// form): marks the gift opened for the sender, as the app does, and shows it opened
/// (`/g/<token>?opened`, 303). An unknown gift goes back to its page, which says so.
pub async fn open_gift<S: Backend>(
    State((state, _)): State<(AppState<S>, PathBuf)>,
    Path(token): Path<String>,
) -> Response {
    let known = state
        .storage
        .gift_view(&token, state.clock.now(), true)
        .await
        .is_ok();
    let page = format!("/g/{}", omiyage::api::encode_uri_component(&token));
    let to = if known {
        format!("{page}?opened")
    } else {
        page
    };
    axum::response::Redirect::to(&to).into_response()
}

/// `/g/<token>`: an envelope: who it is from, never what is inside; with `?opened` once the
/// recipient has opened it, the gift itself (rendered for the person who pressed *Open*; a
/// link previewer only ever sees the envelope, as the gift is not opened until someone does).
pub async fn gift<S: Backend>(
    State((state, index)): State<(AppState<S>, PathBuf)>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let origin = origin(&state, &headers);
    let url = first_paint::url(&uri);
    // Only a page that asks for it opened reads whether it was.
    let opened = asks_opened(&uri) && state.storage.gift_opened(&token).await.unwrap_or(false);
    match state
        .storage
        .gift_view(&token, state.clock.now(), false)
        .await
    {
        Ok(g) if opened => {
            let Ok(view) = crate::services::gifts::localized(&state, g, lang).await else {
                return page(&index, StatusCode::OK, None, None).await;
            };
            let data = PageData {
                answers: vec![first_paint::answer(
                    omiyage::api::gift_url(&token),
                    200,
                    &view,
                )],
                ..Default::default()
            };
            let rendered = first_paint::render(&state, &url, lang, data).await;
            page(&index, StatusCode::OK, None, rendered.as_ref()).await
        }
        Ok(g) => {
            let card = Card {
                title: match lang {
                    Lang::Ja => format!("{}さんからギフトが届きました", g.sender_name),
                    Lang::ZhHans => format!("{} 送给您一份礼物", g.sender_name),
                    Lang::En => format!("A gift for you from {}", g.sender_name),
                },
                description: match lang {
                    Lang::Ja => "開けると中身が分かり、お届け先を入力できます。住所はショップだけが見ます。",
                    Lang::ZhHans => "打开即可看到礼物并填写收货地址。只有商店能看到您的地址。",
                    Lang::En => "Open it to see what it is and where it should go. Only the shop sees your address.",
                }
                .into(),
                image: None,
                url: format!("{origin}/g/{token}"),
                kind: "website",
                price: None,
            };
            let envelope = Envelope {
                token: token.clone(),
                sender_name: g.sender_name,
                greeting: g.greeting,
            };
            let data = first_paint::envelope_data(Some(envelope));
            let rendered = first_paint::render(&state, &url, lang, data).await;
            page(&index, StatusCode::OK, Some(card), rendered.as_ref()).await
        }
        Err(_) => {
            let data = PageData {
                answers: vec![first_paint::answer(
                    omiyage::api::gift_url(&token),
                    404,
                    &omiyage_api::ErrorBody {
                        error: omiyage_api::ApiError::not_found("This gift link"),
                    },
                )],
                ..Default::default()
            };
            let rendered = first_paint::render(&state, &url, lang, data).await;
            page(&index, StatusCode::NOT_FOUND, None, rendered.as_ref()).await
        }
    }
}

/// `/`: the catalog as the query asks for it (unknown filters read as none).
pub async fn catalog<S: Backend>(
    State((state, index)): State<(AppState<S>, PathBuf)>,
    query: Result<Query<CatalogQuery>, QueryRejection>,
    PageLang(lang): PageLang,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // The filters as the app reads them from the URL: an empty category or a blank search
    // is no filter.
    let query = lenient(query);
    let query = CatalogQuery {
        category: query.category.filter(|c| !c.is_empty()),
        q: query.q.filter(|q| !q.trim().is_empty()),
    };
    let all = match state.catalog_cache.get(state.storage.as_ref(), lang).await {
        Ok(localized) => localized.catalog,
        Err(_) => return page(&index, StatusCode::OK, None, None).await,
    };
    let found = Catalog {
        categories: all.categories.clone(),
        products: catalog::filter(all.products.clone(), &query),
    };
    let texts = omiyage::i18n::texts_in(lang);
    let card = Card {
        title: texts.tagline.to_string(),
        description: texts.tagline.to_string(),
        image: None,
        url: format!("{}/", origin(&state, &headers)),
        kind: "website",
        price: None,
    };
    let data = PageData {
        answers: vec![first_paint::answer(
            omiyage::api::catalog_url(&query),
            200,
            &found,
        )],
        envelope: None,
        ..Default::default()
    };
    let rendered = first_paint::render(&state, &first_paint::url(&uri), lang, data).await;
    page(&index, StatusCode::OK, Some(card), rendered.as_ref()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_escape_every_field() {
        let card = Card {
            title: "Tom & \"Jerry\" <b>".into(),
            description: "it's <script>".into(),
            image: Some("https://x/i.png?a=1&b=2".into()),
            url: "https://x/p/tom".into(),
            kind: "product",
            price: Some(1200),
        };
        let t = tags(&card);
        assert!(
            t.contains(
                r#"<meta property="og:title" content="Tom &amp; &quot;Jerry&quot; &lt;b&gt;">"#
            ),
            "{t}"
        );
        assert!(
            t.contains("it&#39;s &lt;script&gt;") && !t.contains("<script>") && !t.contains("<b>")
        );
        assert!(t.contains(r#"content="https://x/i.png?a=1&amp;b=2""#));
    }

    #[test]
    fn the_card_replaces_the_apps_title_and_description() {
        let index = "<!doctype html>\n<html><head>\n<meta charset=\"utf-8\">\n<meta name=\"description\" content=\"Generic\">\n<title>Omiyage</title>\n</head><body></body></html>";
        let card = Card {
            title: "Yuzu".into(),
            description: "Jam".into(),
            image: None,
            url: "u".into(),
            kind: "product",
            price: None,
        };
        let html = inject(index, &card);
        assert_eq!(html.matches("<title>").count(), 1);
        assert!(html.contains("<title>Yuzu · Omiyage</title>") && !html.contains("Generic"));
        assert!(html.find("og:title").unwrap() < html.find("</head>").unwrap());
    }
}
