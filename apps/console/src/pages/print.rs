//! The print view of a batch: A4 portrait sheets of 8 cards with cut lines, each with the QR
//! code of its claim link, the product, the greeting, the shop, the last claim day and the short
//! code to type at /claim. The browser's print dialog prints it (a print stylesheet drops the
//! console's chrome); a progress indicator shows until the batch and its QR codes are in. The
//! QR codes come in one request as SVG and are drawn inline, so 500 cards are not 500 requests
//! or 500 image decodes.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use omiyage_api::BatchView;

use crate::components::{ErrorNote, set_title};
use crate::i18n::{self, t};

/// Cards per A4 sheet (2 columns × 4 rows).
const PER_SHEET: usize = 8;

#[component]
pub fn PrintPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // The batch and all its QR codes in two requests (not one per card).
    let batch = LocalResource::new(move || {
        let id = id.get();
        async move {
            let origin = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default();
            let (batch, qr) =
                futures::future::join(crate::api::batch(&id), crate::api::qr_codes(&id, &origin))
                    .await;
            Ok::<_, omiyage_api::ApiError>((batch?, qr?))
        }
    });
    view! {
        <Suspense fallback=|| view! {
            <div class="print-bar">
                <p role="status" data-test="print-progress">{t().preparing_cards}</p>
                <progress></progress>
            </div>
        }>
            {move || Suspend::new(async move {
                match batch.await {
                    Ok((b, qr)) => view! { <Sheets batch=b qr/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheets(batch: BatchView, qr: Vec<String>) -> impl IntoView {
    set_title(&format!("{} · {}", t().print_cards, batch.product_name));
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let total = batch.codes.len();
    let claim_at = format!(
        "{}/claim",
        origin
            .trim_start_matches("https://")
            .trim_start_matches("http://")
    );
    let cards: Vec<_> = batch.codes.iter().cloned().zip(qr).collect();
    let sheets: Vec<_> = cards.chunks(PER_SHEET).map(<[_]>::to_vec).collect();
    let b = StoredValue::new(batch);
    view! {
        <div class="no-print print-bar">
            <a href=move || format!("/console/batches/{}", b.with_value(|b| b.id.clone()))>{t().back_to_batch}</a>
            <p role="status" data-test="print-progress">{i18n::cards_ready(total, sheets_for(total))}</p>
            <button type="button" class="button" data-test="print" on:click=|_| crate::components::print_page()>{t().print}</button>
        </div>
        <div class="sheets" data-test="sheets">
            {sheets.into_iter().map(|codes| view! {
                <section class="sheet">
                    {codes.into_iter().map(|(c, svg)| {
                        // Our server's SVG of a link we built: numbers and path letters only.
                        let svg = svg.replacen("<svg ", &format!(r#"<svg role="img" aria-label="{}" "#, t().qr_alt), 1);
                        let claim_at = claim_at.clone();
                        b.with_value(|b| view! {
                            <article class="card" data-test="gift-card">
                                <div class="qr" inner_html=svg.clone()></div>
                                <div class="card-text">
                                    <p class="card-shop">{b.shop_name.clone()}</p>
                                    <p class="card-product">
                                        <img src=omiyage_core::image::rendition(&b.product_image, 360) alt="" width="28" height="28"/>
                                        {b.product_name.clone()}
                                    </p>
                                    {(!b.greeting.is_empty()).then(|| view! { <p class="card-greeting">{b.greeting.clone()}</p> })}
                                    <p class="card-code" data-test="card-code">{c.code.clone()}</p>
                                    // The shop cannot know the tourist's language: all three.
                                    <div class="card-how" data-test="card-how">{how_to_claim(&claim_at, b.expires_at)}</div>
                                </div>
                            </article>
                        })
                    }).collect_view()}
                </section>
            }).collect_view()}
        </div>
    }
}

/// How to claim and by when, in Japanese, Chinese and English at once; the deadline the same
/// day and minute the claim page shows (`omiyage_core::dates::deadline`).
fn how_to_claim(at: &str, expires_at: i64) -> impl IntoView + use<> {
    use omiyage_core::dates::deadline;
    use omiyage_core::lang::Lang;
    let lines = [
        (
            "ja",
            format!(
                "QRコードを読み取るか {at} でコードを入力。受け取り期限：{}まで",
                deadline(Lang::Ja, expires_at)
            ),
        ),
        (
            "zh-Hans",
            format!(
                "扫描二维码，或在 {at} 输入代码。领取截止：{}",
                deadline(Lang::ZhHans, expires_at)
            ),
        ),
        (
            "en",
            format!(
                "Scan the QR code or enter the code at {at}. Claim by {}",
                deadline(Lang::En, expires_at)
            ),
        ),
    ];
    lines
        .into_iter()
        .map(|(lang, text)| view! { <p lang=lang>{text}</p> })
        .collect_view()
}

fn sheets_for(cards: usize) -> usize {
    cards.div_ceil(PER_SHEET)
}
