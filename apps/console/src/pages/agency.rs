//! Agencies in the console. An agency's home: invite promoters by email, its promoters with the
//! commission split between them, joining plans for a promoter, and its balance. The admin's
//! list of agencies and the form to create one. (A promoter's invitations: `invitations`.)

use leptos::prelude::*;
use omiyage_api::{AgencyInput, AgencyPromoter, FieldError};

use crate::components::{ErrorNote, Input, Loading, field_error};
use crate::i18n::{self, pick, t};

#[component]
pub fn AgencyHome(
    /// The agency's name.
    name: String,
) -> impl IntoView {
    let promoters = LocalResource::new(crate::api::agency_promoters);
    let invites = LocalResource::new(crate::api::agency_invites);
    let balance = LocalResource::new(crate::api::agency_balance);
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let invite = Action::new_local(move |email: &String| {
        let email = email.clone();
        async move { crate::api::invite_promoter(&email).await }
    });
    Effect::new(move |_| match invite.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            email.set(String::new());
            invites.refetch();
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("email", i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.dispatch(email.get_untracked());
    };
    view! {
        <h1>{t().welcome}" "{name}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                balance.await.ok().map(|b| view! { <super::payouts::Balance balance=b/> })
            })}
        </Suspense>
        <section class="panel">
            <h2>{pick("所属プロモーター", "旗下推广员", "Your promoters")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match promoters.await {
                        Ok(list) if list.is_empty() => view! {
                            <p>{pick("まだプロモーターはいません。メールで招待しましょう。", "还没有推广员，用邮箱邀请吧。", "No promoters yet: invite them by email.")}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <table class="table" data-test="agency-promoters">
                                <thead><tr>
                                    <th scope="col">{pick("プロモーター", "推广员", "Promoter")}</th>
                                    <th scope="col" class="num">{t().nav_orders}</th>
                                    <th scope="col" class="num">{pick("新規購入者の割合", "新买家占比", "New-buyer share")}</th>
                                    <th scope="col" class="num">{t().confirmed}</th>
                                    <th scope="col" class="num">{pick("エージェンシー分", "代理商分成", "Agency's part")}</th>
                                    <th scope="col" class="num">{pick("プロモーター分", "推广员分成", "Promoter's part")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|p| view! { <PromoterRow promoter=p/> }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="panel">
            <h2>{pick("プロモーターを招待", "邀请推广员", "Invite a promoter")}</h2>
            <form class="inline-form compact" on:submit=submit data-test="invite-promoter" novalidate>
                <Input id="invite-email".into() label=t().email value=email error=Signal::derive(move || field_error(&errors.read(), "email")) kind="email"/>
                <button type="submit" class="button" data-test="send-invite">{pick("招待する", "邀请", "Invite")}</button>
            </form>
            <Suspense>
                {move || Suspend::new(async move {
                    let list = invites.await.unwrap_or_default();
                    view! {
                        <ul class="plain" data-test="agency-invites">
                            {list.into_iter().map(|i| view! {
                                <li>{i.email}" · "{match i.accepted_at {
                                    Some(_) => pick("参加済み", "已加入", "joined"),
                                    None => pick("返事待ち", "待回复", "waiting"),
                                }}</li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One promoter of the agency, with the plans the agency may join for them.
#[component]
fn PromoterRow(promoter: AgencyPromoter) -> impl IntoView {
    let id = StoredValue::new(promoter.account_id.clone());
    let open = RwSignal::new(false);
    let plans = LocalResource::new(move || async move {
        if open.get() {
            crate::api::agency_promoter_plans(&id.get_value())
                .await
                .unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let join = Action::new_local(move |plan: &String| {
        let plan = plan.clone();
        async move { crate::api::join_for(&id.get_value(), &plan).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = join.value().get() {
            plans.refetch();
        }
    });
    view! {
        <tr data-test="agency-promoter" data-email=promoter.email.clone()>
            <td>
                {promoter.name.clone()}<br/><small class="muted">{promoter.email.clone()}</small><br/>
                <button type="button" class="link" data-test="promoter-plans" on:click=move |_| open.update(|o| *o = !*o)>
                    {pick("プランに参加させる", "替其加入计划", "Join plans for them")}
                </button>
                <Suspense>{move || Suspend::new(async move {
                    plans.await.into_iter().map(|p| {
                        let plan_id = p.id.clone();
                        view! {
                            <div class="plan-choice">
                                {p.name}" · "{i18n::rates(p.commission_bps, p.new_buyer_bps)}" "
                                {if p.joined {
                                    view! { <span class="badge">{t().joined}</span> }.into_any()
                                } else {
                                    view! { <button type="button" class="button secondary" data-test="join-for" on:click=move |_| { join.dispatch(plan_id.clone()); }>{t().join}</button> }.into_any()
                                }}
                            </div>
                        }
                    }).collect_view()
                })}</Suspense>
            </td>
            <td class="num">{promoter.orders}</td>
            <td class="num" data-test="agency-new-buyers">{i18n::percent(promoter.new_buyer_share_bps)}</td>
            <td class="num">{promoter.commission.confirmed.format()}</td>
            <td class="num" data-test="agency-part">{promoter.agency_part.format()}</td>
            <td class="num" data-test="promoter-part">{promoter.promoter_part.format()}</td>
        </tr>
    }
}

/// The admin's agencies and the form to create one.
#[component]
pub fn AgenciesAdmin() -> impl IntoView {
    let agencies = LocalResource::new(crate::api::agencies);
    let (name, email, password, share) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("20".to_string()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = Action::new_local(move |input: &AgencyInput| {
        let input = input.clone();
        async move { crate::api::create_agency(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            name.set(String::new());
            email.set(String::new());
            password.set(String::new());
            agencies.refetch();
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("email", i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pct: f64 = omiyage_core::text::number(&share.get_untracked()).unwrap_or(-1.0);
        create.dispatch(AgencyInput {
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            share_bps: (pct * 100.0).round() as i64,
        });
    };
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <section class="panel" data-test="agencies">
            <h2>{pick("エージェンシー", "代理商", "Agencies")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    agencies.await.unwrap_or_default().into_iter().map(|a| view! {
                        <p>{a.name}" <"{a.email}"> · "{i18n::percent(a.share_bps)}" · "
                            {format!("{} {}", a.promoters, pick("人のプロモーター", "名推广员", "promoters"))}</p>
                    }).collect_view()
                })}
            </Suspense>
            <form class="inline-form" on:submit=submit novalidate>
                <h3>{pick("エージェンシーを作成", "创建代理商", "New agency")}</h3>
                <Input id="agency-name".into() label=t().name value=name error=err("name")/>
                <Input id="agency-email".into() label=t().email value=email error=err("email") kind="email"/>
                <Input id="agency-password".into() label=pick("初期パスワード", "初始密码", "First password") value=password error=err("password") kind="password" autocomplete="new-password"/>
                <Input id="agency-share".into() label=pick("取り分（%）", "分成（%）", "Share (%)") value=share error=err("share_bps") kind="number"/>
                <button type="submit" class="button" data-test="create-agency">{pick("作成", "创建", "Create")}</button>
            </form>
        </section>
    }
}
