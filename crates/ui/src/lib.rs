//! What both browser apps (the shop and the console) share: random identifiers (`random`) and
//! the reader's language, decided and remembered one way. A choice is kept in this browser (localStorage, read by both apps) and
//! in a cookie (`omiyage_core::lang::LANG_COOKIE`), so the server renders the next first page
//! in it too, whichever app it was made in.

pub mod random;

use omiyage_core::lang::{LANG_COOKIE, Lang};

/// Where this browser keeps the choice (a JSON string, e.g. `"ja"`).
const LANG_KEY: &str = "omiyage.lang";

fn tag_lang(tag: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.tag() == tag)
}

/// The language chosen earlier in this browser, in either app.
pub fn remembered() -> Option<Lang> {
    let stored = web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(LANG_KEY)
        .ok()??;
    tag_lang(stored.trim_matches('"'))
}

/// The browser's preferences, negotiated (Japanese when none of the three is there).
pub fn preferred() -> Lang {
    let languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::negotiate(languages.iter().map(String::as_str))
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// The language of the page as served (`<html lang>`).
pub fn document_lang() -> Option<Lang> {
    tag_lang(&root()?.get_attribute("lang")?)
}

/// Sets `<html lang>`.
pub fn set_document_lang(l: Lang) {
    if let Some(root) = root() {
        let _ = root.set_attribute("lang", l.tag());
    }
}

/// Switches to `l`: remembered in this browser and in the cookie the server reads, then the
/// page is loaded again in it (what the page holds lives in localStorage and the URL).
pub fn choose(l: Lang) {
    remember(l);
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Remembers `l` in this browser and in the cookie the server reads.
pub fn remember(l: Lang) {
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = w.local_storage() {
        let _ = storage.set_item(LANG_KEY, &format!("\"{}\"", l.tag()));
    }
    if let Some(d) = w.document() {
        let cookie = format!(
            "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
            l.tag()
        );
        let _ = js_sys::Reflect::set(&d, &"cookie".into(), &cookie.into());
    }
}
