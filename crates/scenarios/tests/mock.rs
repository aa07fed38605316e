//! The scenario suite against the in-memory mock backend.

include!("suite/mod.rs");

async fn mock() -> omiyage_mock::MockBackend {
    omiyage_mock::MockBackend::new(
        Box::new(|| uuid::Uuid::new_v4().to_string()),
        Box::new(|| 1_790_000_000),
    )
}

scenario_suite!(mock());
