//! The Omiyage server: one axum app that serves the JSON API under `/api` and the built
//! shopper app (with an SPA fallback), on SQLite.
// Rendering first pages (the app's components, server side) lays out deep view types.
#![recursion_limit = "256"]

pub mod auth;
mod demo;
pub mod events;
mod http;
pub mod outbox;
mod pages;
pub mod payments;
pub mod photos;
pub mod services;
pub mod storage;
mod sweeps;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use http::error::AppError;
pub use services::clock::{Clock, ManualClock, ShiftedClock, SystemClock};
use storage::Backend;
use storage::postgres::PgStorage;
use storage::sqlite::SqliteStorage;
pub use sweeps::{
    refresh_levels, reward_gift_senders, sweep_abandoned_card_payments, sweep_expired_gifts,
    sweep_lapsed_holds, sweep_points, tell_opened_gifts,
};

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// The SQLite file (the default database).
    pub db_path: PathBuf,
    /// A PostgreSQL database (`postgres://…`) instead of the SQLite file, for several instances.
    pub database_url: Option<String>,
    /// The built app; `None` serves only the API.
    pub static_dir: Option<PathBuf>,
    /// The built back office, served under `/console/`; `None` serves none.
    pub console_dir: Option<PathBuf>,
    /// Seed the demo catalog when the database has no products.
    pub seed_demo: bool,
    /// How long a gift can be claimed before it is refunded.
    pub claim_window_secs: i64,
    /// How often the background task refunds expired gifts.
    pub expiry_sweep_secs: u64,
    /// Mark the session cookie `Secure` (serve over HTTPS, or behind a TLS proxy).
    pub cookie_secure: bool,
    /// The public origin, e.g. `https://shop.example`, for absolute URLs in link unfurls.
    pub public_url: Option<String>,
    /// Seed demo accounts (admin, staff, promoter) into a database without accounts; the
    /// sign-in page labels them. Never for a real shop.
    pub demo_accounts: bool,
    /// Where time comes from (the machine's clock; tests move a [`ManualClock`]).
    pub clock: Arc<dyn Clock>,
    /// A reverse proxy whose `X-Forwarded-For` names the client; from anywhere else the header
    /// is ignored (and behind no proxy, every client is itself).
    pub trusted_proxy: Option<ipnet::IpNet>,
    /// How long a client may take to send a request's headers; and a request body's reading
    /// and handling together (then 408).
    pub header_timeout_secs: u64,
    /// Most connections open at once (the next one waits for a free slot).
    pub max_connections: usize,
    /// When a commit is on disk; `Full` (the default) makes every acknowledged write durable.
    pub durability: storage::sqlite::Durability,
    /// Where emails are sent (`smtp://…`, `smtps://…`); without it messages are composed and
    /// kept in the outbox until mail is set up.
    pub smtp_url: Option<String>,
    /// The From of every email.
    pub mail_from: String,
    /// Seconds to wait after a failed delivery (doubling after each next failure).
    pub outbox_retry_secs: i64,
    /// Delivery attempts before a message is kept as failed.
    pub outbox_attempts: u32,
    /// How often the outbox worker runs, in milliseconds.
    pub outbox_every_ms: u64,
    /// Webhooks may go to loopback and private addresses (never for a public shop).
    pub allow_private_webhooks: bool,
    /// Seconds a webhook endpoint has to answer a delivery.
    pub webhook_timeout_secs: u64,
    /// Render the first page of a visit on the server (off for a client-rendered build such
    /// as the mock's, which has no server data).
    pub server_render: bool,
    /// Real card payments through this Stripe account; without it, the test card and paying
    /// in the shop.
    pub stripe: Option<payments::stripe::StripeConfig>,
    /// How long a card payment may wait for 3-D Secure before its order is cancelled and its
    /// stock released, in seconds.
    pub card_payment_timeout_secs: i64,
    /// How long confirmed commission is held (the return window) before it can be paid out.
    pub payout_hold_secs: i64,
    /// Checkouts one client may place (counted in the database, on every instance).
    pub checkouts_per_client: omiyage_core::account::Limit,
    /// Cards one order may be tried with, and one client across orders (counted likewise).
    pub card_attempts_per_order: omiyage_core::account::Limit,
    pub card_attempts_per_client: omiyage_core::account::Limit,
}

impl Config {
    /// Defaults for everything but the database file.
    pub fn new(db_path: impl Into<PathBuf>) -> Config {
        Config {
            db_path: db_path.into(),
            database_url: None,
            static_dir: None,
            console_dir: None,
            seed_demo: true,
            claim_window_secs: omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS,
            expiry_sweep_secs: 30,
            cookie_secure: false,
            public_url: None,
            demo_accounts: false,
            clock: Arc::new(SystemClock),
            trusted_proxy: None,
            header_timeout_secs: 10,
            max_connections: 10_000,
            durability: storage::sqlite::Durability::Full,
            smtp_url: None,
            mail_from: "Omiyage <shop@omiyage.localhost>".into(),
            outbox_retry_secs: 60,
            outbox_attempts: 8,
            outbox_every_ms: 1000,
            allow_private_webhooks: false,
            webhook_timeout_secs: 10,
            server_render: true,
            stripe: None,
            card_payment_timeout_secs: 30 * 60,
            payout_hold_secs: i64::from(omiyage_core::payout::DEFAULT_HOLD_DAYS) * 86_400,
            checkouts_per_client: omiyage_core::hold::CHECKOUTS_PER_CLIENT,
            card_attempts_per_order: omiyage_core::hold::CARD_ATTEMPTS_PER_ORDER,
            card_attempts_per_client: omiyage_core::hold::CARD_ATTEMPTS_PER_CLIENT,
        }
    }
}

/// Shared state of every handler, over the database `S` the server started on.
pub struct AppState<S> {
    pub storage: Arc<S>,
    pub payments: Arc<payments::Payments>,
    /// How long a card payment may wait for 3-D Secure before the order is cancelled.
    pub card_payment_timeout_secs: i64,
    /// How long confirmed commission is held (the return window) before it can be paid out.
    pub payout_hold_secs: i64,
    /// Checkouts one client may place.
    pub checkouts_per_client: omiyage_core::account::Limit,
    /// Cards one order, and one client, may try.
    pub card_attempts_per_order: omiyage_core::account::Limit,
    pub card_attempts_per_client: omiyage_core::account::Limit,
    pub catalog_cache: Arc<services::catalog::CatalogCache>,
    pub clock: Arc<dyn Clock>,
    pub trusted_proxy: Option<ipnet::IpNet>,
    pub claim_window_secs: i64,
    pub cookie_secure: bool,
    /// The site's public origin for absolute links in unfurl cards (else the request's Host).
    pub public_url: Option<String>,
    /// Emails: how they are delivered.
    pub outbox: Arc<outbox::Outbox>,
    /// Render the first page of a visit (catalog, product, gift envelope) on the server.
    pub server_render: bool,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        AppState {
            storage: self.storage.clone(),
            payments: self.payments.clone(),
            card_payment_timeout_secs: self.card_payment_timeout_secs,
            payout_hold_secs: self.payout_hold_secs,
            checkouts_per_client: self.checkouts_per_client,
            card_attempts_per_order: self.card_attempts_per_order,
            card_attempts_per_client: self.card_attempts_per_client,
            catalog_cache: self.catalog_cache.clone(),
            clock: self.clock.clone(),
            trusted_proxy: self.trusted_proxy,
            claim_window_secs: self.claim_window_secs,
            cookie_secure: self.cookie_secure,
            public_url: self.public_url.clone(),
            outbox: self.outbox.clone(),
            server_render: self.server_render,
        }
    }
}

/// The server's state on whichever database it started with, for what runs outside the
/// server (tests, tools): [`on_state!`] reaches the typed state inside.
#[derive(Clone)]
pub enum AnyState {
    Sqlite(AppState<SqliteStorage>),
    Postgres(AppState<PgStorage>),
}

/// Runs `$e` with `$s` bound to the typed [`AppState`] inside an [`AnyState`].
#[macro_export]
macro_rules! on_state {
    ($state:expr, $s:ident => $e:expr) => {
        match $state {
            $crate::AnyState::Sqlite($s) => {
                #[allow(unused_imports)]
                use $crate::storage::prelude::*;
                $e
            }
            $crate::AnyState::Postgres($s) => {
                #[allow(unused_imports)]
                use $crate::storage::prelude::*;
                $e
            }
        }
    };
}

/// Opens the database `config` names (PostgreSQL for a `postgres://` URL, else the SQLite
/// file; migrated) and runs `$e` with `$db` bound to it: the one place a backend is chosen.
macro_rules! with_database {
    ($config:expr, $db:ident => $e:expr) => {
        match $config.database_url.as_deref() {
            Some(url) if storage::is_postgres_url(url) => {
                let $db = PgStorage::open(url).await?;
                $e
            }
            Some(url) => Err(AppError::from(storage::StorageError::Failed(format!(
                "--database-url must start with postgres:// or postgresql:// (got {url:?}); \
                 leave it out to use the SQLite file --db"
            )))),
            None => {
                let $db = SqliteStorage::open_with(&$config.db_path, $config.durability).await?;
                $e
            }
        }
    };
}

/// A backend the server starts on.
trait Served: Backend + Sized {
    fn any(state: AppState<Self>) -> AnyState;
}

impl Served for SqliteStorage {
    fn any(state: AppState<Self>) -> AnyState {
        AnyState::Sqlite(state)
    }
}

impl Served for PgStorage {
    fn any(state: AppState<Self>) -> AnyState {
        AnyState::Postgres(state)
    }
}

/// A started server, not yet serving.
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AnyState,
    limits: http::serve::Limits,
}

impl Server {
    /// Opens (creating and migrating) the database, seeds it if asked, and builds the app.
    pub async fn start(config: Config, listener: TcpListener) -> Result<Server, AppError> {
        install_tls();
        with_database!(config, db => Server::start_on(db, config, listener).await)
    }

    /// [`Server::start`] on an opened database.
    async fn start_on<S: Served>(
        storage: S,
        config: Config,
        listener: TcpListener,
    ) -> Result<Server, AppError> {
        // A bad mail setting stops the start before anything else happens.
        let mailer = config
            .smtp_url
            .as_deref()
            .map(|url| outbox::Mailer::new(url, &config.mail_from))
            .transpose()
            .map_err(AppError::Internal)?;
        let base_url = match &config.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", listener.local_addr()?),
        };
        if config.seed_demo && storage.seed_if_empty().await? {
            tracing::info!("seeded the demo catalog into the {} database", S::KIND);
        }
        let state = AppState {
            storage: Arc::new(storage),
            payments: Arc::new(payments::Payments::new(config.stripe.clone())),
            card_payment_timeout_secs: config.card_payment_timeout_secs,
            payout_hold_secs: config.payout_hold_secs,
            checkouts_per_client: config.checkouts_per_client,
            card_attempts_per_order: config.card_attempts_per_order,
            card_attempts_per_client: config.card_attempts_per_client,
            catalog_cache: Arc::default(),
            clock: config.clock.clone(),
            trusted_proxy: config.trusted_proxy,
            claim_window_secs: config.claim_window_secs,
            cookie_secure: config.cookie_secure,
            public_url: config.public_url.clone(),
            outbox: Arc::new(outbox::Outbox {
                mailer,
                base_url,
                retry_base_secs: config.outbox_retry_secs,
                max_attempts: config.outbox_attempts.max(1),
                allow_private_webhooks: config.allow_private_webhooks,
                webhook_timeout: std::time::Duration::from_secs(config.webhook_timeout_secs.max(1)),
            }),
            server_render: config.server_render,
        };
        if config.demo_accounts && demo::seed(&state).await? {
            tracing::warn!(
                "seeded DEMO accounts (see the sign-in page); never use --demo for a real shop"
            );
        }
        sweeps::spawn_expiry_sweep(state.clone(), config.expiry_sweep_secs);
        outbox::spawn(
            state.clone(),
            std::time::Duration::from_millis(config.outbox_every_ms.max(10)),
        );
        let router = app(
            state.clone(),
            config.static_dir.as_deref(),
            config.console_dir.as_deref(),
        );
        Ok(Server {
            listener,
            router,
            state: S::any(state),
            limits: http::serve::Limits {
                header_timeout: std::time::Duration::from_secs(config.header_timeout_secs.max(1)),
                max_connections: config.max_connections,
            },
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AnyState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        http::serve::serve(self.listener, self.router, self.limits, shutdown).await?;
        on_state!(&self.state, s => s.storage.close().await);
        Ok(())
    }
}

/// Makes ring the process's TLS provider (SMTP, webhooks and any HTTP client in the same
/// build use it); installing it twice is harmless.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Creates a merchant admin in the configured database (the `create-admin` sub-command): opens
/// (and migrates) the database and writes the account; no listener, no server.
pub async fn create_admin(
    config: Config,
    email: &str,
    name: &str,
    password: String,
) -> Result<omiyage_api::AccountView, AppError> {
    let input = omiyage_api::NewAccount {
        email: email.into(),
        name: name.into(),
        password,
        shop_id: None,
    };
    with_database!(config, storage => {
        let account = services::accounts::create_account(
            &storage,
            &input,
            omiyage_api::Role::Admin,
            false,
            config.clock.now(),
        )
        .await;
        storage.close().await;
        account
    })
}

/// The whole app: `/api/*`, the back office under `/console/` and the shopper's app.
pub fn app<S: Backend>(
    state: AppState<S>,
    static_dir: Option<&std::path::Path>,
    console_dir: Option<&std::path::Path>,
) -> Router {
    let state_for_cards = state.clone();
    // The apps' pages as built and as server-rendered pages carry them (their loader waits for
    // the page): the security policy allows their inline scripts by hash.
    let pages: Vec<String> = static_dir
        .into_iter()
        .chain(console_dir)
        .filter_map(|d| std::fs::read_to_string(d.join("index.html")).ok())
        .flat_map(|html| {
            let first_paint = pages::first_paint::page_first(&html);
            [html, first_paint]
        })
        .collect();
    let stripe = state
        .payments
        .stripe
        .as_ref()
        .map(|s| (s.config.js_url.as_str(), s.config.api_base.as_str()));
    let policy = Arc::new(http::security::Policy::new(
        &pages,
        state.cookie_secure,
        stripe,
    ));
    let takes_cards = stripe.is_some();
    let mut router = pages::routes().with_state(state.clone()).nest(
        "/api",
        // The document describes the routes, so it is served beside them, not among them.
        http::api::api(state).route("/openapi.json", axum::routing::get(http::openapi::document)),
    );
    if state_for_cards.clock.advance(0) {
        // Only on a clock that can be moved: servers for tests.
        router = router.route(
            "/api/test/clock",
            axum::routing::post(http::api::test_clock).with_state(state_for_cards.clone()),
        );
    }
    if let Some(dir) = console_dir {
        router = router.nest_service("/console", http::static_files::service(dir));
    }
    if let Some(dir) = static_dir {
        router = router.merge(pages::shop(state_for_cards, dir, takes_cards));
    }
    router
        .layer(axum::middleware::from_fn_with_state(
            policy,
            http::security::headers,
        ))
        // A client that stops sending a body half-way does not hold its request forever.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            std::time::Duration::from_secs(30),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
