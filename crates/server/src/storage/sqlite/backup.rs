//! Backups of the database file: `VACUUM INTO` writes a consistent copy from one read
//! transaction, so a server may keep taking orders meanwhile; a restore checks the copy and
//! puts it in place of the database, and refuses while a server has it open.

use std::path::{Path, PathBuf};
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

/// Replaces the database at `db` with the backup `from`, after checking the backup, and answers
/// where the old database was kept.
///
/// - Refused while a server has the database open: every process that opens it holds a shared
///   lock on [`super::lock_path`], and a restore needs it alone.
/// - The old database is kept whole beside it as `<db stem>.before-restore` (or `….2`, `….3`
///   when that exists): its write-ahead log is first checkpointed into the file (after a crash
///   the log may hold every committed order), and any `-wal` and `-shm` left are moved with it
///   under the kept name, so the copy opens on its own with all its rows.
/// - The restored database is the backup as it is, with no log of the old one beside it.
pub async fn restore(from: &Path, db: &Path) -> Result<Option<PathBuf>, StorageError> {
    check_integrity(from).await?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let _alone = super::lock_alone(db)?;
    let staged = db.with_extension("restoring");
    std::fs::copy(from, &staged)?;
    let kept = if db.exists() {
        if let Err(e) = checkpoint(db).await {
            // A damaged old file is kept as it is, its log beside it.
            tracing::warn!(error = %e, "the old database could not be checkpointed");
        }
        let kept = kept_name(db);
        std::fs::rename(db, &kept)?;
        for suffix in ["-wal", "-shm"] {
            let side = beside(db, suffix);
            if side.exists() {
                std::fs::rename(side, beside(&kept, suffix))?;
            }
        }
        Some(kept)
    } else {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(beside(db, suffix));
        }
        None
    };
    std::fs::rename(&staged, db)?;
    Ok(kept)
}

/// `<path><suffix>`, as SQLite names a database's log (`-wal`) and shared memory (`-shm`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The first free name of `<stem>.before-restore`, `<stem>.before-restore.2`, ….
fn kept_name(db: &Path) -> PathBuf {
    let first = db.with_extension("before-restore");
    let taken = |p: &Path| p.exists() || beside(p, "-wal").exists();
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| db.with_extension(format!("before-restore.{n}")))
        .find(|p| !taken(p))
        .expect("a free name")
}

/// Folds the database's write-ahead log into its file.
async fn checkpoint(db: &Path) -> Result<(), StorageError> {
    let mut conn = connect(db, false).await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}
