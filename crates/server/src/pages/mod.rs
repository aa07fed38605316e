//! Pages the server renders itself: the first paint of the shopper app, link unfurls and embeds,
//! and the pages that work without JavaScript (claim, a gift's thank-you note, find my orders,
//! the card page, receipts).

pub(crate) mod account;
pub(crate) mod account_delete;
pub(crate) mod addresses;
pub(crate) mod claim;
pub(crate) mod find_orders;
pub(crate) mod first_paint;
pub(crate) mod form;
pub(crate) mod help;
pub(crate) mod news;
pub(crate) mod options;
pub(crate) mod order_page;
pub(crate) mod passkeys;
pub(crate) mod pay;
pub(crate) mod points;
pub(crate) mod privacy;
pub(crate) mod receipt;
pub(crate) mod sign_in;
pub(crate) mod thanks;
pub(crate) mod unfurl;
pub(crate) mod visit;

use axum::Router;
use axum::routing::get;

use crate::{AppState, Backend};

/// The pages that stand alone: without JavaScript (claim, find my orders, receipts), the card
/// page and the gift options page with their small scripts, and the product embed.
pub(crate) fn routes<S: Backend>() -> Router<AppState<S>> {
    Router::new()
        .route("/claim", get(claim::show).post(claim::submit))
        .route("/g/{token}/thanks", get(thanks::show).post(thanks::submit))
        .route("/g/{token}/shop", get(visit::show))
        .route(
            "/{side}/{token}/help",
            get(help::show)
                .post(help::submit)
                .layer(axum::extract::DefaultBodyLimit::max(help::BODY_LIMIT)),
        )
        .route("/orders", get(find_orders::show).post(find_orders::submit))
        .route("/account", get(account::show).post(sign_in::send_link))
        .route(
            "/account/link/{token}",
            get(sign_in::confirm).post(sign_in::sign_in),
        )
        .route("/account/sign-out", axum::routing::post(sign_in::sign_out))
        .route("/account/data.json", get(account::data))
        .route(
            "/account/delete",
            get(account_delete::show).post(account_delete::delete),
        )
        .route("/privacy", get(privacy::show))
        .route(
            "/account/passkeys/add/start",
            axum::routing::post(passkeys::add_start),
        )
        .route(
            "/account/passkeys/add/finish",
            axum::routing::post(passkeys::add_finish),
        )
        .route(
            "/account/passkeys/sign-in/start",
            axum::routing::post(passkeys::sign_in_start),
        )
        .route(
            "/account/passkeys/sign-in/finish",
            axum::routing::post(passkeys::sign_in_finish),
        )
        .route(
            "/account/passkeys/remove",
            axum::routing::post(passkeys::remove),
        )
        .route("/passkeys.js", get(passkeys::script))
        .route("/m/{message}/p/{product}", get(news::card))
        .route("/news/stop/{token}", get(news::ask_stop).post(news::stop))
        .route(
            "/account/addresses",
            axum::routing::post(account::add_address),
        )
        .route(
            "/account/addresses/remove",
            axum::routing::post(addresses::remove),
        )
        .route(
            "/account/preferences",
            axum::routing::post(news::save_preferences),
        )
        .route("/pay/{token}", get(pay::show))
        .route("/pay-card.js", get(pay::script))
        .route("/options/{product}/{variant}", get(options::show))
        .route("/gift-options.js", get(options::script))
        .route("/embed/p/{id}", get(unfurl::embed))
        .route("/o/{token}/receipt", get(receipt::show))
        .route("/order-page.js", get(order_page::script))
}

/// The shopper's app from `dir`: the catalog, product and gift links answer with their page
/// rendered (and an unfurl card for products and gifts), and the app takes over in the
/// browser. With card payments, its pages are marked for the card script.
pub(crate) fn shop<S: Backend>(
    state: AppState<S>,
    dir: &std::path::Path,
    takes_cards: bool,
) -> Router {
    let cards = Router::new()
        .route("/", get(unfurl::catalog))
        .route("/p/{id}", get(unfurl::product))
        .route("/g/{token}", get(unfurl::gift))
        .route("/g/{token}/open", axum::routing::post(unfurl::open_gift))
        .route("/o/{token}", get(order_page::show))
        .with_state((state, dir.join("index.html")));
    let shop = cards.fallback_service(crate::http::static_files::service(dir));
    match takes_cards {
        true => shop.layer(axum::middleware::from_fn(pay::mark_pages)),
        false => shop,
    }
}
