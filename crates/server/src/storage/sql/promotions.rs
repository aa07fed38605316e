//! Promotions on SQLite: plans and their members, promoters' ref codes, deduplicated clicks,
//! and the orders credited to promoters.

use super::Conn;
use omiyage_api::{
    Commission, DayStats, Money, OrderStatus, Payout, PayoutInput, PlanView, ProductStats,
    PromoterStats,
};
use omiyage_core::promotion::{self, Click, Plan};
use omiyage_core::sales;
use sqlx::Row;

use super::Store;
use crate::storage::StorageError;
use crate::storage::{AttributionRecord, Ledger, PromotionStorage};

async fn plan_products(conn: &mut Conn, plan_id: &str) -> Result<Vec<String>, StorageError> {
    Ok(sqlx::query_scalar(
        "SELECT product_id FROM plan_products WHERE plan_id = $1 ORDER BY product_id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?)
}

async fn load_plans(
    conn: &mut Conn,
    promoter: Option<&str>,
) -> Result<Vec<PlanView>, StorageError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.commission_bps, p.new_buyer_bps, p.window_days, p.starts_at, p.ends_at, p.open, p.paused, \
           EXISTS (SELECT 1 FROM plan_members m WHERE m.plan_id = p.id AND m.promoter_id = $1) AS joined, \
           (SELECT COUNT(*) FROM attributions a WHERE a.plan_id = p.id AND $1 IS NULL) AS orders, \
           (SELECT COUNT(*) FROM attributions a WHERE a.plan_id = p.id AND a.new_buyer = TRUE AND $1 IS NULL) AS new_buyer_orders \
         FROM plans p \
         WHERE $1 IS NULL OR p.open = TRUE OR EXISTS (SELECT 1 FROM plan_invites i WHERE i.plan_id = p.id AND i.promoter_id = $1) \
         ORDER BY p.created_at DESC, p.id",
    )
    .bind(promoter)
    .fetch_all(&mut *conn)
    .await?;
    let mut plans = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        plans.push(PlanView {
            product_ids: plan_products(conn, &id).await?,
            id,
            name: r.try_get("name")?,
            commission_bps: u32::try_from(r.try_get::<i64, _>("commission_bps")?).unwrap_or(0),
            new_buyer_bps: r
                .try_get::<Option<i64>, _>("new_buyer_bps")?
                .and_then(|n| u32::try_from(n).ok()),
            window_days: u32::try_from(r.try_get::<i64, _>("window_days")?).unwrap_or(7),
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            open: r.try_get("open")?,
            paused: r.try_get("paused")?,
            joined: r.try_get("joined")?,
            orders: count(r, "orders")?,
            new_buyer_orders: count(r, "new_buyer_orders")?,
        });
    }
    Ok(plans)
}

fn count(r: &super::DbRow, column: &str) -> Result<u32, StorageError> {
    Ok(u32::try_from(r.try_get::<i64, _>(column)?).unwrap_or(0))
}

fn rule_plan(p: &PlanView) -> Plan {
    Plan {
        id: p.id.clone(),
        commission_bps: p.commission_bps,
        new_buyer_bps: p.new_buyer_bps,
        product_ids: p.product_ids.clone(),
        window_days: p.window_days,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        paused: p.paused,
    }
}

impl PromotionStorage for Store {
    async fn create_plan(&self, id: &str, plan: &PlanView, now: i64) -> Result<(), StorageError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO plans (id, name, commission_bps, window_days, starts_at, ends_at, open, paused, created_at, new_buyer_bps) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9)",
        )
        .bind(id)
        .bind(&plan.name)
        .bind(i64::from(plan.commission_bps))
        .bind(i64::from(plan.window_days))
        .bind(plan.starts_at)
        .bind(plan.ends_at)
        .bind(plan.open)
        .bind(now)
        .bind(plan.new_buyer_bps.map(i64::from))
        .execute(&mut *tx)
        .await?;
        for product in &plan.product_ids {
            sqlx::query("INSERT INTO plan_products (plan_id, product_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(product)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn plans(&self, promoter: Option<&str>) -> Result<Vec<PlanView>, StorageError> {
        let mut conn = self.readers.acquire().await?;
        load_plans(&mut conn, promoter).await
    }

    async fn set_paused(&self, id: &str, paused: bool) -> Result<bool, StorageError> {
        let done = sqlx::query("UPDATE plans SET paused = $1 WHERE id = $2")
            .bind(paused)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn invite(&self, plan_id: &str, promoter_id: &str) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let both: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM plans WHERE id = $1) \
               + (SELECT COUNT(*) FROM accounts WHERE id = $2 AND role = 'promoter')",
        )
        .bind(plan_id)
        .bind(promoter_id)
        .fetch_one(&mut *tx)
        .await?;
        if both != 2 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO plan_invites (plan_id, promoter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(plan_id)
            .bind(promoter_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn join(&self, plan_id: &str, promoter_id: &str, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO plan_members (plan_id, promoter_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(plan_id)
        .bind(promoter_id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn ref_code(
        &self,
        promoter_id: &str,
        fresh: &str,
    ) -> Result<Option<String>, StorageError> {
        sqlx::query("UPDATE accounts SET ref_code = $1 WHERE id = $2 AND ref_code IS NULL")
            .bind(fresh)
            .bind(promoter_id)
            .execute(&self.writer)
            .await?;
        let code: Option<String> =
            sqlx::query_scalar("SELECT ref_code FROM accounts WHERE id = $1")
                .bind(promoter_id)
                .fetch_optional(&self.writer)
                .await?
                .flatten();
        Ok(code)
    }

    async fn promoter_by_ref(&self, code: &str) -> Result<Option<(String, String)>, StorageError> {
        let row = sqlx::query(
            "SELECT id, email FROM accounts WHERE ref_code = $1 AND role = 'promoter' AND disabled = FALSE",
        )
        .bind(code)
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("email")?)))
            .transpose()
    }

    async fn record_click(
        &self,
        key: &str,
        promoter_id: &str,
        product_id: &str,
        at: i64,
    ) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO clicks (dedup_key, promoter_id, product_id, clicked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(key)
            .bind(promoter_id)
            .bind(product_id)
            .bind(at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn click(&self, key: &str) -> Result<Option<(Click, String)>, StorageError> {
        let row = sqlx::query(
            "SELECT c.promoter_id, c.product_id, c.clicked_at, a.email FROM clicks c \
             JOIN accounts a ON a.id = c.promoter_id WHERE c.dedup_key = $1 AND a.disabled = FALSE",
        )
        .bind(key)
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| {
            Ok((
                Click {
                    promoter_id: r.try_get("promoter_id")?,
                    product_id: r.try_get("product_id")?,
                    clicked_at: r.try_get("clicked_at")?,
                },
                r.try_get("email")?,
            ))
        })
        .transpose()
    }

    async fn member_plans(&self, promoter_id: &str) -> Result<Vec<Plan>, StorageError> {
        Ok(self
            .plans(Some(promoter_id))
            .await?
            .iter()
            .filter(|p| p.joined)
            .map(rule_plan)
            .collect())
    }

    async fn stats(&self, promoter_id: &str, now: i64) -> Result<PromoterStats, StorageError> {
        let mut conn = self.readers.acquire().await?;
        let code: Option<String> =
            sqlx::query_scalar("SELECT ref_code FROM accounts WHERE id = $1")
                .bind(promoter_id)
                .fetch_optional(&mut *conn)
                .await?
                .flatten();
        let clicks =
            sqlx::query("SELECT product_id, clicked_at FROM clicks WHERE promoter_id = $1")
                .bind(promoter_id)
                .fetch_all(&mut *conn)
                .await?;
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT a.order_token, a.commission, a.created_at, a.new_buyer, a.coupon, o.status, o.total, \
               {} AS refunded, \
               (SELECT l.product_id FROM order_lines l WHERE l.order_token = a.order_token ORDER BY l.position LIMIT 1) AS product_id \
             FROM attributions a JOIN orders o ON o.token = a.order_token WHERE a.promoter_id = $1",
            super::payouts::REFUNDED
        ));
        let orders = sqlx::query(sql)
            .bind(promoter_id)
            .fetch_all(&mut *conn)
            .await?;
        let zero = || Commission {
            pending: Money::jpy(0),
            confirmed: Money::jpy(0),
            reversed: Money::jpy(0),
        };
        let add = |c: &mut Commission, s: &promotion::CommissionSplit| {
            c.pending.amount += s.pending.amount;
            c.confirmed.amount += s.confirmed.amount;
            c.reversed.amount += s.reversed.amount;
        };
        let mut total = zero();
        let mut products: Vec<ProductStats> = Vec::new();
        let today = sales::day_of(now);
        let mut days: Vec<DayStats> = sales::series(&[], today, 30)
            .into_iter()
            .map(|d| DayStats {
                date: d.date,
                clicks: 0,
                orders: 0,
                commission: Money::jpy(0),
            })
            .collect();
        let day_index = |at: i64| {
            let d = today - sales::day_of(at);
            (0..30).contains(&d).then(|| (29 - d) as usize)
        };
        let product = |id: &str, products: &mut Vec<ProductStats>| -> usize {
            match products.iter().position(|p| p.product_id == id) {
                Some(i) => i,
                None => {
                    products.push(ProductStats {
                        product_id: id.to_string(),
                        product_name: String::new(),
                        clicks: 0,
                        orders: 0,
                        commission: zero(),
                    });
                    products.len() - 1
                }
            }
        };
        for c in &clicks {
            let i = product(&c.try_get::<String, _>("product_id")?, &mut products);
            products[i].clicks += 1;
            if let Some(d) = day_index(c.try_get("clicked_at")?) {
                days[d].clicks += 1;
            }
        }
        for o in &orders {
            let token: String = o.try_get("order_token")?;
            let amount = Money::jpy(o.try_get("commission")?);
            let status = OrderStatus::try_from(o.try_get::<String, _>("status")?)
                .map_err(StorageError::Failed)?;
            let split = super::payouts::commission_split(
                &mut conn,
                &token,
                amount,
                status,
                (o.try_get("total")?, o.try_get("refunded")?),
            )
            .await?;
            add(&mut total, &split);
            let product_id: Option<String> = o.try_get("product_id")?;
            let i = product(&product_id.unwrap_or_default(), &mut products);
            products[i].orders += 1;
            add(&mut products[i].commission, &split);
            if let Some(d) = day_index(o.try_get("created_at")?) {
                days[d].orders += 1;
                days[d].commission.amount += amount.amount;
            }
        }
        for p in &mut products {
            let name: Option<String> =
                sqlx::query_scalar("SELECT name FROM products WHERE id = $1")
                    .bind(&p.product_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            p.product_name = name.unwrap_or_else(|| p.product_id.clone());
        }
        let (n_clicks, n_orders) = (clicks.len() as u32, orders.len() as u32);
        let mut coupon_orders = 0;
        for o in &orders {
            if o.try_get::<Option<String>, _>("coupon")?.is_some() {
                coupon_orders += 1;
            }
        }
        let link_orders = n_orders - coupon_orders;
        let mut new_buyers = 0;
        for o in &orders {
            if o.try_get::<bool, _>("new_buyer")? {
                new_buyers += 1;
            }
        }
        Ok(PromoterStats {
            ref_code: code.unwrap_or_default(),
            clicks: n_clicks,
            orders: n_orders,
            new_buyer_orders: new_buyers,
            new_buyer_share_bps: promotion::new_buyer_share_bps(new_buyers, n_orders),
            coupon_orders,
            conversion_bps: if n_clicks == 0 {
                0
            } else {
                (u64::from(link_orders) * 10_000 / u64::from(n_clicks)) as u32
            },
            commission: total,
            products,
            days,
            level: super::levels::status(&mut conn, promoter_id).await?,
            agency: super::agencies::tie(&mut conn, promoter_id).await?,
        })
    }

    async fn ladder(&self) -> Result<omiyage_api::Ladder, StorageError> {
        self.load_ladder().await
    }

    async fn set_ladder(
        &self,
        window_days: u32,
        levels: &[omiyage_core::level::Level],
        now: i64,
    ) -> Result<(), StorageError> {
        self.replace_ladder(window_days, levels, now).await
    }

    async fn refresh_levels(&self, now: i64) -> Result<usize, StorageError> {
        self.refresh_every_level(now).await
    }

    async fn level_bonus(&self, promoter_id: &str) -> Result<u32, StorageError> {
        self.bonus_of(promoter_id).await
    }

    async fn ledgers(&self, account_id: Option<&str>) -> Result<Vec<Ledger>, StorageError> {
        self.load_ledgers(account_id).await
    }

    async fn record_payout(
        &self,
        input: &PayoutInput,
        id: &str,
        hold_secs: i64,
        now: i64,
    ) -> Result<(Payout, bool), StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let mut store = super::flow_store::Tx::new(&mut tx);
        let answer = omiyage_flows::payout::record(&mut store, input, id, hold_secs, now).await?;
        tx.commit().await?;
        answer.map_err(Into::into)
    }

    async fn attributed_orders(
        &self,
        promoter_id: &str,
    ) -> Result<Vec<AttributionRecord>, StorageError> {
        let rows = sqlx::query(
            "SELECT a.order_token, a.plan_id, a.commission_bps, a.paid, a.commission, a.created_at, a.new_buyer, a.level_bonus_bps, a.agency_id, a.agency_share_bps, a.coupon, o.reference, o.status \
             FROM attributions a JOIN orders o ON o.token = a.order_token WHERE a.promoter_id = $1 ORDER BY a.created_at",
        )
        .bind(promoter_id)
        .fetch_all(&self.readers)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AttributionRecord {
                    order_token: r.try_get("order_token")?,
                    reference: r.try_get("reference")?,
                    status: r.try_get("status")?,
                    promoter_id: promoter_id.to_string(),
                    plan_id: r.try_get("plan_id")?,
                    commission_bps: u32::try_from(r.try_get::<i64, _>("commission_bps")?)
                        .unwrap_or(0),
                    paid: Money::jpy(r.try_get("paid")?),
                    commission: Money::jpy(r.try_get("commission")?),
                    created_at: r.try_get("created_at")?,
                    new_buyer_bps: None,
                    new_buyer: r.try_get("new_buyer")?,
                    level_bonus_bps: u32::try_from(r.try_get::<i64, _>("level_bonus_bps")?)
                        .unwrap_or(0),
                    agency_id: r.try_get("agency_id")?,
                    agency_share_bps: u32::try_from(r.try_get::<i64, _>("agency_share_bps")?)
                        .unwrap_or(0),
                    coupon: r.try_get("coupon")?,
                })
            })
            .collect()
    }
}

/// Credits an order to a promoter inside the order's transaction.
pub(super) async fn insert_attribution(
    conn: &mut Conn,
    a: &AttributionRecord,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO attributions (order_token, promoter_id, plan_id, commission_bps, paid, commission, created_at, new_buyer, level_bonus_bps, agency_id, agency_share_bps, coupon) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&a.order_token)
    .bind(&a.promoter_id)
    .bind(&a.plan_id)
    .bind(i64::from(a.commission_bps))
    .bind(a.paid.amount)
    .bind(a.commission.amount)
    .bind(a.created_at)
    .bind(a.new_buyer)
    .bind(i64::from(a.level_bonus_bps))
    .bind(&a.agency_id)
    .bind(i64::from(a.agency_share_bps))
    .bind(&a.coupon)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
