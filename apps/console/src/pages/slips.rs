//! Packing slips (納品書), one per parcel, to print and put in it: a plain order's parcel lists
//! its items with their prices; a gift's parcels (one per claimed unit, to its recipient) never
//! show a price, and carry the sender's name and greeting as the message card to print. And the
//! packing list: every parcel of the paid orders not shipped yet, what goes in each, with all
//! their slips to print at once.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use omiyage_api::{Address, AdminOrder};

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{self, pick};

/// One parcel's slip: to whom, what, and (a plain order only) for how much.
#[derive(Clone)]
struct Slip {
    name: String,
    address: Address,
    /// Product and variant, quantity, and the line's price (`None` on a gift's slip).
    items: Vec<(String, u32, Option<String>)>,
    /// Shipping and total (a plain order's slip).
    total: Option<(String, String)>,
    /// The message card to print: its sender and text (a gift's greeting, or the card the
    /// shopper wrote).
    card: Option<(String, String)>,
    /// The gift options to carry out, without prices: what each is and what was chosen.
    options: Vec<(String, String)>,
    /// The のし paper, drawn as it is to be written (SVG made by `omiyage_core::noshi`, its
    /// texts escaped).
    noshi: Option<String>,
    /// The parcel's delivery day and slot (the plain order's, or the gift unit's).
    delivery: Option<omiyage_api::DeliveryChoice>,
}

/// The options an order's parcels carry out (name, what was chosen), its のし drawn, and the
/// text of its message card if one was bought.
fn options_of(
    o: &omiyage_api::OrderView,
) -> (Vec<(String, String)>, Option<String>, Option<String>) {
    let list = o
        .options
        .iter()
        .map(|x| (x.name.clone(), x.detail.clone()))
        .collect();
    let noshi = o
        .options
        .iter()
        .find_map(omiyage_core::gift_options::drawn_noshi)
        .map(|n| omiyage_core::noshi::svg(&n));
    let card = o
        .options
        .iter()
        .find(|x| x.kind == omiyage_api::OptionKind::Card)
        .map(|x| x.detail.clone());
    (list, noshi, card)
}

/// The parcels of an order: the shopper's one, or one per claimed gift unit.
fn slips(o: &AdminOrder) -> Vec<Slip> {
    let order = &o.order;
    let (options, noshi, card_text) = options_of(order);
    match &order.gift {
        None => vec![Slip {
            name: order.contact.name.clone(),
            address: order.address.clone(),
            items: order
                .lines
                .iter()
                .map(|l| {
                    let item = format!("{} · {}", l.product_name, l.variant_name);
                    (item, l.quantity, Some(l.line_total.format()))
                })
                .chain(order.options.iter().map(|x| {
                    let item = format!("{} · {}", x.name, x.detail);
                    (item, x.quantity, Some(x.line_total.format()))
                }))
                .collect(),
            total: Some((order.shipping.format(), order.total.format())),
            card: card_text.map(|text| (order.contact.name.clone(), text)),
            options,
            noshi,
            delivery: order.delivery.clone(),
        }],
        Some(gift) => o
            .recipients
            .iter()
            .map(|r| {
                let product = order
                    .lines
                    .first()
                    .map(|l| l.product_name.clone())
                    .unwrap_or_default();
                Slip {
                    name: r.name.clone(),
                    address: r.address.clone(),
                    items: vec![(format!("{product} · {}", r.variant_name), 1, None)],
                    total: None,
                    card: Some((
                        gift.sender_name.clone(),
                        card_text.clone().unwrap_or_else(|| gift.greeting.clone()),
                    )),
                    options: options.clone(),
                    noshi: noshi.clone(),
                    delivery: r.delivery.clone(),
                }
            })
            .collect(),
    }
}

#[component]
pub fn SlipsPage() -> impl IntoView {
    set_title(pick("納品書", "发货单", "Packing slips"));
    let params = use_params_map();
    let order = LocalResource::new(move || {
        let token = params.read().get("token").unwrap_or_default();
        async move { crate::api::order(&token).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(o) => {
                        let back = format!("/console/orders/{}", o.order.token);
                        let reference = o.order.reference.clone();
                        let list = slips(&o);
                        view! {
                            <div class="no-print print-bar">
                                <a href=back>{pick("注文に戻る", "返回订单", "Back to the order")}</a>
                                <p role="status" data-test="slip-count">{match i18n::lang() {
                                    i18n::Lang::Ja => format!("{} 件の荷物", list.len()),
                                    i18n::Lang::ZhHans => format!("{} 个包裹", list.len()),
                                    i18n::Lang::En => format!("{} parcel(s)", list.len()),
                                }}</p>
                                <button type="button" class="button" data-test="print" on:click=|_| crate::components::print_page()>{pick("印刷", "打印", "Print")}</button>
                            </div>
                            {(list.is_empty()).then(|| view! {
                                <p class="no-print" data-test="no-slips">{pick("受け取られたギフトはまだありません。", "还没有被领取的礼物。", "No unit of this gift has been claimed yet.")}</p>
                            })}
                            <div class="slips">
                                {list.into_iter().map(|s| view! { <SlipSheet slip=s reference=reference.clone()/> }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SlipSheet(slip: Slip, reference: String) -> impl IntoView {
    let priced = slip.total.is_some();
    view! {
        <article class="slip" data-test="slip" data-priced=priced.to_string()>
            <h1>{pick("納品書", "发货单", "Packing slip")}</h1>
            <p class="slip-to">
                <span data-test="slip-address">{i18n::address(&slip.address)}</span><br/>
                <strong>{slip.name}{pick(" 様", "", "")}</strong>
            </p>
            <p class="slip-ref">{pick("注文番号", "订单号", "Order")}": "{reference}</p>
            <table class="table slip-items">
                <thead><tr>
                    <th scope="col">{pick("品名", "商品", "Item")}</th>
                    <th scope="col" class="num">{pick("数量", "数量", "Qty")}</th>
                    {priced.then(|| view! { <th scope="col" class="num">{pick("金額", "金额", "Amount")}</th> })}
                </tr></thead>
                <tbody>
                    {slip.items.into_iter().map(|(item, quantity, price)| view! {
                        <tr><td>{item}</td><td class="num">{quantity}</td>{price.map(|p| view! { <td class="num">{p}</td> })}</tr>
                    }).collect_view()}
                    {slip.total.map(|(shipping, total)| view! {
                        <tr><th scope="row" colspan="2">{pick("送料", "运费", "Shipping")}</th><td class="num">{shipping}</td></tr>
                        <tr><th scope="row" colspan="2">{pick("合計（税込）", "合计（含税）", "Total (tax incl.)")}</th><td class="num">{total}</td></tr>
                    })}
                </tbody>
            </table>
            {(!slip.options.is_empty()).then(|| view! {
                <section class="slip-options" data-test="slip-options">
                    <h2>{pick("ギフト仕様", "礼品要求", "Gift options")}</h2>
                    <ul>{slip.options.into_iter().map(|(name, detail)| view! { <li><strong>{name}</strong>": "{detail}</li> }).collect_view()}</ul>
                    {slip.noshi.map(|svg| view! { <div class="slip-noshi" data-test="slip-noshi" inner_html=svg></div> })}
                </section>
            })}
            {slip.card.map(|(sender, greeting)| view! {
                <section class="message-card" data-test="message-card">
                    <h2>{pick("メッセージカード", "留言卡", "Message card")}</h2>
                    {(!greeting.is_empty()).then(|| view! { <p class="card-greeting">{greeting}</p> })}
                    <p class="card-from">{pick("贈り主：", "赠送人：", "From: ")}{sender}</p>
                </section>
            })}
        </article>
    }
}

/// The parcels to pack: every paid order not shipped yet (a gift's claimed units each).
#[component]
pub fn PackingPage() -> impl IntoView {
    set_title(pick("梱包リスト", "打包清单", "Packing list"));
    // Each parcel with the day it ships and its delivery slot, so the day's parcels leave in
    // time: sorted by ship day, then slot.
    let parcels = LocalResource::new(|| async {
        let paid = crate::api::orders("?status=paid").await?;
        let settings = crate::api::delivery_settings().await?;
        let calendar = omiyage_core::delivery::Calendar::new(&settings);
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let lang = crate::i18n::lang();
        let mut out = Vec::new();
        for summary in paid {
            let order = crate::api::order(&summary.token).await?;
            for slip in slips(&order) {
                let chosen = slip.delivery.as_ref();
                // A day the shop can no longer ship for in time (closed since) is shown, not
                // moved.
                let when = (
                    calendar.planned_ship_day(chosen, now),
                    chosen.and_then(|d| d.slot),
                    chosen.map(|d| omiyage_core::delivery::text(Some(d), lang)),
                );
                out.push((
                    order.order.reference.clone(),
                    order.order.token.clone(),
                    slip,
                    when,
                ));
            }
        }
        out.sort_by_key(|(.., (ships, slot, _))| (ships.unwrap_or(i64::MIN), *slot));
        Ok::<_, omiyage_api::ApiError>(out)
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match parcels.await {
                    Ok(list) => view! {
                        <div class="no-print">
                            <h1>{pick("梱包リスト", "打包清单", "Packing list")}</h1>
                            <p class="muted">{pick(
                                "支払い済みで未発送の注文の荷物です（ギフトは受け取られた分ごと）。納品書はこの下にまとめて印刷できます。",
                                "已付款未发货订单的包裹（礼物按已领取的份数）。下方可一次打印所有发货单。",
                                "The parcels of paid orders not shipped yet (a gift's, one per claimed unit). Their packing slips follow, to print at once.",
                            )}</p>
                            <super::delivery::B2Panel/>
                            <table class="table" data-test="packing-list">
                                <thead><tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{pick("注文番号", "订单号", "Order")}</th>
                                    <th scope="col">{pick("お届け先", "收件人", "To")}</th>
                                    <th scope="col">{pick("品物", "物品", "Items")}</th>
                                    <th scope="col">{pick("出荷日", "发货日", "Ships")}</th>
                                    <th scope="col">{omiyage_core::delivery::label(crate::i18n::lang())}</th>
                                </tr></thead>
                                <tbody>
                                    {list.iter().enumerate().map(|(i, (reference, token, s, (ships, _, chosen)))| view! {
                                        <tr data-test="parcel" data-reference=reference.clone()>
                                            <td>{i + 1}</td>
                                            <td><a href=format!("/console/orders/{token}")>{reference.clone()}</a>
                                                {s.card.is_some().then(|| view! { " "<span class="badge">{pick("ギフト", "礼物", "Gift")}</span> })}</td>
                                            <td>{s.name.clone()}" · "{s.address.prefecture.clone()}</td>
                                            <td>{s.items.iter().map(|(item, q, _)| format!("{item} × {q}")).collect::<Vec<_>>().join(", ")}</td>
                                            <td data-test="ships-on">{match ships {
                                                Some(day) => omiyage_core::sales::date_of(*day),
                                                None => pick("間に合いません", "来不及", "Too late").to_string(),
                                            }}</td>
                                            <td data-test="parcel-delivery">{chosen.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p><button type="button" class="button" data-test="print" on:click=|_| crate::components::print_page()>{pick("納品書をすべて印刷", "打印所有发货单", "Print every slip")}</button></p>
                        </div>
                        <div class="slips">
                            {list.into_iter().map(|(reference, _, s, _)| view! { <SlipSheet slip=s reference/> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
