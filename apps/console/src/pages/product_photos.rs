//! A product's photos in the form: upload several at once (with progress), put them in order,
//! describe each in every language, choose the point a card's 4:3 crop keeps, remove.

use leptos::prelude::*;
use omiyage_api::{AdminPhoto as Photo, ApiError, FieldError};
use wasm_bindgen::JsCast;

use super::translated::Translated;
use crate::components::{Input, field_error};
use crate::i18n::{Lang, in_lang, t};

/// One photo of the form.
#[derive(Clone, Copy)]
pub struct PhotoRow {
    pub src: StoredValue<String>,
    alt: RwSignal<String>,
    texts: Translated,
    focus_x: RwSignal<u8>,
    focus_y: RwSignal<u8>,
}

impl PhotoRow {
    pub fn new(p: &Photo) -> PhotoRow {
        PhotoRow {
            src: StoredValue::new(p.src.clone()),
            alt: RwSignal::new(p.alt.clone()),
            texts: Translated::new(Some(&p.translations)),
            focus_x: RwSignal::new(p.focus_x),
            focus_y: RwSignal::new(p.focus_y),
        }
    }

    pub fn get(&self) -> Photo {
        Photo {
            src: self.src.get_value(),
            alt: self.alt.get_untracked(),
            focus_x: self.focus_x.get_untracked(),
            focus_y: self.focus_y.get_untracked(),
            // Only names are edited here: the alt text in each language.
            translations: self
                .texts
                .get()
                .into_iter()
                .map(|(tag, mut text)| {
                    text.description.clear();
                    (tag, text)
                })
                .collect(),
        }
    }
}

/// The files of a file input's change, in the order chosen.
fn chosen_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input.files();
    let out = files
        .map(|f| (0..f.length()).filter_map(|i| f.get(i)).collect())
        .unwrap_or_default();
    // The same files may be chosen again after a failure.
    input.set_value("");
    out
}

#[component]
pub fn PhotosField(
    photos: RwSignal<Vec<PhotoRow>>,
    /// The product's Japanese name: a new photo's alt text until the merchant writes one.
    name: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    uploading: RwSignal<bool>,
) -> impl IntoView {
    let done = RwSignal::new(0usize);
    let total = RwSignal::new(0usize);
    let failures = RwSignal::new(Vec::<(String, ApiError)>::new());
    let on_files = move |ev: leptos::ev::Event| {
        let files = chosen_files(&ev);
        if files.is_empty() {
            return;
        }
        uploading.set(true);
        done.set(0);
        total.set(files.len());
        failures.set(Vec::new());
        leptos::task::spawn_local(async move {
            for file in files {
                let file_name = file.name();
                match crate::api::upload_image(file).await {
                    Ok(uploaded) => photos.update(|p| {
                        if !p.iter().any(|r| r.src.get_value() == uploaded.path) {
                            let alt = name.get_untracked();
                            p.push(PhotoRow::new(&Photo::new(uploaded.path, alt.trim())));
                        }
                    }),
                    Err(e) => failures.update(|f| f.push((file_name, e))),
                }
                done.update(|d| *d += 1);
            }
            uploading.set(false);
        });
    };
    let step = move |i: usize, later: bool| {
        photos.update(|p| {
            let j = if later { i + 1 } else { i.wrapping_sub(1) };
            if j < p.len() {
                p.swap(i, j);
            }
        })
    };
    view! {
        <fieldset class="photos" data-test="photos">
            <legend>{t().photos}</legend>
            <p class="muted">{t().photos_hint}</p>
            <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), "photos")}</p>
            {move || photos.get().into_iter().enumerate().map(|(i, row)| {
                let f = move |name: &str| format!("photos[{i}].{name}");
                let e = move |name: &'static str| Signal::derive(move || field_error(&errors.read(), &format!("photos[{i}].{name}")));
                let src = row.src.get_value();
                let preview = omiyage_core::image::rendition(&src, 720);
                let count = photos.read_untracked().len();
                let pick = move |ev: leptos::ev::MouseEvent| {
                    let Some(img) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
                        return;
                    };
                    let share = |at: i32, of: i32| (f64::from(at) * 100.0 / f64::from(of.max(1))).round().clamp(0.0, 100.0) as u8;
                    row.focus_x.set(share(ev.offset_x(), img.client_width()));
                    row.focus_y.set(share(ev.offset_y(), img.client_height()));
                };
                let position = move || format!("object-position:{}% {}%", row.focus_x.get(), row.focus_y.get());
                let dot = move || format!("left:{}%;top:{}%", row.focus_x.get(), row.focus_y.get());
                view! {
                    <div class="photo-row" data-test="photo-row">
                        <div class="photo-views">
                            <div class="photo-frame">
                                <img src=preview.clone() alt="" class="photo-whole" on:click=pick data-test="photo-focus-pick"/>
                                <span class="focus-dot" style=dot aria-hidden="true"></span>
                            </div>
                            <img src=preview alt="" class="photo-crop" style=position width="160" height="120" data-test="photo-crop"/>
                        </div>
                        <div class="photo-fields">
                            <strong>{format!("{} {}", t().photo, i + 1)}{(i == 0).then(|| format!(" · {}", t().photo_on_card))}</strong>
                            <Input id=f("alt") label=in_lang(t().photo_alt, Lang::Ja) value=row.alt error=e("alt")/>
                            {row.texts.fields(format!("photos[{i}]."), t().photo_alt, false, errors)}
                            <div class="focus-fields">
                                {[(t().focus_across, row.focus_x, "focus_x"), (t().focus_down, row.focus_y, "focus_y")].into_iter().map(|(label, value, key)| {
                                    let id = f(key);
                                    view! {
                                        <label for=id.clone()>{label}</label>
                                        <input id=id type="range" min="0" max="100" prop:value=move || value.get().to_string()
                                            on:input=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(50))/>
                                    }
                                }).collect_view()}
                            </div>
                            <p class="field-error" aria-live="polite">{move || field_error(&errors.read(), &format!("photos[{i}].src")).or_else(|| field_error(&errors.read(), &format!("photos[{i}].focus_x")))}</p>
                            <div class="actions">
                                <button type="button" class="button secondary" data-test="photo-earlier" disabled=i == 0
                                    on:click=move |_| step(i, false)>{t().move_earlier}</button>
                                <button type="button" class="button secondary" data-test="photo-later" disabled=i + 1 == count
                                    on:click=move |_| step(i, true)>{t().move_later}</button>
                                <button type="button" class="button secondary" data-test="photo-remove"
                                    on:click=move |_| photos.update(|p| { p.remove(i); })>{t().remove_photo}</button>
                            </div>
                        </div>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for="photo-files">{t().add_photos}</label>
                <input id="photo-files" type="file" multiple accept="image/png,image/jpeg,image/webp" on:change=on_files data-test="photo-files"/>
                {move || (total.get() > 0).then(|| view! {
                    <p class="muted" data-test="upload-progress">
                        <progress max=total.get() value=done.get()></progress>
                        " "{format!("{} / {}", done.get(), total.get())}
                    </p>
                })}
                <ul class="field-error" aria-live="polite" data-test="upload-failures">
                    {move || failures.get().into_iter().map(|(file, e)| view! {
                        <li>{file}": "{crate::i18n::error_message(&e)}</li>
                    }).collect_view()}
                </ul>
            </div>
        </fieldset>
    }
}
