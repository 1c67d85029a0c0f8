//! The ledger's schema and its migrations.
//!
//! `PRAGMA application_id` marks a file as a Kaohe ledger; `PRAGMA user_version` is its
//! schema version. [`MIGRATIONS`]`[n]` takes a ledger from version `n` to `n + 1`; a new
//! ledger runs them all, an older one those it lacks, in the caller's one transaction.

use rusqlite::Transaction;

/// "KHLG": what `PRAGMA application_id` holds in every Kaohe ledger.
pub const APPLICATION_ID: u32 = 0x4B48_4C47;

/// The schema this Kaohe writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const MIGRATIONS: [&str; 1] = [
    // 0 → 1: closed months and their results.
    "CREATE TABLE closings (
        id               INTEGER PRIMARY KEY,
        month            TEXT NOT NULL,
        closed_at        TEXT NOT NULL,
        kaohe_version    TEXT NOT NULL,
        policy_name      TEXT NOT NULL,
        policy_text      TEXT NOT NULL,
        policy_sha256    TEXT NOT NULL,
        agents_name      TEXT NOT NULL,
        agents_bytes     BLOB NOT NULL,
        agents_sha256    TEXT NOT NULL,
        incidents_name   TEXT NOT NULL,
        incidents_bytes  BLOB NOT NULL,
        incidents_sha256 TEXT NOT NULL,
        encoding         TEXT NOT NULL,
        results_sha256   TEXT NOT NULL,
        agent_count      INTEGER NOT NULL,
        reason           TEXT,
        previous_hash    TEXT NOT NULL,
        record_hash      TEXT NOT NULL,
        superseded_by    INTEGER REFERENCES closings(id),
        superseded_at    TEXT,
        figures          TEXT NOT NULL
    );
    CREATE UNIQUE INDEX closings_in_force ON closings(month) WHERE superseded_at IS NULL;
    CREATE TABLE results (
        closing  INTEGER NOT NULL REFERENCES closings(id),
        position INTEGER NOT NULL,
        agent    TEXT NOT NULL,
        stored   TEXT NOT NULL,
        PRIMARY KEY (closing, position)
    );
    CREATE INDEX results_by_agent ON results(closing, agent);",
];

/// Brings a ledger at `from` to [`SCHEMA_VERSION`].
pub(super) fn migrate(tx: &Transaction, from: u32) -> rusqlite::Result<()> {
    for sql in MIGRATIONS.iter().skip(from as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}
