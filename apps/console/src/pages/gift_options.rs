//! The shop's gift options (admin): what a のし and a message card cost, the colour of a
//! condolence のし, and the wrapping papers (a name in each language, a picture, a price and
//! tax class, switched off out of season). Saved as a whole; each product says which options
//! it offers (product form).

use leptos::prelude::*;
use omiyage_api::{FieldError, GiftOptionSettings, TaxClass, Wrapping};
use omiyage_core::text::number;

use super::translated::Translated;
use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick, t};

/// One paper in the editor.
#[derive(Clone, Copy)]
struct Paper {
    id: RwSignal<String>,
    /// Saved before: its id is what orders and carts name it by, so it stays.
    saved: bool,
    name: RwSignal<String>,
    texts: Translated,
    image: RwSignal<String>,
    price: RwSignal<String>,
    tax_class: RwSignal<String>,
    offered: RwSignal<bool>,
}

impl Paper {
    fn new(w: Option<&Wrapping>, fresh_id: String) -> Paper {
        Paper {
            id: RwSignal::new(w.map_or(fresh_id, |w| w.id.clone())),
            saved: w.is_some(),
            name: RwSignal::new(w.map(|w| w.name.clone()).unwrap_or_default()),
            texts: Translated::new(w.map(|w| &w.translations)),
            image: RwSignal::new(w.map(|w| w.image.clone()).unwrap_or_default()),
            price: RwSignal::new(w.map_or(String::from("0"), |w| w.price.to_string())),
            tax_class: RwSignal::new(w.map(|w| w.tax_class).unwrap_or_default().as_str().into()),
            offered: RwSignal::new(w.is_none_or(|w| !w.disabled)),
        }
    }

    fn get(&self) -> Wrapping {
        Wrapping {
            id: self.id.get_untracked(),
            name: self.name.get_untracked(),
            translations: self.texts.get(),
            image: self.image.get_untracked(),
            price: yen(self.price),
            tax_class: tax_class(self.tax_class),
            disabled: !self.offered.get_untracked(),
        }
    }
}

/// A price as typed (full-width digits, `¥`, `,` read); what is not a number is sent as -1,
/// which the server refuses with its reason.
fn yen(s: RwSignal<String>) -> i64 {
    number(&s.get_untracked()).unwrap_or(-1)
}

fn tax_class(s: RwSignal<String>) -> TaxClass {
    TaxClass::try_from(s.get_untracked()).unwrap_or_default()
}

/// The two tax classes to choose from.
#[component]
fn TaxSelect(id: String, value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{t().tax_class}</label>
            <select id=id bind:value=value>
                <option value="standard">{t().tax_standard}</option>
                <option value="reduced">{t().tax_reduced}</option>
            </select>
        </div>
    }
}

#[component]
pub fn GiftOptionsPage() -> impl IntoView {
    set_title(t().gift_options);
    let stored = LocalResource::new(crate::api::gift_option_settings);
    view! {
        <h1>{t().gift_options}</h1>
        <p class="muted">{pick(
            "のし・メッセージカードの料金とラッピング紙はショップ共通です。どの商品が何を選べるかは商品ごとに決めます。料金は1点あたり・税込です。",
            "熨斗和留言卡的价格以及包装纸为全店通用。每件商品可选哪些选项在商品页设置。价格为每件、含税。",
            "Noshi and card prices and the wrapping papers are the shop's; each product says which options it offers. Prices are per item, tax included.",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stored.await {
                    Ok(settings) => view! { <SettingsForm settings/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsForm(settings: GiftOptionSettings) -> impl IntoView {
    let noshi_price = RwSignal::new(settings.noshi_price.to_string());
    let noshi_tax = RwSignal::new(settings.noshi_tax_class.as_str().to_string());
    let card_price = RwSignal::new(settings.card_price.to_string());
    let card_tax = RwSignal::new(settings.card_tax_class.as_str().to_string());
    let yellow = RwSignal::new(settings.yellow_for_condolences);
    let papers = RwSignal::new(
        settings
            .wrappings
            .iter()
            .map(|w| Paper::new(Some(w), String::new()))
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |input: &GiftOptionSettings| {
        let input = input.clone();
        async move { crate::api::set_gift_option_settings(&input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(s)) => {
            errors.set(Vec::new());
            papers.set(
                s.wrappings
                    .iter()
                    .map(|w| Paper::new(Some(w), String::new()))
                    .collect(),
            );
            saved.set(true);
        }
        Some(Err(e)) => {
            saved.set(false);
            errors.set(if e.fields.is_empty() {
                vec![FieldError::new("wrappings", i18n::error_message(&e))]
            } else {
                e.fields
            });
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(GiftOptionSettings {
            noshi_price: yen(noshi_price),
            noshi_tax_class: tax_class(noshi_tax),
            card_price: yen(card_price),
            card_tax_class: tax_class(card_tax),
            yellow_for_condolences: yellow.get_untracked(),
            wrappings: papers.get_untracked().iter().map(Paper::get).collect(),
        });
    };
    let add = move |_| {
        let n = papers.read_untracked().len() + 1;
        papers.update(|p| p.push(Paper::new(None, format!("paper-{n}"))));
        saved.set(false);
    };
    let err = move |f: String| Signal::derive(move || field_error(&errors.read(), &f));
    view! {
        <form class="panel" data-test="gift-option-settings" on:submit=submit novalidate>
            <fieldset>
                <legend>{t().gift_noshi}</legend>
                <div class="narrow-field">
                    <Input id="noshi-price".into() label=t().price_yen value=noshi_price error=err("noshi_price".into()) kind="number"/>
                </div>
                <TaxSelect id="noshi-tax".into() value=noshi_tax/>
                <label class="check">
                    <input type="checkbox" data-test="yellow-condolences"
                        prop:checked=move || yellow.get() on:change=move |_| yellow.update(|y| *y = !*y)/>
                    {pick(
                        "弔事ののしを黄白の水引にする（関西など）",
                        "丧事熨斗使用黄白水引（关西等地区）",
                        "Condolence noshi in yellow and white (as in Kansai)",
                    )}
                </label>
            </fieldset>
            <fieldset>
                <legend>{t().gift_card}</legend>
                <div class="narrow-field">
                    <Input id="card-price".into() label=t().price_yen value=card_price error=err("card_price".into()) kind="number"/>
                </div>
                <TaxSelect id="card-tax".into() value=card_tax/>
            </fieldset>
            <fieldset>
                <legend>{t().gift_wrapping}</legend>
                {move || papers.get().into_iter().enumerate().map(|(i, paper)| {
                    view! { <PaperRow i paper papers errors saved/> }
                }).collect_view()}
                <p class="field-error">{move || field_error(&errors.read(), "wrappings")}</p>
                <button type="button" class="button secondary" data-test="add-paper" on:click=add>
                    {pick("ラッピング紙を追加", "添加包装纸", "Add a wrapping paper")}
                </button>
            </fieldset>
            <button type="submit" class="button" data-test="save-gift-options" disabled=move || save.pending().get()>{t().save}</button>
            {move || saved.get().then(|| view! {
                <p class="success" role="status" data-test="gift-options-saved">{pick("保存しました。", "已保存。", "Saved.")}</p>
            })}
        </form>
    }
}

#[component]
fn PaperRow(
    i: usize,
    paper: Paper,
    papers: RwSignal<Vec<Paper>>,
    errors: RwSignal<Vec<FieldError>>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let f = move |field: &str| {
        let field = format!("wrappings[{i}].{field}");
        Signal::derive(move || field_error(&errors.read(), &field))
    };
    let id = move |k: &str| format!("paper-{i}-{k}");
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::components::chosen_file(&ev) else {
            return;
        };
        uploading.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::upload_image(file).await {
                Ok(uploaded) => {
                    paper.image.set(uploaded.path);
                    upload_error.set(None);
                }
                Err(e) => upload_error.set(Some(i18n::error_message(&e))),
            }
            uploading.set(false);
        });
    };
    let remove = move |_| {
        papers.update(|p| {
            p.remove(i);
        });
        saved.set(false);
    };
    let picture_id = id("picture");
    view! {
        <div class="paper-row" data-test="paper-row" data-paper=move || paper.id.get()>
            <div class="paper-picture">
                {move || {
                    let src = paper.image.get();
                    match src.is_empty() {
                        true => view! { <div class="no-picture" aria-hidden="true"></div> }.into_any(),
                        false => view! { <img src=src alt="" width="72" height="72" data-test="paper-image"/> }.into_any(),
                    }
                }}
                <label for=picture_id.clone() class="link">{pick("写真を選ぶ", "选择图片", "Choose a picture")}</label>
                <input id=picture_id class="visually-hidden" type="file" accept="image/png,image/jpeg,image/webp,image/gif"
                    on:change=on_file data-test="paper-file"/>
                <p class="muted" aria-live="polite">{move || uploading.get().then(|| t().uploading)}</p>
                <p class="field-error" aria-live="polite">{move || upload_error.get().or_else(|| f("image").get())}</p>
            </div>
            <div class="paper-fields">
                <div class="field">
                    <label for=id("id")>{pick("ID（英小文字・数字・ハイフン）", "ID（小写字母、数字、连字符）", "Id (lower-case letters, digits, hyphens)")}</label>
                    <input id=id("id") bind:value=paper.id readonly=paper.saved data-test="paper-id"
                        aria-invalid=move || f("id").get().is_some().to_string() aria-describedby=id("id-err")/>
                    <p id=id("id-err") class="field-error" aria-live="polite">{move || f("id").get()}</p>
                </div>
                <Input id=id("name") label=pick("名前（日本語）", "名称（日语）", "Name (Japanese)") value=paper.name error=f("name")/>
                {paper.texts.fields(format!("wrappings[{i}]."), pick("名前", "名称", "Name"), false, errors)}
                <Input id=id("price") label=t().price_yen value=paper.price error=f("price") kind="number"/>
                <TaxSelect id=id("tax") value=paper.tax_class/>
                <label class="check">
                    <input type="checkbox" data-test="paper-offered"
                        prop:checked=move || paper.offered.get() on:change=move |_| paper.offered.update(|o| *o = !*o)/>
                    {pick("お客さまに表示する（季節外はオフ）", "向顾客提供（过季时关闭）", "Offered to shoppers (off out of season)")}
                </label>
                {(!paper.saved).then(|| view! {
                    <button type="button" class="link" data-test="remove-paper" on:click=remove>{pick("削除", "删除", "Remove")}</button>
                })}
            </div>
        </div>
    }
}
