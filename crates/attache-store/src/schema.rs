//! Schema versions and forward migrations.
//!
//! The version lives in SQLite's `user_version` pragma. A fresh store runs
//! every step from version 0, so the upgrade path is the creation path and
//! is exercised by every test. Each step runs in one transaction together
//! with the version bump: a store is always at exactly one version.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{StoreError, StoreWriter};

/// The schema this library reads and writes.
pub const SCHEMA_VERSION: i64 = 2;

/// Version 1: documents, sentences, events (indexed columns and full JSON),
/// event actors.
pub const V1_SQL: &str = include_str!("../sql/v1.sql");
/// Version 2: stories, full-text search, dyads, filter codes, ingest errors.
pub const V2_SQL: &str = include_str!("../sql/v2.sql");

pub fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring `conn` up to [`SCHEMA_VERSION`]. Each step takes the write lock
/// first and reads the version under it, so two processes opening the same
/// new store do not both run a step.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    loop {
        if user_version(conn)? == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = user_version(&tx)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        let version = found + 1;
        match version {
            1 => tx.execute_batch(V1_SQL)?,
            2 => {
                tx.execute_batch(V2_SQL)?;
                backfill_v2(&tx)?;
            }
            _ => {}
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
}

/// Fill version 2's derived data for events stored under version 1:
/// sentence links, party codes, evidence, dyads and stories (in the order
/// the events were stored, as an incremental ingest would have), and the
/// full-text indexes.
fn backfill_v2(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
         INSERT INTO sentences_fts(sentences_fts) VALUES('rebuild');",
    )?;
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT rowid, json FROM events ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let writer = StoreWriter { tx };
    for (rowid, json) in rows {
        let event: attache_types::Event = serde_json::from_str(&json)?;
        let doc = writer.doc_info(&event.doc_id)?;
        writer.index_event(rowid, &event, doc.as_ref())?;
    }
    Ok(())
}
