//! The outbox (admin): every email the shop sent or is about to send, its state and last error,
//! and "send again" for those that failed after every attempt.

use leptos::prelude::*;
use omiyage_api::{MessageStatus, OutboxMessage, OutboxView};

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{pick, time};

fn title() -> &'static str {
    pick("メール送信", "邮件发送", "Messages")
}

fn status(s: MessageStatus) -> &'static str {
    match s {
        MessageStatus::Pending => pick("送信待ち", "待发送", "Waiting"),
        MessageStatus::Sent => pick("送信済み", "已发送", "Sent"),
        MessageStatus::Failed => pick("失敗", "失败", "Failed"),
    }
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    set_title(title());
    let outbox = LocalResource::new(crate::api::messages);
    view! {
        <h1>{title()}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match outbox.await {
                    Ok(view) => view! { <Outbox view/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Outbox(view: OutboxView) -> impl IntoView {
    let messages = RwSignal::new(view.messages);
    let setup = (!view.mail_configured).then(|| {
        view! {
            <p class="notice" role="status" data-test="mail-not-configured">{pick(
                "メール送信が設定されていません（--smtp-url）。メッセージは保存され、設定後に送信されます。",
                "尚未设置邮件发送（--smtp-url）。邮件已保存，设置后将发送。",
                "Mail is not set up (--smtp-url). Messages are kept and go out once it is.",
            )}</p>
        }
    });
    view! {
        {setup}
        <div class="table-wrap">
            <table class="table" data-test="messages">
                <thead><tr>
                    <th scope="col">{pick("作成", "创建", "Created")}</th>
                    <th scope="col">{pick("宛先", "收件人", "To")}</th>
                    <th scope="col">{pick("件名", "主题", "Subject")}</th>
                    <th scope="col">{pick("状態", "状态", "Status")}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    {move || messages.get().into_iter().map(|m| view! { <Row m messages/> }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || messages.read().is_empty().then(|| view! {
            <p>{pick("まだメッセージはありません。", "还没有邮件。", "No messages yet.")}</p>
        })}
    }
}

/// One message (or webhook delivery) with its state, and "send again" once it has failed.
#[component]
pub(super) fn Row(
    m: OutboxMessage,
    messages: RwSignal<Vec<OutboxMessage>>,
    /// Show the recipient and subject columns (emails), not just the topic (deliveries).
    #[prop(default = true)]
    show_recipient: bool,
) -> impl IntoView {
    let id = m.id.clone();
    let resend = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move {
            let again = crate::api::resend_message(&id).await?;
            messages.update(|all| {
                if let Some(slot) = all.iter_mut().find(|x| x.id == again.id) {
                    *slot = again.clone();
                }
            });
            Ok::<_, omiyage_api::ApiError>(())
        }
    });
    let detail = match m.status {
        MessageStatus::Sent => m.sent_at.map(time).unwrap_or_default(),
        MessageStatus::Pending if m.attempts > 0 => format!(
            "{} {} · {}",
            m.attempts,
            pick("回失敗", "次失败", "failed attempt(s)"),
            m.last_error
        ),
        MessageStatus::Pending => String::new(),
        MessageStatus::Failed => format!("{} × · {}", m.attempts, m.last_error),
    };
    let failed = m.status == MessageStatus::Failed;
    view! {
        <tr data-test="message" data-status=m.status.as_str() data-topic=m.topic.clone()>
            <td>{time(m.created_at)}</td>
            {show_recipient.then(|| view! { <td>{m.recipient.clone()}</td> })}
            <td>{m.subject}</td>
            <td><strong>{status(m.status)}</strong><br/><small>{detail}</small></td>
            <td>
                {failed.then(|| view! {
                    <button type="button" class="button secondary" data-test="resend"
                        disabled=move || resend.pending().get()
                        on:click=move |_| { resend.dispatch(()); }>
                        {pick("再送信", "重新发送", "Send again")}
                    </button>
                })}
                {move || resend.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            </td>
        </tr>
    }
}
