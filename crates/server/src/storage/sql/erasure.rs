//! Deleting a member's account (APPI): one transaction that first checks nothing is
//! unfinished, then erases every personal field the shop holds by their email and keeps the
//! orders themselves (amounts, items, tax: the law's records) without them.
//!
//! Where a member's personal data lives, by table:
//! - `members`, `member_sessions`, `member_links`, `member_passkeys`, `passkey_challenges`,
//!   `member_addresses`, `point_entries` (their points ledger): deleted; `orders.member_id`
//!   (the member who placed an order signed in): emptied.
//! - `orders` placed with the email: `email` and the view's contact, address and label
//!   (`ship_to`), a gift's sender name, greeting and recipient email, emptied; the row stays.
//! - `gifts` of those orders: sender name, greeting, the recipient's email told; their
//!   `gift_thanks` messages (written to the member).
//! - `gifts` told to the email: the email; `gift_units` claimed with it: the name, phone,
//!   address, email and the claim's fingerprint.
//! - `after_sales` answered at the email: the note and the email; `after_sales_photos` deleted.
//! - `outbox_events` naming the email or one of those orders (an order's events carry its
//!   contact; a claim's, the claimer's address) and their `outbox_messages`, with every
//!   message to the email: deleted, sent or not.
//! - `buyers`, `coupon_emails`: deleted; `coupon_uses`, `gift_rewards`: the email emptied;
//!   `rate_limit_hits` under the email's keys, `idempotency_keys` of the orders: deleted.

use sqlx::Row;

use super::{Conn, Store};
use crate::storage::{Member, StorageError, Unfinished};

/// The counts of what keeps `email` from being erased now.
async fn unfinished(conn: &mut Conn, email: &str) -> Result<Unfinished, StorageError> {
    let row = sqlx::query(
        "SELECT \
         (SELECT COUNT(*) FROM orders o WHERE o.email = $1 AND (o.status = 'awaiting_payment' \
            OR (o.status = 'paid' AND NOT EXISTS \
                (SELECT 1 FROM gifts g WHERE g.order_token = o.token)))) AS orders, \
         (SELECT COUNT(*) FROM gift_units u JOIN gifts g ON g.token = u.gift_token \
            JOIN orders o ON o.token = g.order_token \
            WHERE o.email = $1 AND o.status = 'paid' AND g.cancelled = FALSE \
            AND u.state IN ('unclaimed', 'claimed')) AS gifts, \
         (SELECT COUNT(*) FROM gift_units u WHERE u.recipient_email = $1 \
            AND u.state = 'claimed') AS claims, \
         (SELECT COUNT(*) FROM after_sales a WHERE a.email = $1 AND a.state = 'open') AS requests",
    )
    .bind(email)
    .fetch_one(&mut *conn)
    .await?;
    let count = |name: &str| -> Result<u32, StorageError> {
        Ok(u32::try_from(row.try_get::<i64, _>(name)?).unwrap_or(u32::MAX))
    };
    Ok(Unfinished {
        orders: count("orders")?,
        gifts: count("gifts")?,
        claims: count("claims")?,
        requests: count("requests")?,
    })
}

/// `%text%` for `LIKE … ESCAPE '\'`, the text's own wildcards escaped.
fn containing(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{}%", escaped.to_lowercase())
}

/// A value with every string equal to `email` (in any case) emptied.
fn without(value: &mut serde_json::Value, email: &str) {
    match value {
        serde_json::Value::String(s) if s.eq_ignore_ascii_case(email) => s.clear(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| without(v, email)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| without(v, email)),
        _ => {}
    }
}

/// An order's stored view without its personal fields.
fn scrubbed(view: &str) -> Result<String, StorageError> {
    let mut view: serde_json::Value = serde_json::from_str(view)?;
    if let Some(v) = view.as_object_mut() {
        v.insert(
            "contact".into(),
            serde_json::to_value(omiyage_api::Contact::default())?,
        );
        v.insert(
            "address".into(),
            serde_json::to_value(omiyage_api::Address::default())?,
        );
        v.remove("ship_to");
        if let Some(gift) = v.get_mut("gift").and_then(|g| g.as_object_mut()) {
            for field in ["sender_name", "greeting", "recipient_email"] {
                if gift.contains_key(field) {
                    gift.insert(field.into(), "".into());
                }
            }
        }
    }
    Ok(serde_json::to_string(&view)?)
}

async fn tokens(conn: &mut Conn, sql: &str, email: &str) -> Result<Vec<String>, StorageError> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(email)
        .fetch_all(&mut *conn)
        .await?)
}

/// Runs each statement once with `$1` bound to `value`.
async fn each(conn: &mut Conn, statements: &[&str], value: &str) -> Result<(), StorageError> {
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deletes the member's row first (racing deletes: one finds it), then erases the rest.
/// `false` when the member is gone already.
async fn erase(conn: &mut Conn, member: &Member) -> Result<bool, StorageError> {
    each(
        conn,
        &[
            "DELETE FROM member_sessions WHERE member_id = $1",
            "DELETE FROM member_passkeys WHERE member_id = $1",
            "DELETE FROM member_addresses WHERE member_id = $1",
            "DELETE FROM passkey_challenges WHERE member_id = $1",
            "DELETE FROM point_entries WHERE member_id = $1",
            "UPDATE orders SET member_id = NULL WHERE member_id = $1",
        ],
        &member.id,
    )
    .await?;
    let gone = sqlx::query("DELETE FROM members WHERE id = $1")
        .bind(&member.id)
        .execute(&mut *conn)
        .await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    let email = member.email.as_str();
    let orders = tokens(conn, "SELECT token FROM orders WHERE email = $1", email).await?;
    // The orders of gifts the member claimed: their claim's events carry the member's address.
    let claimed_from = tokens(
        conn,
        "SELECT DISTINCT g.order_token FROM gift_units u JOIN gifts g ON g.token = u.gift_token \
         WHERE u.recipient_email = $1",
        email,
    )
    .await?;
    let requests = tokens(conn, "SELECT id FROM after_sales WHERE email = $1", email).await?;

    // Events (and their messages) naming the member or one of their orders.
    let mut events: Vec<String> = Vec::new();
    for text in std::iter::once(email)
        .chain(orders.iter().map(String::as_str))
        .chain(claimed_from.iter().map(String::as_str))
    {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM outbox_events WHERE lower(payload) LIKE $1 ESCAPE '\\'",
        )
        .bind(containing(text))
        .fetch_all(&mut *conn)
        .await?;
        events.extend(ids);
    }
    events.sort();
    events.dedup();
    for id in &events {
        each(
            conn,
            &[
                "DELETE FROM outbox_messages WHERE event_id = $1",
                "DELETE FROM outbox_events WHERE id = $1",
            ],
            id,
        )
        .await?;
    }

    for token in &orders {
        let view: String = sqlx::query_scalar("SELECT view_json FROM orders WHERE token = $1")
            .bind(token)
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query("UPDATE orders SET view_json = $2, email = '' WHERE token = $1")
            .bind(token)
            .bind(scrubbed(&view)?)
            .execute(&mut *conn)
            .await?;
        each(
            conn,
            &[
                "UPDATE gift_thanks SET message = '' WHERE gift_token IN \
                 (SELECT token FROM gifts WHERE order_token = $1)",
                "UPDATE gifts SET sender_name = '', greeting = '', recipient_email = '' \
                 WHERE order_token = $1",
                "DELETE FROM idempotency_keys WHERE order_token = $1",
            ],
            token,
        )
        .await?;
    }
    // Others' orders that name the email: a gift told to it.
    let naming: Vec<(String, String)> = sqlx::query_as(
        "SELECT token, view_json FROM orders WHERE lower(view_json) LIKE $1 ESCAPE '\\'",
    )
    .bind(containing(email))
    .fetch_all(&mut *conn)
    .await?;
    for (token, view) in naming {
        let mut view: serde_json::Value = serde_json::from_str(&view)?;
        without(&mut view, email);
        sqlx::query("UPDATE orders SET view_json = $2 WHERE token = $1")
            .bind(&token)
            .bind(serde_json::to_string(&view)?)
            .execute(&mut *conn)
            .await?;
    }
    for id in &requests {
        each(
            conn,
            &["DELETE FROM after_sales_photos WHERE request_id = $1"],
            id,
        )
        .await?;
    }
    each(
        conn,
        &[
            "DELETE FROM outbox_messages WHERE recipient = $1",
            "UPDATE gifts SET recipient_email = '' WHERE recipient_email = $1",
            "UPDATE gift_units SET recipient_name = NULL, recipient_phone = NULL, \
             recipient_address = NULL, claim_fingerprint = NULL, recipient_email = '' \
             WHERE recipient_email = $1",
            "UPDATE after_sales SET note = '', email = '' WHERE email = $1",
            "DELETE FROM buyers WHERE email = $1",
            "DELETE FROM coupon_emails WHERE email = $1",
            "UPDATE coupon_uses SET email = '' WHERE email = $1",
            "UPDATE gift_rewards SET customer_email = '' WHERE customer_email = $1",
            "DELETE FROM rate_limit_hits WHERE key = 'find-email:' || $1 \
             OR key = 'member-email:' || $1",
            "DELETE FROM member_links WHERE email = $1",
        ],
        email,
    )
    .await?;
    Ok(true)
}

impl Store {
    pub(super) async fn unfinished_of(&self, email: &str) -> Result<Unfinished, StorageError> {
        let mut conn = self.readers.acquire().await?;
        unfinished(&mut conn, email).await
    }

    pub(super) async fn erase(&self, member: &Member) -> Result<Option<Unfinished>, StorageError> {
        let mut tx = self.writer.begin_with(super::dialect::BEGIN_WRITE).await?;
        let left = unfinished(&mut tx, &member.email).await?;
        if !left.is_empty() {
            return Ok(Some(left));
        }
        if !erase(&mut tx, member).await? {
            return Ok(None);
        }
        tx.commit().await?;
        Ok(Some(Unfinished::default()))
    }
}
