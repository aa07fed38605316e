//! After-sales requests: written with the order's row locked (one open request per item, the
//! period and the item checked in the same transaction as the write) and their outbox event;
//! answered once, however many answers race.

use omiyage_api::{
    AfterSalesDecision, AfterSalesRequest, AfterSalesSettings, Money, OrderView, Problem, Remedy,
    RequestState, Requester,
};
use sqlx::Row;

use super::{Conn, DbRow, Store};
use crate::events::Event;
use crate::storage::{AfterSalesStorage, Decided, NewReport, Reported, Step, StorageError};
use omiyage_api::{ApiError, ErrorCode, FieldError, ProblemOutcome, UnitProblem};

/// The rules' key in `shop_settings`.
const SETTINGS: &str = "after_sales";

/// A request's columns, with what its item paid (a shopper's line with its options, less its
/// coupon share; a gift's unit as the gift rules count it) and where its refunds go.
const SELECT: &str = "SELECT a.id, a.order_token, o.reference, a.requester, a.item, a.item_name, \
     a.problem, a.remedy, a.exchange_variant, a.note, a.state, a.reason, a.lang, a.created_at, \
     a.decided_at, a.refunded, a.return_instructions, a.return_asked_at, a.received_at, \
     a.restocked, a.replaced_at, a.replacement_tracking, a.replacement_variant, \
     CASE WHEN a.requester = 'buyer' THEN \
       (SELECT l.unit_price * l.quantity - l.discount FROM order_lines l \
        WHERE l.order_token = a.order_token AND l.position = a.item) \
       + (SELECT CAST(COALESCE(SUM(x.unit_price * x.quantity), 0) AS BIGINT) FROM order_options x \
          WHERE x.order_token = a.order_token AND x.line = a.item) \
     ELSE \
       (SELECT l.unit_price - l.discount / l.quantity FROM order_lines l \
        WHERE l.order_token = a.order_token AND l.position = 0) \
       + (SELECT CAST(COALESCE(SUM(x.unit_price), 0) AS BIGINT) FROM order_options x \
          WHERE x.order_token = a.order_token AND x.line = 0) \
     END AS paid, \
     CASE WHEN EXISTS (SELECT 1 FROM card_payments c WHERE c.order_token = a.order_token \
       AND c.intent_id IS NOT NULL) THEN 'card' ELSE 'counter' END AS refund_path, \
     (SELECT COUNT(*) FROM after_sales_photos p WHERE p.request_id = a.id) AS photos \
     FROM after_sales a JOIN orders o ON o.token = a.order_token";

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
        paid: Money::jpy(r.try_get::<Option<i64>, _>("paid")?.unwrap_or(0)),
        refunded: Money::jpy(r.try_get("refunded")?),
        refund_path: r.try_get("refund_path")?,
        return_instructions: r.try_get("return_instructions")?,
        return_asked_at: r.try_get("return_asked_at")?,
        received_at: r.try_get("received_at")?,
        restocked: r.try_get::<bool, _>("restocked")?,
        replaced_at: r.try_get("replaced_at")?,
        replacement_tracking: r.try_get("replacement_tracking")?,
        replacement_variant: r.try_get("replacement_variant")?,
        photos: u32::try_from(r.try_get::<i64, _>("photos")?).unwrap_or(0),
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
    /// The product's category (its own return period, if the admin set one).
    category: String,
    since: i64,
    email: String,
}

/// A product's category, if it still exists.
async fn category_of(conn: &mut Conn, product_id: &str) -> Result<String, StorageError> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT category_id FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.unwrap_or_default())
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
            let category = category_of(conn, &view.lines[report.item as usize].product_id).await?;
            Ok(Ok(Item {
                order_token,
                name,
                category,
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
            let category = match view.lines.first() {
                Some(line) => category_of(conn, &line.product_id).await?,
                None => String::new(),
            };
            Ok(Ok(Item {
                order_token,
                name: line_name(0).unwrap_or_default(),
                category,
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
        if !omiyage_core::after_sales::within_period(&settings, &item.category, item.since, now) {
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
        for (position, jpeg) in report.photos.iter().enumerate() {
            sqlx::query(
                "INSERT INTO after_sales_photos (request_id, position, content_type, bytes) \
                 VALUES ($1, $2, 'image/jpeg', $3)",
            )
            .bind(&id)
            .bind(position as i64)
            .bind(jpeg)
            .execute(&mut *tx)
            .await?;
        }
        let Some(request) = load_one(&mut tx, "id", &id).await? else {
            return Err(StorageError::Failed(
                "the request just written is gone".into(),
            ));
        };
        tell_requester(&mut tx, &request, now, |order, request| {
            Event::AfterSalesRequested { order, request }
        })
        .await?;
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
        tell_requester(&mut tx, &request, now, |order, request| {
            Event::AfterSalesDecided { order, request }
        })
        .await?;
        tx.commit().await?;
        Ok(Decided::Done(Box::new(request)))
    }

    async fn after_sales_step(
        &self,
        id: &str,
        step: Step<'_>,
        now: i64,
    ) -> Result<AfterSalesRequest, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let request = locked(&mut tx, id).await?;
        match request.state {
            RequestState::Accepted => {}
            RequestState::Open => return conflict("Accept the request first."),
            RequestState::Declined => return conflict("This request was declined."),
        }
        let (name, amount, moved) = run_step(&mut tx, &request, &step, now).await?;
        let Some(request) = load_one(&mut tx, "id", id).await? else {
            return Err(ApiError::not_found("This request").into());
        };
        tell_requester(&mut tx, &request, now, |order, request| {
            Event::AfterSalesProgressed {
                order,
                request,
                step: name.to_string(),
                amount: amount.map(Money::jpy),
            }
        })
        .await?;
        tx.commit().await?;
        if moved {
            self.catalog_changed();
        }
        Ok(request)
    }

    async fn after_sales_photo(
        &self,
        id: &str,
        position: u32,
    ) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        let row = sqlx::query(
            "SELECT content_type, bytes FROM after_sales_photos \
             WHERE request_id = $1 AND position = $2",
        )
        .bind(id)
        .bind(i64::from(position))
        .fetch_optional(&self.readers)
        .await?;
        row.map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?)))
            .transpose()
    }

    async fn line_problems(
        &self,
        order_token: &str,
    ) -> Result<Vec<omiyage_api::LineProblem>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE a.order_token = $1 AND a.requester = 'buyer' ORDER BY a.item, a.created_at, a.id"
        ));
        let rows = sqlx::query(sql)
            .bind(order_token)
            .fetch_all(&self.readers)
            .await?;
        rows.iter()
            .map(|r| {
                let request = request_from(r)?;
                Ok(omiyage_api::LineProblem {
                    line: request.item,
                    outcome: ProblemOutcome::of(&request),
                })
            })
            .collect()
    }

    async fn order_after_sales(
        &self,
        order_token: &str,
    ) -> Result<Vec<AfterSalesRequest>, StorageError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE a.order_token = $1 ORDER BY a.created_at, a.id"
        ));
        let rows = sqlx::query(sql)
            .bind(order_token)
            .fetch_all(&self.readers)
            .await?;
        rows.iter().map(request_from).collect()
    }
}

/// Records the event `make` builds for a request, told to whoever asked (at the email they
/// are answered at, in their language; a recipient's never goes to the gift's sender).
async fn tell_requester(
    conn: &mut Conn,
    request: &AfterSalesRequest,
    now: i64,
    make: impl FnOnce(crate::events::OrderParty, AfterSalesRequest) -> Event,
) -> Result<(), StorageError> {
    let email: String = sqlx::query_scalar("SELECT email FROM after_sales WHERE id = $1")
        .bind(&request.id)
        .fetch_one(&mut *conn)
        .await?;
    if let Some(mut order) = super::outbox::order_party(conn, &request.order_token).await? {
        order.email = email;
        order.lang = request.lang.clone();
        super::outbox::record(conn, &make(order, request.clone()), now).await?;
    }
    Ok(())
}

/// A refusal of a step (409).
fn conflict<T>(message: &str) -> Result<T, StorageError> {
    Err(ApiError::new(ErrorCode::Conflict, message).into())
}

/// The variant an item is, its product, and how many of it the item holds (a shopper's whole
/// line; a recipient's one unit, as they chose it).
async fn item_variant(
    conn: &mut Conn,
    request: &AfterSalesRequest,
) -> Result<(String, String, i64), StorageError> {
    let row = match request.requester {
        Requester::Buyer => {
            sqlx::query(
                "SELECT variant_id, product_id, quantity FROM order_lines \
                 WHERE order_token = $1 AND position = $2",
            )
            .bind(&request.order_token)
            .bind(i64::from(request.item))
            .fetch_one(&mut *conn)
            .await?
        }
        Requester::Recipient => {
            sqlx::query(
                "SELECT COALESCE(u.shipped_variant, l.variant_id) AS variant_id, l.product_id, \
                 CAST(1 AS BIGINT) AS quantity \
                 FROM gifts g JOIN gift_units u ON u.gift_token = g.token \
                 JOIN order_lines l ON l.order_token = g.order_token AND l.position = 0 \
                 WHERE g.order_token = $1 AND u.idx = $2",
            )
            .bind(&request.order_token)
            .bind(i64::from(request.item))
            .fetch_one(&mut *conn)
            .await?
        }
    };
    Ok((
        row.try_get("variant_id")?,
        row.try_get("product_id")?,
        row.try_get("quantity")?,
    ))
}

/// Locks the request's order (every step on its items waits for the one before) and reads
/// the request as it now stands.
async fn locked(conn: &mut Conn, id: &str) -> Result<AfterSalesRequest, StorageError> {
    let order: Option<String> =
        sqlx::query_scalar("SELECT order_token FROM after_sales WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(order) = order else {
        return Err(ApiError::not_found("This request").into());
    };
    let lock = super::dialect::FOR_UPDATE;
    let sql = sqlx::AssertSqlSafe(format!("SELECT token FROM orders WHERE token = $1{lock}"));
    sqlx::query(sql).bind(&order).execute(&mut *conn).await?;
    match load_one(conn, "id", id).await? {
        Some(request) => Ok(request),
        None => Err(ApiError::not_found("This request").into()),
    }
}

/// Runs one step on a locked, accepted request. Returns the step's name and, for a refund,
/// its amount; `true` in the last place when stock moved.
async fn run_step(
    conn: &mut Conn,
    request: &AfterSalesRequest,
    step: &Step<'_>,
    now: i64,
) -> Result<(&'static str, Option<i64>, bool), StorageError> {
    let id = request.id.as_str();
    match *step {
        Step::AskReturn { instructions } => {
            let done = sqlx::query(
                "UPDATE after_sales SET return_instructions = $2, return_asked_at = $3 \
                 WHERE id = $1 AND return_asked_at IS NULL",
            )
            .bind(id)
            .bind(instructions.trim())
            .bind(now)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 0 {
                return conflict("The item was already asked back.");
            }
            Ok(("return_asked", None, false))
        }
        Step::Received { restock } => {
            if request.return_asked_at.is_none() {
                return conflict("Ask for the item back first.");
            }
            let done = sqlx::query(
                "UPDATE after_sales SET received_at = $2, restocked = $3 \
                 WHERE id = $1 AND received_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .bind(restock)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 0 {
                return conflict("The item was already received.");
            }
            if restock {
                let (variant, _, quantity) = item_variant(conn, request).await?;
                sqlx::query("UPDATE variants SET stock = stock + $1 WHERE id = $2")
                    .bind(quantity)
                    .bind(&variant)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(("received", None, restock))
        }
        Step::Refund { amount } => {
            if request.replaced_at.is_some() {
                return conflict(
                    "A replacement was sent for this request: it is not refunded too.",
                );
            }
            let done: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(refunded), 0) AS BIGINT) FROM after_sales \
                 WHERE order_token = $1 AND requester = $2 AND item = $3",
            )
            .bind(&request.order_token)
            .bind(request.requester.as_str())
            .bind(i64::from(request.item))
            .fetch_one(&mut *conn)
            .await?;
            let left = omiyage_core::after_sales::refundable(request.paid.amount, done);
            if amount > left {
                return Err(ApiError::invalid(vec![FieldError::new(
                    "amount",
                    format!("At most {left} yen can still be refunded for this item."),
                )])
                .into());
            }
            let mut moved = false;
            if request.refund_path == "card" {
                let lang: String = sqlx::query_scalar("SELECT lang FROM orders WHERE token = $1")
                    .bind(&request.order_token)
                    .fetch_one(&mut *conn)
                    .await?;
                let lang =
                    omiyage_core::lang::Lang::of_tag(&lang).unwrap_or(omiyage_core::lang::Lang::Ja);
                let reason = omiyage_core::after_sales::refund_reason(
                    lang,
                    &request.item_name,
                    request.requester == Requester::Recipient,
                );
                let mut store = super::flow_store::Tx::new(conn);
                let refund = omiyage_flows::payment::AdminRefund {
                    amount,
                    reason: &reason,
                    cancel: false,
                };
                omiyage_flows::payment::refund_by_admin(
                    &mut store,
                    &request.order_token,
                    refund,
                    now,
                )
                .await??;
                moved = store.moved_stock;
            }
            sqlx::query("UPDATE after_sales SET refunded = refunded + $2 WHERE id = $1")
                .bind(id)
                .bind(amount)
                .execute(&mut *conn)
                .await?;
            Ok(("refunded", Some(amount), moved))
        }
        Step::Ship {
            tracking,
            variant_id,
        } => {
            if request.refunded.amount > 0 {
                return conflict("This request was refunded: no replacement is sent too.");
            }
            if request.replaced_at.is_some() {
                return conflict("The replacement already shipped.");
            }
            let (own, product, quantity) = item_variant(conn, request).await?;
            let variant = match variant_id.trim() {
                "" => own,
                other => {
                    let of: Option<String> =
                        sqlx::query_scalar("SELECT product_id FROM variants WHERE id = $1")
                            .bind(other)
                            .fetch_optional(&mut *conn)
                            .await?;
                    if of.as_deref() != Some(product.as_str()) {
                        return Err(ApiError::invalid(vec![FieldError::new(
                            "variant_id",
                            "Choose a variant of the same product.",
                        )])
                        .into());
                    }
                    other.to_string()
                }
            };
            let took =
                sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                    .bind(quantity)
                    .bind(&variant)
                    .execute(&mut *conn)
                    .await?;
            if took.rows_affected() == 0 {
                return conflict("Not enough of this variant is in stock to send the replacement.");
            }
            sqlx::query(
                "UPDATE after_sales SET replaced_at = $2, replacement_tracking = $3, \
                 replacement_variant = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(tracking)
            .bind(&variant)
            .execute(&mut *conn)
            .await?;
            Ok(("replaced", None, true))
        }
    }
}

/// What became of the problems reported about an order's gift units, as its sender may know.
pub(super) async fn unit_problems(
    conn: &mut Conn,
    order_token: &str,
) -> Result<Vec<UnitProblem>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.order_token = $1 AND a.requester = 'recipient' ORDER BY a.item, a.created_at"
    ));
    let rows = sqlx::query(sql)
        .bind(order_token)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let request = request_from(r)?;
            Ok(UnitProblem {
                unit: request.item,
                outcome: ProblemOutcome::of(&request),
            })
        })
        .collect()
}

/// The requests answered at an email (a member's data export).
pub(super) async fn requests_answered_at(
    readers: &super::Pool,
    email: &str,
) -> Result<Vec<AfterSalesRequest>, StorageError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.email = $1 ORDER BY a.created_at, a.id"
    ));
    let rows = sqlx::query(sql).bind(email).fetch_all(readers).await?;
    rows.iter().map(request_from).collect()
}
