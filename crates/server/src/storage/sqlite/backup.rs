//! Backups of the database file: `VACUUM INTO` writes a consistent copy from one read
//! transaction, so a server may keep taking orders meanwhile; a restore checks the copy and
//! puts it in place of the database (with the server stopped).

use std::path::Path;
use std::str::FromStr;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::storage::StorageError;

async fn connect(path: &Path, read_only: bool) -> Result<SqliteConnection, StorageError> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .read_only(read_only);
    Ok(SqliteConnection::connect_with(&options).await?)
}

/// `PRAGMA integrity_check` of a database file: `Ok` when it answers "ok".
pub async fn check_integrity(path: &Path) -> Result<(), StorageError> {
    let mut conn = connect(path, true).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StorageError::Failed(format!(
            "{} fails its integrity check: {verdict}",
            path.display()
        )))
    }
}

/// Writes a consistent copy of the database at `db` to `to` (which must not exist yet), while
/// the server may go on serving, and checks the copy.
pub async fn backup(db: &Path, to: &Path) -> Result<(), StorageError> {
    if to.exists() {
        return Err(StorageError::Failed(format!(
            "{} exists already; choose a new file",
            to.display()
        )));
    }
    if !db.exists() {
        return Err(StorageError::Failed(format!(
            "no database at {}",
            db.display()
        )));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut conn = connect(db, true).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(to.to_string_lossy().as_ref())
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    check_integrity(to).await
}

/// Replaces the database at `db` with the backup `from`, after checking the backup. Run it with
/// the server stopped: the old file (and its WAL) is kept beside it as `<db>.before-restore`.
pub async fn restore(from: &Path, db: &Path) -> Result<(), StorageError> {
    check_integrity(from).await?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let staged = db.with_extension("restoring");
    std::fs::copy(from, &staged)?;
    if db.exists() {
        std::fs::rename(db, db.with_extension("before-restore"))?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staged, db)?;
    Ok(())
}
