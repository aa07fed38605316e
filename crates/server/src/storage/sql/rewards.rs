//! Gifts that bring new customers: a browser's visits from gift pages, first orders credited to
//! the gift they came from, the senders' coupons (each written with its email in one
//! transaction, once per order and per customer however many sweeps run) and the report.

use omiyage_api::{GiftReport, GiftRewardSettings, Money};
use sqlx::Row;

use super::{Conn, Store};
use crate::events::Event;
use crate::storage::{RewardStorage, StorageError};

/// The reward rule's key in `shop_settings`.
const REWARDS: &str = "gift_rewards";

async fn load_settings(conn: &mut Conn) -> Result<GiftRewardSettings, StorageError> {
    super::settings::load(conn, REWARDS, GiftRewardSettings::default).await
}

impl RewardStorage for Store {
    async fn reward_settings(&self) -> Result<GiftRewardSettings, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_settings(&mut conn).await
    }

    async fn set_reward_settings(
        &self,
        settings: &GiftRewardSettings,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        super::settings::save(&mut conn, REWARDS, settings, now).await
    }

    async fn record_gift_visit(
        &self,
        visitor: &str,
        gift_token: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut conn = self.writer.acquire().await?;
        let done = sqlx::query(
            "INSERT INTO gift_visits (visitor, gift_token, visited_at) \
             SELECT $1, token, $3 FROM gifts WHERE token = $2 \
             ON CONFLICT (visitor, gift_token) DO UPDATE SET visited_at = excluded.visited_at",
        )
        .bind(visitor)
        .bind(gift_token)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn credit_gift_visit(
        &self,
        order_token: &str,
        visitor: &str,
        gift_token: &str,
        since: i64,
    ) -> Result<bool, StorageError> {
        let mut conn = self.writer.acquire().await?;
        // The visit is this browser's, recent; the buyer is not the gift's buyer and has no
        // other order (a counter code's gift has no buyer's email: its recipients count too).
        let done = sqlx::query(
            "UPDATE orders SET via_gift = $3 WHERE token = $1 AND via_gift = '' AND email <> '' \
             AND EXISTS (SELECT 1 FROM gift_visits v WHERE v.visitor = $2 AND v.gift_token = $3 \
                         AND v.visited_at >= $4) \
             AND email <> (SELECT s.email FROM gifts g JOIN orders s ON s.token = g.order_token \
                           WHERE g.token = $3) \
             AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.email = orders.email \
                             AND p.token <> orders.token)",
        )
        .bind(order_token)
        .bind(visitor)
        .bind(gift_token)
        .bind(since)
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn reward_due(&self, now: i64) -> Result<usize, StorageError> {
        let due: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT o.token, o.email, o.via_gift FROM orders o \
             WHERE o.via_gift <> '' AND o.status IN ('paid', 'shipped') \
             AND NOT EXISTS (SELECT 1 FROM gift_rewards r \
                             WHERE r.order_token = o.token OR r.customer_email = o.email)",
        )
        .fetch_all(&self.readers)
        .await?;
        let mut rewarded = 0;
        for (order, email, gift) in &due {
            let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
            if reward(&mut tx, order, email, gift, now).await? {
                rewarded += 1;
            }
            tx.commit().await?;
        }
        Ok(rewarded)
    }

    async fn gift_report(&self) -> Result<GiftReport, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM gifts) AS gifts, \
             (SELECT COUNT(*) FROM gift_units) AS units, \
             (SELECT COUNT(*) FROM gift_units WHERE state IN ('claimed', 'shipped')) AS claimed, \
             (SELECT COUNT(DISTINCT visitor) FROM gift_visits) AS visits, \
             (SELECT COUNT(*) FROM gift_rewards) AS customers, \
             (SELECT CAST(COALESCE(SUM(o.total), 0) AS BIGINT) FROM orders o WHERE o.status IN ('paid', 'shipped') \
              AND o.email IN (SELECT customer_email FROM gift_rewards)) AS revenue, \
             (SELECT COUNT(*) FROM gift_rewards WHERE coupon_code <> '') AS given, \
             (SELECT COUNT(*) FROM coupons c JOIN gift_rewards r ON r.coupon_code = c.code \
              WHERE c.uses > 0) AS used",
        )
        .fetch_one(&mut *conn)
        .await?;
        let count = |name: &str| -> Result<u32, StorageError> {
            Ok(u32::try_from(row.try_get::<i64, _>(name)?).unwrap_or(u32::MAX))
        };
        Ok(GiftReport {
            gifts_sent: count("gifts")?,
            units_sent: count("units")?,
            units_claimed: count("claimed")?,
            visits: count("visits")?,
            new_customers: count("customers")?,
            new_customer_revenue: Money::jpy(row.try_get("revenue")?),
            rewards_given: count("given")?,
            rewards_used: count("used")?,
        })
    }
}

/// Rewards one credited first order, inside its transaction: the reward's row (the first
/// writer for the order and the customer wins; any other does nothing), then the coupon and
/// the sender's email. Returns whether a reward was written now.
async fn reward(
    conn: &mut Conn,
    order: &str,
    email: &str,
    gift: &str,
    now: i64,
) -> Result<bool, StorageError> {
    let settings = load_settings(conn).await?;
    let sender: Option<(String, String)> = sqlx::query_as(
        "SELECT s.token, s.email FROM gifts g JOIN orders s ON s.token = g.order_token \
         WHERE g.token = $1",
    )
    .bind(gift)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((sender_order, sender_email)) = sender else {
        return Ok(false);
    };
    let code = match settings.enabled && !sender_email.is_empty() {
        true => omiyage_core::reward::code(&uuid::Uuid::new_v4().simple().to_string()),
        false => String::new(),
    };
    let written = sqlx::query(
        "INSERT INTO gift_rewards (order_token, customer_email, gift_token, coupon_code, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(order)
    .bind(email)
    .bind(gift)
    .bind(&code)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if written.rows_affected() == 0 || code.is_empty() {
        return Ok(false);
    }
    let coupon = omiyage_core::reward::coupon(code, &settings, now);
    super::flow_store::coupon_rows::write(conn, &coupon, Some(now)).await?;
    let Some(party) = super::outbox::order_party(conn, &sender_order).await? else {
        return Ok(false);
    };
    let event = Event::GiftRewarded {
        order: party,
        code: coupon.code.clone(),
        amount: Money::jpy(settings.amount),
        ends_at: coupon.ends_at,
    };
    super::outbox::record(conn, &event, now).await?;
    Ok(true)
}
