//! `--demo`: demo accounts for trying the back office, labelled as such on the sign-in page.
//! Their passwords are public, so this is never on by default and never for a real shop.

use omiyage_api::{NewAccount, Role, ShopInput};

use crate::storage::Backend;
use crate::{AppError, AppState};

/// The demo accounts: (role, email, name, password).
pub const ACCOUNTS: [(Role, &str, &str, &str); 4] = [
    (
        Role::Admin,
        "admin@demo.omiyage.test",
        "Demo Admin",
        "demo-admin-password",
    ),
    (
        Role::Staff,
        "staff@demo.omiyage.test",
        "Demo Staff",
        "demo-staff-password",
    ),
    (
        Role::Promoter,
        "promoter@demo.omiyage.test",
        "Demo Promoter",
        "demo-promoter-password",
    ),
    (
        Role::Agency,
        "agency@demo.omiyage.test",
        "Demo Agency",
        "demo-agency-password",
    ),
];

/// The demo agency's share of its promoters' commission: 20 %.
pub const AGENCY_SHARE_BPS: u32 = 2_000;

/// Seeds a demo shop and the demo accounts when there are no accounts yet. Returns whether it did.
pub async fn seed<S: Backend>(state: &AppState<S>) -> Result<bool, AppError> {
    if !state.storage.accounts().await?.is_empty() {
        return Ok(false);
    }
    let shop = ShopInput {
        name: "Demo Shop Asakusa".into(),
        address: "1-1 Asakusa, Taito-ku, Tokyo".into(),
        claim_window_secs: omiyage_core::gift::DEFAULT_CLAIM_WINDOW_SECS,
    };
    let shop = state
        .storage
        .create_shop("demo-shop", &shop, state.clock.now())
        .await?;
    for (role, email, name, password) in ACCOUNTS {
        let input = NewAccount {
            email: email.into(),
            name: name.into(),
            password: password.into(),
            shop_id: (role == Role::Staff).then(|| shop.id.clone()),
        };
        let account = crate::services::accounts::create_account(
            state.storage.as_ref(),
            &input,
            role,
            true,
            state.clock.now(),
        )
        .await?;
        if role == Role::Agency {
            state
                .storage
                .create_agency(&account.id, AGENCY_SHARE_BPS)
                .await?;
        }
    }
    crate::storage::CouponStorage::save_coupon(
        state.storage.as_ref(),
        &omiyage_core::seed::demo_coupon(state.clock.now()),
        true,
        state.clock.now(),
    )
    .await?;
    Ok(true)
}
