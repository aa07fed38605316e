//! Members' points and ranks (admin): the rate every order earns, how long points last and
//! when members are told before they expire, and the ranks by the last twelve months' spend,
//! each with its own rate and free-shipping threshold; saved as a whole.

use leptos::prelude::*;
use omiyage_api::{FieldError, PointSettings, Rank};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::pick;
use crate::pages::levels::percent_text;

pub fn title() -> &'static str {
    pick("会員ポイントとランク", "会员积分与等级", "Points and ranks")
}

/// One rank of the editor: name, spend (yen), rate (%), free shipping from (yen, empty: the
/// shop's), birthday coupon (yen, empty: none).
#[derive(Clone, Copy)]
struct Row([RwSignal<String>; 5]);

/// A yen field left empty: none.
fn optional(s: &RwSignal<String>) -> Option<i64> {
    (!s.get_untracked().trim().is_empty()).then(|| number(s))
}

fn number(s: &RwSignal<String>) -> i64 {
    omiyage_core::text::number(&s.get_untracked()).unwrap_or(-1)
}

/// A percentage typed (`1.5`) as basis points (150); out of range as too many.
fn bps(s: &RwSignal<String>) -> u32 {
    let pct: f64 = omiyage_core::text::number(&s.get_untracked()).unwrap_or(-1.0);
    match (pct * 100.0).round() {
        b if (0.0..=f64::from(u32::MAX)).contains(&b) => b as u32,
        _ => u32::MAX,
    }
}

#[component]
pub fn PointsPage() -> impl IntoView {
    set_title(title());
    let stored = LocalResource::new(crate::api::point_settings);
    let rate = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let notice = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<Row>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(s)) = stored.get() {
            rate.set(percent_text(s.rate_bps));
            expiry.set(s.expiry_days.to_string());
            notice.set(s.notice_days.to_string());
            rows.set(
                s.ranks
                    .iter()
                    .map(|r| {
                        Row([
                            r.name.clone(),
                            r.from_spend.to_string(),
                            percent_text(r.rate_bps),
                            r.free_shipping_from
                                .map(|f| f.to_string())
                                .unwrap_or_default(),
                            r.birthday_coupon.map(|c| c.to_string()).unwrap_or_default(),
                        ]
                        .map(RwSignal::new))
                    })
                    .collect(),
            );
        }
    });
    let save = Action::new_local(move |input: &PointSettings| {
        let input = input.clone();
        async move { crate::api::set_point_settings(&input).await }
    });
    crate::components::follow_save(save, errors, saved, "ranks");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days = |s: &RwSignal<String>| u32::try_from(number(s)).unwrap_or(0);
        let ranks = rows
            .get_untracked()
            .iter()
            .map(|Row([name, spend, rate, free, birthday])| Rank {
                name: name.get_untracked(),
                from_spend: number(spend),
                rate_bps: bps(rate),
                free_shipping_from: optional(free),
                birthday_coupon: optional(birthday),
            })
            .collect();
        save.dispatch(PointSettings {
            rate_bps: bps(&rate),
            expiry_days: days(&expiry),
            notice_days: days(&notice),
            ranks,
        });
    };
    let add = move |_| {
        rows.update(|r| {
            r.push(Row(
                ["", "", "", "", ""].map(|v| RwSignal::new(v.to_string()))
            ));
        });
        saved.set(false);
    };
    let err = move |f: String| Signal::derive(move || field_error(&errors.read(), &f));
    view! {
        <h1>{title()}</h1>
        <form class="panel" data-test="points-rules" on:submit=submit novalidate>
            <p class="muted">{pick(
                "ご注文は発送時（ギフトは受け取りごと）にポイントが付き、返金で差し引かれます。会員はご注文時に1ポイント＝1円で使えます。ランクは過去12か月のご購入額で決まります。",
                "订单发货时（礼物按每份领取）发放积分，退款时扣回。会员下单时 1 积分 = 1 日元。等级按过去 12 个月的消费额决定。",
                "Orders earn points when they ship (a gift, as each unit is claimed); refunds take them back. Members spend them at checkout, 1 point = ¥1. Ranks follow the last twelve months' spend.",
            )}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    stored.await.err().map(|error| view! { <ErrorNote error/> })
                })}
            </Suspense>
            <div class="narrow-field">
                <Input id="points-rate".into() label=pick("ポイント還元率（%）", "积分返还比例（%）", "Points rate (%)") value=rate error=err("rate_bps".into()) kind="number"/>
                <Input id="points-expiry".into() label=pick("有効期限（最後の獲得・利用からの日数）", "有效期（自最后获得或使用起的天数）", "Points last (days after the last earned or spent)") value=expiry error=err("expiry_days".into()) kind="number"/>
                <Input id="points-notice".into() label=pick("失効のお知らせ（何日前）", "过期提醒（提前天数）", "Tell members (days before they expire)") value=notice error=err("notice_days".into()) kind="number"/>
            </div>
            <h2>{pick("会員ランク", "会员等级", "Ranks")}</h2>
            <table class="table labelled-by-columns">
                <thead><tr>
                    <th scope="col">{pick("ランク", "等级", "Rank")}</th>
                    <th scope="col">{pick("12か月のご購入（円）から", "12 个月消费（日元）起", "From a 12-month spend (yen)")}</th>
                    <th scope="col">{pick("還元率（%）", "返还比例（%）", "Points rate (%)")}</th>
                    <th scope="col">{pick("送料無料（円）から", "免运费（日元）起", "Free shipping from (yen)")}</th>
                    <th scope="col">{pick("誕生日クーポン（円）", "生日优惠券（日元）", "Birthday coupon (yen)")}</th>
                    <th scope="col"><span class="visually-hidden">{pick("削除", "删除", "Remove")}</span></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, Row([name, spend, rate, free, birthday]))| {
                        let f = move |field: &str| err(format!("ranks[{i}].{field}"));
                        let id = |k: &str| format!("rank-{i}-{k}");
                        view! {
                            <tr data-test="rank-row">
                                <td><Input id=id("name") label=pick("名前", "名称", "Name") value=name error=f("name")/></td>
                                <td><Input id=id("spend") label=pick("ご購入額", "消费额", "Spend") value=spend error=f("from_spend") kind="number"/></td>
                                <td><Input id=id("rate") label=pick("還元率", "返还比例", "Rate") value=rate error=f("rate_bps") kind="number"/></td>
                                <td><Input id=id("free") label=pick("送料無料", "免运费", "Free shipping") value=free error=f("free_shipping_from") kind="number"/></td>
                                <td><Input id=id("birthday") label=pick("誕生日クーポン", "生日优惠券", "Birthday coupon") value=birthday error=f("birthday_coupon") kind="number"/></td>
                                <td><button type="button" class="link" on:click=move |_| { rows.update(|r| { r.remove(i); }); saved.set(false); }>
                                    {pick("削除", "删除", "Remove")}
                                </button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="field-error">{move || field_error(&errors.read(), "ranks")}</p>
            <button type="button" class="button secondary" data-test="add-rank" on:click=add>{pick("ランクを追加", "添加等级", "Add a rank")}</button>
            " "
            <button type="submit" class="button" data-test="save-points">{pick("保存", "保存", "Save")}</button>
            {move || saved.get().then(|| view! { <p class="success" role="status" data-test="points-saved">{pick("保存しました。新しい還元率はこれからのご注文に使われます。", "已保存。新的返还比例用于今后的订单。", "Saved; a new rate counts for orders placed from now on.")}</p> })}
        </form>
    }
}
