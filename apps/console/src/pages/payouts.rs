//! Payouts (admin): every promoter's commission held for the return window, payable, paid and
//! owed; marking an amount paid with its reference; the ledger as CSV.

use leptos::prelude::*;
use omiyage_api::{FieldError, PayoutBalance, PayoutInput};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick, t};

pub fn title() -> &'static str {
    pick("支払い", "结算", "Payouts")
}

#[component]
pub fn PayoutsPage() -> impl IntoView {
    set_title(title());
    let balances = LocalResource::new(crate::api::payout_balances);
    view! {
        <h1>{title()}</h1>
        <p class="muted">{pick(
            "確定した報酬は返品期間のあいだ保留され、その後支払い可能になります。支払い後の返金は残高をマイナスにし、次の支払いで相殺されます。",
            "已确认的佣金在退货期内暂扣，之后可结算。结算后的退款会使余额为负，并在下次结算时抵扣。",
            "Confirmed commission is held for the return window, then payable. A refund after a payout makes the balance negative; the next payout settles it.",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match balances.await {
                    Ok(list) if list.is_empty() => view! {
                        <p data-test="no-payouts">{pick("まだ報酬のあるプロモーターはいません。", "还没有产生佣金的推广员。", "No promoter has earned commission yet.")}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <table class="table" data-test="payouts">
                            <thead><tr>
                                <th scope="col">{pick("プロモーター", "推广员", "Promoter")}</th>
                                <th scope="col" class="num">{held_label()}</th>
                                <th scope="col" class="num">{pick("支払い可能", "可结算", "Payable")}</th>
                                <th scope="col" class="num">{paid_label()}</th>
                                <th scope="col" class="num">{balance_label()}</th>
                                <th scope="col">{pick("支払う", "结算", "Pay")}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|b| view! { <PayRow balance=b on_paid=move || balances.refetch()/> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <p><a href="/api/admin/payouts.csv" download="" data-test="payouts-csv">{t().export_csv}</a></p>
    }
}

pub fn held_label() -> &'static str {
    pick("保留中", "暂扣中", "Held")
}

pub fn paid_label() -> &'static str {
    pick("支払い済み", "已结算", "Paid")
}

pub fn balance_label() -> &'static str {
    pick("残高", "余额", "Balance")
}

/// When the next held amount is released, if any is held.
pub fn release_note(b: &PayoutBalance) -> Option<String> {
    b.next_release_at.map(|at| {
        format!(
            "{} {}",
            pick("次の支払い可能日:", "下次可结算:", "Next release:"),
            i18n::time(at)
        )
    })
}

#[component]
fn PayRow(
    balance: PayoutBalance,
    on_paid: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let owed = balance.balance.amount;
    let amount = RwSignal::new(if owed > 0 {
        owed.to_string()
    } else {
        String::new()
    });
    let reference = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let account_id = balance.account_id.clone();
    // One key for the payout this row is about to make: a second click sends it again and
    // records nothing new; a recorded payout takes a fresh key for the next one.
    let key = RwSignal::new(omiyage_ui::random::new_idempotency_key());
    let pay = Action::new_local(move |input: &PayoutInput| {
        let input = input.clone();
        let key = key.get_untracked();
        async move { crate::api::pay_out(&input, &key).await }
    });
    Effect::new(move |_| match pay.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            key.set(omiyage_ui::random::new_idempotency_key());
            on_paid();
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("amount", i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pay.dispatch(PayoutInput {
            account_id: account_id.clone(),
            amount: omiyage_core::text::number(&amount.get_untracked()).unwrap_or(0),
            reference: reference.get_untracked(),
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    let id = balance.account_id.clone();
    view! {
        <tr data-test="payout-row" data-email=balance.email.clone()>
            <td>{balance.email.clone()}<br/><small class="muted">{release_note(&balance)}</small></td>
            <td class="num">{balance.held.format()}</td>
            <td class="num">{balance.payable.format()}</td>
            <td class="num">{balance.paid.format()}</td>
            <td class="num" data-test="payout-balance" class:negative=owed < 0>{balance.balance.format()}</td>
            <td>
                <form class="inline-form compact" on:submit=submit novalidate>
                    <Input id=format!("pay-amount-{id}") label=pick("金額（円）", "金额（日元）", "Amount (yen)") value=amount error=err("amount") kind="number"/>
                    <Input id=format!("pay-ref-{id}") label=pick("振込の参照番号", "转账参考号", "Transfer reference") value=reference error=err("reference")/>
                    <button type="submit" class="button" data-test="pay-out" disabled=move || pay.pending().get()>{pick("支払い済みにする", "标记为已结算", "Mark paid")}</button>
                </form>
            </td>
        </tr>
    }
}

/// A promoter's or an agency's money: held for the return window, owed now, paid, and each
/// payout.
#[component]
pub(crate) fn Balance(balance: PayoutBalance) -> impl IntoView {
    view! {
        <section class="panel" data-test="promoter-balance">
            <h2>{title()}</h2>
            <dl class="kpis">
                <div><dt>{held_label()}</dt><dd data-test="balance-held">{balance.held.format()}</dd></div>
                <div><dt>{balance_label()}</dt><dd data-test="balance-owed">{balance.balance.format()}</dd></div>
                <div><dt>{paid_label()}</dt><dd data-test="balance-paid">{balance.paid.format()}</dd></div>
            </dl>
            <p class="muted">{release_note(&balance)}</p>
            {(!balance.payouts.is_empty()).then(|| view! {
                <ul class="plain" data-test="payouts-received">
                    {balance.payouts.iter().map(|p| view! {
                        <li>{i18n::time(p.paid_at)}" · "{p.amount.format()}" · "{p.reference.clone()}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
