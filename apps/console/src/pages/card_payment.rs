//! A card order's payment at Stripe as the admin follows it: the PaymentIntent, what was
//! refunded (by the gift rules and by the admin) with each refund's state, and the refund form
//! (in part, or cancelling the order with everything still paid).

use leptos::prelude::*;
use omiyage_api::{AdminOrder, CardPaymentRecord, CardRefund, MessageStatus, OrderStatus};

use crate::components::{ErrorNote, Input};
use crate::i18n::{self, pick};

struct Words {
    title: &'static str,
    intent: &'static str,
    none_yet: &'static str,
    charged: &'static str,
    refunded: &'static str,
    refundable: &'static str,
    refunds: &'static str,
    no_refunds: &'static str,
    refund: &'static str,
    amount: &'static str,
    reason: &'static str,
    reason_hint: &'static str,
    cancel: &'static str,
    done: &'static str,
}

const JA: Words = Words {
    title: "カード決済（Stripe）",
    intent: "決済 ID",
    none_yet: "カード未入力",
    charged: "請求額",
    refunded: "返金済み・返金中",
    refundable: "返金できる額",
    refunds: "返金",
    no_refunds: "返金はまだありません。",
    refund: "返金する",
    amount: "返金額（円）",
    reason: "理由（購入者にメールで伝えます）",
    reason_hint: "例：箱の破損",
    cancel: "注文をキャンセルする（支払い済みの全額を返金し、在庫を戻します）",
    done: "返金を受け付けました。Stripe への送信後、下の一覧に表示されます。",
};

const ZH: Words = Words {
    title: "银行卡付款（Stripe）",
    intent: "付款 ID",
    none_yet: "尚未输入银行卡",
    charged: "收款金额",
    refunded: "已退款/退款中",
    refundable: "可退款金额",
    refunds: "退款",
    no_refunds: "暂无退款。",
    refund: "退款",
    amount: "退款金额（日元）",
    reason: "原因（将通过邮件告知买家）",
    reason_hint: "例如：包装破损",
    cancel: "取消订单（退还已付全部金额并恢复库存）",
    done: "已受理退款。发送到 Stripe 后会显示在下方列表中。",
};

const EN: Words = Words {
    title: "Card payment (Stripe)",
    intent: "Payment id",
    none_yet: "no card entered yet",
    charged: "Charged",
    refunded: "Refunded or refunding",
    refundable: "Still refundable",
    refunds: "Refunds",
    no_refunds: "No refunds yet.",
    refund: "Refund",
    amount: "Amount (yen)",
    reason: "Reason (the buyer is told by email)",
    reason_hint: "e.g. a dented box",
    cancel: "Cancel the order (refund everything still paid, put the stock back)",
    done: "Refund accepted: it shows below once it has gone to Stripe.",
};

fn w() -> &'static Words {
    pick(&JA, &ZH, &EN)
}

fn reason_label(topic: &str) -> &'static str {
    match topic {
        "gift_declined" => pick("ギフト辞退", "礼物被拒收", "Gift declined"),
        "gift_expired" => pick("ギフト期限切れ", "礼物过期", "Gift expired"),
        "gift_cancelled" => pick("ギフト取消", "礼物已取消", "Gift cancelled"),
        "order_cancelled" => pick("注文キャンセル", "订单取消", "Order cancelled"),
        _ => pick("管理者による返金", "管理员退款", "Refund by the admin"),
    }
}

fn state_label(r: &CardRefund) -> String {
    match r.status {
        MessageStatus::Pending => pick("送信中", "发送中", "Sending").to_string(),
        MessageStatus::Sent => pick("返金済み", "已退款", "Refunded").to_string(),
        MessageStatus::Failed => format!("{}: {}", pick("失敗", "失败", "Failed"), r.last_error),
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "awaiting_card" => pick("カード入力待ち", "等待银行卡", "Waiting for a card"),
        "refunded" => pick("全額返金済み", "已全额退款", "Refunded in full"),
        "canceled" => pick(
            "取消済み（請求なし）",
            "已取消（未收款）",
            "Cancelled (not charged)",
        ),
        _ => pick("支払い済み", "已付款", "Paid"),
    }
}

/// Before the order is read back (never shown: the panel is for card orders only).
fn nothing_yet() -> CardPaymentRecord {
    CardPaymentRecord {
        intent_id: None,
        amount: omiyage_api::Money::jpy(0),
        status: String::new(),
        refunded: omiyage_api::Money::jpy(0),
        refundable: omiyage_api::Money::jpy(0),
        refunds: Vec::new(),
    }
}

/// The panel under an order paid by card online.
#[component]
pub fn CardPaymentPanel(current: RwSignal<AdminOrder>) -> impl IntoView {
    let record = Memo::new(move |_| current.get().card.unwrap_or_else(nothing_yet));
    let token = current.with_untracked(|o| o.order.token.clone());
    let can_cancel = current.with_untracked(|o| o.order.gift.is_none());
    let amount = RwSignal::new(record.get_untracked().refundable.amount.to_string());
    let reason = RwSignal::new(String::new());
    let cancel = RwSignal::new(false);
    let done = RwSignal::new(false);
    let token_refund = token.clone();
    let refund = Action::new_local(move |request: &omiyage_api::RefundRequest| {
        let (token, request) = (token_refund.clone(), request.clone());
        async move { crate::api::refund(&token, request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(o)) = refund.value().get() {
            done.set(true);
            reason.set(String::new());
            let left = o.card.as_ref().map_or(0, |c| c.refundable.amount);
            amount.set(left.to_string());
            current.set(o);
            // The refund goes to Stripe through the outbox within seconds: read the order
            // again to list it with its state.
            let token = token.clone();
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        if let Ok(o) = crate::api::order(&token).await {
                            current.set(o);
                        }
                    })
                },
                std::time::Duration::from_secs(3),
            );
        }
    });
    let field_error = move |name: &'static str| {
        Signal::derive(move || {
            refund
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.fields.into_iter().find(|f| f.field == name))
                .map(|f| i18n::field_message(&f))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        refund.dispatch(omiyage_api::RefundRequest {
            // Not a number is sent as 0: the server says what it needs.
            amount: omiyage_core::text::number(&amount.get_untracked()).unwrap_or(0),
            reason: reason.get_untracked(),
            cancel: cancel.get_untracked(),
        });
    };
    let paid = move || current.with(|o| o.order.status == OrderStatus::Paid);
    view! {
        <section class="panel" data-test="card-payment">
            <h2>{w().title}</h2>
            <p>{w().intent}": "<code data-test="intent">{move || record.get().intent_id.unwrap_or_else(|| w().none_yet.into())}</code>
               " · "<span data-test="card-status">{move || status_label(&record.get().status)}</span></p>
            <p>{w().charged}" "{move || record.get().amount.format()}" · "{w().refunded}" "
               <span data-test="card-refunded">{move || record.get().refunded.format()}</span>" · "
               {w().refundable}" "<span data-test="card-refundable">{move || record.get().refundable.format()}</span></p>
            <h3>{w().refunds}</h3>
            {move || {
                let refunds = record.get().refunds;
                if refunds.is_empty() {
                    return view! { <p class="muted">{w().no_refunds}</p> }.into_any();
                }
                view! {
                    <table class="table" data-test="refunds">
                        <tbody>
                            {refunds.into_iter().map(|r| view! {
                                <tr>
                                    <td>{i18n::time(r.created_at)}</td>
                                    <td>{reason_label(&r.reason)}</td>
                                    <td class="num">{r.amount.format()}</td>
                                    <td>{state_label(&r)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {move || (record.get().refundable.amount > 0).then(|| view! {
                <form class="refund-form" on:submit=submit>
                    <h3>{w().refund}</h3>
                    <Input id="refund-amount".into() label=w().amount value=amount kind="number" error=field_error("amount")/>
                    <Input id="refund-reason".into() label=w().reason value=reason error=field_error("reason")/>
                    <p class="muted">{w().reason_hint}</p>
                    {(can_cancel && paid()).then(|| view! {
                        <label class="check"><input type="checkbox" data-test="refund-cancel" bind:checked=cancel/>" "{w().cancel}</label>
                    })}
                    <button type="submit" class="button" data-test="refund" disabled=move || refund.pending().get()>{w().refund}</button>
                </form>
            })}
            {move || done.get().then(|| view! { <p class="success" role="status" data-test="refund-done">{w().done}</p> })}
            {move || refund.value().get().and_then(Result::err).filter(|e| e.fields.is_empty()).map(|error| view! { <ErrorNote error/> })}
        </section>
    }
}
