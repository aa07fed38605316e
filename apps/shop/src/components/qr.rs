use leptos::prelude::*;

/// A QR code image of a link the app built. The HTTP build asks the server to render it
/// (`/api/qr`, cached for a year), which keeps the QR encoder out of the shopper's first load;
/// the mock build renders it in the browser. Either way it is a plain `<img>`.
#[component]
pub fn QrCode(
    /// The text to encode (a link the app built).
    data: String,
    /// Accessible name of the image.
    label: &'static str,
) -> impl IntoView {
    let src = crate::api::qr_image_src(&data);
    view! {
        <div class="qr" data-test="qr">
            <img src=src alt=label width="222" height="222"/>
        </div>
    }
}
