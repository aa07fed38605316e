//! The Omiyage server: one axum app that serves the JSON API under `/api` and the built
//! shopper app (with an SPA fallback), on SQLite.

mod error;
mod extract;
mod openapi;
mod payment;
mod routes;
mod static_files;
pub mod storage;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use error::AppError;
use storage::sqlite::SqliteStorage;

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub db_path: PathBuf,
    /// The built app; `None` serves only the API.
    pub static_dir: Option<PathBuf>,
    /// Seed the demo catalog when the database has no products.
    pub seed_demo: bool,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<SqliteStorage>,
    pub payments: Arc<payment::BuiltinProviders>,
    pub catalog_cache: Arc<routes::CatalogCache>,
}

/// A started server, not yet serving.
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Server {
    /// Opens (creating and migrating) the database, seeds it if asked, and builds the app.
    pub async fn start(config: Config, listener: TcpListener) -> Result<Server, AppError> {
        let storage = SqliteStorage::open(&config.db_path).await?;
        if config.seed_demo && storage.seed_if_empty().await? {
            tracing::info!("seeded the demo catalog into {}", config.db_path.display());
        }
        let state = AppState {
            storage: Arc::new(storage),
            payments: Arc::new(payment::BuiltinProviders),
            catalog_cache: Arc::default(),
        };
        let router = app(state.clone(), config.static_dir.as_deref());
        Ok(Server {
            listener,
            router,
            state,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let storage = self.state.storage.clone();
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await?;
        storage.close().await;
        Ok(())
    }
}

/// The whole app: `/api/*` and the static app.
pub fn app(state: AppState, static_dir: Option<&std::path::Path>) -> Router {
    let mut router = Router::new().nest("/api", routes::api(state));
    if let Some(dir) = static_dir {
        router = router.fallback_service(static_files::service(dir));
    }
    router
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
