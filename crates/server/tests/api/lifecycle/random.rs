//! Seeded random sequences of steps (card and counter gifts, claims, declines, cancels,
//! timeouts, restarts) checked against the books after every step.

use super::*;

/// One step of a random sequence.
#[derive(Clone, Copy, Debug)]
enum Step {
    Card(&'static str),
    Challenge(bool),
    Return,
    Webhook,
    Timeout,
    Claim,
    Decline,
    Cancel,
    /// Staff cancel the order as unpaid (refused once it is paid).
    StaffCancel,
    Expire,
    Ship,
    /// The server stops and starts again on the same database.
    Restart,
}

const STEPS: [Step; 14] = [
    Step::Card(VISA),
    Step::Card(THREE_D_SECURE),
    Step::Card(DECLINED),
    Step::Challenge(true),
    Step::Challenge(false),
    Step::Return,
    Step::Webhook,
    Step::Timeout,
    Step::Claim,
    Step::Decline,
    Step::Cancel,
    Step::StaffCancel,
    Step::Ship,
    Step::Restart,
];

/// A small deterministic generator (SplitMix64), so that a seed replays its sequence.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % below as u64) as usize
    }
}

async fn run_step(s: &mut Shop, o: &Order, step: Step, n: usize) {
    match step {
        Step::Restart => s.app.restart().await,
        Step::Card(number) => {
            attempt(s, o, number).await;
        }
        Step::Challenge(pass) => {
            if let Some(intent) = latest_intent(s, o).await {
                challenge(s, &intent, pass).await;
            }
        }
        Step::Return => {
            card_return(s, o).await;
        }
        // Stripe tells the shop about every intent that succeeded (again: webhooks repeat).
        Step::Webhook => {
            for (intent, ..) in omiyage_server::on_state!(&s.app.state, st => st.storage.order_intents(&o.token).await).unwrap() {
                if s.stripe.intent(&intent).await["status"] == "succeeded" {
                    webhook_succeeded(s, &intent, &format!("evt_{intent}_{n}")).await;
                }
            }
        }
        Step::Timeout => timeout(s).await,
        Step::Claim => {
            claim(s, o).await;
        }
        Step::Decline => {
            decline(s, o).await;
        }
        Step::Cancel => {
            cancel(s, o).await;
        }
        Step::StaffCancel => {
            let path = format!("/api/orders/{}/cancel", o.token);
            as_admin(s, Method::POST, &path, None).await;
        }
        Step::Expire => expire(s).await,
        Step::Ship => {
            let r = json!({ "tracking_number": "JP-1234-5678" });
            let path = format!("/api/admin/orders/{}/ship", o.token);
            as_admin(s, Method::POST, &path, Some(r)).await;
        }
    }
}

/// Seeded random sequences of steps on card-page gifts; the books are checked after each step.
/// `OMIYAGE_LIFECYCLE_SEQUENCES` sets how many (default 6), `OMIYAGE_LIFECYCLE_SEED` the first
/// seed; a failure names its seed and its steps so far.
#[tokio::test]
async fn random_sequences_keep_the_books() {
    let sequences: u64 = std::env::var("OMIYAGE_LIFECYCLE_SEQUENCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let first: u64 = std::env::var("OMIYAGE_LIFECYCLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(29);
    let mut s = shop().await;
    for seed in first..first + sequences {
        let mut rng = Seeded(seed);
        let o = gift(&s, 3, PaymentChoice::CardPage).await;
        let mut trail = Vec::new();
        for n in 0..8 {
            let step = match rng.next(20) {
                0 => Step::Expire,
                i => STEPS[i % STEPS.len()],
            };
            trail.push(step);
            run_step(&mut s, &o, step, n).await;
            check_books(&s, &o, &format!("seed {seed}: {trail:?}")).await;
        }
        // In the end Stripe has told the shop about every payment: none is left in flight.
        run_step(&mut s, &o, Step::Webhook, 99).await;
        for (intent, _, heard) in
            omiyage_server::on_state!(&s.app.state, st => st.storage.order_intents(&o.token).await)
                .unwrap()
        {
            let at_stripe = s.stripe.intent(&intent).await;
            assert!(
                heard || at_stripe["status"] != "succeeded",
                "seed {seed}: {trail:?}: {intent} was paid and the shop never counted it"
            );
        }
        check_books(&s, &o, &format!("seed {seed}: {trail:?}, webhooks")).await;
        println!("seed {seed}: {trail:?}");
    }
}
