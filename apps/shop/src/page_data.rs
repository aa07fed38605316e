//! What the server already loaded for the page it rendered. The server renders the first page a
//! shopper opens (`/`, `/p/<id>`, `/g/<token>`) from these components and embeds, next to the
//! page, the API answers it rendered with, keyed by the API URL the app would request:
//! `<script type="application/json" data-api="/api/products/tokyo-banana" data-status="200">…`.
//! The app's HTTP backend takes such an answer instead of fetching it (once; later visits fetch
//! fresh data), so the app shows the same page at once and the JSON goes through the parser
//! the app already has: no byte of deserializer is added to the first load. While the app draws
//! that page, it adopts the server's nodes instead of creating its own (`adopt.js`): the page on
//! screen stays, node for node.
//!
//! A gift's envelope (who sent it and their words, never what is inside) travels as the data
//! attributes of an element of its own: the server renders it for anyone who has the link,
//! crawlers included; opening the gift is the app's job, in a person's browser.

use omiyage_core::html::{escape, script_json};

/// A gift's envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub token: String,
    pub sender_name: String,
    pub greeting: String,
}

/// An API answer the server rendered the page with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The URL the app requests it at (see [`crate::api::catalog_url`] and friends).
    pub url: String,
    pub status: u16,
    /// The JSON body, as the API sends it.
    pub body: String,
}

/// The data of a server-rendered page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageData {
    pub answers: Vec<Answer>,
    /// A gift page's envelope (`None` on other pages, or when there is no such gift).
    pub envelope: Option<Envelope>,
    /// The shop's address as the reader reached it (`https://shop.example`), for the absolute
    /// links a page shows (the order page's). Not embedded: the browser knows its own.
    pub origin: String,
    /// The server's time (Unix seconds) when it rendered the page. Not embedded.
    pub now: i64,
}

/// The attribute that marks an embedded answer with its URL.
pub const ANSWER_ATTR: &str = "data-api";
/// The id of the element that carries a gift's envelope.
pub const ENVELOPE_ID: &str = "gift-envelope";

impl PageData {
    /// The elements that carry the data, for the document's head. Attribute values are
    /// escaped; a script's JSON holds no `<`, `>`, `&` or line separator
    /// (`omiyage_core::html::script_json`), so no value can end it early or open a comment.
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        for a in &self.answers {
            html.push_str(&format!(
                "<script type=\"application/json\" {ANSWER_ATTR}=\"{}\" data-status=\"{}\">{}</script>",
                escape(&a.url),
                a.status,
                script_json(&a.body)
            ));
        }
        if let Some(e) = &self.envelope {
            html.push_str(&format!(
                "<meta id=\"{ENVELOPE_ID}\" data-token=\"{}\" data-sender=\"{}\" data-greeting=\"{}\">",
                escape(&e.token),
                escape(&e.sender_name),
                escape(&e.greeting)
            ));
        }
        html
    }
}

/// The embedded answer for `url` (once): its status and body.
pub fn take_answer(url: &str) -> Option<(u16, String)> {
    #[cfg(feature = "ssr")]
    {
        let data = leptos::prelude::use_context::<PageData>()?;
        let a = data.answers.into_iter().find(|a| a.url == url)?;
        Some((a.status, a.body))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let selector = format!("script[{ANSWER_ATTR}=\"{url}\"]");
        let element = document()?.query_selector(&selector).ok()??;
        element.remove();
        let status = element.get_attribute("data-status")?.parse().ok()?;
        Some((status, element.text_content().unwrap_or_default()))
    }
}

/// The envelope of the gift `token`, when the server rendered this page for it.
pub fn envelope(token: &str) -> Option<Envelope> {
    #[cfg(feature = "ssr")]
    let found = leptos::prelude::use_context::<PageData>()?.envelope;
    #[cfg(not(feature = "ssr"))]
    let found = {
        let element = document()?.get_element_by_id(ENVELOPE_ID)?;
        element.remove();
        let get = |name: &str| element.get_attribute(name).unwrap_or_default();
        Some(Envelope {
            token: get("data-token"),
            sender_name: get("data-sender"),
            greeting: get("data-greeting"),
        })
    };
    found.filter(|e| e.token == token)
}

/// The shop's address as the reader reached it (`https://shop.example`).
pub fn origin() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<PageData>()
            .map(|d| d.origin)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
}

/// The time (Unix seconds): the server's while it renders, else the browser's.
pub fn now() -> i64 {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<PageData>().map_or(0, |d| d.now)
    }
    #[cfg(not(feature = "ssr"))]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
}

/// Whether the server rendered this document (the app then adopts it).
pub fn server_rendered() -> bool {
    #[cfg(feature = "ssr")]
    {
        true
    }
    #[cfg(not(feature = "ssr"))]
    {
        SERVER_RENDERED.get()
    }
}

#[cfg(not(feature = "ssr"))]
thread_local! {
    static SERVER_RENDERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts adopting the page the server rendered: while the app draws its first page, the nodes
/// it creates are taken from that page (`adopt.js`), so the page on screen stays as it is and
/// the app attaches to it. A client-rendered document starts with an empty body.
#[cfg(not(feature = "ssr"))]
pub fn adopt_server_page() {
    SERVER_RENDERED.set(adopt::adopt());
}

/// Ends the adoption once the app has drawn: what it did not take from the page is removed.
#[cfg(not(feature = "ssr"))]
pub fn adopted() {
    if SERVER_RENDERED.get() {
        adopt::adopted();
    }
}

#[cfg(not(feature = "ssr"))]
mod adopt {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen(module = "/src/adopt.js")]
    extern "C" {
        pub fn adopt() -> bool;
        pub fn adopted();
    }
}

#[cfg(not(feature = "ssr"))]
fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A page's data as a resource: rendered with on the server, loaded in the browser.
#[cfg(feature = "ssr")]
pub type Loaded<T> = leptos::prelude::Resource<Result<T, omiyage_api::ApiError>>;
/// A page's data: rendered with on the server, loaded in the browser. Not a `LocalResource`,
/// which always waits a tick before it answers: an embedded answer is there at once, so the
/// app draws the page the server rendered in one go, the nodes it adopts included.
#[cfg(not(feature = "ssr"))]
pub type Loaded<T> =
    leptos::prelude::AsyncDerived<Result<T, omiyage_api::ApiError>, leptos::prelude::LocalStorage>;

/// A page's data for `key`, from `fetch`. On the server `fetch` answers at once from the
/// embedded answers (it never waits on a network).
#[cfg(feature = "ssr")]
pub fn load<K, T, F, Fut>(key: impl Fn() -> K + Send + Sync + 'static, fetch: F) -> Loaded<T>
where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(K) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, omiyage_api::ApiError>>,
{
    use futures::FutureExt;
    leptos::prelude::Resource::new(key, move |k| {
        let value = fetch(k).now_or_never().unwrap_or_else(|| {
            Err(omiyage_api::ApiError::new(
                omiyage_api::ErrorCode::Internal,
                "The page's data was not loaded.",
            ))
        });
        async move { value }
    })
}

/// A page's data for `key`, from `fetch`.
#[cfg(not(feature = "ssr"))]
pub fn load<K, T, F, Fut>(key: impl Fn() -> K + 'static, fetch: F) -> Loaded<T>
where
    T: 'static,
    F: Fn(K) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, omiyage_api::ApiError>> + 'static,
{
    leptos::prelude::AsyncDerived::new_unsync(move || fetch(key()))
}
