//! Gifts that bring customers (admin): what the shop's gifts brought (gifts sent and claimed,
//! recipients who came to the shop from their gift and became customers, their revenue, the
//! senders' rewards), and the reward rule itself.

use leptos::prelude::*;
use omiyage_api::{FieldError, GiftReport, GiftRewardSettings};
use omiyage_core::text::number;

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick};

pub fn title() -> &'static str {
    pick(
        "ギフトからの新規客",
        "礼物带来的新顾客",
        "Gifts that bring customers",
    )
}

#[component]
pub fn GiftRewardsPage() -> impl IntoView {
    set_title(title());
    let report = LocalResource::new(crate::api::gift_report);
    let stored = LocalResource::new(crate::api::reward_settings);
    view! {
        <h1>{title()}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Report report/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{pick("贈り主へのお礼", "给送礼人的奖励", "The sender's reward")}</h2>
        <p class="muted">{pick(
            "ギフトを受け取った方が、ギフトのページから「ショップを見る」で来店し、期間内に初めてのご注文（お支払い済み）をすると、贈り主にクーポンをメールでお送りします。贈り主ご本人の購入や、以前にご注文のあるメールアドレス・ブラウザは対象外です。贈り主には、受け取った方の購入内容・金額・日時は伝えません。",
            "收礼人从礼物页面点“逛逛商店”进店，并在期限内完成首次（已付款）订单时，商店会通过邮件给送礼人发放优惠券。送礼人本人购买、以前下过单的邮箱或浏览器不计。送礼人不会得知收礼人买了什么、花了多少、何时购买。",
            "When a recipient opens the shop from their gift page (\"Visit the shop\") and places their own first order (paid) within the window, the gift's sender is emailed a coupon. The sender buying for themselves, and an email or browser that ordered before, do not count. The sender never learns what the recipient bought, for how much, or when.",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stored.await {
                    Ok(settings) => view! { <RewardForm settings/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: GiftReport) -> impl IntoView {
    let rate = match report.units_claimed {
        0 => "—".to_string(),
        n => format!(
            "{:.1}%",
            f64::from(report.new_customers) * 100.0 / f64::from(n)
        ),
    };
    let kpi = |label: &'static str, test: &'static str, value: String| {
        view! { <div><dt>{label}</dt><dd data-test=test>{value}</dd></div> }
    };
    view! {
        <dl class="kpis" data-test="gift-report">
            {kpi(pick("送られたギフト", "送出的礼物", "Gifts sent"), "report-gifts", report.gifts_sent.to_string())}
            {kpi(pick("受け取られた数 / 全数", "已领取 / 总数", "Units claimed / sent"), "report-claimed", format!("{} / {}", report.units_claimed, report.units_sent))}
            {kpi(pick("ギフトからの来店", "从礼物进店", "Visits from gifts"), "report-visits", report.visits.to_string())}
            {kpi(pick("新規のお客さま", "新顾客", "New customers"), "report-customers", report.new_customers.to_string())}
            {kpi(pick("受け取った方の新規客化率", "收礼人转化率", "Recipients who became customers"), "report-rate", rate)}
            {kpi(pick("新規客の売上", "新顾客的销售额", "Their revenue"), "report-revenue", i18n::yen(report.new_customer_revenue.amount))}
            {kpi(pick("贈ったクーポン（使用済み）", "发放的优惠券（已使用）", "Rewards given (used)"), "report-rewards", format!("{} ({})", report.rewards_given, report.rewards_used))}
        </dl>
    }
}

#[component]
fn RewardForm(settings: GiftRewardSettings) -> impl IntoView {
    let enabled = RwSignal::new(settings.enabled);
    let within = RwSignal::new(settings.within_days.to_string());
    let amount = RwSignal::new(settings.amount.to_string());
    let valid = RwSignal::new(settings.valid_days.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |input: &GiftRewardSettings| {
        let input = input.clone();
        async move { crate::api::set_reward_settings(&input).await }
    });
    crate::components::follow_save(save, errors, saved, "within_days");
    // What is not a number is sent as out of range, which the server refuses with its reason.
    let days = |s: RwSignal<String>| number::<u32>(&s.get_untracked()).unwrap_or(0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        save.dispatch(GiftRewardSettings {
            enabled: enabled.get_untracked(),
            within_days: days(within),
            amount: number::<i64>(&amount.get_untracked()).unwrap_or(0),
            valid_days: days(valid),
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <form class="panel" on:submit=submit novalidate data-test="reward-form">
            <label class="check">
                <input type="checkbox" data-test="reward-enabled" bind:checked=enabled/>
                {pick("贈り主にクーポンを贈る", "给送礼人发放优惠券", "Reward senders with a coupon")}
            </label>
            <Input id="reward-within".into() label=pick("来店から初回注文までの日数", "进店后首单的天数", "Days from the visit to the first order") value=within error=err("within_days") kind="number"/>
            <Input id="reward-amount".into() label=pick("クーポンの割引額（円）", "优惠券减免金额（日元）", "Coupon amount (yen)") value=amount error=err("amount") kind="number"/>
            <Input id="reward-valid".into() label=pick("クーポンの有効日数", "优惠券有效天数", "Coupon valid for (days)") value=valid error=err("valid_days") kind="number"/>
            <div class="actions">
                <button type="submit" class="button" data-test="save-rewards">{pick("保存", "保存", "Save")}</button>
            </div>
            {move || saved.get().then(|| view! {
                <p role="status" class="success" data-test="rewards-saved">{pick("保存しました。", "已保存。", "Saved.")}</p>
            })}
        </form>
    }
}
