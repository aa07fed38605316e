//! The sender's side of a gift on the order page: the claim link, its QR code, sharing, each
//! unit's status (never the recipient's details) and cancelling what is unclaimed.

use leptos::prelude::*;
use omiyage_api::{OrderView, SenderGift, UnitState};

use crate::api::{Storefront, api};
use crate::components::QrCode;
use crate::i18n::{self, t};

/// Copies text to the clipboard, or hands the link to the phone's share sheet when asked and
/// available. Returns whether it worked.
async fn share_or_copy(url: String, share: bool) -> bool {
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let nav = window.navigator();
    let has = |name: &str| js_sys::Reflect::has(&nav, &JsValue::from_str(name)).unwrap_or(false);
    if share && has("share") {
        let data = web_sys::ShareData::new();
        data.set_title(t().gift_title);
        data.set_url(&url);
        return JsFuture::from(nav.share_with_data(&data)).await.is_ok();
    }
    if has("clipboard") {
        return JsFuture::from(nav.clipboard().write_text(&url))
            .await
            .is_ok();
    }
    false
}

/// Whether the browser has a share sheet (phones); otherwise the button copies. (On the
/// server: not known; the page's script relabels the button.)
fn can_share() -> bool {
    #[cfg(feature = "ssr")]
    {
        false
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .map(|w| js_sys::Reflect::has(&w.navigator(), &"share".into()).unwrap_or(false))
            .unwrap_or(false)
    }
}

/// What became of a problem a recipient reported about a unit, as its sender reads it.
fn problem_text(outcome: omiyage_api::ProblemOutcome) -> &'static str {
    outcome.pick(i18n::lang().pick(
        &[
            "受け取った方から問題のご連絡がありました：確認中",
            "受け取った方から問題のご連絡がありました：対応中",
            "受け取った方から問題のご連絡がありました：お断りしました",
            "受け取った方から問題のご連絡がありました：交換品を発送しました",
            "受け取った方から問題のご連絡がありました：ご購入者さまに返金しました",
        ],
        &[
            "收礼人反馈了问题：处理中",
            "收礼人反馈了问题：已受理",
            "收礼人反馈了问题：未予受理",
            "收礼人反馈了问题：已补发",
            "收礼人反馈了问题：已退款给您",
        ],
        &[
            "The recipient reported a problem: being looked into",
            "The recipient reported a problem: being put right",
            "The recipient reported a problem: declined",
            "The recipient reported a problem: replaced",
            "The recipient reported a problem: refunded to you",
        ],
    ))
}

/// The gift panel of a gift order.
#[component]
pub fn SenderGiftPanel(
    /// The order's token (to cancel).
    order_token: String,
    /// The gift as the sender may see it.
    gift: SenderGift,
    /// The gifted product's name and image (for the gift card).
    product: (String, String),
) -> impl IntoView {
    let gift = RwSignal::new(gift);
    let link = format!(
        "{}/g/{}",
        crate::page_data::origin(),
        gift.read_untracked().claim_token
    );
    #[cfg(feature = "ssr")]
    let (order_token_for_page, product_for_page, link_for_page) =
        (order_token.clone(), product.clone(), link.clone());
    let copied = RwSignal::new(false);
    let cancel = Action::new_local(move |_: &()| {
        let token = order_token.clone();
        async move { api().cancel_gift(&token).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(OrderView {
            gift: Some(updated),
            ..
        })) = cancel.value().get()
        {
            gift.set(updated);
        }
    });
    let share_label = if can_share() {
        t().gift_share
    } else {
        t().copy_link
    };
    let (link_for_copy, link_for_qr, link_for_card, link_value) =
        (link.clone(), link.clone(), link.clone(), link);
    let make_card = move |ev: leptos::ev::MouseEvent| {
        let (product_name, image) = product.clone();
        // A stored photo's 540 px rendition: the card draws it 400 px wide.
        let product_image = omiyage_core::image::rendition(&image, 540);
        let (sender_name, greeting) =
            gift.with_untracked(|g| (g.sender_name.clone(), g.greeting.clone()));
        super::gift_card::start(
            ev.current_target(),
            super::gift_card::CardContent {
                link: link_for_card.clone(),
                sender_name,
                greeting,
                product_name,
                product_image,
            },
        );
    };
    let copy = move |_| {
        let url = link_for_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = share_or_copy(url, can_share()).await;
            copied.try_set(ok);
        });
    };
    // The server renders this page without the app: its script (`/order-page.js`) runs the
    // buttons, with what this says (texts in the reader's language, the gift card's content).
    #[cfg(feature = "ssr")]
    let script_data = {
        let g = gift.read_untracked();
        Some(
            serde_json::json!({
                "order": order_token_for_page,
                "share": t().gift_share,
                "title": t().gift_title,
                "copied": t().copied,
                "failed": i18n::error_message(&omiyage_api::ApiError::new(
                    omiyage_api::ErrorCode::Network,
                    "",
                )),
                "card": {
                    "heading": t().gift_card_heading,
                    "from": format!("{} {}", t().gift_from, g.sender_name),
                    "product": product_for_page.0,
                    "greeting": g.greeting,
                    "scan": t().gift_card_scan,
                    "failed": t().gift_card_failed,
                },
                "qr": crate::api::qr_image_src(&link_for_page),
                "photo": product_for_page.1,
            })
            .to_string(),
        )
    };
    #[cfg(not(feature = "ssr"))]
    let script_data: Option<String> = None;
    let opens_at = gift.read_untracked().opens_at;
    let cancelled = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("cancelled")
        .is_some();
    let any_unclaimed = move || {
        gift.read()
            .units
            .iter()
            .any(|u| u.state == UnitState::Unclaimed)
    };
    view! {
        <section class="gift-panel" data-test="sender-gift" aria-labelledby="gift-title" data-page=script_data>
            <h2 id="gift-title">{t().gift_title}</h2>
            <div class="greeting-card">
                <p class="from">{t().gift_from}" "{move || gift.read().sender_name.clone()}</p>
                <p class="greeting" data-test="sender-greeting">{move || gift.read().greeting.clone()}</p>
            </div>
            <QrCode data=link_for_qr label=t().gift_qr_label/>
            <label for="gift-link">{t().gift_link_label}</label>
            <div class="link-row">
                <input id="gift-link" readonly value=link_value data-test="gift-link"/>
                <button type="button" class="button" data-test="share-gift" on:click=copy>{share_label}</button>
            </div>
            <p role="status" class="fine-print" id="gift-copied">{move || copied.get().then_some(t().copied)}</p>
            <button type="button" class="button secondary" data-test="download-card"
                on:click=make_card>{t().gift_card_download}</button>
            <p class="error-note" role="alert" hidden data-test="card-error"></p>
            <p class="fine-print">{move || i18n::deadline(gift.read().expires_at)}" · "{t().gift_never_address}</p>
            {gift.read_untracked().returns_gift.then(|| view! {
                <p class="notice" data-test="return-sent">{t().gift_return_sent}</p>
            })}
            {opens_at.map(|at| view! {
                <p data-test="gift-opens-at">{t().gift_opens_on}": "{i18n::time(at)}</p>
            })}
            {opens_at.filter(|&at| at > crate::page_data::now()).map(|at| view! {
                <div class="field reschedule">
                    <label for="opens-at-change">{t().gift_change_opening}</label>
                    <input id="opens-at-change" type="datetime-local" value=omiyage_core::dates::local_input(at)/>
                    <button type="button" class="button secondary" data-test="reschedule">{t().gift_change_opening}</button>
                    <p class="error-note" role="alert" id="reschedule-error" hidden></p>
                </div>
            })}
            <h3>{t().gift_units_title}
                {move || gift.read().opened_at.map(|_| view! { " · "<span data-test="gift-opened">{t().gift_opened}</span> })}
            </h3>
            <ul class="units" data-test="gift-units">
                {move || { let g = gift.read(); g.units.iter().map(|u| view! {
                    <li data-test="gift-unit">
                        <span>"#"{u.index + 1}</span>
                        <span>{i18n::unit_state(u)}</span>
                        <time class="fine-print" data-test="gift-unit-time">
                            {u.shipped_at.or(u.refunded_at).or(u.claimed_at).map(i18n::time)}
                        </time>
                        {(!u.delivery_text.is_empty()).then(|| view! {
                            <span class="fine-print" data-test="gift-unit-delivery">{u.delivery_text.clone()}</span>
                        })}
                        {g.problems.iter().rev().find(|p| p.unit == u.index).map(|p| view! {
                            <span class="fine-print" data-test="gift-unit-problem">{problem_text(p.outcome)}</span>
                        })}
                    </li>
                }).collect_view() }}
            </ul>
            {move || {
                let thanks = gift.read().thanks.clone();
                (!thanks.is_empty()).then(|| view! {
                    <h3>{t().gift_thanks_title}</h3>
                    <ul class="thanks" data-test="gift-thanks">
                        {thanks.into_iter().map(|n| view! {
                            <li><blockquote data-test="gift-thanks-note">{n.message}</blockquote>
                                <time class="fine-print">{i18n::time(n.sent_at)}</time></li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <Show when=any_unclaimed>
                <button type="button" class="button secondary" data-test="cancel-gift"
                    disabled=move || cancel.pending().get()
                    on:click=move |_| { cancel.dispatch(()); }>{t().gift_cancel}</button>
            </Show>
            {cancelled.then(|| view! { <p role="status">{t().gift_cancel_done}</p> })}
            <p class="error-note" role="alert" id="cancel-error" hidden></p>
            {move || cancel.value().get().map(|r| match r {
                Ok(_) => view! { <p role="status">{t().gift_cancel_done}</p> }.into_any(),
                Err(e) => view! { <p class="error-note" role="alert">{crate::i18n::error_message(&e)}</p> }.into_any(),
            })}
        </section>
    }
}
