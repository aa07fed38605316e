//! Coupons (admin): codes taking a fixed amount or a percentage off the products or categories
//! they cover, from a minimum spend, between two days, with caps in all and per email, and
//! optionally a promoter's (orders using it are credited to them). Each coupon's uses and what
//! it took off; switch one off or on. And a promoter's own codes, on their home.

use leptos::prelude::*;
use omiyage_api::{CouponInput, CouponView, DiscountKind, FieldError, PromoterCoupon, Role};
use omiyage_core::sales::{date_of, day_of};

use crate::components::{ErrorNote, Input, Loading, field_error, set_title};
use crate::i18n::{self, pick, t};

pub fn title() -> &'static str {
    pick("クーポン", "优惠码", "Coupons")
}

/// What a coupon takes off: `10 %` or `¥500`.
fn off(kind: DiscountKind, value: i64) -> String {
    match kind {
        DiscountKind::Percent => format!("{value} %"),
        DiscountKind::Fixed => i18n::yen(value),
    }
}

/// The form's input for a stored coupon, switched off or on.
fn input_of(c: &CouponView, disabled: bool) -> CouponInput {
    CouponInput {
        code: c.code.clone(),
        kind: c.kind,
        value: c.value,
        min_spend: c.min_spend,
        starts_on: date_of(day_of(c.starts_at)),
        ends_on: date_of(day_of(c.ends_at) - 1),
        product_ids: c.product_ids.clone(),
        category_ids: c.category_ids.clone(),
        max_uses: c.max_uses.map(i64::from),
        per_email: c.per_email.map(i64::from),
        promoter_id: c.promoter_id.clone(),
        disabled,
    }
}

fn whole(s: RwSignal<String>) -> i64 {
    omiyage_core::text::number(&s.get_untracked()).unwrap_or(-1)
}

fn optional(s: RwSignal<String>) -> Option<i64> {
    (!s.get_untracked().trim().is_empty()).then(|| whole(s))
}

/// A list of ids picked with check boxes.
fn toggle(list: RwSignal<Vec<String>>, id: &str) {
    list.update(|v| match v.iter().position(|x| x == id) {
        Some(i) => {
            v.remove(i);
        }
        None => v.push(id.to_string()),
    });
}

#[component]
pub fn CouponsPage() -> impl IntoView {
    set_title(title());
    let coupons = LocalResource::new(crate::api::coupons);
    let catalog = LocalResource::new(crate::api::catalog);
    let promoters = LocalResource::new(|| async {
        crate::api::accounts()
            .await
            .map(|list| {
                list.into_iter()
                    .filter(|a| a.role == Role::Promoter && !a.disabled)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let s = |v: &str| RwSignal::new(v.to_string());
    let (code, value, min_spend) = (s(""), s("10"), s("0"));
    let (max_uses, per_email, promoter) = (s(""), s(""), s(""));
    let percent = RwSignal::new(true);
    let (starts, ends) = (
        RwSignal::new(i18n::date_in_days(0)),
        RwSignal::new(i18n::date_in_days(30)),
    );
    let (products, categories) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // The coupon being edited (its code, and whether it is switched off), or none: a new one.
    let editing = RwSignal::new(None::<(String, bool)>);
    let create = Action::new_local(move |(input, edit): &(CouponInput, bool)| {
        let (input, edit) = (input.clone(), *edit);
        async move {
            if edit {
                crate::api::update_coupon(&input).await
            } else {
                crate::api::create_coupon(&input).await
            }
        }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            errors.set(Vec::new());
            code.set(String::new());
            editing.set(None);
            coupons.refetch();
        }
        Some(Err(e)) => errors.set(if e.fields.is_empty() {
            vec![FieldError::new("code", i18n::error_message(&e))]
        } else {
            e.fields
        }),
        None => {}
    });
    // Fills the form with a stored coupon's terms, to change them.
    let start_edit = move |c: &CouponView| {
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        code.set(c.code.clone());
        percent.set(c.kind == DiscountKind::Percent);
        value.set(c.value.to_string());
        min_spend.set(c.min_spend.to_string());
        starts.set(date_of(day_of(c.starts_at)));
        ends.set(date_of(day_of(c.ends_at) - 1));
        max_uses.set(text(c.max_uses));
        per_email.set(text(c.per_email));
        promoter.set(c.promoter_id.clone().unwrap_or_default());
        products.set(c.product_ids.clone());
        categories.set(c.category_ids.clone());
        errors.set(Vec::new());
        editing.set(Some((c.code.clone(), c.disabled)));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edited = editing.get_untracked();
        let input = CouponInput {
            code: edited
                .as_ref()
                .map_or_else(|| code.get_untracked(), |(c, _)| c.clone()),
            kind: if percent.get_untracked() {
                DiscountKind::Percent
            } else {
                DiscountKind::Fixed
            },
            value: whole(value),
            min_spend: whole(min_spend),
            starts_on: starts.get_untracked(),
            ends_on: ends.get_untracked(),
            product_ids: products.get_untracked(),
            category_ids: categories.get_untracked(),
            max_uses: optional(max_uses),
            per_email: optional(per_email),
            promoter_id: Some(promoter.get_untracked()).filter(|p| !p.is_empty()),
            disabled: edited.as_ref().is_some_and(|(_, off)| *off),
        };
        create.dispatch((input, edited.is_some()));
    };
    let switch = Action::new_local(move |input: &CouponInput| {
        let input = input.clone();
        async move { crate::api::update_coupon(&input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = switch.value().get() {
            coupons.refetch();
        }
    });
    let err = move |f: &'static str| Signal::derive(move || field_error(&errors.read(), f));
    view! {
        <h1>{title()}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match coupons.await {
                    Ok(list) if list.is_empty() => view! {
                        <p>{pick("クーポンはまだありません。", "还没有优惠码。", "No coupons yet.")}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <table class="table coupons" data-test="coupons">
                            <thead><tr>
                                <th scope="col">{pick("コード", "优惠码", "Code")}</th>
                                <th scope="col">{pick("割引", "折扣", "Off")}</th>
                                <th scope="col">{t().starts}" – "{t().ends}</th>
                                <th scope="col">{pick("利用", "使用", "Uses")}</th>
                                <th scope="col">{pick("割引額の合計", "折扣合计", "Taken off")}</th>
                                <th scope="col">{pick("プロモーター", "推广员", "Promoter")}</th>
                                <th scope="col"><span class="visually-hidden">{pick("操作", "操作", "Actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| {
                                    let toggled = input_of(&c, !c.disabled);
                                    let stored = c.clone();
                                    let uses = match c.max_uses {
                                        Some(max) => format!("{} / {max}", c.uses),
                                        None => c.uses.to_string(),
                                    };
                                    view! {
                                        <tr data-test="coupon" data-code=c.code.clone()>
                                            <td class="mono"><strong>{c.code.clone()}</strong>
                                                {c.disabled.then(|| view! { " "<span class="badge muted">{pick("停止中", "已停用", "Off")}</span> })}</td>
                                            <td>{off(c.kind, c.value)}
                                                {(c.min_spend > 0).then(|| format!(" · {} {}", pick("最低", "满", "from"), i18n::yen(c.min_spend)))}
                                                {c.per_email.map(|n| pick(format!(" · 1人{n}回まで"), format!(" · 每人限{n}次"), format!(" · {n} per email")))}</td>
                                            <td>{date_of(day_of(c.starts_at))}" – "{date_of(day_of(c.ends_at) - 1)}</td>
                                            <td data-test="coupon-uses">{uses}</td>
                                            <td data-test="coupon-discounted">{i18n::yen(c.discounted.amount)}</td>
                                            <td>{c.promoter_name.clone().unwrap_or_default()}</td>
                                            <td><button type="button" class="link" data-test="coupon-edit" on:click=move |_| start_edit(&stored)>
                                                {pick("編集", "编辑", "Edit")}
                                            </button>" "
                                            <button type="button" class="link" data-test="coupon-switch" on:click=move |_| { switch.dispatch(toggled.clone()); }>
                                                {if c.disabled { pick("再開", "启用", "Switch on") } else { pick("停止", "停用", "Switch off") }}
                                            </button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        {move || switch.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        <form class="panel inline-form coupon-form" on:submit=submit data-test="new-coupon" novalidate>
            <h2>{move || match editing.get() {
                Some((code, _)) => format!("{} {code}", pick("クーポンを編集:", "编辑优惠码：", "Edit coupon")),
                None => pick("新しいクーポン", "新建优惠码", "New coupon").to_string(),
            }}</h2>
            <Input id="coupon-code".into() label=pick("コード（英数字3〜20文字）", "优惠码（3–20个字母或数字）", "Code (3–20 letters and digits)") value=code error=err("code")/>
            <fieldset class="choices">
                <legend>{pick("割引の種類", "折扣方式", "Discount")}</legend>
                <label class="check"><input type="radio" name="coupon-kind" data-test="coupon-percent" prop:checked=move || percent.get() on:change=move |_| percent.set(true)/>" "{pick("％引き", "按比例", "Percent off")}</label>
                <label class="check"><input type="radio" name="coupon-kind" data-test="coupon-fixed" prop:checked=move || !percent.get() on:change=move |_| percent.set(false)/>" "{pick("円引き", "固定金额", "Yen off")}</label>
            </fieldset>
            <Input id="coupon-value".into() label=pick("割引（％または円）", "折扣（%或日元）", "Amount off (% or ¥)") value=value error=err("value") kind="number"/>
            <Input id="coupon-min".into() label=pick("最低購入額（円、対象商品）", "最低消费（日元，适用商品）", "Minimum spend (¥, on covered items)") value=min_spend error=err("min_spend") kind="number"/>
            <Input id="coupon-starts".into() label=t().starts value=starts error=err("starts_on") kind="date"/>
            <Input id="coupon-ends".into() label=t().ends value=ends error=err("ends_on") kind="date"/>
            <Input id="coupon-max".into() label=pick("利用回数の上限（空欄で無制限）", "总次数上限（留空则不限）", "Uses in all (blank: no limit)") value=max_uses error=err("max_uses") kind="number"/>
            <Input id="coupon-per-email".into() label=pick("1メールあたりの上限（空欄で無制限）", "每个邮箱上限（留空则不限）", "Uses per email (blank: no limit)") value=per_email error=err("per_email") kind="number"/>
            <div class="field">
                <label for="coupon-promoter">{pick("プロモーター（任意：利用した注文はその人の成果に）", "推广员（选填：使用此码的订单计入其业绩）", "Promoter (optional: orders using it are theirs)")}</label>
                <select id="coupon-promoter" data-test="coupon-promoter" prop:value=move || promoter.get()
                    on:change=move |ev| promoter.set(event_target_value(&ev))>
                    <option value="">{pick("なし", "无", "None")}</option>
                    <Suspense>{move || Suspend::new(async move {
                        promoters.await.into_iter().map(|a| view! { <option value=a.id>{a.name}" <"{a.email}">"</option> }).collect_view()
                    })}</Suspense>
                </select>
                <p class="field-error">{move || field_error(&errors.read(), "promoter_id")}</p>
            </div>
            <fieldset class="variants covers">
                <legend>{pick("対象（何も選ばなければ全商品）", "适用范围（不选则全部商品）", "Covers (nothing chosen: everything)")}</legend>
                <Suspense>{move || Suspend::new(async move {
                    let c = catalog.await.unwrap_or_default();
                    let cats = c.categories.into_iter().map(|cat| {
                        let id = cat.id.clone();
                        let checked = { let id = id.clone(); move || categories.read().contains(&id) };
                        view! { <label class="check"><input type="checkbox" data-test="coupon-category" value=id.clone()
                            prop:checked=checked on:change=move |_| toggle(categories, &id)/>{cat.name}</label> }
                    }).collect_view();
                    let items = c.products.into_iter().map(|p| {
                        let id = p.id.clone();
                        let checked = { let id = id.clone(); move || products.read().contains(&id) };
                        view! { <label class="check"><input type="checkbox" prop:checked=checked on:change=move |_| toggle(products, &id)/>{p.name}</label> }
                    }).collect_view();
                    view! { {cats}{items} }
                })}</Suspense>
                <p class="field-error">{move || field_error(&errors.read(), "product_ids").or_else(|| field_error(&errors.read(), "category_ids"))}</p>
            </fieldset>
            <button type="submit" class="button" data-test="create-coupon">{move || if editing.read().is_some() {
                pick("変更を保存", "保存更改", "Save changes")
            } else {
                pick("クーポンを作成", "创建优惠码", "Create coupon")
            }}</button>
            {move || editing.read().is_some().then(|| view! {
                <button type="button" class="button secondary" data-test="coupon-cancel-edit" on:click=move |_| {
                    editing.set(None);
                    code.set(String::new());
                    errors.set(Vec::new());
                }>{pick("やめる", "取消", "Cancel")}</button>
            })}
        </form>
    }
}

/// The promoter's own codes, on their home.
#[component]
pub fn MyCoupons() -> impl IntoView {
    let mine = LocalResource::new(crate::api::my_coupons);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let list: Vec<PromoterCoupon> = mine.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="panel">
                        <h2>{pick("あなたのクーポンコード", "你的优惠码", "Your coupon codes")}</h2>
                        <p class="fine-print">{pick(
                            "リンクが使えない場面（口頭やチラシ）で伝えてください。このコードを使った注文はあなたの成果になります。",
                            "在无法发送链接时（口头或传单）告诉顾客。使用此码的订单计入你的业绩。",
                            "Give it where a link cannot go (said aloud, on a flyer): orders using it are yours.")}</p>
                        <ul class="plain" data-test="my-coupons">
                            {list.into_iter().map(|c| view! {
                                <li data-test="my-coupon"><strong class="mono">{c.code}</strong>" · "{off(c.kind, c.value)}
                                    " · "{pick("利用", "使用", "used")}" "{c.uses}" · "{t().ends}" "{date_of(day_of(c.ends_at) - 1)}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
