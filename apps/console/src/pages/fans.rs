//! Messages to fans (admin): write one in the three languages with up to six product cards,
//! send it to the members who asked for the shop's news (all, or those reading some
//! languages), and see what each message sold.

use leptos::prelude::*;
use omiyage_api::{
    AdminProduct, FAN_LANGS, FAN_MESSAGE_PRODUCTS, FanMessageDraft, FanMessageSummary,
    FanMessageText, FieldError,
};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick};

pub fn title() -> &'static str {
    pick("ファンへのメッセージ", "给粉丝的消息", "Messages to fans")
}

fn lang_name(tag: &str) -> &'static str {
    match tag {
        "ja" => "日本語",
        "zh-Hans" => "简体中文",
        _ => "English",
    }
}

#[component]
pub fn FansPage() -> impl IntoView {
    set_title(title());
    let sent = LocalResource::new(crate::api::fan_messages);
    let products = LocalResource::new(crate::api::products);
    let rules = LocalResource::new(crate::api::point_settings);
    view! {
        <h1>{title()}</h1>
        <p class="muted">{pick(
            "マイページで「お店からのお知らせ」を希望した会員にだけ、それぞれの言語で届きます。各メールにはワンクリックの配信停止が付きます。商品カードから来た注文は下の一覧に数えられます。",
            "只发送给在“我的页面”订阅了商店消息的会员，按各自的语言发送。每封邮件都带有一键退订。从商品卡片带来的订单会计入下面的列表。",
            "Only members who asked for the shop's news on My page get it, each in their language, with a one-click unsubscribe. Orders placed from its product cards count in the list below.",
        )}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let ranks: Vec<String> = match rules.await {
                    Ok(r) => r.ranks.into_iter().map(|r| r.name).collect(),
                    Err(_) => Vec::new(),
                };
                match products.await {
                    Ok(list) => view! { <Compose products=list ranks sent/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{pick("送ったメッセージ", "已发送的消息", "Messages sent")}</h2>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match sent.await {
                    Ok(list) => view! { <Sent list/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Compose(
    products: Vec<AdminProduct>,
    /// The shop's ranks, by name.
    ranks: Vec<String>,
    sent: LocalResource<Result<Vec<FanMessageSummary>, omiyage_api::ApiError>>,
) -> impl IntoView {
    let words: Vec<(&'static str, RwSignal<String>, RwSignal<String>)> = FAN_LANGS
        .iter()
        .map(|l| {
            (
                *l,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let audience: Vec<(&'static str, RwSignal<bool>)> = FAN_LANGS
        .iter()
        .map(|l| (*l, RwSignal::new(true)))
        .collect();
    let chosen = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<u32>);
    let send = Action::new_local(move |draft: &FanMessageDraft| {
        let draft = draft.clone();
        async move { crate::api::send_fan_message(&draft).await }
    });
    Effect::new(move |_| {
        send.value().with(|answer| match answer {
            Some(Ok(summary)) => {
                errors.set(Vec::new());
                done.set(Some(summary.recipients));
                sent.refetch();
            }
            Some(Err(e)) => {
                done.set(None);
                errors.set(match e.fields.is_empty() {
                    true => vec![FieldError::new("texts", i18n::error_message(e))],
                    false => e.fields.clone(),
                });
            }
            None => {}
        })
    });
    let err = move |f: String| Signal::derive(move || field_error(&errors.read(), &f));
    let words_for_submit = words.clone();
    let audience_for_submit = audience.clone();
    let ranks: Vec<(String, RwSignal<bool>)> = ranks
        .into_iter()
        .map(|r| (r, RwSignal::new(false)))
        .collect();
    let ranks_for_submit = ranks.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let langs: Vec<String> = audience_for_submit
            .iter()
            .filter(|(_, on)| on.get_untracked())
            .map(|(l, _)| l.to_string())
            .collect();
        // Every language ticked is everyone: sent as no filter.
        let langs = match langs.len() == FAN_LANGS.len() {
            true => Vec::new(),
            false => langs,
        };
        let texts = words_for_submit
            .iter()
            .filter(|(l, _, _)| langs.is_empty() || langs.iter().any(|x| x == l))
            .map(|(l, subject, text)| FanMessageText {
                lang: l.to_string(),
                subject: subject.get_untracked(),
                text: text.get_untracked(),
            })
            .collect();
        send.dispatch(FanMessageDraft {
            texts,
            product_ids: chosen.get_untracked(),
            langs,
            ranks: ranks_for_submit
                .iter()
                .filter(|(_, on)| on.get_untracked())
                .map(|(name, _)| name.clone())
                .collect(),
        });
    };
    let fields = words
        .into_iter()
        .map(|(lang, subject, text)| {
            let text_id = format!("fan-text-{lang}");
            let text_err = err(format!("texts.{lang}.text"));
            view! {
                <fieldset class="panel" data-test=format!("fan-words-{lang}")>
                    <legend>{lang_name(lang)}</legend>
                    <Input id=format!("fan-subject-{lang}") label=pick("件名", "主题", "Subject") value=subject error=err(format!("texts.{lang}.subject"))/>
                    <div class="field" class:invalid=move || text_err.get().is_some()>
                        <label for=text_id.clone()>{pick("本文", "正文", "Text")}</label>
                        <textarea id=text_id.clone() rows="4" bind:value=text
                            aria-invalid=move || text_err.get().is_some().to_string()
                            aria-describedby=format!("{text_id}-err")></textarea>
                        <p id=format!("{text_id}-err") class="field-error" aria-live="polite">{move || text_err.get()}</p>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let to = audience
        .into_iter()
        .map(|(lang, on)| {
            view! {
                <label class="check">
                    <input type="checkbox" bind:checked=on data-test=format!("fan-to-{lang}")/>
                    {lang_name(lang)}
                </label>
            }
        })
        .collect_view();
    let cards = products
        .into_iter()
        .filter(|p| !p.archived)
        .map(|p| {
            let id = p.id.clone();
            let checked = {
                let id = id.clone();
                move || chosen.read().contains(&id)
            };
            let toggle = {
                let id = id.clone();
                move |_| {
                    chosen.update(|c| match c.iter().position(|x| *x == id) {
                        Some(i) => {
                            c.remove(i);
                        }
                        None => c.push(id.clone()),
                    })
                }
            };
            let full = {
                let id = id.clone();
                move || chosen.read().len() >= FAN_MESSAGE_PRODUCTS && !chosen.read().contains(&id)
            };
            view! {
                <label class="check">
                    <input type="checkbox" prop:checked=checked on:change=toggle disabled=full
                        data-test=format!("fan-product-{id}")/>
                    {p.name}
                </label>
            }
        })
        .collect_view();
    let ranks_err = err("ranks".to_string());
    let by_rank = (!ranks.is_empty()).then(|| {
        let boxes = ranks
            .into_iter()
            .map(|(name, on)| {
                view! {
                    <label class="check">
                        <input type="checkbox" bind:checked=on data-test=format!("fan-rank-{name}")/>
                        {name.clone()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="panel">
                <legend>{pick("会員ランク（選ばなければ全員）", "会员等级（不选则为全部）", "Ranks (none ticked: everyone)")}</legend>
                {boxes}
                <p class="field-error" aria-live="polite">{move || ranks_err.get()}</p>
            </fieldset>
        }
    });
    let products_err = err("product_ids".to_string());
    let general_err = err("texts".to_string());
    view! {
        <form on:submit=submit novalidate data-test="fan-form">
            {fields}
            <fieldset class="panel">
                <legend>{pick("送る相手（言語）", "发送对象（语言）", "Send to readers of")}</legend>
                {to}
            </fieldset>
            {by_rank}
            <fieldset class="panel">
                <legend>{move || format!("{} ({}/{FAN_MESSAGE_PRODUCTS})",
                    pick("商品カード", "商品卡片", "Product cards"), chosen.read().len())}</legend>
                <div class="checks">{cards}</div>
                <p class="field-error" aria-live="polite">{move || products_err.get()}</p>
            </fieldset>
            <p class="field-error" aria-live="polite">{move || general_err.get()}</p>
            <div class="actions">
                <button type="submit" class="button" data-test="fan-send">{pick("送信", "发送", "Send")}</button>
            </div>
            {move || done.get().map(|n| view! {
                <p role="status" class="success" data-test="fan-sent">{match i18n::lang() {
                    i18n::Lang::Ja => format!("{n}人の会員に送信しました。"),
                    i18n::Lang::ZhHans => format!("已发送给 {n} 位会员。"),
                    i18n::Lang::En => format!("Sent to {n} member(s)."),
                }}</p>
            })}
        </form>
    }
}

#[component]
fn Sent(list: Vec<FanMessageSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">{pick("まだありません。", "还没有。", "None yet.")}</p> }
            .into_any();
    }
    let rows = list
        .into_iter()
        .map(|m| {
            view! {
                <tr data-test="fan-message">
                    <td>{m.subject}</td>
                    <td>{omiyage_core::dates::date(i18n::lang(), m.created_at)}</td>
                    <td class="num">{m.recipients}</td>
                    <td class="num">{m.products}</td>
                    <td class="num" data-test="fan-orders">{m.orders}</td>
                    <td class="num">{i18n::yen(m.sales.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <thead><tr>
                <th>{pick("件名", "主题", "Subject")}</th>
                <th>{pick("送信日", "发送日期", "Sent")}</th>
                <th class="num">{pick("送信先", "收件人", "Recipients")}</th>
                <th class="num">{pick("商品", "商品", "Products")}</th>
                <th class="num">{pick("注文", "订单", "Orders")}</th>
                <th class="num">{pick("売上", "销售额", "Sales")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
