//! Messages to the shop's fans: the merchant's message checked (its words in every language
//! it goes to, up to six products of the catalog), then one outbox event per member who asked
//! for the news and reads one of its languages, with the product cards in their language and
//! their one-click stop link. The outbox sends them spread over time: [`PER_MINUTE`] a minute.

use omiyage_api::{ApiError, FanMessageDraft, FanMessageSummary, FieldError, Money};
use omiyage_core::lang::Lang;

use crate::events::{Event, FanCard};
use crate::storage::Backend;
use crate::{AppError, AppState};

/// The cookie naming the message a browser came from (its next order counts for it).
pub const COOKIE: &str = "omiyage_msg";

/// How many fans' emails go out a minute.
pub const PER_MINUTE: i64 = 120;

/// A product's card in `lang`: its name and its lowest price (`〜` / "from" when its variants
/// differ).
async fn card<S: Backend>(
    state: &AppState<S>,
    product_id: &str,
    lang: Lang,
) -> Result<Option<FanCard>, AppError> {
    let Some(product) =
        crate::services::catalog::localized_product(state, product_id, lang).await?
    else {
        return Ok(None);
    };
    let prices: Vec<Money> = product.variants.iter().map(|v| v.price).collect();
    let Some(low) = prices.iter().min_by_key(|m| m.amount).copied() else {
        return Ok(None);
    };
    let price = match prices.iter().all(|p| p.amount == low.amount) {
        true => lang.price(low),
        false => match lang {
            Lang::En => format!("from {}", lang.price(low)),
            _ => format!("{}〜", lang.price(low)),
        },
    };
    Ok(Some(FanCard {
        product_id: product.id,
        name: product.name,
        price,
    }))
}

/// The readers of the ranks named (each rank decided by their last twelve months); a name
/// that is no rank of the shop's is refused (422 on `ranks`).
async fn of_ranks<S: Backend>(
    state: &AppState<S>,
    readers: Vec<crate::storage::NewsReader>,
    ranks: &[String],
    now: i64,
) -> Result<Vec<crate::storage::NewsReader>, AppError> {
    let settings = state.storage.point_settings().await?;
    if let Some(unknown) = ranks
        .iter()
        .find(|name| !settings.ranks.iter().any(|r| r.name == **name))
    {
        return Err(ApiError::invalid(vec![FieldError::new(
            "ranks",
            format!("There is no rank {unknown}."),
        )])
        .into());
    }
    let since = now - omiyage_core::points::RANK_PERIOD_SECS;
    let mut kept = Vec::new();
    for reader in readers {
        let Some(row) = state
            .storage
            .member_points(&reader.member_id, since, 0)
            .await?
        else {
            continue;
        };
        let rank = omiyage_core::points::rank_of(&settings, row.spend);
        if rank.is_some_and(|r| ranks.contains(&r.name)) {
            kept.push(reader);
        }
    }
    Ok(kept)
}

/// When the `i`th reader's email may go: [`PER_MINUTE`] a minute from `now`.
fn send_at(now: i64, i: usize) -> i64 {
    now + i64::try_from(i).unwrap_or(i64::MAX) / PER_MINUTE * 60
}

/// Sends a message to the fans who read its languages: what was kept (to how many).
pub async fn send<S: Backend>(
    state: &AppState<S>,
    sender: &str,
    draft: &FanMessageDraft,
) -> Result<FanMessageSummary, AppError> {
    draft.check()?;
    let audience = draft.audience();
    let mut cards: Vec<(String, Vec<FanCard>)> = Vec::new();
    for tag in &audience {
        let lang = Lang::of_tag(tag).unwrap_or(Lang::Ja);
        let mut list = Vec::new();
        for id in &draft.product_ids {
            match card(state, id, lang).await? {
                Some(c) => list.push(c),
                None => {
                    return Err(ApiError::invalid(vec![FieldError::new(
                        "product_ids",
                        format!("There is no product {id}."),
                    )])
                    .into());
                }
            }
        }
        cards.push((tag.clone(), list));
    }
    let now = state.clock.now();
    let mut readers = state.storage.news_readers(&audience).await?;
    if !draft.ranks.is_empty() {
        readers = of_ranks(state, readers, &draft.ranks, now).await?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    let events: Vec<Event> = readers
        .iter()
        .enumerate()
        .filter_map(|(i, reader)| {
            let text = draft.texts.iter().find(|t| t.lang == reader.lang)?;
            let cards = cards.iter().find(|(l, _)| *l == reader.lang)?.1.clone();
            Some(Event::FanMessage {
                message_id: id.clone(),
                email: reader.email.clone(),
                lang: reader.lang.clone(),
                subject: text.subject.trim().to_string(),
                text: text.text.trim().to_string(),
                cards,
                stop_token: reader.stop_token.clone(),
                send_at: send_at(now, i),
            })
        })
        .collect();
    state
        .storage
        .send_fan_message(&id, draft, sender, &events, now)
        .await?;
    Ok(FanMessageSummary {
        id,
        subject: draft
            .texts
            .iter()
            .find(|t| audience.contains(&t.lang))
            .map(|t| t.subject.trim().to_string())
            .unwrap_or_default(),
        created_at: now,
        recipients: u32::try_from(events.len()).unwrap_or(u32::MAX),
        products: u32::try_from(draft.product_ids.len()).unwrap_or(0),
        orders: 0,
        sales: Money::jpy(0),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_to_many_goes_out_a_hundred_and_twenty_a_minute() {
        let at: Vec<i64> = [0, 119, 120, 239, 240, 1000]
            .iter()
            .map(|i| super::send_at(1_000, *i))
            .collect();
        assert_eq!(at, [1_000, 1_000, 1_060, 1_060, 1_120, 1_480]);
    }
}
