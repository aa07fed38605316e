//! The promoters' levels (admin, on the plans page): a ladder of levels, lowest first, each
//! asking for confirmed sales and orders over a rolling window and adding a bonus to every
//! plan's rate; saved as a whole. And the promoter's own level, on their home.

use leptos::prelude::*;
use omiyage_api::{FieldError, LadderInput, LevelInput, LevelStatus};

use crate::components::{ErrorNote, Input, Loading, field_error};
use crate::i18n::{self, pick};

/// One row of the editor: name, minimum sales (yen), minimum orders, bonus (%).
#[derive(Clone, Copy)]
struct Row([RwSignal<String>; 4]);

impl Row {
    fn new(values: [String; 4]) -> Row {
        Row(values.map(RwSignal::new))
    }
}

fn whole(s: &RwSignal<String>) -> i64 {
    omiyage_core::text::number(&s.get_untracked()).unwrap_or(-1)
}

#[component]
pub fn LevelsEditor() -> impl IntoView {
    let ladder = LocalResource::new(crate::api::ladder);
    let rows = RwSignal::new(Vec::<Row>::new());
    let window = RwSignal::new(omiyage_core::level::DEFAULT_WINDOW_DAYS.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(false);
    // The stored ladder fills the editor once loaded.
    Effect::new(move |_| {
        if let Some(Ok(l)) = ladder.get() {
            window.set(l.window_days.to_string());
            rows.set(
                l.levels
                    .iter()
                    .map(|v| {
                        Row::new([
                            v.name.clone(),
                            v.min_sales.amount.to_string(),
                            v.min_orders.to_string(),
                            percent_text(v.bonus_bps),
                        ])
                    })
                    .collect(),
            );
        }
    });
    let save = Action::new_local(move |input: &LadderInput| {
        let input = input.clone();
        async move { crate::api::set_ladder(&input).await }
    });
    crate::components::follow_save(save, errors, saved, "levels");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let levels = rows
            .get_untracked()
            .iter()
            .map(|Row([name, sales, orders, bonus])| LevelInput {
                name: name.get_untracked(),
                min_sales: whole(sales),
                min_orders: whole(orders),
                bonus_bps: {
                    let pct: f64 =
                        omiyage_core::text::number(&bonus.get_untracked()).unwrap_or(-1.0);
                    (pct * 100.0).round() as i64
                },
            })
            .collect();
        save.dispatch(LadderInput {
            window_days: whole(&window),
            levels,
        });
    };
    let add = move |_| {
        let n = rows.read_untracked().len() + 1;
        rows.update(|r| {
            r.push(Row::new([
                format!("★{n}"),
                String::from("0"),
                String::from("0"),
                String::from("0"),
            ]))
        });
        saved.set(false);
    };
    let err = move |f: String| Signal::derive(move || field_error(&errors.read(), &f));
    view! {
        <form class="panel" data-test="levels" on:submit=submit novalidate>
            <h2>{pick("プロモーターのレベル", "推广员等级", "Promoter levels")}</h2>
            <p class="muted">{pick(
                "期間内の確定した売上と注文数でレベルが決まり、ボーナスがすべてのプランの報酬率に加わります。下のレベルから順に、上ほど多くを求めます。",
                "等级按期间内已确认的销售额和订单数决定，奖励加在所有计划的佣金比例上。从低到高排列，越高要求越多。",
                "Levels follow confirmed sales and orders over the window; a level's bonus adds to every plan's rate. Lowest first; each asks for more than the one below.",
            )}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    ladder.await.err().map(|error| view! { <ErrorNote error/> })
                })}
            </Suspense>
            <div class="narrow-field">
                <Input id="levels-window".into() label=pick("期間（日）", "统计期间（天）", "Window (days)") value=window error=err("window_days".into()) kind="number"/>
            </div>
            <table class="table labelled-by-columns">
                <thead><tr>
                    <th scope="col">{pick("レベル", "等级", "Level")}</th>
                    <th scope="col">{pick("確定売上（円）", "已确认销售额（日元）", "Confirmed sales (yen)")}</th>
                    <th scope="col">{pick("確定注文数", "已确认订单数", "Confirmed orders")}</th>
                    <th scope="col">{pick("ボーナス（%）", "奖励（%）", "Bonus (%)")}</th>
                    <th scope="col"><span class="visually-hidden">{pick("削除", "删除", "Remove")}</span></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, Row([name, sales, orders, bonus]))| {
                        let f = move |field: &str| err(format!("levels[{i}].{field}"));
                        let id = |k: &str| format!("level-{i}-{k}");
                        view! {
                            <tr data-test="level-row">
                                <td><Input id=id("name") label=pick("名前", "名称", "Name") value=name error=f("name")/></td>
                                <td><Input id=id("sales") label=pick("売上", "销售额", "Sales") value=sales error=f("min_sales") kind="number"/></td>
                                <td><Input id=id("orders") label=pick("注文", "订单", "Orders") value=orders error=f("min_orders") kind="number"/></td>
                                <td><Input id=id("bonus") label=pick("ボーナス", "奖励", "Bonus") value=bonus error=f("bonus_bps") kind="number"/></td>
                                <td><button type="button" class="link" on:click=move |_| { rows.update(|r| { r.remove(i); }); saved.set(false); }>
                                    {pick("削除", "删除", "Remove")}
                                </button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="field-error">{move || field_error(&errors.read(), "levels")}</p>
            <button type="button" class="button secondary" data-test="add-level" on:click=add>{pick("レベルを追加", "添加等级", "Add a level")}</button>
            " "
            <button type="submit" class="button" data-test="save-levels">{pick("レベルを保存", "保存等级", "Save levels")}</button>
            {move || saved.get().then(|| view! { <p class="success" role="status" data-test="levels-saved">{pick("保存しました。全員のレベルを計算し直しました。", "已保存，已重新计算所有人的等级。", "Saved; every promoter's level was recomputed.")}</p> })}
        </form>
    }
}

/// Basis points as the number typed in a percent field: 150 → "1.5".
pub(crate) fn percent_text(bps: u32) -> String {
    let text = format!("{}.{:02}", bps / 100, bps % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The promoter's level and what the next one needs.
#[component]
pub fn MyLevel(status: LevelStatus) -> impl IntoView {
    let current = status.level.as_ref().map_or_else(
        || pick("まだレベルはありません", "尚无等级", "No level yet").to_string(),
        |l| format!("{} (+{})", l.name, i18n::percent(l.bonus_bps)),
    );
    let next = status.next.as_ref().map(|n| {
        let (sales, orders) = (status.needs_sales.format(), status.needs_orders);
        match i18n::lang() {
            omiyage_core::lang::Lang::Ja => {
                format!("{}まで: あと売上{sales}・注文{orders}件", n.name)
            }
            omiyage_core::lang::Lang::ZhHans => {
                format!("距离{}: 还需销售额{sales}、订单{orders}笔", n.name)
            }
            omiyage_core::lang::Lang::En => format!(
                "To reach {}: {sales} more in sales and {orders} more orders",
                n.name
            ),
        }
    });
    let (d, sales) = (status.window_days, status.sales.format());
    let figures = match i18n::lang() {
        omiyage_core::lang::Lang::Ja => format!("直近{d}日: 確定売上{sales}・{}件", status.orders),
        omiyage_core::lang::Lang::ZhHans => {
            format!("最近{d}天: 已确认销售额{sales}，{}笔订单", status.orders)
        }
        omiyage_core::lang::Lang::En => format!(
            "Last {d} days: {sales} confirmed sales, {}",
            i18n::order_count(status.orders)
        ),
    };
    view! {
        <section class="panel" data-test="my-level">
            <h2>{pick("レベル", "等级", "Level")}</h2>
            <p><strong data-test="level-name">{current}</strong></p>
            <p class="muted" data-test="level-figures">{figures}</p>
            {next.map(|n| view! { <p data-test="level-next">{n}</p> })}
        </section>
    }
}
