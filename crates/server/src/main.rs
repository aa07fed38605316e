// The app's components, rendered server side, have deep view types that a release build lays
// out here too (see lib.rs).
#![recursion_limit = "256"]

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use omiyage_server::{Config, Server};

/// Omiyage: the storefront API and the built app, on SQLite (default) or PostgreSQL.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "OMIYAGE_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file; created (with its folder) and migrated on start.
    #[arg(long, env = "OMIYAGE_DB", default_value = "./data/omiyage.db")]
    db: PathBuf,
    /// A PostgreSQL database (`postgres://user:password@host:5432/omiyage`) instead of the
    /// SQLite file: for several server instances behind one proxy. Migrated on start.
    #[arg(long, env = "OMIYAGE_DATABASE_URL")]
    database_url: Option<String>,
    /// Folder with the built app (`trunk build` output), served with an SPA fallback.
    #[arg(long, env = "OMIYAGE_STATIC_DIR", default_value = "./dist")]
    static_dir: PathBuf,
    /// Folder with the built back office (`trunk build` of console/), served under /console/.
    #[arg(long, env = "OMIYAGE_CONSOLE_DIR", default_value = "./dist-console")]
    console_dir: PathBuf,
    /// Do not seed the demo catalog into an empty database.
    #[arg(long, env = "OMIYAGE_NO_SEED")]
    no_seed: bool,
    /// How long a gift can be claimed, in seconds (default 72 hours).
    #[arg(long, env = "OMIYAGE_GIFT_CLAIM_WINDOW_SECS", default_value_t = 72 * 3600)]
    gift_claim_window_secs: i64,
    /// How often expired gifts are refunded in the background, in seconds.
    #[arg(long, env = "OMIYAGE_GIFT_EXPIRY_SWEEP_SECS", default_value_t = 30)]
    gift_expiry_sweep_secs: u64,
    /// Mark the session cookie Secure (set this when serving over HTTPS or behind a TLS proxy).
    #[arg(long, env = "OMIYAGE_COOKIE_SECURE")]
    cookie_secure: bool,
    /// The public origin (e.g. https://shop.example) for absolute URLs in link unfurls; by
    /// default the request's Host header.
    #[arg(long, env = "OMIYAGE_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seed DEMO accounts with public passwords into a database without accounts. Never for a
    /// real shop.
    #[arg(long, env = "OMIYAGE_DEMO")]
    demo: bool,
    /// The reverse proxy in front of the server, as a CIDR (e.g. 10.0.0.5/32): only from there
    /// is `X-Forwarded-For` believed for the client's address (rate limits).
    #[arg(long, env = "OMIYAGE_TRUSTED_PROXY")]
    trusted_proxy: Option<ipnet::IpNet>,
    /// How long a client may take to send a request's headers, in seconds.
    #[arg(long, env = "OMIYAGE_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    header_timeout_secs: u64,
    /// Most connections open at once; the next one waits for a free slot.
    #[arg(long, env = "OMIYAGE_MAX_CONNECTIONS", default_value_t = 10_000)]
    max_connections: usize,
    /// When a commit reaches the disk: `full` (default) syncs every acknowledged order;
    /// `normal` syncs at checkpoints only (a power cut may lose the last orders). The
    /// checkout bench prints what `full` costs.
    #[arg(long, env = "OMIYAGE_SQLITE_SYNCHRONOUS", value_enum, default_value_t)]
    sqlite_synchronous: omiyage_server::storage::sqlite::Durability,
    /// Where emails go: smtp://host:25, smtp://user:password@host:587?tls=required (STARTTLS)
    /// or smtps://user:password@host:465. Without it, messages are kept (the console lists
    /// them) and sent once it is set.
    #[arg(long, env = "OMIYAGE_SMTP_URL")]
    smtp_url: Option<String>,
    /// The From of every email.
    #[arg(
        long,
        env = "OMIYAGE_MAIL_FROM",
        default_value = "Omiyage <shop@omiyage.localhost>"
    )]
    mail_from: String,
    /// Seconds to wait after a failed delivery; doubles after each next failure (at most 6 h).
    #[arg(long, env = "OMIYAGE_OUTBOX_RETRY_SECS", default_value_t = 60)]
    outbox_retry_secs: i64,
    /// Delivery attempts before a message is kept as failed (the console can send it again).
    #[arg(long, env = "OMIYAGE_OUTBOX_ATTEMPTS", default_value_t = 8)]
    outbox_attempts: u32,
    /// How often the outbox composes and sends, in milliseconds.
    #[arg(long, env = "OMIYAGE_OUTBOX_EVERY_MS", default_value_t = 1000)]
    outbox_every_ms: u64,
    /// Let webhooks go to loopback, private and link-local addresses (a trusted network or
    /// tests). By default they go to public addresses only.
    #[arg(long, env = "OMIYAGE_ALLOW_PRIVATE_WEBHOOKS")]
    allow_private_webhooks: bool,
    /// Seconds a webhook endpoint has to answer a delivery before the attempt counts as failed
    /// (only that endpoint waits: every destination is sent to on its own).
    #[arg(long, env = "OMIYAGE_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
    webhook_timeout_secs: u64,
    /// Serve the app as it is built, without rendering the first page on the server (for a
    /// client-rendered build such as the mock's, which has no server data).
    #[arg(long, env = "OMIYAGE_NO_SERVER_RENDER")]
    no_server_render: bool,
    /// For end-to-end tests only: the server's clock starts at this moment (Unix seconds) and
    /// `POST /api/test/clock` moves it forward. Never for a shop.
    #[arg(long, hide = true)]
    test_clock_at: Option<i64>,
    /// Take real cards through Stripe with this secret key (`sk_live_…` or `sk_test_…`);
    /// needs the publishable key and the webhook secret too. Without it, the shop takes the
    /// test card and payment in the shop.
    #[arg(long, env = "OMIYAGE_STRIPE_SECRET_KEY", requires_all = ["stripe_publishable_key", "stripe_webhook_secret"])]
    stripe_secret_key: Option<String>,
    /// Stripe's publishable key (`pk_…`), for Stripe.js in the browser.
    #[arg(long, env = "OMIYAGE_STRIPE_PUBLISHABLE_KEY")]
    stripe_publishable_key: Option<String>,
    /// The signing secret (`whsec_…`) of the webhook endpoint
    /// `<public URL>/api/payments/stripe/webhook` in the Stripe dashboard.
    #[arg(long, env = "OMIYAGE_STRIPE_WEBHOOK_SECRET")]
    stripe_webhook_secret: Option<String>,
    /// Stripe's API (tests point it at a local emulator).
    #[arg(
        long,
        env = "OMIYAGE_STRIPE_API_BASE",
        default_value = "https://api.stripe.com"
    )]
    stripe_api_base: String,
    /// Where the browser loads Stripe.js from (tests point it at a local emulator).
    #[arg(
        long,
        env = "OMIYAGE_STRIPE_JS_URL",
        default_value = "https://js.stripe.com/v3/"
    )]
    stripe_js_url: String,
    /// How long a card payment may wait for 3-D Secure before its order is cancelled and its
    /// stock released, in seconds.
    #[arg(
        long,
        env = "OMIYAGE_CARD_PAYMENT_TIMEOUT_SECS",
        default_value_t = 1800
    )]
    card_payment_timeout_secs: i64,
    /// How long confirmed commission is held before it can be paid out (the return window),
    /// in days.
    #[arg(long, env = "OMIYAGE_PAYOUT_HOLD_DAYS", default_value_t = omiyage_core::payout::DEFAULT_HOLD_DAYS)]
    payout_hold_days: u32,
    /// Checkouts one client address (an IPv6 /64) may place, as MAX/SECONDS; counted in the
    /// database, so on every instance.
    #[arg(long, env = "OMIYAGE_CHECKOUT_LIMIT", default_value = "10/600",
        value_parser = omiyage_core::hold::parse_limit)]
    checkout_limit: omiyage_core::account::Limit,
    /// Cards one order may be tried with, as MAX/SECONDS (counted in the database).
    #[arg(long, env = "OMIYAGE_CARD_ORDER_LIMIT", default_value = "10/3600",
        value_parser = omiyage_core::hold::parse_limit)]
    card_order_limit: omiyage_core::account::Limit,
    /// Cards one client address (an IPv6 /64) may try across orders, as MAX/SECONDS.
    #[arg(long, env = "OMIYAGE_CARD_CLIENT_LIMIT", default_value = "30/3600",
        value_parser = omiyage_core::hold::parse_limit)]
    card_client_limit: omiyage_core::account::Limit,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Creates a merchant admin account (the first one, or another). Reads the password from
    /// the first line of standard input, e.g. `echo "$PASSWORD" | omiyage-server create-admin …`.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Writes a consistent copy of the database to a new file while the server may keep
    /// serving (SQLite's `VACUUM INTO`), and checks it.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Copies the shop from its SQLite file (--db) to an empty PostgreSQL database (migrated
    /// first), in one transaction, and checks every table's row count. Stop the server first.
    CopyTo {
        /// The PostgreSQL database, e.g. postgres://omiyage@db.internal/omiyage.
        #[arg(long)]
        database_url: String,
    },
    /// Replaces the database with a backup after checking it. Refused while a server has the
    /// database open (stop it first); the old database is kept whole as `<db stem>.before-restore`.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
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
        static_dir: Some(cli.static_dir),
        console_dir: Some(cli.console_dir),
        seed_demo: !cli.no_seed,
        claim_window_secs: cli.gift_claim_window_secs,
        expiry_sweep_secs: cli.gift_expiry_sweep_secs,
        cookie_secure: cli.cookie_secure,
        public_url: cli.public_url,
        demo_accounts: cli.demo,
        trusted_proxy: cli.trusted_proxy,
        header_timeout_secs: cli.header_timeout_secs,
        max_connections: cli.max_connections,
        durability: cli.sqlite_synchronous,
        database_url: cli.database_url,
        smtp_url: cli.smtp_url,
        mail_from: cli.mail_from,
        outbox_retry_secs: cli.outbox_retry_secs,
        outbox_attempts: cli.outbox_attempts,
        outbox_every_ms: cli.outbox_every_ms,
        allow_private_webhooks: cli.allow_private_webhooks,
        webhook_timeout_secs: cli.webhook_timeout_secs,
        server_render: !cli.no_server_render,
        stripe: cli.stripe_secret_key.map(|secret_key| {
            omiyage_server::payments::stripe::StripeConfig {
                secret_key,
                publishable_key: cli.stripe_publishable_key.unwrap_or_default(),
                webhook_secret: cli.stripe_webhook_secret.unwrap_or_default(),
                api_base: cli.stripe_api_base,
                js_url: cli.stripe_js_url,
            }
        }),
        card_payment_timeout_secs: cli.card_payment_timeout_secs,
        payout_hold_secs: i64::from(cli.payout_hold_days) * 86_400,
        checkouts_per_client: cli.checkout_limit,
        card_attempts_per_order: cli.card_order_limit,
        card_attempts_per_client: cli.card_client_limit,
        ..Config::new(cli.db)
    };
    let config = match cli.test_clock_at {
        Some(at) => Config {
            clock: std::sync::Arc::new(omiyage_server::ShiftedClock::starting_at(at)),
            ..config
        },
        None => config,
    };
    let on_postgres = config.database_url.is_some();
    if on_postgres
        && matches!(
            cli.command,
            Some(Command::Backup { .. } | Command::Restore { .. })
        )
    {
        return Err(
            "backup and restore work on the SQLite file; on PostgreSQL use pg_dump and \
                    pg_restore (see docs/deploying.md)"
                .into(),
        );
    }
    if let Some(Command::Backup { to }) = &cli.command {
        omiyage_server::storage::sqlite::backup::backup(&config.db_path, to).await?;
        println!("backed up {} to {}", config.db_path.display(), to.display());
        return Ok(());
    }
    if let Some(Command::Restore { from }) = &cli.command {
        let kept = omiyage_server::storage::sqlite::backup::restore(from, &config.db_path).await?;
        println!(
            "restored {} from {}",
            config.db_path.display(),
            from.display()
        );
        if let Some(kept) = kept {
            println!("the database it replaced is kept as {}", kept.display());
        }
        return Ok(());
    }
    if let Some(Command::CopyTo { database_url }) = &cli.command {
        if !omiyage_server::storage::is_postgres_url(database_url) {
            return Err("copy-to needs a postgres:// URL".into());
        }
        let copied =
            omiyage_server::storage::copy::copy_to_postgres(&config.db_path, database_url).await?;
        for (table, rows) in &copied {
            println!("{table:>18}  {rows} rows");
        }
        println!(
            "copied {} to PostgreSQL; every table's count matches. Start the server with \
             --database-url to use it.",
            config.db_path.display()
        );
        return Ok(());
    }
    if let Some(Command::CreateAdmin { email, name }) = cli.command {
        let mut password = String::new();
        std::io::stdin().read_line(&mut password)?;
        let password = password.trim_end_matches(['\r', '\n']).to_string();
        let account = omiyage_server::create_admin(config, &email, &name, password).await?;
        println!("created admin {} ({})", account.email, account.id);
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(cli.addr).await?;
    let server = Server::start(config, listener).await?;
    tracing::info!("Omiyage listening on http://{}", server.addr());
    server.run_until(omiyage_server::shutdown_signal()).await?;
    tracing::info!("shut down cleanly");
    Ok(())
}
