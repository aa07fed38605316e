//! A promoter's invitations from agencies: listed on their home with where the link to accept
//! each was sent, and accepted only through that link (`/console/invites/:id?token=…`), signed
//! in with the invited address's account.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{ErrorNote, Loading, set_title};
use crate::i18n::{self, pick};

fn title() -> &'static str {
    pick(
        "エージェンシーからの招待",
        "代理商邀请",
        "Invitations from agencies",
    )
}

/// The agency's name and share, as an invitation says them.
fn offer(agency: &str, share_bps: u32) -> impl IntoView + use<> {
    view! {
        <strong>{agency.to_string()}</strong>" · "
        {format!("{} {}", pick("報酬の取り分", "佣金分成", "takes"), i18n::percent(share_bps))}
    }
}

/// A promoter's open invitations, each with where its link went.
#[component]
pub fn Invitations() -> impl IntoView {
    let invites = LocalResource::new(crate::api::my_invites);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let list = invites.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="panel" data-test="invitations">
                        <h2>{title()}</h2>
                        <ul class="plain">
                            {list.into_iter().map(|i| view! {
                                <li>
                                    {offer(&i.agency_name, i.share_bps)}
                                    <br/>
                                    <span class="muted" data-test="invitation-note">{match i18n::lang() {
                                        i18n::Lang::Ja => format!("{} 宛ての招待メールのリンクから参加できます。", i.email),
                                        i18n::Lang::ZhHans => format!("请通过发送到 {} 的邀请邮件中的链接加入。", i.email),
                                        i18n::Lang::En => format!("Accept it through the link in the invitation emailed to {}.", i.email),
                                    }}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// An invitation's emailed link: the offer and the button that accepts it.
#[component]
pub fn InvitePage() -> impl IntoView {
    set_title(title());
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let token = move || query.read().get("token").unwrap_or_default();
    let invites = LocalResource::new(crate::api::my_invites);
    let accept = Action::new_local(move |(id, token): &(String, String)| {
        let (id, token) = (id.clone(), token.clone());
        async move { crate::api::accept_invite(&id, &token).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            navigate("/console/", Default::default());
        }
    });
    view! {
        <section class="panel narrow" data-test="invitation">
            <h1>{title()}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let list = invites.await.unwrap_or_default();
                    match list.into_iter().find(|i| i.id == id()) {
                        Some(i) => view! {
                            <p>{offer(&i.agency_name, i.share_bps)}</p>
                            <p>{pick(
                                "参加すると、これからの紹介料の取り分をこのエージェンシーが受け取ります。",
                                "加入后，该代理商将获得您今后佣金的分成。",
                                "Once you accept, the agency takes its share of the commission you earn from then on.",
                            )}</p>
                            <button type="button" class="button" data-test="accept-invite" disabled=move || accept.pending().get()
                                on:click=move |_| { accept.dispatch((id(), token())); }>
                                {pick("参加する", "加入", "Accept")}
                            </button>
                        }.into_any(),
                        None => view! {
                            <p data-test="no-invitation">{pick(
                                "この招待は見つかりません。招待されたメールアドレスのアカウントでサインインしているか確かめてください（参加済みの招待は表示されません）。",
                                "找不到这个邀请。请确认您登录的是被邀请邮箱的账户（已加入的邀请不再显示）。",
                                "This invitation was not found. Check that you are signed in with the invited email's account (an invitation already accepted is not shown).",
                            )}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            {move || accept.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorNote error/> })}
        </section>
    }
}
