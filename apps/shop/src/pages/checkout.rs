//! Checkout: contact, shipping address and payment with inline validation (the same rules the
//! server applies, from crates/core), then the private order page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use omiyage_api::{
    Address, ApiError, CheckoutLine, CheckoutRequest, Contact, FieldError, GiftOptions,
    OrderStatus, OrderView, PaymentChoice,
};
use omiyage_core::{checkout, idempotency};

use super::cart::CartView;
use super::common::{chosen_delivery, chosen_points, set_title};
use crate::api::{Storefront, api, new_idempotency_key};
use crate::cart::{ReturnGift, use_cart};
use crate::components::{Input, PrefectureField, text_field};
use crate::i18n::t;

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Card,
    Shop,
}

/// The form's fields, each a signal.
#[derive(Clone, Copy)]
struct Form {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    postal_code: RwSignal<String>,
    prefecture: RwSignal<String>,
    city: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    method: RwSignal<Method>,
    card_number: RwSignal<String>,
    as_gift: RwSignal<bool>,
    sender_name: RwSignal<String>,
    greeting: RwSignal<String>,
    allow_choice: RwSignal<bool>,
    recipient_email: RwSignal<String>,
    /// The return gift being chosen (the cart's): the gift goes to its sender.
    returning: RwSignal<Option<ReturnGift>>,
    /// When the gift opens, as a `datetime-local` input holds it (the shop's time).
    opens_at: RwSignal<String>,
    coupon: RwSignal<String>,
}

impl Form {
    fn new(returning: RwSignal<Option<ReturnGift>>) -> Self {
        let s = || RwSignal::new(String::new());
        Form {
            name: s(),
            email: s(),
            phone: s(),
            postal_code: s(),
            prefecture: s(),
            city: s(),
            line1: s(),
            line2: s(),
            method: RwSignal::new(Method::Card),
            card_number: s(),
            as_gift: RwSignal::new(false),
            sender_name: s(),
            greeting: s(),
            allow_choice: RwSignal::new(false),
            recipient_email: s(),
            returning,
            opens_at: s(),
            coupon: s(),
        }
    }

    fn gift(&self) -> Option<GiftOptions> {
        self.as_gift.get().then(|| GiftOptions {
            sender_name: self.sender_name.get(),
            greeting: self.greeting.get(),
            allow_variant_choice: self.allow_choice.get(),
            delivery_date: String::new(),
            opens_at: omiyage_core::dates::from_local_input(&self.opens_at.get()),
            recipient_email: self.recipient_email.get(),
            return_for: self
                .returning
                .with(|r| r.as_ref().map(|r| r.token.clone()))
                .unwrap_or_default(),
        })
    }

    fn request(&self, lines: Vec<CheckoutLine>) -> CheckoutRequest {
        CheckoutRequest {
            lines,
            contact: self.contact(),
            address: if self.as_gift.get() {
                Address::default()
            } else {
                self.address()
            },
            payment: self.payment(),
            gift: self.gift(),
            coupon: Some(self.coupon.get()).filter(|c| !c.trim().is_empty()),
            // Read from the pickers when the form is sent (`with_delivery`).
            delivery: None,
            points: 0,
        }
    }

    /// The request as sent: with the day and slot of the pickers (a plain order's, or the day
    /// a gift's sender fixed).
    fn with_delivery(&self, mut request: CheckoutRequest) -> CheckoutRequest {
        match &mut request.gift {
            Some(gift) => {
                gift.delivery_date = chosen_delivery("gift-day")
                    .map(|c| c.date)
                    .unwrap_or_default()
            }
            None => request.delivery = chosen_delivery("delivery"),
        }
        request.points = chosen_points();
        request
    }

    fn contact(&self) -> Contact {
        Contact {
            name: self.name.get(),
            email: self.email.get(),
            phone: self.phone.get(),
        }
    }

    fn address(&self) -> Address {
        Address {
            postal_code: self.postal_code.get(),
            prefecture: self.prefecture.get(),
            city: self.city.get(),
            line1: self.line1.get(),
            line2: self.line2.get(),
        }
    }

    fn payment(&self) -> PaymentChoice {
        match self.method.get() {
            Method::Card if takes_cards() => PaymentChoice::CardPage,
            Method::Card => PaymentChoice::TestCard {
                card_number: self.card_number.get(),
            },
            Method::Shop => PaymentChoice::PayInShop,
        }
    }

    /// Every problem the server's rules would find, reactive.
    fn errors(&self, lines: Vec<CheckoutLine>) -> Vec<FieldError> {
        checkout::validate(&self.request(lines))
            .err()
            .map(|e| e.fields)
            .unwrap_or_default()
    }
}

/// Whether the shop takes real cards (the server marks its pages `<html data-cards>`): the
/// card is then entered on the server's card page once the order is placed.
fn takes_cards() -> bool {
    document()
        .document_element()
        .is_some_and(|e| e.has_attribute("data-cards"))
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    set_title(t().checkout_title);
    let cart = use_cart();
    view! {
        <section class="page checkout-page">
            <h1>{t().checkout_title}</h1>
            <Show when=move || !cart.is_empty() fallback=|| view! {
                <p class="empty">{t().cart_empty}</p>
                <a href="/" class="button">{t().back_to_shop}</a>
            }>
                <CheckoutForm/>
            </Show>
        </section>
    }
}

#[component]
fn CheckoutForm() -> impl IntoView {
    let cart = use_cart();
    let form = Form::new(cart.returning);
    let cards = takes_cards();
    let query = use_query_map();
    form.as_gift.set(
        query.read_untracked().get("gift").is_some() || cart.returning.read_untracked().is_some(),
    );
    let errors = Memo::new(move |_| form.errors(cart.checkout_lines()));
    let submitted = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);
    // (fingerprint, key) of the last attempt: an unchanged retry reuses its key.
    let attempt = StoredValue::new(None::<(String, String)>);

    let place = Action::new_local(|(key, request): &(String, CheckoutRequest)| {
        let (key, request) = (key.clone(), request.clone());
        async move { api().checkout(&key, &request).await }
    });
    let pending = place.pending();

    Effect::new(move |_| match place.value().get() {
        Some(Ok(order)) => {
            let OrderView { token, status, .. } = order;
            cart.clear();
            cart.returning.set(None);
            // The card page and the order page are the server's (Stripe.js loads on the card
            // page only).
            let next = if status == OrderStatus::AwaitingPayment
                && cards
                && form.method.get_untracked() == Method::Card
            {
                format!("/pay/{token}")
            } else {
                format!("/o/{token}?placed=1")
            };
            let _ = window().location().set_href(&next);
        }
        Some(Err(error)) => server_error.set(Some(error)),
        None => {}
    });

    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            if !submitted.get() {
                return None;
            }
            errors
                .read()
                .iter()
                .chain(server_error.read().iter().flat_map(|e| e.fields.iter()))
                .find(|e| e.field == field)
                .map(crate::i18n::field_message)
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        server_error.set(None);
        if !errors.read_untracked().is_empty() || pending.get_untracked() {
            focus_first_invalid();
            return;
        }
        let request = form.with_delivery(form.request(cart.checkout_lines()));
        let fingerprint = idempotency::fingerprint(&request);
        let key = attempt.with_value(|a| match a {
            Some((f, k)) if *f == fingerprint => k.clone(),
            _ => new_idempotency_key(),
        });
        attempt.set_value(Some((fingerprint, key.clone())));
        place.dispatch((key, request));
    };

    view! {
        <div class="checkout-layout">
            <form class="checkout-form" on:submit=on_submit novalidate data-test="checkout-form">
                <fieldset>
                    <legend>{t().contact_section}</legend>
                    {text_field("name", t().name, form.name, field_error("contact.name"), Input { placeholder: Some(t().name_placeholder), ..Input::fill("name") })}
                    {text_field("email", t().email, form.email, field_error("contact.email"), Input::EMAIL)}
                    {text_field("phone", t().phone_optional, form.phone, field_error("contact.phone"), Input::TEL)}
                </fieldset>
                <fieldset class="gift-choice">
                    <legend class="visually-hidden">{t().send_as_gift}</legend>
                    <label class="choice">
                        <input type="checkbox" data-test="as-gift" bind:checked=form.as_gift/>
                        <span>{t().send_as_gift}</span>
                    </label>
                    <p class="fine-print">{t().send_as_gift_note}</p>
                    <Show when=move || form.as_gift.get()>
                        {text_field("sender-name", t().gift_sender_name, form.sender_name, field_error("gift.sender_name"), Input::fill("given-name"))}
                        <div class="field" class:field-invalid=move || field_error("gift.greeting").get().is_some()>
                            <label for="greeting">{t().gift_greeting}</label>
                            <textarea id="greeting" rows="3" data-test="greeting" bind:value=form.greeting
                                aria-describedby="greeting-err greeting-count"
                                aria-invalid=move || field_error("gift.greeting").get().is_some().to_string()></textarea>
                            <p id="greeting-count" class="fine-print" aria-live="polite">
                                {move || format!("{}/100", form.greeting.read().trim().chars().count())}
                            </p>
                            <p id="greeting-err" class="field-error">{move || field_error("gift.greeting").get()}</p>
                        </div>
                        <label class="choice">
                            <input type="checkbox" data-test="allow-choice" bind:checked=form.allow_choice/>
                            <span>{t().gift_allow_choice}</span>
                        </label>
                        <div id="gift-day" data-delivery=(!crate::api::IS_MOCK).then_some("day")></div>
                        // A return gift: the shop knows where it goes, the buyer never does.
                        {move || cart.returning.get().map(|r| view! {
                            <p class="notice" data-test="return-note">{t().gift_return_note.replace("{sender}", &r.sender)}</p>
                        })}
                        <div class:hidden=move || cart.returning.read().is_some()>
                            {text_field("recipient-email", t().gift_recipient_email, form.recipient_email, field_error("gift.recipient_email"), Input { autocomplete: "off", ..Input::EMAIL })}
                        </div>
                        {text_field("opens-at", t().gift_opens_at, form.opens_at, field_error("gift.opens_at"), Input { kind: "datetime-local", ..Input::TEXT })}
                        <p class="fine-print">{t().gift_opens_at_note}</p>
                    </Show>
                </fieldset>
                <fieldset class:hidden=move || form.as_gift.get()>
                    <legend>{t().address_section}</legend>
                    <div data-saved=(!crate::api::IS_MOCK).then_some("")></div>
                    {text_field("postal-code", t().postal_code, form.postal_code, field_error("address.postal_code"), Input::digits("postal-code"))}
                    <PrefectureField value=form.prefecture error=field_error("address.prefecture")/>
                    {text_field("city", t().city, form.city, field_error("address.city"), Input::fill("address-level2"))}
                    {text_field("line1", t().line1, form.line1, field_error("address.line1"), Input::fill("address-line1"))}
                    {text_field("line2", t().line2_optional, form.line2, field_error("address.line2"), Input::fill("address-line2"))}
                </fieldset>
                <div id="delivery" data-delivery=(!crate::api::IS_MOCK).then_some("order") class:hidden=move || form.as_gift.get()></div>
                <fieldset class="payment">
                    <legend>{t().payment_section}</legend>
                    <div id="points" data-points=(!crate::api::IS_MOCK).then_some("")></div>
                    {text_field("coupon", t().coupon_code, form.coupon, field_error("coupon"), Input::TEXT)}
                    <label class="choice">
                        <input type="radio" name="method" data-test="pay-card"
                            prop:checked=move || form.method.get() == Method::Card
                            on:change=move |_| form.method.set(Method::Card)/>
                        <span>{if cards { t().pay_card } else { t().pay_test_card }}</span>
                    </label>
                    <Show when=move || form.method.get() == Method::Card>
                        <p class="test-note">{if cards { t().pay_card_note } else { t().test_card_note }}</p>
                        {(!cards).then(|| view! {
                            {text_field("card-number", t().card_number, form.card_number, field_error("payment.card_number"), Input::digits("cc-number"))}
                        })}
                    </Show>
                    <label class="choice">
                        <input type="radio" name="method" data-test="pay-shop"
                            prop:checked=move || form.method.get() == Method::Shop
                            on:change=move |_| form.method.set(Method::Shop)/>
                        <span>{t().pay_in_shop}</span>
                    </label>
                    <Show when=move || form.method.get() == Method::Shop>
                        <p class="test-note">{t().pay_in_shop_note}</p>
                    </Show>
                </fieldset>
                <div class="submit-area">
                    {move || field_error("lines").get().map(|message| view! {
                        <div class="error-note" role="alert" data-test="lines-error"><p>{message}</p></div>
                    })}
                    // A refusal that names its field (a coupon used up) shows there only.
                    {move || server_error.get().filter(|e| e.fields.is_empty() || e.code != omiyage_api::ErrorCode::Conflict).map(|e| view! {
                        <div class="error-note" role="alert" data-test="checkout-error"><p>{crate::i18n::error_message(&e)}</p></div>
                    })}
                    <button type="submit" class="button primary wide" data-test="place-order"
                        disabled=move || pending.get()>
                        {move || if pending.get() { t().placing_order } else { t().place_order }}
                    </button>
                </div>
            </form>
            <aside class="summary" aria-labelledby="summary-title">
                <h2 id="summary-title">{t().order_summary}</h2>
                <CartView editable=false gift=form.as_gift/>
            </aside>
        </div>
    }
}

/// Moves focus to the first field marked invalid, so keyboard and screen-reader users land on it.
fn focus_first_invalid() {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Runs after the error messages render.
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        if let Ok(Some(el)) = doc.query_selector("[aria-invalid=true]")
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
    });
}
