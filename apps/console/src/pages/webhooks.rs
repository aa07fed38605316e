//! Webhook endpoints (admin): add one (URL and events), see its signing secret, rotate it,
//! send a test event, read its delivery log and send a failed delivery again.

use leptos::prelude::*;
use omiyage_api::{ApiError, OutboxMessage, WEBHOOK_EVENTS, WebhookEndpoint, WebhookInput};

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{pick, time};

fn title() -> &'static str {
    pick("Webhook", "Webhook", "Webhooks")
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    set_title(title());
    let list = LocalResource::new(crate::api::webhooks);
    view! {
        <h1>{title()}</h1>
        <p>{pick(
            "注文やギフトの出来事を、署名付きの JSON で他のシステムに送ります（Omiyage-Signature ヘッダー）。",
            "把订单和礼物的事件以签名的 JSON 发送到其他系统（Omiyage-Signature 头）。",
            "Tell your other systems about orders and gifts: signed JSON POSTs (the Omiyage-Signature header).",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(endpoints) => view! { <Endpoints endpoints/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Endpoints(endpoints: Vec<WebhookEndpoint>) -> impl IntoView {
    let endpoints = RwSignal::new(endpoints);
    view! {
        <div data-test="webhooks">
            {move || endpoints.get().into_iter().map(|e| view! { <EndpointPanel endpoint=e endpoints/> }).collect_view()}
        </div>
        <NewEndpoint endpoints/>
    }
}

#[component]
fn NewEndpoint(endpoints: RwSignal<Vec<WebhookEndpoint>>) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<String>::new());
    let add = Action::new_local(move |input: &WebhookInput| {
        let input = input.clone();
        async move {
            let made = crate::api::create_webhook(&input).await?;
            endpoints.update(|all| all.push(made));
            url.set(String::new());
            events.set(Vec::new());
            Ok::<_, ApiError>(())
        }
    });
    let error_of = move |field: &'static str| {
        move || {
            add.value()
                .get()
                .and_then(Result::err)
                .and_then(|e: ApiError| {
                    e.fields
                        .iter()
                        .find(|f| f.field == field)
                        .map(|f| f.message.clone())
                })
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(WebhookInput {
            url: url.get_untracked(),
            events: events.get_untracked(),
        });
    };
    view! {
        <form class="panel" on:submit=on_submit data-test="new-webhook">
            <h2>{pick("エンドポイントを追加", "添加端点", "Add an endpoint")}</h2>
            <div class="field">
                <label for="webhook-url">"URL"</label>
                <input id="webhook-url" type="url" bind:value=url placeholder="https://example.com/hooks/omiyage"
                    aria-describedby="webhook-url-err"/>
                <p id="webhook-url-err" class="field-error" aria-live="polite">{error_of("url")}</p>
            </div>
            <fieldset class="variants">
                <legend>{pick("イベント", "事件", "Events")}</legend>
                {WEBHOOK_EVENTS.into_iter().map(|name| {
                    let checked = move || events.read().iter().any(|e| e == name);
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=checked on:change=move |_| events.update(|v| {
                                if let Some(i) = v.iter().position(|x| x == name) { v.remove(i); } else { v.push(name.to_string()); }
                            })/>
                            <code>{name}</code>
                        </label>
                    }
                }).collect_view()}
                <p id="webhook-events-err" class="field-error" aria-live="polite">{error_of("events")}</p>
            </fieldset>
            <button type="submit" class="button" data-test="add-webhook" disabled=move || add.pending().get()>
                {pick("追加", "添加", "Add endpoint")}
            </button>
        </form>
    }
}

#[component]
fn EndpointPanel(
    endpoint: WebhookEndpoint,
    endpoints: RwSignal<Vec<WebhookEndpoint>>,
) -> impl IntoView {
    let id = StoredValue::new(endpoint.id.clone());
    let deliveries = RwSignal::new(Vec::<OutboxMessage>::new());
    let refresh = Action::new_local(move |_: &()| {
        let id = id.get_value();
        async move {
            deliveries.set(crate::api::webhook_deliveries(&id).await?);
            Ok::<_, ApiError>(())
        }
    });
    refresh.dispatch(());
    let rotate = Action::new_local(move |_: &()| {
        let id = id.get_value();
        async move {
            let rotated = crate::api::rotate_webhook(&id).await?;
            endpoints.update(|all| {
                if let Some(slot) = all.iter_mut().find(|e| e.id == rotated.id) {
                    *slot = rotated.clone();
                }
            });
            Ok::<_, ApiError>(())
        }
    });
    let test = Action::new_local(move |_: &()| {
        let id = id.get_value();
        async move { crate::api::test_webhook(&id).await }
    });
    let remove = Action::new_local(move |_: &()| {
        let id = id.get_value();
        async move {
            crate::api::delete_webhook(&id).await?;
            endpoints.update(|all| all.retain(|e| e.id != id));
            Ok::<_, ApiError>(())
        }
    });
    let error = move || {
        [
            refresh.value().get(),
            rotate.value().get(),
            test.value().get(),
            remove.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    };
    let rotating = endpoint.previous_secret_until.map(|until| {
        format!(
            "{} {}",
            pick(
                "以前の鍵も有効：",
                "旧密钥仍有效至",
                "The previous secret signs too until"
            ),
            time(until)
        )
    });
    view! {
        <section class="panel" data-test="webhook">
            <h2><code data-test="webhook-url">{endpoint.url.clone()}</code></h2>
            <p>{endpoint.events.join(", ")}</p>
            <p>{pick("署名の鍵", "签名密钥", "Signing secret")}": "<code data-test="webhook-secret">{endpoint.secret.clone()}</code></p>
            {rotating.map(|r| view! { <p class="hint">{r}</p> })}
            <p class="actions">
                <button type="button" class="button secondary" data-test="test-webhook"
                    on:click=move |_| { test.dispatch(()); }>{pick("テスト送信", "发送测试事件", "Send test event")}</button>
                " "
                <button type="button" class="button secondary" data-test="rotate-webhook"
                    on:click=move |_| { rotate.dispatch(()); }>{pick("鍵を更新", "轮换密钥", "Rotate secret")}</button>
                " "
                <button type="button" class="button secondary" data-test="refresh-deliveries"
                    on:click=move |_| { refresh.dispatch(()); }>{pick("配信履歴を更新", "刷新投递记录", "Refresh log")}</button>
                " "
                <button type="button" class="link" data-test="delete-webhook"
                    on:click=move |_| { remove.dispatch(()); }>{pick("削除", "删除", "Delete")}</button>
            </p>
            {move || test.value().get().and_then(Result::ok).map(|_| view! {
                <p role="status" data-test="test-queued">{pick("テストイベントを送信待ちにしました。", "测试事件已排队。", "Test event queued.")}</p>
            })}
            {move || error().map(|error| view! { <ErrorNote error/> })}
            <h3>{pick("配信履歴", "投递记录", "Deliveries")}</h3>
            <div class="table-wrap">
                <table class="table" data-test="deliveries">
                    <thead><tr>
                        <th scope="col">{pick("作成", "创建", "Created")}</th>
                        <th scope="col">{pick("イベント", "事件", "Event")}</th>
                        <th scope="col">{pick("状態", "状态", "Status")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>
                        {move || deliveries.get().into_iter().map(|d| view! {
                            <super::messages::Row m=d messages=deliveries show_recipient=false/>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
