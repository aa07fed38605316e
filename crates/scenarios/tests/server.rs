//! The scenario suite against the real server on 127.0.0.1:0 with a fresh SQLite file, or a fresh
//! PostgreSQL database when `OMIYAGE_TEST_POSTGRES` names a cluster.

include!("suite/mod.rs");

use omiyage_scenarios::HttpStorefront;

async fn server() -> HttpStorefront {
    let dir = std::env::temp_dir().join(format!("omiyage-scenario-{}", uuid::Uuid::new_v4()));
    // On PostgreSQL when the test command names a cluster (the suite runs on both databases).
    let database_url = match std::env::var("OMIYAGE_TEST_POSTGRES") {
        Ok(admin) => Some(
            omiyage_server::storage::postgres::scratch_database(&admin)
                .await
                .unwrap(),
        ),
        Err(_) => None,
    };
    let config = omiyage_server::Config {
        database_url,
        // The demo shop: its accounts and its coupon (WELCOME10), which the mock has too.
        demo_accounts: true,
        // Every scenario shops from 127.0.0.1: the per-client checkout limit is raised.
        checkouts_per_client: omiyage_core::account::Limit {
            max: 100_000,
            secs: 60,
        },
        ..omiyage_server::Config::new(dir.join("scenario.db"))
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = omiyage_server::Server::start(config, listener)
        .await
        .unwrap();
    let base = format!("http://{}", server.addr());
    tokio::spawn(server.run_until(std::future::pending()));
    HttpStorefront::new(base)
}

scenario_suite!(server());
