//! The promoters' numbers in words: commission rates, new buyers, the return window.

pub use omiyage_core::promotion::percent;

use super::{Lang, lang, pick};

/// A plan's rate, and its new-buyer rate if it has one: `10 % (new buyers 15 %)`.
pub fn rates(commission_bps: u32, new_buyer_bps: Option<u32>) -> String {
    let rate = percent(commission_bps);
    match new_buyer_bps {
        Some(n) => format!(
            "{rate} ({} {})",
            pick("新規", "新买家", "new buyers"),
            percent(n)
        ),
        None => rate,
    }
}

/// A plan's orders and how many were new buyers': `12 orders, 5 by new buyers (41.66 %)`.
pub fn new_buyer_orders(new_buyers: u32, orders: u32) -> String {
    let share = percent(omiyage_core::promotion::new_buyer_share_bps(
        new_buyers, orders,
    ));
    match lang() {
        Lang::Ja => format!("注文{orders}件・うち新規{new_buyers}件（{share}）"),
        Lang::ZhHans => format!("订单{orders}笔，其中新买家{new_buyers}笔（{share}）"),
        Lang::En => {
            let noun = if orders == 1 { "order" } else { "orders" };
            format!("{orders} {noun}, {new_buyers} by new buyers ({share})")
        }
    }
}

pub fn window(days: u32) -> String {
    match (lang(), days) {
        (Lang::Ja, d) => format!("対象期間 {d}日"),
        (Lang::ZhHans, d) => format!("归因期 {d} 天"),
        (Lang::En, 1) => "1-day window".into(),
        (Lang::En, d) => format!("{d}-day window"),
    }
}

pub fn shared_by(name: &str) -> String {
    match lang() {
        Lang::Ja => format!("{name}さんのおすすめ"),
        Lang::ZhHans => format!("{name} 推荐"),
        Lang::En => format!("Shared by {name}"),
    }
}
