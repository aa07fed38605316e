use std::path::{Path, PathBuf};

use omiyage_api::{Money, Product, Variant};
use omiyage_server::storage::Backend;
use omiyage_server::{AnyState, Config, Server};
use serde_json::Value;

mod http;
pub use http::*;

/// A running server with its own database file, removed when dropped. Its HTTP helpers are
/// [`Http`]'s.
pub struct TestApp {
    pub http: Http,
    pub state: AnyState,
    dir: PathBuf,
    config: Config,
    /// Stops the running server (graceful shutdown), and its task.
    stop: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl std::ops::Deref for TestApp {
    type Target = Http;
    fn deref(&self) -> &Http {
        &self.http
    }
}

/// Starts the real server binary with `args` (it listens on a port the system picks); returns
/// the process and its base URL, once it listens.
pub fn start_binary<I, S>(args: I) -> (std::process::Child, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_omiyage-server"))
        .args(["--addr", "127.0.0.1:0", "--static-dir", "/nonexistent"])
        .args(args)
        .env("RUST_LOG", "omiyage_server=info")
        // Tests shop from 127.0.0.1 many times over (a test of the limit passes the flag).
        .env("OMIYAGE_CHECKOUT_LIMIT", "100000/60")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        if let Some(at) = line.find("listening on ") {
            break line[at + "listening on ".len()..].trim().to_string();
        }
    };
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    (child, base)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with_static(None).await
}

pub async fn spawn_app_with_static(static_dir: Option<&Path>) -> TestApp {
    spawn_app_with(|c| c.static_dir = static_dir.map(Path::to_path_buf)).await
}

/// A fresh, empty PostgreSQL database for one test (`None` on SQLite): when the test command
/// sets `OMIYAGE_TEST_POSTGRES` (a cluster's admin URL), every test runs on PostgreSQL.
pub async fn fresh_database_url() -> Option<String> {
    let admin = std::env::var("OMIYAGE_TEST_POSTGRES").ok()?;
    Some(
        omiyage_server::storage::postgres::scratch_database(&admin)
            .await
            .expect("a scratch database in the test cluster"),
    )
}

/// A server whose config the test adjusts (e.g. a claim window of a few seconds).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = std::env::temp_dir().join(format!("omiyage-test-{}", uuid::Uuid::new_v4()));
    let mut config = Config::new(dir.join("test.db"));
    config.database_url = fresh_database_url().await;
    // Tests shop from 127.0.0.1 many times over; the limit's own test lowers it again.
    let many = omiyage_core::account::Limit {
        max: 100_000,
        secs: 60,
    };
    config.checkouts_per_client = many;
    config.card_attempts_per_order = many;
    config.card_attempts_per_client = many;
    adjust(&mut config);
    let (http, state, stop) = serve(config.clone()).await;
    TestApp {
        http,
        state,
        dir,
        config,
        stop: Some(stop),
    }
}

/// Starts a server on `config` (on a port the system picks) until it is told to stop.
async fn serve(
    config: Config,
) -> (
    Http,
    AnyState,
    (
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ),
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = Server::start(config, listener)
        .await
        .expect("server starts");
    let base = format!("http://{}", server.addr());
    let state = server.state().clone();
    let (tell, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = server
            .run_until(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (Http::new(base), state, (tell, task))
}

impl TestApp {
    /// Runs outbox rounds here until one finds nothing to compose or send (at most 20) and
    /// answers how many messages failed on the way. A test that counts what was sent calls it
    /// instead of waiting for the worker: afterwards nothing is left to send, so a message sent
    /// twice would already have been sent.
    pub async fn drain_outbox(&self) -> usize {
        let mut failed = 0;
        for _ in 0..20 {
            let round = omiyage_server::on_state!(&self.state, st => omiyage_server::outbox::run_once(st).await)
                .expect("an outbox round");
            failed += round.failed;
            if round.composed == 0 && round.sent == 0 {
                return failed;
            }
        }
        panic!("the outbox kept finding work");
    }

    /// Stops the server (finishing requests in flight, closing its database); `restart`
    /// starts it again.
    pub async fn stop(&mut self) {
        if let Some((tell, task)) = self.stop.take() {
            let _ = tell.send(());
            task.await.unwrap();
        }
    }

    /// Stops the server (unless stopped) and starts it again on the same database and config,
    /// as after a deploy; it listens on a new port.
    pub async fn restart(&mut self) {
        self.stop().await;
        let (http, state, stop) = serve(self.config.clone()).await;
        self.http = http;
        self.state = state;
        self.stop = Some(stop);
    }

    /// The server's database file.
    pub fn db_path(&self) -> PathBuf {
        self.dir.join("test.db")
    }

    /// The server's PostgreSQL database, when the tests run there.
    pub fn database_url(&self) -> Option<&str> {
        self.config.database_url.as_deref()
    }

    pub async fn order_count(&self) -> i64 {
        omiyage_server::on_state!(&self.state, st => st.storage.order_count().await).unwrap()
    }

    /// Adds a one-variant product with the given stock; returns (product id, variant id).
    pub async fn add_limited_product(&self, stock: u32, price: i64) -> (String, String) {
        omiyage_server::on_state!(&self.state, st => add_limited_product(st.storage.as_ref(), stock, price).await)
    }
}

/// Adds a one-variant product with the given stock to `storage`; returns (product id, variant id).
pub async fn add_limited_product(
    storage: &impl Backend,
    stock: u32,
    price: i64,
) -> (String, String) {
    let product = Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: "limited-yokan".into(),
        name: "Limited Yokan".into(),
        description: "Seasonal bean jelly.".into(),
        category: "sweets".into(),
        image: "/img/matcha-kitkat.svg".into(),
        variants: vec![Variant {
            photo: None,
            id: "limited-yokan-box".into(),
            name: "Box".into(),
            price: Money::jpy(price),
            stock,
            tax_class: omiyage_api::TaxClass::Standard,
        }],
    };
    storage.add_product(&product).await.unwrap();
    ("limited-yokan".into(), "limited-yokan-box".into())
}

/// The demo accounts' (email, password), seeded by `demo_accounts: true`.
pub const ADMIN: (&str, &str) = ("admin@demo.omiyage.test", "demo-admin-password");
pub const STAFF: (&str, &str) = ("staff@demo.omiyage.test", "demo-staff-password");
pub const PROMOTER: (&str, &str) = ("promoter@demo.omiyage.test", "demo-promoter-password");
pub const AGENCY: (&str, &str) = ("agency@demo.omiyage.test", "demo-agency-password");

/// A server with the demo shop and demo accounts.
pub async fn spawn_app_with_accounts() -> TestApp {
    spawn_app_with(|c| c.demo_accounts = true).await
}

/// An app with the demo accounts on a clock the test moves, starting `at` (Unix seconds).
pub async fn spawn_app_at(at: i64) -> (TestApp, std::sync::Arc<omiyage_server::ManualClock>) {
    let clock = std::sync::Arc::new(omiyage_server::ManualClock::at(at));
    let app = spawn_app_with({
        let clock = clock.clone();
        move |c| {
            c.clock = clock;
            c.demo_accounts = true;
        }
    })
    .await;
    (app, clock)
}

/// Asks `probe` every `every` until it answers `Ok`, and returns that; panics with the last
/// `Err` (what was seen instead) once `within` has passed. For what a background worker does.
pub async fn eventually<T, F, Fut>(
    within: std::time::Duration,
    every: std::time::Duration,
    mut probe: F,
) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let started = std::time::Instant::now();
    loop {
        match probe().await {
            Ok(value) => return value,
            Err(seen) if started.elapsed() >= within => {
                panic!("still not there after {within:?}: {seen}")
            }
            Err(_) => tokio::time::sleep(every).await,
        }
    }
}

/// The messages the outbox made for `email` with `topic`, once it has made `count` of them.
pub async fn outbox_mails(
    app: &TestApp,
    admin: &str,
    email: &str,
    topic: &str,
    count: usize,
) -> Vec<Value> {
    eventually(
        std::time::Duration::from_secs(10),
        std::time::Duration::from_millis(50),
        || async {
            let outbox = app
                .call(
                    reqwest::Method::GET,
                    "/api/admin/messages",
                    Some(admin),
                    None,
                )
                .await;
            let found: Vec<Value> = outbox.body["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["recipient"] == email && m["topic"] == topic)
                .cloned()
                .collect();
            match found.len() == count {
                true => Ok(found),
                false => Err(format!("{} {topic} messages: {found:#?}", found.len())),
            }
        },
    )
    .await
}
