//! `/o/<token>/receipt`: the receipt of a paid order, reached from its private order page. With
//! the shop's registration number set it is a qualified simplified invoice (適格簡易請求書):
//! issuer and number, the date, the items with reduced-rate ones marked, and per rate the total
//! and the tax in it. Plain server-rendered HTML in the reader's language with a print
//! stylesheet for A4, so it costs the shopper's app nothing. A gift's receipt is its sender's:
//! only the order link (which recipients never get) leads here.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use omiyage_api::{InvoiceIssuer, OrderStatus, OrderView, TaxClass};
use omiyage_core::dates::date;
use omiyage_core::lang::Lang;

use crate::http::extract::PageLang;
use crate::storage::Backend;
use crate::{AppError, AppState};
use omiyage_core::html::escape;

struct Texts {
    qualified: &'static str,
    plain: &'static str,
    issuer: &'static str,
    number: &'static str,
    order: &'static str,
    date: &'static str,
    customer: &'static str,
    /// After the customer's name: `佐藤 花子 様`.
    honorific: &'static str,
    item: &'static str,
    quantity: &'static str,
    amount: &'static str,
    shipping: &'static str,
    coupon: &'static str,
    points: &'static str,
    total: &'static str,
    print_hint: &'static str,
    back: &'static str,
    not_paid: &'static str,
    refunds: &'static str,
    refund_line: &'static str,
    after_refunds: &'static str,
    cancelled: &'static str,
    not_found: &'static str,
    failed: &'static str,
}

const JA: Texts = Texts {
    qualified: "領収書（適格簡易請求書）",
    plain: "領収書",
    issuer: "発行者",
    number: "登録番号",
    order: "注文番号",
    date: "取引日",
    customer: "お客様",
    honorific: " 様",
    item: "品目",
    quantity: "数量",
    amount: "金額（税込）",
    shipping: "送料",
    coupon: "クーポン割引",
    points: "ポイント利用",
    total: "合計（税込）",
    print_hint: "ブラウザの印刷機能でA4に印刷できます。",
    back: "ご注文ページに戻る",
    not_paid: "領収書はお支払いの確認後に発行されます。",
    refunds: "返金",
    refund_line: "ギフト {n} 個分の返金",
    after_refunds: "返金後のお支払い額",
    cancelled: "キャンセルされたご注文の領収書は発行できません。",
    not_found: "ご注文が見つかりません。",
    failed: "エラーが発生しました。もう一度お試しください。",
};

const ZH: Texts = Texts {
    qualified: "收据（合格简易发票）",
    plain: "收据",
    issuer: "开具方",
    number: "登记号码",
    order: "订单号",
    date: "交易日期",
    customer: "顾客",
    honorific: "",
    item: "商品",
    quantity: "数量",
    amount: "金额（含税）",
    shipping: "运费",
    coupon: "优惠券折扣",
    points: "积分抵扣",
    total: "合计（含税）",
    print_hint: "可用浏览器的打印功能以 A4 打印。",
    back: "返回订单页面",
    not_paid: "确认付款后即可开具收据。",
    refunds: "退款",
    refund_line: "{n} 份礼物的退款",
    after_refunds: "退款后实付金额",
    cancelled: "已取消的订单无法开具收据。",
    not_found: "找不到该订单。",
    failed: "我们这边出了点问题，请重试。",
};

const EN: Texts = Texts {
    qualified: "Receipt (qualified simplified invoice)",
    plain: "Receipt",
    issuer: "Issuer",
    number: "Registration number",
    order: "Order",
    date: "Date",
    customer: "Customer",
    honorific: "",
    item: "Item",
    quantity: "Qty",
    amount: "Amount (incl. tax)",
    shipping: "Shipping",
    coupon: "Coupon",
    points: "Points used",
    total: "Total (incl. tax)",
    print_hint: "Print this page from your browser to get an A4 copy.",
    back: "Back to the order",
    not_paid: "The receipt is available once the payment is confirmed.",
    refunds: "Refunds",
    refund_line: "Refund of {n} gift unit(s)",
    after_refunds: "Paid after refunds",
    cancelled: "A cancelled order has no receipt.",
    not_found: "This order was not found.",
    failed: "Something went wrong on our side. Please try again.",
};

fn texts(lang: Lang) -> &'static Texts {
    lang.pick(&JA, &ZH, &EN)
}

const STYLE: &str = r#"<style>
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","Noto Sans CJK JP",sans-serif;color:#1f1d1a;background:#faf7f2}
main{max-width:720px;margin:0 auto;padding:24px 16px;background:#fff}
h1{font-size:1.5rem;margin:0 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 16px}dt{color:#5c574f}dd{margin:0}
table{width:100%;border-collapse:collapse;margin:8px 0 16px}th,td{padding:6px 4px;border-bottom:1px solid #e6dfd3;text-align:left}
.n{text-align:right;white-space:nowrap}tfoot td{font-weight:700;border-bottom:2px solid #1f1d1a}.taxes{list-style:none;padding:0;margin:0 0 8px}
.hint{color:#5c574f;font-size:.9rem}a{color:#b8372a}
@page{size:A4;margin:16mm}
@media print{body{background:#fff}main{max-width:none;padding:0}.no-print{display:none}}
</style>"#;

fn page(lang: Lang, status: StatusCode, title: &str, body: &str) -> Response {
    crate::pages::form::styled(lang, status, title, STYLE, body)
}

fn message(lang: Lang, status: StatusCode, text: &str, token: Option<&str>) -> Response {
    let back = token
        .map(|t| {
            format!(
                r#"<p><a href="/o/{}">{}</a></p>"#,
                escape(t),
                texts(lang).back
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"<h1>{}</h1><p role="alert">{}</p>{back}"#,
        texts(lang).plain,
        escape(text)
    );
    page(lang, status, texts(lang).plain, &body)
}

fn receipt(lang: Lang, order: &OrderView, issuer: Option<&InvoiceIssuer>) -> Response {
    let t = texts(lang);
    let title = if issuer.is_some() {
        t.qualified
    } else {
        t.plain
    };
    let mark = |class: TaxClass| {
        if class == TaxClass::Reduced {
            " ※"
        } else {
            ""
        }
    };
    // The goods, then the gift options as lines of their own (their name, what was chosen).
    let rows: String = order
        .lines
        .iter()
        .cloned()
        .chain(
            order
                .options
                .iter()
                .cloned()
                .map(omiyage_api::OrderLine::from),
        )
        .map(|l| {
            format!(
                r#"<tr><td>{} ({}){}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                escape(&l.product_name),
                escape(&l.variant_name),
                mark(l.tax_class),
                l.quantity,
                lang.price(l.line_total),
            )
        })
        .collect();
    let shipping = if order.shipping.amount > 0 {
        format!(
            r#"<tr><td>{}</td><td></td><td class="n">{}</td></tr>"#,
            t.shipping,
            lang.price(order.shipping)
        )
    } else {
        String::new()
    };
    // A coupon's discount, after the lines (each line shows its price before it).
    let shipping = match &order.coupon {
        Some(code) => format!(
            r#"<tr data-test="receipt-coupon"><td>{} {}</td><td></td><td class="n">−{}</td></tr>{shipping}"#,
            t.coupon,
            escape(code),
            lang.price(order.coupon_discount())
        ),
        None => shipping,
    };
    // Points spent: a discount too (the taxes below are on what was paid after them).
    let shipping = if order.points > 0 {
        format!(
            r#"<tr data-test="receipt-points"><td>{}</td><td></td><td class="n">−{}</td></tr>{shipping}"#,
            t.points,
            lang.price(omiyage_api::Money::jpy(order.points))
        )
    } else {
        shipping
    };
    let taxes = if order.taxes.is_empty() {
        omiyage_core::tax::of_order(order)
    } else {
        order.taxes.clone()
    };
    let tax_lines: String = taxes
        .iter()
        .map(|x| format!(r#"<li data-test="receipt-tax">{}</li>"#, lang.tax_line(x)))
        .collect();
    let reduced_note = if taxes.iter().any(|x| x.class == TaxClass::Reduced) {
        format!("<p>{}</p>", lang.reduced_rate_note())
    } else {
        String::new()
    };
    let refunds = refunds(lang, order);
    let issuer_rows = issuer
        .map(|i| {
            format!(
                r#"<dt>{}</dt><dd data-test="issuer">{}</dd><dt>{}</dt><dd data-test="registration-number">{}</dd>"#,
                t.issuer,
                escape(&i.registered_name),
                t.number,
                escape(&i.registration_number)
            )
        })
        .unwrap_or_default();
    let delivery = order
        .delivery
        .as_ref()
        .map(|d| {
            format!(
                r#"<dt>{}</dt><dd data-test="receipt-delivery">{}</dd>"#,
                omiyage_core::delivery::label(lang),
                escape(&omiyage_core::delivery::text(Some(d), lang))
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"<h1>{title}</h1>
<dl>{issuer_rows}<dt>{order_label}</dt><dd>{reference}</dd><dt>{date_label}</dt><dd>{date}</dd><dt>{customer_label}</dt><dd>{customer}{honorific}</dd>{delivery}</dl>
<table><thead><tr><th>{item}</th><th class="n">{quantity}</th><th class="n">{amount}</th></tr></thead>
<tbody>{rows}{shipping}</tbody>
<tfoot><tr><td>{total_label}</td><td></td><td class="n" data-test="receipt-total">{total}</td></tr></tfoot></table>
<ul class="taxes">{tax_lines}</ul>{reduced_note}{refunds}
<p class="hint no-print">{hint}</p><p class="no-print"><a href="/o/{token}">{back}</a></p>"#,
        order_label = t.order,
        reference = escape(&order.reference),
        date_label = t.date,
        date = date(lang, order.created_at),
        customer_label = t.customer,
        customer = escape(&order.contact.name),
        honorific = t.honorific,
        item = t.item,
        quantity = t.quantity,
        amount = t.amount,
        total_label = t.total,
        total = lang.price(order.total),
        hint = t.print_hint,
        token = escape(&order.token),
        back = t.back,
    );
    page(lang, StatusCode::OK, title, &body)
}

/// A gift's refunded units (declined, expired, cancelled) with the tax they took back, and what
/// was paid in the end. Empty when nothing was refunded.
fn refunds(lang: Lang, order: &OrderView) -> String {
    let t = texts(lang);
    let (Some(gift), Some(line)) = (&order.gift, order.lines.first()) else {
        return String::new();
    };
    if gift.refunded.amount <= 0 {
        return String::new();
    }
    let units = gift
        .units
        .iter()
        .filter(|u| u.state == omiyage_api::UnitState::Refunded)
        .count();
    let tax: String = omiyage_core::tax::totals([(line.tax_class, gift.refunded)])
        .iter()
        .map(|x| format!(r#"<li data-test="refund-tax">{}</li>"#, lang.tax_line(x)))
        .collect();
    let net = omiyage_api::Money::jpy(order.total.amount - gift.refunded.amount);
    format!(
        r#"<h2>{heading}</h2><table data-test="refunds"><tbody><tr><td>{what}</td><td class="n">−{amount}</td></tr></tbody>
<tfoot><tr><td>{after}</td><td class="n" data-test="receipt-net">{net}</td></tr></tfoot></table><ul class="taxes">{tax}</ul>"#,
        heading = t.refunds,
        what = t.refund_line.replace("{n}", &units.to_string()),
        amount = lang.price(gift.refunded),
        after = t.after_refunds,
        net = lang.price(net),
    )
}

pub async fn show<S: Backend>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    PageLang(lang): PageLang,
) -> Response {
    let t = texts(lang);
    let found: Result<_, AppError> = async {
        let mut order = state.storage.order(&token).await?;
        // A gift's units as of now: refunds since the order was placed show on the receipt.
        if order.as_ref().is_some_and(|o| o.gift.is_some()) {
            let live = state.storage.sender_gift(&token, state.clock.now()).await?;
            if let Some(o) = order.as_mut() {
                o.gift = live;
            }
        }
        let issuer = state.storage.invoice_issuer().await?;
        Ok((order, issuer))
    }
    .await;
    match found {
        Ok((None, _)) => message(lang, StatusCode::NOT_FOUND, t.not_found, None),
        Ok((Some(order), issuer)) => match order.status {
            OrderStatus::Paid | OrderStatus::Shipped => receipt(lang, &order, issuer.as_ref()),
            OrderStatus::AwaitingPayment => {
                message(lang, StatusCode::CONFLICT, t.not_paid, Some(&token))
            }
            OrderStatus::Cancelled => {
                message(lang, StatusCode::CONFLICT, t.cancelled, Some(&token))
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "receipt failed");
            message(lang, StatusCode::INTERNAL_SERVER_ERROR, t.failed, None)
        }
    }
}
