// Runs every scenario against a backend. Included by tests/mock.rs and tests/server.rs.

macro_rules! scenario_suite {
    ($backend:expr) => {
        #[tokio::test]
        async fn browsing_the_catalog() {
            omiyage_scenarios::browse(&$backend.await).await;
        }

        #[tokio::test]
        async fn checking_out_and_following_the_order() {
            omiyage_scenarios::checkout_and_follow_the_order(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn a_declined_card_places_nothing() {
            omiyage_scenarios::declined_card_places_nothing(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn bad_input_is_refused() {
            omiyage_scenarios::bad_input_is_refused(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn a_mixed_cart_records_tax_per_rate() {
            omiyage_scenarios::mixed_cart_records_tax_per_rate(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn a_coupon_code_takes_its_share_once_per_email() {
            omiyage_scenarios::coupon_once_per_email(&$backend.await, &key(), &key()).await;
        }

        #[tokio::test]
        async fn paying_in_the_shop() {
            omiyage_scenarios::pay_in_shop(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn sending_and_claiming_a_gift() {
            omiyage_scenarios::send_and_claim_a_gift(&$backend.await, &key(), &key()).await;
        }

        #[tokio::test]
        async fn a_group_gift_declined_and_cancelled() {
            omiyage_scenarios::group_gift_decline_and_cancel(&$backend.await, &key()).await;
        }

        #[tokio::test]
        async fn gift_input_is_checked() {
            omiyage_scenarios::gift_input_is_checked(&$backend.await, &key()).await;
        }

        /// Random orders of steps, checked against a model after each (seeded: a failure
        /// names its seed and steps, and replays).
        #[tokio::test]
        async fn random_sequences_keep_stock_units_and_refunds_exact() {
            for seed in 1..=6 {
                omiyage_scenarios::random_sequence(&$backend.await, seed, 30).await;
            }
        }

        fn key() -> String {
            uuid::Uuid::new_v4().to_string()
        }
    };
}
