//! What a flow records, as the outbox event that tells of it (with every fact its messages
//! need, read in the same transaction).

use omiyage_flows::Fact;
use sqlx::Row;

use super::super::Conn;
use crate::events::{Event, RecipientNote, ShippingTo};
use crate::storage::StorageError;

/// Records `fact` about an order as its outbox event (nothing for an unknown order).
pub(super) async fn record(
    conn: &mut Conn,
    order_token: &str,
    fact: Fact,
    at: i64,
) -> Result<(), StorageError> {
    let Some(order) = super::super::outbox::order_party(conn, order_token).await? else {
        return Ok(());
    };
    let event = match fact {
        Fact::GiftRefunded {
            reason,
            units,
            refund,
        } => Event::GiftRefunded {
            order,
            reason,
            units,
            refund,
        },
        Fact::GiftClaimed {
            unit,
            units,
            product_name,
            variant_name,
            shipping,
            delivery,
        } => Event::GiftClaimed {
            order,
            unit,
            units,
            claimed_at: at,
            product_name,
            variant_name,
            shipping: ShippingTo {
                name: shipping.name,
                phone: shipping.phone,
                address: shipping.address,
            },
            delivery,
        },
        Fact::GiftOpened {
            recipient_email,
            sender_name,
            greeting,
            claim_token,
            expires_at,
        } => {
            let recipient_lang = answered_lang(conn, &claim_token).await?;
            Event::GiftOpened {
                order,
                recipient_email,
                sender_name,
                greeting,
                return_gift: recipient_lang.is_some(),
                recipient_lang: recipient_lang.unwrap_or_default(),
                claim_token,
                expires_at,
            }
        }
        Fact::OrderCancelled { reason } => Event::OrderCancelled { order, reason },
        Fact::OrderPaid { total } => Event::OrderPaid { order, total },
        Fact::CommissionConfirmed {
            promoter_id,
            email,
            order_reference,
            amount,
            confirmed,
        } => Event::CommissionConfirmed {
            promoter_id,
            email,
            order_reference,
            amount,
            confirmed,
        },
        Fact::OrderShipped {
            tracking_number,
            gift_units,
            sender_name,
        } => Event::OrderShipped {
            order,
            tracking_number,
            recipients: recipient_notes(conn, order_token, &gift_units).await?,
            gift_units,
            sender_name,
        },
        Fact::OrderRefunded {
            refund,
            reason,
            cancelled,
        } => Event::OrderRefunded {
            order,
            refund,
            reason,
            cancelled,
            intent: None,
        },
        Fact::PaymentReturned { intent, refund } => Event::OrderRefunded {
            order,
            refund,
            reason: "This payment arrived when the order no longer waited for it \
                     (it was cancelled or already paid): it is refunded in full."
                .into(),
            cancelled: false,
            intent: Some(intent),
        },
    };
    super::super::outbox::record(conn, &event, at).await
}

/// A return gift's: the language of the order whose gift it answers (`None`: not a return
/// gift).
async fn answered_lang(conn: &mut Conn, claim_token: &str) -> Result<Option<String>, StorageError> {
    Ok(sqlx::query_scalar(
        "SELECT o.lang FROM gifts r JOIN gifts a ON a.token = r.return_for \
         JOIN orders o ON o.token = a.order_token WHERE r.token = $1",
    )
    .bind(claim_token)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The recipients of a gift's `units` who left an email to hear that their parcel shipped.
async fn recipient_notes(
    conn: &mut Conn,
    order_token: &str,
    units: &[u32],
) -> Result<Vec<RecipientNote>, StorageError> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT u.idx, u.recipient_email, u.recipient_lang, u.delivery_date, u.delivery_slot \
         FROM gift_units u \
         JOIN gifts g ON g.token = u.gift_token \
         WHERE g.order_token = $1 AND u.recipient_email <> '' ORDER BY u.idx",
    )
    .bind(order_token)
    .fetch_all(&mut *conn)
    .await?;
    let mut notes = Vec::new();
    for r in &rows {
        let unit = u32::try_from(r.try_get::<i64, _>("idx")?).unwrap_or(0);
        if units.contains(&unit) {
            notes.push(RecipientNote {
                unit,
                email: r.try_get("recipient_email")?,
                lang: r.try_get("recipient_lang")?,
                delivery: super::gift_rows::delivery_of(
                    r.try_get("delivery_date")?,
                    r.try_get("delivery_slot")?,
                ),
            });
        }
    }
    Ok(notes)
}
