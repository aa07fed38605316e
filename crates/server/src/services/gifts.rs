//! A gift as its recipient reads it, for the API and the server-rendered gift page alike.

use omiyage_api::GiftView;
use omiyage_core::lang::Lang;

use crate::storage::Backend;
use crate::{AppError, AppState};

/// The gift's product and options in the reader's language (the recipient's, not the
/// sender's).
pub async fn localized<S: Backend>(
    state: &AppState<S>,
    mut view: GiftView,
    lang: Lang,
) -> Result<GiftView, AppError> {
    state
        .catalog_cache
        .overlay(state.storage.as_ref(), lang)
        .await?
        .product(&mut view.product);
    let options = state.storage.gift_options(&view.token).await?;
    view.options_text = omiyage_core::gift_options::for_recipient(&options, lang);
    Ok(view)
}
