//! A member's points and rank on My page (server-rendered: no bytes of the shop's first load):
//! the balance and when it expires, the rank and its benefits, the twelve months' spend with
//! what the next rank needs, and the latest movements.

use omiyage_api::{Money, PointKind, PointStanding};
use omiyage_core::html::escape;
use omiyage_core::lang::Lang;

struct Texts {
    title: &'static str,
    balance: &'static str,
    unit: &'static str,
    expires: &'static str,
    rank: &'static str,
    no_rank: &'static str,
    earns: &'static str,
    ships_free: &'static str,
    spend: &'static str,
    next: &'static str,
    top: &'static str,
    history: &'static str,
    how: &'static str,
    /// Earned, spent, given back, expired, and earned points a refund took back.
    kinds: [&'static str; 5],
}

const EN: Texts = Texts {
    title: "Points and rank",
    balance: "Points",
    unit: "points (1 point = ¥1 at checkout)",
    expires: "They expire on {date} unless you earn or spend points before.",
    rank: "Rank",
    no_rank: "No rank yet",
    earns: "orders earn {rate} in points",
    ships_free: "free shipping from {amount}",
    spend: "Spent over the last 12 months: {amount}.",
    next: "{amount} more to reach {rank}.",
    top: "You have the highest rank.",
    history: "Latest points",
    how: "Points are added when an order ships or a gift you sent is claimed, and taken back if it is refunded.",
    kinds: [
        "Earned",
        "Spent",
        "Given back",
        "Expired",
        "Taken back (refund)",
    ],
};

const JA: Texts = Texts {
    title: "ポイントと会員ランク",
    balance: "保有ポイント",
    unit: "ポイント（ご注文時に1ポイント＝1円で使えます）",
    expires: "{date} に失効します（それまでにポイントを貯めるか使うと延長されます）。",
    rank: "会員ランク",
    no_rank: "ランクなし",
    earns: "ご注文の {rate} をポイント還元",
    ships_free: "{amount} 以上で送料無料",
    spend: "過去12か月のご購入：{amount}",
    next: "あと {amount} で「{rank}」になります。",
    top: "最上位のランクです。",
    history: "ポイント履歴",
    how: "ポイントはご注文の発送時、または贈ったギフトが受け取られたときに付与され、返金されると差し引かれます。",
    kinds: ["獲得", "利用", "返還", "失効", "返金による取消"],
};

const ZH: Texts = Texts {
    title: "积分与会员等级",
    balance: "积分余额",
    unit: "分（下单时 1 积分 = 1 日元）",
    expires: "将于 {date} 过期（在此之前获得或使用积分即可延长）。",
    rank: "会员等级",
    no_rank: "暂无等级",
    earns: "订单返 {rate} 积分",
    ships_free: "满 {amount} 免运费",
    spend: "过去 12 个月消费：{amount}",
    next: "再消费 {amount} 即可升为「{rank}」。",
    top: "您已是最高等级。",
    history: "积分记录",
    how: "订单发货或您送出的礼物被领取时发放积分；退款时扣回。",
    kinds: ["获得", "使用", "退回", "过期", "因退款扣回"],
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &JA,
        Lang::ZhHans => &ZH,
        Lang::En => &EN,
    }
}

/// A rate in basis points as people read it (`1%`, `2.5%`).
pub fn percent(bps: u32) -> String {
    match bps % 100 {
        0 => format!("{}%", bps / 100),
        r if r % 10 == 0 => format!("{}.{}%", bps / 100, r / 10),
        r => format!("{}.{r:02}%", bps / 100),
    }
}

/// My page's points section (with the movements `s` holds).
pub fn section(lang: Lang, s: &PointStanding) -> String {
    let t = texts(lang);
    let expires = s
        .expires_at
        .map(|at| {
            format!(
                r#" <span data-test="points-expiry">{}</span>"#,
                t.expires
                    .replace("{date}", &omiyage_core::dates::date(lang, at))
            )
        })
        .unwrap_or_default();
    let rank_name = s
        .rank
        .as_ref()
        .map_or(t.no_rank.to_string(), |r| escape(&r.name));
    let mut benefits = vec![t.earns.replace("{rate}", &percent(s.rate_bps))];
    if s.free_shipping_from < omiyage_core::pricing::FREE_SHIPPING_FROM.amount {
        benefits.push(
            t.ships_free
                .replace("{amount}", &lang.price(Money::jpy(s.free_shipping_from))),
        );
    }
    let next = match &s.next {
        Some(n) => t
            .next
            .replace("{amount}", &lang.price(n.to_spend))
            .replace("{rank}", &escape(&n.rank.name)),
        None if s.rank.is_some() => t.top.to_string(),
        None => String::new(),
    };
    let entries: String = s
        .entries
        .iter()
        .map(|e| {
            let kind = match e.kind {
                PointKind::Earn if e.amount < 0 => t.kinds[4],
                PointKind::Earn => t.kinds[0],
                PointKind::Spend => t.kinds[1],
                PointKind::Return => t.kinds[2],
                PointKind::Expire => t.kinds[3],
            };
            let order = e
                .order_reference
                .as_deref()
                .map(|r| format!(" · {}", escape(r)))
                .unwrap_or_default();
            format!(
                r#"<li data-test="points-entry">{} · {kind} <strong>{:+}</strong>{order}</li>"#,
                omiyage_core::dates::date(lang, e.at),
                e.amount
            )
        })
        .collect();
    let history = match entries.is_empty() {
        true => String::new(),
        false => format!(r#"<h3>{}</h3><ul class="orders">{entries}</ul>"#, t.history),
    };
    format!(
        r#"<section aria-labelledby="points-title" data-test="member-points">
<h2 id="points-title">{title}</h2>
<p>{balance_label}: <strong data-test="points-balance">{balance}</strong> {unit}.{expires}</p>
<p>{rank_label}: <strong data-test="member-rank">{rank_name}</strong> — <span data-test="rank-benefits">{benefits}</span></p>
<p>{spend} <span data-test="next-rank">{next}</span></p>
<p class="hint">{how}</p>
{history}
</section>"#,
        title = t.title,
        balance_label = t.balance,
        balance = s.balance,
        unit = t.unit,
        rank_label = t.rank,
        benefits = benefits.join(" · "),
        spend = t.spend.replace("{amount}", &lang.price(s.spend)),
        how = t.how,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(percent(100), "1%");
        assert_eq!(percent(250), "2.5%");
        assert_eq!(percent(125), "1.25%");
        assert_eq!(percent(0), "0%");
    }
}
