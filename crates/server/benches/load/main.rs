//! Checkout load benchmark (prints figures, asserts nothing).
//!
//! Starts the release server binary as its own process on a fresh SQLite file holding a
//! bench product with ample stock, then 200 concurrent clients place orders for a fixed time.
//! Prints orders/s, latency percentiles, error counts (and how many said "database is locked"),
//! the server's RSS idle and under load, and a baseline: the same writes done directly on
//! SQLite from one connection.
//!
//! `cargo bench -p omiyage-server --bench load` (scripts/bench.sh runs it with the rest).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use omiyage_api::{
    Address, CheckoutLine, CheckoutRequest, Contact, Money, OrderStatus, OrderView, PaymentChoice,
    PaymentStatus, PaymentSummary, Product, Variant,
};
use omiyage_server::storage::StockTake;
use omiyage_server::storage::postgres::PgStorage;
use omiyage_server::storage::sqlite::SqliteStorage;
use omiyage_server::storage::{Backend, Storage};
use tokio::sync::Mutex;

mod claims;
use claims::{ClaimFigures, claim_phase};

const CLIENTS: usize = 200;

fn env_secs(name: &str, default: u64) -> Duration {
    Duration::from_secs(
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}

fn bench_product() -> Product {
    Product {
        photos: Vec::new(),
        offers_gift_options: Default::default(),
        id: "bench-senbei".into(),
        name: "Bench Senbei".into(),
        description: "Rice crackers for load tests.".into(),
        category: "sweets".into(),
        image: "/img/matcha-kitkat.svg".into(),
        variants: vec![Variant {
            photo: None,
            id: "bench-senbei-box".into(),
            name: "Box".into(),
            price: Money::jpy(1_000),
            stock: 1_000_000_000,
            tax_class: omiyage_api::TaxClass::Standard,
        }],
    }
}

fn order_request() -> CheckoutRequest {
    CheckoutRequest {
        delivery: None,
        points: 0,
        lines: vec![CheckoutLine {
            options_token: Default::default(),
            options: Default::default(),
            product_id: "bench-senbei".into(),
            variant_id: "bench-senbei-box".into(),
            quantity: 1,
        }],
        contact: Contact {
            name: "Bench Shopper".into(),
            email: "bench@example.com".into(),
            phone: String::new(),
        },
        address: Address {
            postal_code: "150-0001".into(),
            prefecture: "東京都".into(),
            city: "Shibuya-ku".into(),
            line1: "1-2-3 Jingumae".into(),
            line2: String::new(),
        },
        payment: PaymentChoice::TestCard {
            card_number: "4242424242424242".into(),
        },
        gift: None,
        coupon: None,
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_server(bin: &Path, db: &Path, port: u16, extra: &[&str]) -> ServerProcess {
    let server = ServerProcess(
        Command::new(bin)
            .args(["--addr", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .args(extra)
            .env("RUST_LOG", "omiyage_server=error")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display())),
    );
    omiyage_server::install_tls();
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if client
            .get(format!("http://127.0.0.1:{port}/api/health"))
            .send()
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not come up");
}

/// The same writes as a checkout (conditional stock update, order, line, key) straight on SQLite.
async fn raw_sqlite_baseline(dir: &Path, duration: Duration) -> f64 {
    let storage = SqliteStorage::open(&dir.join("baseline.db")).await.unwrap();
    storage.seed_if_empty().await.unwrap();
    storage.add_product(&bench_product()).await.unwrap();
    let line_view = |token: &str| OrderView {
        delivery: None,
        delivery_text: String::new(),
        problems: Vec::new(),
        points: 0,
        ship_to: Default::default(),
        options: Default::default(),
        token: token.to_string(),
        reference: token[..8].to_uppercase(),
        status: OrderStatus::Paid,
        lines: vec![omiyage_api::OrderLine {
            product_id: "bench-senbei".into(),
            variant_id: "bench-senbei-box".into(),
            product_name: "Bench Senbei".into(),
            variant_name: "Box".into(),
            image: String::new(),
            unit_price: Money::jpy(1_000),
            quantity: 1,
            line_total: Money::jpy(1_000),
            tax_class: omiyage_api::TaxClass::Standard,
            discount: 0,
        }],
        subtotal: Money::jpy(1_000),
        shipping: Money::jpy(600),
        total: Money::jpy(1_600),
        taxes: Vec::new(),
        payment: PaymentSummary {
            method: "test_card".into(),
            status: PaymentStatus::Captured,
            card_last4: Some("4242".into()),
            pay_by: None,
        },
        contact: order_request().contact,
        address: order_request().address,
        created_at: 0,
        gift: None,
        shipment: None,
        coupon: None,
    };
    let takes = [StockTake {
        variant_id: "bench-senbei-box".into(),
        quantity: 1,
    }];
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < duration {
        let token = uuid::Uuid::new_v4().to_string();
        storage
            .place_order(
                &token,
                "fp",
                omiyage_server::storage::NewOrder {
                    view: line_view(&token),
                    lang: "ja",
                    gift: None,
                    attribution: None,
                    card: None,
                    coupon: None,
                    points: Default::default(),
                },
                &takes,
            )
            .await
            .unwrap();
        n += 1;
    }
    storage.close().await;
    n as f64 / started.elapsed().as_secs_f64()
}

/// What one checkout load measured.
struct CheckoutFigures {
    elapsed: Duration,
    orders: u64,
    failed: u64,
    locked: u64,
    latencies: Vec<Duration>,
    peak_rss: u64,
}

impl CheckoutFigures {
    fn orders_per_sec(&self) -> f64 {
        self.orders as f64 / self.elapsed.as_secs_f64()
    }
}

/// Creates a database holding the bench product.
async fn bench_database(db: &Path) {
    let storage = SqliteStorage::open(db).await.unwrap();
    storage.seed_if_empty().await.unwrap();
    storage.add_product(&bench_product()).await.unwrap();
    storage.close().await;
}

/// `CLIENTS` clients place orders for `duration` against the servers on `ports` (spread evenly;
/// RSS is sampled from process `pid`).
async fn checkout_load(
    client: &reqwest::Client,
    ports: &[u16],
    pid: u32,
    duration: Duration,
) -> CheckoutFigures {
    let body = Arc::new(serde_json::to_vec(&order_request()).unwrap());
    let urls: Vec<Arc<String>> = ports
        .iter()
        .map(|port| Arc::new(format!("http://127.0.0.1:{port}/api/checkout")))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed, locked) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::with_capacity(200_000)));
    let peak_rss = Arc::new(AtomicU64::new(0));

    let sampler = {
        let (stop, peak) = (stop.clone(), peak_rss.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let url = urls[i % urls.len()].clone();
            let (client, body, stop) = (client.clone(), body.clone(), stop.clone());
            let (ok, failed, locked, latencies) = (
                ok.clone(),
                failed.clone(),
                locked.clone(),
                latencies.clone(),
            );
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let r = client
                        .post(url.as_str())
                        .header("content-type", "application/json")
                        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                        .body(body.as_ref().clone())
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status().as_u16() == 201 => {
                            let _ = r.bytes().await;
                            mine.push(t.elapsed());
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(r) => {
                            let text = r.text().await.unwrap_or_default();
                            if text.contains("locked") {
                                locked.fetch_add(1, Ordering::Relaxed);
                            }
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                latencies.lock().await.extend(mine);
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }
    let elapsed = started.elapsed();
    let _ = sampler.await;
    let mut latencies = latencies.lock().await.clone();
    latencies.sort();
    CheckoutFigures {
        elapsed,
        orders: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        locked: locked.load(Ordering::Relaxed),
        latencies,
        peak_rss: peak_rss.load(Ordering::Relaxed),
    }
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = std::env::var("OMIYAGE_SERVER_BIN")
        .map(Into::into)
        .unwrap_or_else(|_| root.join("target/release/omiyage-server"));
    let duration = env_secs("BENCH_SECONDS", 10);
    let dir = std::env::temp_dir().join(format!("omiyage-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("bench.db");
    bench_database(&db).await;
    let port = 18_000 + (std::process::id() % 1000) as u16;
    let server = start_server(&bin, &db, port, &[]).await;
    let pid = server.0.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss = rss_kib(pid);

    omiyage_server::install_tls();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let load = checkout_load(&client, &[port], pid, duration).await;
    let claims = claim_phase(&client, port).await;
    drop(server);

    let lat = &load.latencies;
    println!(
        "checkout: {CLIENTS} concurrent clients for {:.1} s against the release server on SQLite (WAL, synchronous=FULL)",
        load.elapsed.as_secs_f64()
    );
    println!("  orders placed        {}", load.orders);
    println!("  orders/s             {:.0}", load.orders_per_sec());
    println!("  latency p50          {}", ms(percentile(lat, 0.50)));
    println!("  latency p99          {}", ms(percentile(lat, 0.99)));
    println!(
        "  latency max          {}",
        ms(lat.last().copied().unwrap_or_default())
    );
    println!("  failed requests      {}", load.failed);
    println!("  'database is locked' {}", load.locked);
    println!("  server RSS idle      {} KiB", idle_rss);
    println!("  server RSS peak      {} KiB (under load)", load.peak_rss);

    claims.print();

    // What durability costs: the same load on a server started with synchronous=NORMAL, which
    // syncs at checkpoints only (a power cut could lose the last acknowledged orders).
    let normal_db = dir.join("bench-normal.db");
    bench_database(&normal_db).await;
    let server = start_server(
        &bin,
        &normal_db,
        port + 1,
        &["--sqlite-synchronous", "normal"],
    )
    .await;
    let normal = checkout_load(&client, &[port + 1], server.0.id(), duration).await;
    drop(server);
    println!(
        "durability: the same checkout load with synchronous=NORMAL (not durable on power loss)"
    );
    println!("  orders/s NORMAL      {:.0}", normal.orders_per_sec());
    println!("  orders/s FULL        {:.0}", load.orders_per_sec());
    println!(
        "  latency p50 NORMAL   {}   FULL {}",
        ms(percentile(&normal.latencies, 0.50)),
        ms(percentile(lat, 0.50))
    );
    println!(
        "  cost of FULL         {:.1} % fewer orders/s",
        100.0 * (1.0 - load.orders_per_sec() / normal.orders_per_sec())
    );

    let baseline = raw_sqlite_baseline(&dir, duration.min(Duration::from_secs(5))).await;
    println!(
        "baseline: the same writes through sqlx on one connection, one order per transaction, no HTTP"
    );
    println!("  transactions/s       {baseline:.0}");
    println!(
        "  server / baseline    {:.0} %",
        100.0 * load.orders_per_sec() / baseline
    );
    if let Ok(admin) = std::env::var("BENCH_POSTGRES") {
        postgres_figures(&bin, &client, &admin, port + 2, duration, &load, &claims).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same checkout and claim load on PostgreSQL (the cluster `admin` reaches), with one
/// server instance and then two on the same database; printed next to the SQLite figures.
async fn postgres_figures(
    bin: &Path,
    client: &reqwest::Client,
    admin: &str,
    port: u16,
    duration: Duration,
    sqlite: &CheckoutFigures,
    sqlite_claims: &ClaimFigures,
) {
    let url = omiyage_server::storage::postgres::scratch_database(admin)
        .await
        .unwrap();
    let storage = PgStorage::open(&url).await.unwrap();
    storage.seed_if_empty().await.unwrap();
    storage.add_product(&bench_product()).await.unwrap();
    storage.close().await;
    let unused = std::env::temp_dir().join("omiyage-bench-unused.db");
    let first = start_server(bin, &unused, port, &["--database-url", &url]).await;
    let one = checkout_load(client, &[port], first.0.id(), duration).await;
    let claims = claim_phase(client, port).await;
    let second = start_server(bin, &unused, port + 1, &["--database-url", &url]).await;
    let two = checkout_load(client, &[port, port + 1], first.0.id(), duration).await;
    drop((first, second));
    println!(
        "checkout by database: {CLIENTS} clients, {:.0} s each (PostgreSQL 15 on this machine, fsync on)",
        duration.as_secs_f64()
    );
    println!("  database                 orders/s   p50        p99        failed");
    for (name, f) in [
        ("SQLite, 1 instance", sqlite),
        ("PostgreSQL, 1 instance", &one),
        ("PostgreSQL, 2 instances", &two),
    ] {
        println!(
            "  {name:<24} {:>8.0}   {:<10} {:<10} {}",
            f.orders_per_sec(),
            ms(percentile(&f.latencies, 0.50)),
            ms(percentile(&f.latencies, 0.99)),
            f.failed
        );
    }
    println!(
        "  claims/s                 SQLite {:.0}   PostgreSQL {:.0}   (lost {}, double {})",
        sqlite_claims.per_sec(),
        claims.per_sec(),
        claims.lost,
        claims.double
    );
}
