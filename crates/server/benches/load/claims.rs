//! The claim phase: single-unit gifts, each claimed twice at once by many clients (exactly one
//! claim wins per unit).

use super::*;

const GIFTS: usize = 1_000;

pub(crate) struct ClaimFigures {
    elapsed: Duration,
    attempts: usize,
    won: usize,
    refused: usize,
    other: usize,
    pub(crate) lost: usize,
    pub(crate) double: usize,
    latencies: Vec<Duration>,
}

impl ClaimFigures {
    pub(crate) fn per_sec(&self) -> f64 {
        self.won as f64 / self.elapsed.as_secs_f64()
    }

    pub(crate) fn print(&self) {
        println!(
            "gift claims: {GIFTS} single-unit gifts, each claimed twice at once ({} attempts) by {CLIENTS} concurrent clients",
            self.attempts
        );
        println!("  claims won           {}", self.won);
        println!("  claims/s             {:.0}", self.per_sec());
        println!(
            "  latency p50          {}",
            ms(percentile(&self.latencies, 0.50))
        );
        println!(
            "  latency p99          {}",
            ms(percentile(&self.latencies, 0.99))
        );
        println!("  refused (409)        {}", self.refused);
        println!("  other answers        {}", self.other);
        println!("  lost claims          {} (gifts nobody got)", self.lost);
        println!("  double claims        {} (gifts won twice)", self.double);
    }
}

/// Buys 1,000 single-unit gifts, then has 200 clients claim each of them twice at once.
pub(crate) async fn claim_phase(client: &reqwest::Client, port: u16) -> ClaimFigures {
    let base = format!("http://127.0.0.1:{port}");
    let mut gift_request = order_request();
    gift_request.address = Address::default();
    gift_request.gift = Some(omiyage_api::GiftOptions {
        sender_name: "Bench".into(),
        greeting: "For the benchmark".into(),
        allow_variant_choice: false,
        ..Default::default()
    });
    let body = serde_json::to_vec(&gift_request).unwrap();
    let mut tokens = Vec::with_capacity(GIFTS);
    for chunk in 0..GIFTS / 50 {
        let buys = (0..50).map(|_| {
            client
                .post(format!("{base}/api/checkout"))
                .header("content-type", "application/json")
                .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                .body(body.clone())
                .send()
        });
        for r in futures::future::join_all(buys).await {
            let order: serde_json::Value = r.unwrap().json().await.unwrap();
            tokens.push(order["gift"]["claim_token"].as_str().unwrap().to_string());
        }
        let _ = chunk;
    }
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicU64::new(0));
    let claim_body = Arc::new(
        serde_json::json!({"name": "Bench Recipient", "address": {"postal_code": "530-0001",
            "prefecture": "大阪府", "city": "Kita-ku", "line1": "Umeda 1-1"}})
        .to_string(),
    );
    let wins: Arc<Vec<AtomicU64>> = Arc::new((0..GIFTS).map(|_| AtomicU64::new(0)).collect());
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, base, tokens, next, claim_body, wins) = (
                client.clone(),
                base.clone(),
                tokens.clone(),
                next.clone(),
                claim_body.clone(),
                wins.clone(),
            );
            tokio::spawn(async move {
                let (mut lat, mut refused, mut other) = (Vec::new(), 0usize, 0usize);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                    if i >= 2 * GIFTS {
                        break;
                    }
                    let gift = i / 2;
                    let t = Instant::now();
                    let r = client
                        .post(format!("{base}/api/gifts/{}/claim", tokens[gift]))
                        .header("content-type", "application/json")
                        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                        .body(claim_body.as_ref().clone())
                        .send()
                        .await;
                    match r.map(|r| r.status().as_u16()) {
                        Ok(200) => {
                            lat.push(t.elapsed());
                            wins[gift].fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(409) => refused += 1,
                        _ => other += 1,
                    }
                }
                (lat, refused, other)
            })
        })
        .collect();
    let mut figures = ClaimFigures {
        elapsed: Duration::ZERO,
        attempts: 2 * GIFTS,
        won: 0,
        refused: 0,
        other: 0,
        lost: 0,
        double: 0,
        latencies: Vec::new(),
    };
    for w in workers {
        let (lat, refused, other) = w.await.unwrap();
        figures.latencies.extend(lat);
        figures.refused += refused;
        figures.other += other;
    }
    figures.elapsed = started.elapsed();
    figures.latencies.sort();
    figures.won = figures.latencies.len();
    figures.lost = wins
        .iter()
        .filter(|w| w.load(Ordering::Relaxed) == 0)
        .count();
    figures.double = wins
        .iter()
        .filter(|w| w.load(Ordering::Relaxed) > 1)
        .count();
    figures
}
