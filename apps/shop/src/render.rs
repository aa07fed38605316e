//! Server rendering (feature `ssr`): the server renders the first page of a visit from the
//! app's own components, with the data it loaded for it, to HTML.

use std::sync::Arc;

use futures::StreamExt;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos_router::location::RequestUrl;

use crate::i18n::Lang;
use crate::page_data::PageData;

/// Renders the app at `url` (path and query) in `lang` with `data`: the HTML of the page's
/// body, every `<Suspense>` resolved with the data (a gift's contents stay unopened).
pub async fn render(url: &str, lang: Lang, data: PageData) -> String {
    // Resources spawn their loaders on the executor; the first call sets it up.
    let _ = any_spawner::Executor::init_tokio();
    let context = Arc::new(SsrSharedContext::new());
    let owner = Owner::new_root(Some(context as Arc<dyn SharedContext + Send + Sync>));
    let stream = owner.with(|| {
        provide_context(RequestUrl::new(url));
        provide_context(lang);
        provide_context(data);
        view! { <crate::app::App/> }.to_html_stream_in_order()
    });
    let html = stream.collect::<String>().await;
    owner.unset_with_forced_cleanup();
    html
}
