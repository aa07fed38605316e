//! What storage answers when it cannot do what was asked. No HTTP here: the edge
//! ([`crate::AppError`]) decides what a client sees.

use omiyage_api::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The stored data says no: a conditional write found nothing to change, a row is missing,
    /// a reference points nowhere. The same rule outcome the in-browser mock gives; the
    /// service answers it to the client.
    #[error("{0}")]
    Refused(#[from] ApiError),
    /// The database failed (connection, SQL, constraint the rules did not foresee).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// A stored value does not read back (a JSON column, an enum's name).
    #[error("stored data is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// Anything else that stops storage (a writer task stopped, a row vanished mid-write).
    #[error("storage: {0}")]
    Failed(String),
}

impl StorageError {
    /// A transaction the database aborted to let another finish (PostgreSQL's deadlock and
    /// serialization failures): running it again is the documented remedy.
    pub fn is_retryable(&self) -> bool {
        let StorageError::Database(e) = self else {
            return false;
        };
        e.as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|code| code == "40P01" || code == "40001")
    }
}
