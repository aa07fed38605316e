//! After-sales requests: written with the order's row locked (one open request per item, the
//! period and the item checked in the same transaction as the write) and their outbox event;
//! answered once, however many answers race.

use omiyage_api::{
    AfterSalesDecision, AfterSalesRequest, AfterSalesSettings, OrderView, Problem, Remedy,
    RequestState, Requester,
};
use sqlx::Row;

use super::{Conn, DbRow, Store};
use crate::events::Event;
use crate::storage::{AfterSalesStorage, Decided, NewReport, Reported, StorageError};

/// The rules' key in `shop_settings`.
const SETTINGS: &str = "after_sales";

const SELECT: &str = "SELECT a.id, a.order_token, o.reference, a.requester, a.item, a.item_name, \
     a.problem, a.remedy, a.exchange_variant, a.note, a.state, a.reason, a.lang, a.created_at, \
     a.decided_at FROM after_sales a JOIN orders o ON o.token = a.order_token";

fn request_from(r: &DbRow) -> Result<AfterSalesRequest, StorageError> {
    let parse = StorageError::Failed;
    Ok(AfterSalesRequest {
        id: r.try_get("id")?,
        order_token: r.try_get("order_token")?,
        order_reference: r.try_get("reference")?,
        requester: Requester::try_from(r.try_get::<String, _>("requester")?).map_err(parse)?,
        item: u32::try_from(r.try_get::<i64, _>("item")?).unwrap_or(0),
        item_name: r.try_get("item_name")?,
        problem: Problem::try_from(r.try_get::<String, _>("problem")?).map_err(parse)?,
        remedy: Remedy::try_from(r.try_get::<String, _>("remedy")?).map_err(parse)?,
        exchange_variant: r.try_get("exchange_variant")?,
        note: r.try_get("note")?,
        state: RequestState::try_from(r.try_get::<String, _>("state")?).map_err(parse)?,
        reason: r.try_get("reason")?,
        lang: r.try_get("lang")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
    })
}

async fn load_one(
    conn: &mut Conn,
    column: &str,
    value: &str,
) -> Result<Option<AfterSalesRequest>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE a.{column} = $1"));
    let row = sqlx::query(sql)
        .bind(value)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(request_from).transpose()
}

/// An item as a report names it: its order, its name, when the period starts, and where to
/// answer (the order's email for a shopper).
struct Item {
    order_token: String,
    name: String,
    since: i64,
    email: String,
}

/// The item a report is about, read with its order's row locked, or why there is none.
async fn item_of(
    conn: &mut Conn,
    report: &NewReport,
) -> Result<Result<Item, Reported>, StorageError> {
    let lock = super::dialect::FOR_UPDATE;
    let order_token = match report.requester {
        Requester::Buyer => report.token.clone(),
        Requester::Recipient => {
            let found: Option<String> =
                sqlx::query_scalar("SELECT order_token FROM gifts WHERE token = $1")
                    .bind(&report.token)
                    .fetch_optional(&mut *conn)
                    .await?;
            match found {
                Some(t) => t,
                None => return Ok(Err(Reported::NotFound)),
            }
        }
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT status, view_json, created_at, shipped_at, email FROM orders WHERE token = $1{lock}"
    ));
    let Some(order) = sqlx::query(sql)
        .bind(&order_token)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(Err(Reported::NotFound));
    };
    let view: OrderView = serde_json::from_str(&order.try_get::<String, _>("view_json")?)?;
    let line_name = |i: usize| {
        view.lines
            .get(i)
            .map(|l| format!("{} / {}", l.product_name, l.variant_name))
    };
    match report.requester {
        Requester::Buyer => {
            if view.gift.is_some() {
                return Ok(Err(Reported::GiftOrder));
            }
            let Some(name) = line_name(report.item as usize) else {
                return Ok(Err(Reported::NoSuchItem));
            };
            let status: String = order.try_get("status")?;
            if status != "paid" && status != "shipped" {
                return Ok(Err(Reported::NotReceived));
            }
            let shipped: Option<i64> = order.try_get("shipped_at")?;
            Ok(Ok(Item {
                order_token,
                name,
                since: shipped.unwrap_or(order.try_get("created_at")?),
                email: order.try_get("email")?,
            }))
        }
        Requester::Recipient => {
            let unit = sqlx::query(
                "SELECT state, claimed_at, shipped_at FROM gift_units WHERE gift_token = $1 AND idx = $2",
            )
            .bind(&report.token)
            .bind(i64::from(report.item))
            .fetch_optional(&mut *conn)
            .await?;
            let Some(unit) = unit else {
                return Ok(Err(Reported::NoSuchItem));
            };
            let state: String = unit.try_get("state")?;
            let claimed: Option<i64> = unit.try_get("claimed_at")?;
            let (true, Some(claimed)) = (state == "claimed" || state == "shipped", claimed) else {
                return Ok(Err(Reported::NotReceived));
            };
            let shipped: Option<i64> = unit.try_get("shipped_at")?;
            Ok(Ok(Item {
                order_token,
                name: line_name(0).unwrap_or_default(),
                since: shipped.unwrap_or(claimed),
                email: report.email.trim().to_string(),
            }))
        }
    }
}

impl AfterSalesStorage for Store {
    async fn after_sales_settings(&self) -> Result<AfterSalesSettings, StorageError> {
        let mut conn = self.readers.acquire().await?;
        super::settings::load(&mut conn, SETTINGS, AfterSalesSettings::default).await
    }

    async fn set_after_sales_settings(
        &self,
        settings: &AfterSalesSettings,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        super::settings::save(&mut conn, SETTINGS, settings, now).await
    }

    async fn report_problem(&self, report: &NewReport, now: i64) -> Result<Reported, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        if let Some(made) = load_one(&mut tx, "form_key", &report.key).await? {
            return Ok(Reported::Made(Box::new(made)));
        }
        let item = match item_of(&mut tx, report).await? {
            Ok(item) => item,
            Err(refused) => return Ok(refused),
        };
        let settings =
            super::settings::load(&mut tx, SETTINGS, AfterSalesSettings::default).await?;
        if !omiyage_core::after_sales::within_period(&settings, item.since, now) {
            return Ok(Reported::TooLate);
        }
        let open: Option<String> = sqlx::query_scalar(
            "SELECT id FROM after_sales WHERE order_token = $1 AND requester = $2 AND item = $3 \
             AND state = 'open'",
        )
        .bind(&item.order_token)
        .bind(report.requester.as_str())
        .bind(i64::from(report.item))
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Ok(Reported::AlreadyOpen);
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO after_sales (id, order_token, requester, item, item_name, problem, remedy, \
             exchange_variant, note, email, lang, form_key, state, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13)",
        )
        .bind(&id)
        .bind(&item.order_token)
        .bind(report.requester.as_str())
        .bind(i64::from(report.item))
        .bind(&item.name)
        .bind(report.problem.as_str())
        .bind(report.remedy.as_str())
        .bind(report.exchange_variant.trim())
        .bind(report.note.trim())
        .bind(&item.email)
        .bind(report.lang)
        .bind(&report.key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let Some(request) = load_one(&mut tx, "id", &id).await? else {
            return Err(StorageError::Failed(
                "the request just written is gone".into(),
            ));
        };
        if let Some(mut order) = super::outbox::order_party(&mut tx, &item.order_token).await? {
            // Told to whoever asked, in their language (a recipient: never the sender).
            order.email = item.email.clone();
            order.lang = report.lang.to_string();
            let event = Event::AfterSalesRequested {
                order,
                request: request.clone(),
            };
            super::outbox::record(&mut tx, &event, now).await?;
        }
        tx.commit().await?;
        Ok(Reported::Made(Box::new(request)))
    }

    async fn after_sales_requests(&self) -> Result<Vec<AfterSalesRequest>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY a.created_at DESC, a.id"));
        let rows = sqlx::query(sql).fetch_all(&self.readers).await?;
        rows.iter().map(request_from).collect()
    }

    async fn decide_after_sales(
        &self,
        id: &str,
        decision: &AfterSalesDecision,
        now: i64,
    ) -> Result<Decided, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let state = match decision.accept {
            true => RequestState::Accepted,
            false => RequestState::Declined,
        };
        let done = sqlx::query(
            "UPDATE after_sales SET state = $2, reason = $3, decided_at = $4 \
             WHERE id = $1 AND state = 'open'",
        )
        .bind(id)
        .bind(state.as_str())
        .bind(decision.reason.trim())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let Some(request) = load_one(&mut tx, "id", id).await? else {
            return Ok(Decided::NotFound);
        };
        if done.rows_affected() == 0 {
            return Ok(Decided::AlreadyDecided);
        }
        let email: String = sqlx::query_scalar("SELECT email FROM after_sales WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(mut order) = super::outbox::order_party(&mut tx, &request.order_token).await? {
            // The answer goes to whoever asked, in their language.
            order.email = email;
            order.lang = request.lang.clone();
            let event = Event::AfterSalesDecided {
                order,
                request: request.clone(),
            };
            super::outbox::record(&mut tx, &event, now).await?;
        }
        tx.commit().await?;
        Ok(Decided::Done(Box::new(request)))
    }
}
