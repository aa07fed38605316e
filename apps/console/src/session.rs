//! The signed-in account, provided by the frame (`app`) to every page inside it.

use leptos::prelude::*;
use omiyage_api::AccountView;

/// The signed-in account, for every page inside the frame.
#[derive(Clone)]
pub struct Me(pub AccountView);

pub fn use_me() -> AccountView {
    use_context::<Me>()
        .map(|m| m.0)
        .expect("pages inside the frame have an account")
}
