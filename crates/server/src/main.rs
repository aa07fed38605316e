use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use omiyage_server::{Config, Server};

/// Omiyage: the storefront API and the built app, on SQLite.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "OMIYAGE_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file; created (with its folder) and migrated on start.
    #[arg(long, env = "OMIYAGE_DB", default_value = "./data/omiyage.db")]
    db: PathBuf,
    /// Folder with the built app (`trunk build` output), served with an SPA fallback.
    #[arg(long, env = "OMIYAGE_STATIC_DIR", default_value = "./dist")]
    static_dir: PathBuf,
    /// Do not seed the demo catalog into an empty database.
    #[arg(long, env = "OMIYAGE_NO_SEED")]
    no_seed: bool,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "omiyage_server=info,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config {
        db_path: cli.db,
        static_dir: Some(cli.static_dir),
        seed_demo: !cli.no_seed,
    };
    let listener = tokio::net::TcpListener::bind(cli.addr).await?;
    let server = Server::start(config, listener).await?;
    tracing::info!("Omiyage listening on http://{}", server.addr());
    server.run_until(omiyage_server::shutdown_signal()).await?;
    tracing::info!("shut down cleanly");
    Ok(())
}
