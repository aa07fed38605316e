//! The promoter's home: plans to join, a share link and share card per product, and their own
//! numbers (clicks, orders, conversion, new-buyer share, commission by state, per product, 30
//! days) with CSV, and their balance: held, owed, paid, and the payouts received.

use leptos::prelude::*;
use omiyage_api::{PlanView, PromoterStats, ShareLink};
use wasm_bindgen::prelude::*;

use crate::components::{ErrorNote, Loading};
use crate::i18n::{self, t};

#[wasm_bindgen(module = "/src/share_card.js")]
extern "C" {
    #[wasm_bindgen(js_name = shareCard)]
    fn share_card(button: Option<web_sys::EventTarget>, texts: &JsValue);
}

#[component]
pub fn PromoterHome(
    /// The promoter's display name (on share cards).
    name: String,
) -> impl IntoView {
    let plans = LocalResource::new(crate::api::promoter_plans);
    let links = LocalResource::new(crate::api::promoter_links);
    let stats = LocalResource::new(crate::api::promoter_stats);
    let balance = LocalResource::new(crate::api::my_balance);
    let join = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { crate::api::join_plan(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = join.value().get() {
            plans.refetch();
            links.refetch();
        }
    });
    let name = StoredValue::new(name);
    view! {
        <h1>{t().welcome}" "{name.get_value()}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => view! {
                        {s.level.clone().map(|status| view! { <super::levels::MyLevel status/> })}
                        <Numbers stats=s/>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <super::invitations::Invitations/>
        <Suspense>
            {move || Suspend::new(async move {
                balance.await.ok().map(|b| view! { <super::payouts::Balance balance=b/> })
            })}
        </Suspense>
        <section class="panel">
            <h2>{t().plans}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list: Vec<PlanView> = plans.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p data-test="promoter-home">{t().promoter_soon}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain" data-test="plans">
                            {list.into_iter().map(|p| {
                                let id = p.id.clone();
                                view! {
                                    <li>
                                        <strong>{p.name}</strong>" · "{i18n::rates(p.commission_bps, p.new_buyer_bps)}" · "{i18n::window(p.window_days)}" "
                                        {if p.joined {
                                            view! { <span class="badge">{t().joined}</span> }.into_any()
                                        } else {
                                            view! { <button type="button" class="button secondary" data-test="join-plan" on:click=move |_| { join.dispatch(id.clone()); }>{t().join}</button> }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
        <super::coupons::MyCoupons/>
        <section class="panel">
            <h2>{t().share_links}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = links.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p>{t().no_links}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain links" data-test="share-links">
                            {list.into_iter().map(|l| view! { <LinkRow link=l by=name.get_value()/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LinkRow(link: ShareLink, by: String) -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let url = format!("{origin}{}", link.path);
    let copied = RwSignal::new(false);
    let url_copy = url.clone();
    let copy = move |_| {
        let url = url_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = match web_sys::window() {
                Some(w) => {
                    wasm_bindgen_futures::JsFuture::from(w.navigator().clipboard().write_text(&url))
                        .await
                        .is_ok()
                }
                None => false,
            };
            copied.set(ok);
        });
    };
    let (name, price, image, url_card) = (
        link.product_name.clone(),
        link.price.format(),
        // Drawn 700 px wide on the card: a stored photo's 960 px rendition, not its main image.
        omiyage_core::image::rendition(&link.image, 960),
        url.clone(),
    );
    let card = move |ev: leptos::ev::MouseEvent| {
        let texts = js_sys::Object::new();
        let qr = format!(
            "/api/qr?text={}",
            String::from(js_sys::encode_uri_component(&url_card))
        );
        for (k, v) in [
            ("name", name.as_str()),
            ("price", price.as_str()),
            ("image", image.as_str()),
            ("qr", qr.as_str()),
            ("url", url_card.as_str()),
            ("by", &i18n::shared_by(&by)),
            ("file", "omiyage-share.png"),
            ("failed", t().card_failed),
        ] {
            let _ = js_sys::Reflect::set(&texts, &k.into(), &v.into());
        }
        share_card(ev.current_target(), &texts);
    };
    let input_id = format!("link-{}", link.product_id);
    view! {
        <li class="link-row" data-test="share-link">
            <img src=omiyage_core::image::rendition(&link.image, 360) alt="" width="48" height="48" class="thumb"/>
            <div class="link-main">
                <label for=input_id.clone()><strong>{link.product_name.clone()}</strong>" · "{link.price.format()}" · "{i18n::rates(link.commission_bps, link.new_buyer_bps)}</label>
                <input id=input_id readonly value=url data-test="share-url"/>
            </div>
            <button type="button" class="button secondary" data-test="copy-link" on:click=copy>{move || if copied.get() { t().copied } else { t().copy_link }}</button>
            <button type="button" class="button secondary" data-test="share-card" on:click=card>{t().share_card}</button>
            <p class="field-error" role="alert"></p>
        </li>
    }
}

#[component]
fn Numbers(stats: PromoterStats) -> impl IntoView {
    let max = stats
        .days
        .iter()
        .map(|d| d.clicks.max(d.orders))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = 720.0 / stats.days.len().max(1) as f64;
    view! {
        {stats.agency.as_ref().map(|a| view! {
            <p data-test="my-agency">{i18n::pick("所属エージェンシー: ", "所属代理商：", "Agency: ")}<strong>{a.name.clone()}</strong>
                {format!(" · {} {}", i18n::pick("報酬の取り分", "佣金分成", "takes"), i18n::percent(a.share_bps))}</p>
        })}
        <dl class="kpis" data-test="promoter-stats">
            <div><dt>{t().clicks}</dt><dd data-test="stat-clicks">{stats.clicks}</dd></div>
            <div><dt>{t().nav_orders}</dt><dd data-test="stat-orders">{stats.orders}</dd></div>
            <div><dt>{i18n::pick("クーポン経由の注文", "优惠码订单", "Orders by code")}</dt><dd data-test="stat-coupon-orders">{stats.coupon_orders}</dd></div>
            <div><dt>{t().conversion}</dt><dd data-test="stat-conversion">{i18n::percent(stats.conversion_bps)}</dd></div>
            <div>
                <dt>{i18n::pick("新規購入者の割合", "新买家占比", "New-buyer share")}</dt>
                <dd data-test="stat-new-buyers">{i18n::percent(stats.new_buyer_share_bps)}</dd>
            </div>
            <div><dt>{t().pending}</dt><dd data-test="stat-pending">{stats.commission.pending.format()}</dd></div>
            <div><dt>{t().confirmed}</dt><dd>{stats.commission.confirmed.format()}</dd></div>
            <div><dt>{t().reversed}</dt><dd>{stats.commission.reversed.format()}</dd></div>
        </dl>
        <figure class="chart">
            <svg viewBox="0 0 720 160" role="img" aria-label=t().clicks_chart>
                <line x1="0" y1="140" x2="720" y2="140" class="axis"/>
                {stats.days.iter().enumerate().map(|(i, d)| {
                    let h = f64::from(d.clicks) / max * 130.0;
                    let o = f64::from(d.orders) / max * 130.0;
                    let x = i as f64 * step + 2.0;
                    view! {
                        <g>
                            <title>{format!("{}: {} {}, {} {}", d.date, d.clicks, t().clicks, d.orders, t().nav_orders)}</title>
                            <rect x=x y=140.0 - h width=(step / 2.0 - 2.0).max(1.0) height=h class="bar muted-bar"/>
                            <rect x=x + step / 2.0 y=140.0 - o width=(step / 2.0 - 2.0).max(1.0) height=o class="bar"/>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
        {(!stats.products.is_empty()).then(|| view! {
            <table class="table" data-test="product-stats">
                <thead><tr>
                    <th scope="col">{t().product}</th><th scope="col" class="num">{t().clicks}</th>
                    <th scope="col" class="num">{t().nav_orders}</th><th scope="col" class="num">{t().pending}</th>
                    <th scope="col" class="num">{t().confirmed}</th><th scope="col" class="num">{t().reversed}</th>
                </tr></thead>
                <tbody>
                    {stats.products.iter().map(|p| view! {
                        <tr>
                            <td>{p.product_name.clone()}</td><td class="num">{p.clicks}</td><td class="num">{p.orders}</td>
                            <td class="num">{p.commission.pending.format()}</td><td class="num">{p.commission.confirmed.format()}</td>
                            <td class="num">{p.commission.reversed.format()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <p><a href="/api/promoter/orders.csv" download="" data-test="orders-csv">{t().export_csv}</a></p>
    }
}
