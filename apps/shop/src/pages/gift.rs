//! The recipient's page behind `/g/<token>`: the greeting, the product, a variant choice when
//! the sender allowed it, the address form; claim or decline. Clear pages for every other state.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use omiyage_api::{
    Address, ApiError, ClaimConfirmation, ClaimRequest, ErrorCode, GiftState, GiftView,
};
use omiyage_core::{checkout, idempotency};

use super::common::{ErrorNote, Loading, chosen_delivery, set_title};
use crate::api::{Storefront, api, new_idempotency_key};
use crate::components::{Gallery, Input, PrefectureField, VariantPicker, text_field};
use crate::i18n::{self, t};
use crate::page_data;

#[component]
pub fn GiftPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    set_title(t().gift_title);
    // The envelope the server rendered (first load of a gift link): who it is from, shown at
    // once. What is inside waits for the recipient's tap on *Open*, which tells the sender it
    // was opened: never a link previewer's or a crawler's visit.
    let sealed = page_data::envelope(&token.get_untracked());
    let has_envelope = sealed.is_some();
    // `?opened`: opened on the server's page before the app had loaded (its *Open* form posts
    // to `/g/<token>/open`, which comes back here with the gift rendered).
    let opened_by_server = !has_envelope && query.read_untracked().get("opened").is_some();
    let tapped = RwSignal::new(false);
    // The gift: opened (marked for the sender) on a tap; else without its envelope from the
    // server, read as it is (its sender and greeting, or that there is no such gift).
    let gift = page_data::load(
        move || (token.get(), tapped.get()),
        move |(token, tapped): (String, bool)| async move {
            if tapped {
                api().open_gift(&token).await.map(Some)
            } else if has_envelope {
                Ok(None)
            } else {
                api().gift(&token).await.map(Some)
            }
        },
    );
    // The greeting card: the envelope's at once, else the gift's.
    let card = move || {
        let (sender_name, greeting) = match &sealed {
            Some(e) => (e.sender_name.clone(), e.greeting.clone()),
            None => match gift.get()? {
                Ok(Some(g)) => (g.sender_name, g.greeting),
                _ => return None,
            },
        };
        Some(view! { <GreetingCard sender_name greeting/> })
    };
    view! {
        <section class="page gift-page narrow">
            {card}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let open = tapped.get_untracked() || opened_by_server;
                    match gift.await {
                        Ok(Some(view)) if open => view! { <GiftForRecipient gift=view/> }.into_any(),
                        Ok(_) => view! { <Wrapped token=token.get_untracked() tapped/> }.into_any(),
                        Err(error) if error.code == ErrorCode::NotFound => view! {
                            <h1>{t().not_found_title}</h1>
                            <ErrorNote error/>
                        }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The wrapped gift and its *Open* button: a form the server answers before the app has
/// loaded, a tap the app answers after.
#[component]
fn Wrapped(token: String, tapped: RwSignal<bool>) -> impl IntoView {
    let page = format!("/g/{}", crate::api::encode_uri_component(&token));
    let action = format!("{page}/open");
    let navigate = leptos_router::hooks::use_navigate();
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tapped.set(true);
        // A reload shows it opened, as the server's form does.
        navigate(
            &format!("{page}?opened"),
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    view! {
        <form class="wrapped-gift" method="post" action=action on:submit=open>
            <img class="wrapped" src="/img/wrapped.svg" alt="" width="240" height="200" fetchpriority="high"/>
            <button type="submit" class="button primary" data-test="open-gift">{t().open_gift}</button>
        </form>
    }
}

#[component]
fn GreetingCard(sender_name: String, greeting: String) -> impl IntoView {
    view! {
        <div class="greeting-card" data-test="greeting-card">
            <p class="from">{t().gift_from}" "<span data-test="sender-name">{sender_name}</span></p>
            <p class="greeting" data-test="greeting">{greeting}</p>
        </div>
    }
}

#[component]
fn GiftForRecipient(gift: GiftView) -> impl IntoView {
    if gift.state == GiftState::NotYet {
        // Still wrapped: when it opens, and nothing of what is inside.
        let when = i18n::time(gift.opens_at.unwrap_or_default());
        return view! {
            <img class="wrapped" src="/img/wrapped.svg" alt="" width="240" height="200"/>
            <p class="notice" role="status" data-test="gift-not-yet">{t().gift_not_yet.replace("{date}", &when)}</p>
        }
        .into_any();
    }
    let closed = match gift.state {
        GiftState::Open => None,
        GiftState::AllClaimed => Some(t().gift_all_claimed),
        GiftState::Expired => Some(t().gift_expired),
        GiftState::Cancelled => Some(t().gift_cancelled),
        GiftState::AwaitingPayment => Some(t().gift_unpaid),
        GiftState::NotYet => None,
    };
    match closed {
        Some(message) => {
            // Claimed in full: its recipients may still thank the sender.
            let thank = (gift.state == GiftState::AllClaimed).then(|| {
                view! { <Answer token=gift.token.clone() sender=gift.sender_name.clone()/> }
            });
            view! {
                <h1>{gift.product.name.clone()}</h1>
                <p class="error-note" role="alert" data-test="gift-closed">{message}</p>
                {thank}
            }
            .into_any()
        }
        None => view! { <ClaimForm gift/> }.into_any(),
    }
}

#[component]
fn ClaimForm(gift: GiftView) -> impl IntoView {
    let token = StoredValue::new(gift.token.clone());
    let s = || RwSignal::new(String::new());
    let (name, phone, postal_code, prefecture, city, line1, line2) =
        (s(), s(), s(), s(), s(), s(), s());
    let email = s();
    let selected = RwSignal::new(Some(gift.variant_id.clone()));
    let submitted = RwSignal::new(false);
    let request = move || ClaimRequest {
        name: name.get(),
        phone: phone.get(),
        address: Address {
            postal_code: postal_code.get(),
            prefecture: prefecture.get(),
            city: city.get(),
            line1: line1.get(),
            line2: line2.get(),
        },
        variant_id: selected.get(),
        email: email.get(),
        delivery: None,
    };
    let errors = Memo::new(move |_| {
        checkout::validate_claim(&request())
            .err()
            .map(|e| e.fields)
            .unwrap_or_default()
    });
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            submitted
                .get()
                .then(|| {
                    errors
                        .read()
                        .iter()
                        .find(|e| e.field == field)
                        .map(crate::i18n::field_message)
                })
                .flatten()
        })
    };
    let attempt = StoredValue::new(None::<(String, String)>);
    let claim = Action::new_local(move |(key, req): &(String, ClaimRequest)| {
        let (key, req, token) = (key.clone(), req.clone(), token.get_value());
        async move { api().claim_gift(&key, &token, &req).await }
    });
    let decline = Action::new_local(move |_: &()| {
        let token = token.get_value();
        async move { api().decline_gift(&token).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if !errors.read_untracked().is_empty() || claim.pending().get_untracked() {
            return;
        }
        let req = ClaimRequest {
            delivery: chosen_delivery("claim-delivery"),
            ..request()
        };
        let fingerprint = idempotency::fingerprint_of(&req);
        let key = attempt.with_value(|a| match a {
            Some((f, k)) if *f == fingerprint => k.clone(),
            _ => new_idempotency_key(),
        });
        attempt.set_value(Some((fingerprint, key.clone())));
        claim.dispatch((key, req));
    };
    let choose = gift.allow_variant_choice && gift.product.variants.len() > 1;
    let chosen_name = {
        let variants = gift.product.variants.clone();
        move || {
            let id = selected.get();
            variants
                .iter()
                .find(|v| Some(&v.id) == id.as_ref())
                .map(|v| v.name.clone())
                .unwrap_or_default()
        }
    };
    let product = gift.product.clone();
    let variants = product.variants.clone();
    let show = Signal::derive(move || {
        let id = selected.get();
        variants
            .iter()
            .find(|v| Some(&v.id) == id.as_ref())
            .and_then(|v| v.photo.clone())
    });
    let sender = gift.sender_name.clone();
    let options = (!gift.options_text.is_empty())
        .then(|| view! { <p class="gift-options" data-test="gift-options">{gift.options_text.clone()}</p> });
    let group_note =
        (gift.units_total > 1).then(|| format!("{} / {}", gift.units_left, gift.units_total));
    view! {
        {move || match claim.value().get() {
            Some(Ok(done)) => view! { <Claimed done sender=sender.clone()/> }.into_any(),
            _ => ().into_any(),
        }}
        {move || match decline.value().get() {
            Some(Ok(_)) => view! { <p class="success" role="status" data-test="declined">{t().gift_declined}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
            None => ().into_any(),
        }}
        <div class:hidden=move || {
            matches!(claim.value().get(), Some(Ok(_))) || matches!(decline.value().get(), Some(Ok(_)))
        }>
            <article class="product" data-test="gift-product">
                {(!product.photos.is_empty()).then(|| view! {
                    <Gallery photos=product.photos.clone() show sizes="(max-width: 391px) calc(100vw - 32px), 360px"/>
                })}
                <div class="product-info">
                    <h1>{product.name.clone()}</h1>
                    <p class="description">{product.description.clone()}</p>
                    {options}
                    {group_note.map(|n| view! { <p class="fine-print">{n}</p> })}
                    <p class="fine-print" data-test="claim-deadline">{i18n::deadline(gift.expires_at)}</p>
                </div>
            </article>
            <form class="checkout-form" on:submit=on_submit novalidate data-test="claim-form">
                {choose.then(|| view! {
                    <VariantPicker variants=product.variants.clone() selected legend=t().gift_choose_variant/>
                })}
                {(!choose).then(|| view! { <p class="fine-print">{chosen_name.clone()}</p> })}
                <fieldset>
                    <legend>{t().gift_your_details}</legend>
                    <p class="fine-print">{t().gift_privacy_note}</p>
                    <div data-saved=(!crate::api::IS_MOCK).then_some("")></div>
                    {text_field("name", t().name, name, field_error("name"), Input { placeholder: Some(t().name_placeholder), ..Input::fill("name") })}
                    {text_field("phone", t().phone_optional, phone, field_error("phone"), Input::TEL)}
                    {text_field("postal-code", t().postal_code, postal_code, field_error("address.postal_code"), Input::digits("postal-code"))}
                    <PrefectureField value=prefecture error=field_error("address.prefecture")/>
                    {text_field("city", t().city, city, field_error("address.city"), Input::fill("address-level2"))}
                    {text_field("line1", t().line1, line1, field_error("address.line1"), Input::fill("address-line1"))}
                    {text_field("line2", t().line2_optional, line2, field_error("address.line2"), Input::fill("address-line2"))}
                    {text_field("claim-email", t().gift_email_optional, email, field_error("email"), Input::EMAIL)}
                </fieldset>
                <div id="claim-delivery" data-delivery=(!crate::api::IS_MOCK).then(|| format!("gift:{}", gift.delivery_date))></div>
                {move || claim.value().get().and_then(Result::err).map(|error: ApiError| view! {
                    <div class="error-note" role="alert" data-test="claim-error"><p>{crate::i18n::error_message(&error)}</p></div>
                })}
                <button type="submit" class="button primary wide" data-test="claim"
                    disabled=move || claim.pending().get()>
                    {move || if claim.pending().get() { t().gift_claiming } else { t().gift_claim }}
                </button>
                <button type="button" class="button secondary wide" data-test="decline"
                    disabled=move || decline.pending().get()
                    on:click=move |_| { decline.dispatch(()); }>{t().gift_decline}</button>
            </form>
        </div>
    }
}

#[component]
fn Claimed(done: ClaimConfirmation, sender: String) -> impl IntoView {
    let address = done.address_text;
    view! {
        <div class="success" role="status" data-test="claimed">
            <h1>{t().gift_claimed_title}</h1>
            <p>{done.product_name}" — "<span data-test="claimed-variant">{done.variant_name}</span></p>
            <p>{t().gift_claimed_body}<br/>{done.name}<br/>{address}</p>
            <p data-test="claimed-delivery">{done.delivery_text}</p>
            <Answer token=done.gift_token sender/>
        </div>
    }
}

/// What a recipient may do next: send a thank-you note (its page is the server's, so it costs
/// the first load nothing), a gift in return (お返し) chosen in the shop, or visit the shop
/// (noted, so that their first order may reward the sender).
#[component]
fn Answer(token: String, sender: String) -> impl IntoView {
    let token = crate::api::encode_uri_component(&token);
    let thanks = format!("/g/{token}/thanks");
    // The mock has no server to note the visit: the shop itself.
    let visit = match crate::api::IS_MOCK {
        true => "/".to_string(),
        false => format!("/g/{token}/shop"),
    };
    let back = format!(
        "/?return={token}&to={}",
        crate::api::encode_uri_component(&sender)
    );
    view! {
        <p class="answer">
            <a class="button secondary" href=thanks rel="external" data-test="thank-sender">{t().gift_thank}</a>
            <a class="button secondary" href=back rel="external" data-test="send-return">{t().gift_return}</a>
            <a class="button secondary" href=visit rel="external" data-test="visit-shop">{t().gift_visit_shop}</a>
        </p>
        // A server page: the mock has none.
        {(!crate::api::IS_MOCK).then(|| view! {
            <p><a href=format!("/g/{token}/help") rel="external" data-test="report-problem">{t().report_problem}</a></p>
        })}
    }
}
