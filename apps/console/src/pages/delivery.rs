//! Delivery (admin): the carrier and its slots offered, days in transit, the same-day cut-off,
//! the days the shop does not ship, how far ahead a date may be chosen, and the shop as the
//! labels' sender. And, on the packing page, Yamato B2クラウド: the parcels out as its import
//! file, its tracking numbers back in.

use leptos::prelude::*;
use omiyage_api::{Carrier, DeliverySettings, FieldError, Shipper, TrackingImport};
use omiyage_core::delivery;
use omiyage_core::text::number;

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick};

fn title() -> &'static str {
    pick("配送", "配送", "Delivery")
}

#[component]
pub fn DeliveryPage() -> impl IntoView {
    set_title(title());
    let stored = LocalResource::new(crate::api::delivery_settings);
    view! {
        <h1>{title()}</h1>
        <p class="muted">{pick(
            "お客さま（ギフトは受け取る方）が選べるお届け日と時間帯の決まりです。日付は日本時間で、サーバーの時計で判断します。",
            "顾客（礼物由收礼人）可选的送达日期和时间段规则。日期按日本时间，以服务器时钟为准。",
            "What shoppers (and a gift's recipients) may choose as delivery day and time. Days are Japan's, by the server's clock.",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stored.await {
                    Ok(settings) => view! { <DeliveryForm settings/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Weekday names, Sunday first.
fn weekdays() -> [&'static str; 7] {
    pick(
        ["日", "月", "火", "水", "木", "金", "土"],
        ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    )
}

#[component]
fn DeliveryForm(settings: DeliverySettings) -> impl IntoView {
    let s = |v: String| RwSignal::new(v);
    let enabled = RwSignal::new(settings.enabled);
    let carrier = s(settings.carrier.as_str().to_string());
    let slots = RwSignal::new(settings.slots.clone());
    let transit = s(settings.transit_days.to_string());
    let cutoff = s(settings.cutoff_hour.to_string());
    let horizon = s(settings.horizon_days.to_string());
    let closed = RwSignal::new(settings.closed_weekdays.clone());
    let dates = s(settings.closed_dates.join("\n"));
    let shipper = settings.shipper.clone();
    let (name, phone, postal, address) = (
        s(shipper.name),
        s(shipper.phone),
        s(shipper.postal_code),
        s(shipper.address),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |input: &DeliverySettings| {
        let input = input.clone();
        async move { crate::api::set_delivery_settings(&input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(s)) => {
            errors.set(Vec::new());
            dates.set(s.closed_dates.join("\n"));
            saved.set(true);
        }
        Some(Err(e)) => {
            saved.set(false);
            errors.set(if e.fields.is_empty() {
                vec![FieldError::new("delivery", i18n::error_message(&e))]
            } else {
                e.fields
            });
        }
        None => {}
    });
    // What is not a number is sent as too large, which the server refuses with its reason.
    let count = |s: RwSignal<String>| number::<u32>(&s.get_untracked()).unwrap_or(u32::MAX / 2);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let carrier = Carrier::try_from(carrier.get_untracked()).unwrap_or_default();
        save.dispatch(DeliverySettings {
            enabled: enabled.get_untracked(),
            carrier,
            slots: slots
                .get_untracked()
                .into_iter()
                .filter(|s| delivery::carrier_slots(carrier).contains(s))
                .collect(),
            transit_days: count(transit),
            cutoff_hour: count(cutoff),
            horizon_days: count(horizon),
            closed_weekdays: closed.get_untracked(),
            closed_dates: dates
                .get_untracked()
                .split(['\n', ',', ' ', '、'])
                .map(|d| omiyage_core::text::half_width(d.trim()))
                .filter(|d| !d.is_empty())
                .collect(),
            shipper: Shipper {
                name: name.get_untracked(),
                phone: phone.get_untracked(),
                postal_code: postal.get_untracked(),
                address: address.get_untracked(),
            },
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    let lang = i18n::lang();
    let slot_boxes = move || {
        let carrier = Carrier::try_from(carrier.get()).unwrap_or_default();
        delivery::carrier_slots(carrier)
            .iter()
            .map(|&slot| {
                view! {
                    <label class="check">
                        <input type="checkbox" data-test=format!("slot-{}", slot.as_str())
                            prop:checked=move || { let s = slots.read(); s.is_empty() || s.contains(&slot) }
                            on:change=move |_| slots.update(|s| {
                                if s.is_empty() {
                                    *s = delivery::carrier_slots(carrier).to_vec();
                                }
                                match s.iter().position(|x| *x == slot) {
                                    Some(i) => { s.remove(i); }
                                    None => s.push(slot),
                                }
                            })/>
                        {delivery::slot_label(slot, lang)}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <form class="panel" data-test="delivery-settings" on:submit=submit novalidate>
            <label class="check">
                <input type="checkbox" data-test="delivery-enabled"
                    prop:checked=move || enabled.get() on:change=move |_| enabled.update(|e| *e = !*e)/>
                {pick("お届け日時を選べるようにする", "允许选择送达时间", "Let shoppers choose a delivery day and time")}
            </label>
            <div class="field">
                <label for="carrier">{pick("配送業者", "快递公司", "Carrier")}</label>
                <select id="carrier" bind:value=carrier on:change=move |_| slots.set(Vec::new())>
                    <option value="yamato">{pick("ヤマト運輸", "大和运输", "Yamato Transport")}</option>
                    <option value="yu_pack">{pick("ゆうパック", "日本邮政 Yu-Pack", "Japan Post Yu-Pack")}</option>
                </select>
            </div>
            <fieldset>
                <legend>{pick("時間帯", "时间段", "Time slots")}</legend>
                {slot_boxes}
                <p class="field-error">{move || errors.read().iter().find(|e| e.field.starts_with("slots")).map(i18n::field_message)}</p>
            </fieldset>
            <div class="narrow-field">
                <Input id="transit_days".into() label=pick("配送日数（出荷日から）", "运输天数（自发货日起）", "Days in transit (from the ship day)") value=transit error=err("transit_days") kind="number"/>
                <Input id="cutoff_hour".into() label=pick("当日出荷の締め時刻（時）", "当日发货截止时间（时）", "Same-day cut-off (hour)") value=cutoff error=err("cutoff_hour") kind="number"/>
                <Input id="horizon_days".into() label=pick("何日先まで選べるか", "最多可选几天后", "Days ahead that may be chosen") value=horizon error=err("horizon_days") kind="number"/>
            </div>
            <fieldset>
                <legend>{pick("定休日（出荷しない曜日）", "休息日（不发货的星期）", "Closing days (no shipping)")}</legend>
                {weekdays().into_iter().enumerate().map(|(i, day)| {
                    let d = i as u8;
                    view! {
                        <label class="check inline">
                            <input type="checkbox" data-test=format!("closed-{d}")
                                prop:checked=move || closed.read().contains(&d)
                                on:change=move |_| closed.update(|c| match c.iter().position(|x| *x == d) {
                                    Some(i) => { c.remove(i); }
                                    None => c.push(d),
                                })/>
                            {day}
                        </label>
                    }
                }).collect_view()}
                <p class="field-error">{move || field_error(&errors.read(), "closed_weekdays")}</p>
            </fieldset>
            <div class="field">
                <label for="closed_dates">{pick("休業日（YYYY-MM-DD、1行に1日）", "停业日（YYYY-MM-DD，每行一天）", "Dates closed (YYYY-MM-DD, one a line)")}</label>
                <textarea id="closed_dates" rows="4" bind:value=dates data-test="closed-dates"></textarea>
                <p class="field-error" aria-live="polite">{move || errors.read().iter().find(|e| e.field.starts_with("closed_dates")).map(i18n::field_message)}</p>
            </div>
            <fieldset>
                <legend>{pick("ご依頼主（送り状に印字）", "寄件人（印在运单上）", "Sender on labels")}</legend>
                <p class="muted">{pick("ギフトでも送り主の住所ではなく、ショップが印字されます。", "礼物也印商店信息，而非送礼人地址。", "The shop, also on gifts: never the gift's sender.")}</p>
                <Input id="shipper-name".into() label=pick("名前", "名称", "Name") value=name error=err("shipper.name")/>
                <Input id="shipper-phone".into() label=pick("電話番号", "电话", "Phone") value=phone error=err("shipper.phone") kind="tel"/>
                <Input id="shipper-postal".into() label=pick("郵便番号", "邮编", "Postal code") value=postal error=err("shipper.postal_code")/>
                <Input id="shipper-address".into() label=pick("住所", "地址", "Address") value=address error=err("shipper.address")/>
            </fieldset>
            <p class="field-error">{move || field_error(&errors.read(), "delivery")}</p>
            <button type="submit" class="button" data-test="save-delivery" disabled=move || save.pending().get()>{crate::i18n::t().save}</button>
            {move || saved.get().then(|| view! {
                <p class="success" role="status" data-test="delivery-saved">{pick("保存しました。", "已保存。", "Saved.")}</p>
            })}
        </form>
    }
}

/// The packing page's Yamato panel: the import file to download, the tracking file to upload.
#[component]
pub fn B2Panel() -> impl IntoView {
    let answer = RwSignal::new(None::<Result<TrackingImport, omiyage_api::ApiError>>);
    let busy = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::components::chosen_file(&ev) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            answer.set(Some(crate::api::import_tracking(file).await));
            busy.set(false);
        });
    };
    let list = |refs: Vec<String>| refs.join(", ");
    view! {
        <section class="panel no-print" data-test="b2">
            <h2>{pick("ヤマト B2クラウド", "大和 B2 Cloud", "Yamato B2 Cloud")}</h2>
            <p class="link-row">
                <a class="button secondary" href="/api/admin/shipments/b2.csv" download="b2-import.csv" data-test="b2-export">
                    {pick("送り状データ（CSV）を書き出す", "导出运单数据（CSV）", "Export labels (CSV)")}
                </a>
                <label for="b2-tracking" class="button secondary">{pick("発行済みデータを取り込む", "导入已发行数据", "Import tracking numbers")}</label>
                <input id="b2-tracking" class="visually-hidden" type="file" accept=".csv,text/csv" on:change=on_file data-test="b2-tracking"/>
            </p>
            <p class="muted" aria-live="polite">{move || busy.get().then(|| pick("取り込み中…", "导入中…", "Importing…"))}</p>
            {move || answer.get().map(|a| match a {
                Ok(a) => view! {
                    <div role="status" data-test="b2-result">
                        <p>{pick("発送済みにしました: ", "已标记为发货：", "Marked shipped: ")}<span data-test="b2-shipped">{list(a.shipped.clone())}</span></p>
                        {(!a.already.is_empty()).then(|| view! { <p class="muted">{pick("発送済みのもの: ", "之前已发货：", "Already shipped: ")}{list(a.already.clone())}</p> })}
                        {(!a.unknown.is_empty()).then(|| view! { <p class="field-error" data-test="b2-unknown">{pick("該当なし: ", "找不到：", "Not found: ")}{list(a.unknown.clone())}</p> })}
                    </div>
                }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
        </section>
    }
}
