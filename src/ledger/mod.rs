//! The ledger of closed months: an embedded SQLite file (contract v2 §4, §4.2).
//!
//! A closed month is one row of `closings` — the policy's text, the two input files'
//! exact bytes, each with its SHA-256, when and by which Kaohe it was closed — and one
//! row of `results` per agent, the figures [`StoredResult`] stores. Records are never
//! deleted: a reopened month's old record stays, marked superseded. Each record's hash
//! covers its contents and the hash of the record before it, so the records form a
//! chain that a changed byte anywhere breaks ([`check_chain`]).
//!
//! Invariants: a file is written to only once it has been read as a Kaohe ledger of a
//! known schema ([`inspect`] reads its header bytes, never through SQLite, so a file
//! that is not one is left byte for byte as it was); every change is one transaction
//! taken with the write lock up front (`BEGIN IMMEDIATE`), so a killed `close` leaves
//! the ledger as it was and two `close` commands cannot both close one month (the second
//! waits for the first, then finds the month closed; a unique index on the month of
//! the records in force holds even if that were bypassed). A new ledger is written to a
//! temporary file beside the target and renamed into place only once committed.
//!
//! This module stores and reads; evaluating the months it stores is the layer above's
//! (`kaohe::close_month`, `kaohe::verify_ledger`).

mod schema;

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::calendar::Month;
use crate::diag::{Code, Diagnostic};
use crate::eval::history::{month_before, Catalogue, History, StoredResult};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: String,
}

/// One input file as a closed month stores it.
#[derive(Clone, Debug)]
pub struct StoredInput {
    /// The path as given to `close` (`roster.xlsx#花名册` keeps its sheet).
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// What `close` records, besides the results.
#[derive(Clone, Debug)]
pub struct NewRecord {
    pub month: Month,
    pub policy_name: String,
    pub policy_text: String,
    pub agents: StoredInput,
    pub incidents: StoredInput,
    /// How CSV files were decoded (`auto`, `utf-8`, `gbk`).
    pub encoding: String,
    /// The names and types of the figures every result stores.
    pub catalogue: std::sync::Arc<Catalogue>,
    pub results: Vec<StoredResult>,
    pub reason: Option<String>,
}

/// A closed month's record, without its inputs and results.
#[derive(Clone, Debug, PartialEq)]
pub struct Closing {
    pub id: i64,
    pub month: Month,
    pub closed_at: String,
    pub kaohe_version: String,
    pub policy_name: String,
    pub policy_sha256: String,
    pub agents_name: String,
    pub agents_sha256: String,
    pub incidents_name: String,
    pub incidents_sha256: String,
    pub encoding: String,
    pub results_sha256: String,
    pub agents: usize,
    pub reason: Option<String>,
    pub previous_hash: String,
    pub record_hash: String,
    /// The record that replaced it, and when.
    pub superseded_by: Option<(i64, String)>,
}

/// A record's inputs, to evaluate it again.
#[derive(Clone, Debug)]
pub struct StoredInputs {
    pub policy_name: String,
    pub policy_text: String,
    pub agents: StoredInput,
    pub incidents: StoredInput,
    pub encoding: String,
}

/// What a file at a ledger path is.
#[derive(Debug, PartialEq, Eq)]
pub enum Inspected {
    Missing,
    /// A Kaohe ledger of this schema version.
    Ledger(u32),
    /// Not a ledger Kaohe may open: why.
    Invalid(String),
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

pub(crate) fn invalid(path: &str, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Code::LedgerInvalid, tr!("ledger-invalid", path = path, why = why.to_string()))
        .in_file(path)
        .with_help(tr!("ledger-invalid-help"))
}

fn sql_error(path: &str, e: &rusqlite::Error) -> Diagnostic {
    if let rusqlite::Error::SqliteFailure(f, _) = e {
        if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) {
            return invalid(path, tr!("ledger-why-corrupt"));
        }
    }
    Diagnostic::error(Code::Io, tr!("ledger-cannot-use", path = path, error = e.to_string())).in_file(path)
}

/// What the file at `path` is, read from its first 100 bytes only (the SQLite header:
/// the magic string, `user_version` at byte 60, `application_id` at byte 68).
pub fn inspect(path: &str) -> Inspected {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Inspected::Missing,
        Err(e) => return Inspected::Invalid(tr!("ledger-why-unreadable", error = e.to_string())),
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Inspected::Invalid(tr!("ledger-why-folder"));
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(header.get_mut(read..).unwrap_or(&mut [])) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Inspected::Invalid(tr!("ledger-why-unreadable", error = e.to_string())),
        }
    }
    if read == 0 {
        return Inspected::Invalid(tr!("ledger-why-empty"));
    }
    if read < header.len() || !header.starts_with(b"SQLite format 3\0") {
        return Inspected::Invalid(tr!("ledger-why-not-sqlite"));
    }
    let word = |at: usize| {
        let b = header.get(at..at + 4).unwrap_or(&[0; 4]);
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    };
    if word(68) != APPLICATION_ID {
        return Inspected::Invalid(tr!("ledger-why-other-program"));
    }
    let version = word(60);
    if version > SCHEMA_VERSION {
        return Inspected::Invalid(tr!("ledger-why-newer", version = version, supported = SCHEMA_VERSION));
    }
    Inspected::Ledger(version)
}

impl Ledger {
    /// Opens an existing ledger (a missing file is an error: a typo must not drop the
    /// carry-overs). `writable` for `close`, which migrates an older schema in one
    /// transaction; otherwise nothing is written (SQLite may still roll back what a killed
    /// `close` left half-done, restoring the file as it was).
    pub fn open(path: &str, writable: bool) -> Result<Ledger, Diagnostic> {
        match inspect(path) {
            Inspected::Missing => Err(Diagnostic::error(Code::LedgerInvalid, tr!("ledger-missing", path = path))
                .in_file(path)
                .with_help(tr!("ledger-missing-help"))),
            Inspected::Invalid(why) => Err(invalid(path, why)),
            Inspected::Ledger(version) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(path, &e))?;
                let mut ledger = Ledger { conn, path: path.to_string() };
                ledger.configure()?;
                if version < SCHEMA_VERSION {
                    if !writable {
                        return Err(invalid(
                            path,
                            tr!("ledger-why-older", version = version, supported = SCHEMA_VERSION),
                        ));
                    }
                    ledger.migrate()?;
                }
                if !writable {
                    ledger.conn.pragma_update(None, "query_only", "ON").map_err(|e| sql_error(path, &e))?;
                }
                // A file that has the header of a ledger but not its tables is not one.
                ledger.conn.query_row("SELECT count(*) FROM closings", [], |_| Ok(())).map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(..) | rusqlite::Error::SqlInputError { .. } => {
                        invalid(path, tr!("ledger-why-no-tables"))
                    }
                    e => sql_error(path, &e),
                })?;
                Ok(ledger)
            }
        }
    }

    /// Creates a ledger in a new file at `path` (which must not exist): the schema is
    /// written to a temporary file beside it and renamed into place, so a killed run
    /// leaves no half-made ledger. Gives `None` when another run created it first.
    pub fn create(path: &str) -> Result<Option<Ledger>, Diagnostic> {
        let dir = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let temp = tempfile::Builder::new().prefix(".kaohe-ledger-").tempfile_in(dir).map_err(|e| {
            Diagnostic::error(Code::Io, tr!("ledger-cannot-create", path = path, error = e.to_string())).in_file(path)
        })?;
        {
            let tpath = temp.path().to_string_lossy().into_owned();
            let conn = Connection::open(temp.path()).map_err(|e| sql_error(&tpath, &e))?;
            let mut ledger = Ledger { conn, path: tpath };
            ledger.configure()?;
            ledger.migrate()?;
        }
        // A ledger is a shared record of the office, readable like any file it writes.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644));
        }
        match temp.persist_noclobber(path) {
            Ok(_) => Ledger::open(path, true).map(Some),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
            Err(e) => {
                Err(Diagnostic::error(Code::Io, tr!("ledger-cannot-create", path = path, error = e.error.to_string()))
                    .in_file(path))
            }
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    fn configure(&mut self) -> Result<(), Diagnostic> {
        let path = self.path.clone();
        // A ledger must survive a power loss: every commit reaches the disk.
        self.conn.pragma_update(None, "synchronous", "FULL").map_err(|e| sql_error(&path, &e))?;
        self.conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| sql_error(&path, &e))?;
        // A month's history is tens of megabytes: keep its pages in memory (64 MB at most).
        self.conn.pragma_update(None, "cache_size", -65536).map_err(|e| sql_error(&path, &e))?;
        // A second `close` waits for the first rather than failing.
        self.conn.busy_timeout(std::time::Duration::from_secs(600)).map_err(|e| sql_error(&path, &e))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), Diagnostic> {
        let path = self.path.clone();
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| sql_error(&path, &e))?;
        let version: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| sql_error(&path, &e))?;
        schema::migrate(&tx, version).map_err(|e| sql_error(&path, &e))?;
        tx.commit().map_err(|e| sql_error(&path, &e))
    }

    /// Starts a change: the write lock is taken now, so what is read in it stays true
    /// until [`Change::commit`]. Dropped without committing, it leaves the ledger as it was.
    pub fn change(&mut self) -> Result<Change<'_>, Diagnostic> {
        let path = self.path.clone();
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| sql_error(&path, &e))?;
        Ok(Change { tx, path })
    }

    /// Every record, in force or superseded, oldest first.
    pub fn records(&self) -> Result<Vec<Closing>, Diagnostic> {
        records(&self.conn, &self.path, false)
    }

    /// The records in force, by month.
    pub fn in_force(&self) -> Result<Vec<Closing>, Diagnostic> {
        records(&self.conn, &self.path, true)
    }

    pub fn results(&self, id: i64) -> Result<Vec<StoredResult>, Diagnostic> {
        results(&self.conn, &self.path, id)
    }

    /// One agent's stored result in a record, if the month has the agent.
    pub fn result_of(&self, id: i64, agent: &str) -> Result<Option<StoredResult>, Diagnostic> {
        let path = &self.path;
        let text: Option<String> = self
            .conn
            .query_row("SELECT stored FROM results WHERE closing = ?1 AND agent = ?2", params![id, agent], |r| r.get(0))
            .optional()
            .map_err(|e| sql_error(path, &e))?;
        let Some(text) = text else { return Ok(None) };
        let unreadable = || mismatch(path, tr!("ledger-record-unreadable", id = id));
        let catalogue =
            std::sync::Arc::new(Catalogue::from_json(&catalogue(&self.conn, path, id)?).ok_or_else(unreadable)?);
        StoredResult::from_json(agent, &catalogue, &text).map(Some).ok_or_else(unreadable)
    }

    pub fn inputs(&self, id: i64) -> Result<StoredInputs, Diagnostic> {
        Ledger::inputs_of(&self.conn, &self.path, id)
    }

    /// The history a month `month` reads: the records in force of the months before it,
    /// their chain checked first ([`check_chain`]).
    pub fn history_before(&self, month: Month) -> Result<History, Diagnostic> {
        history_before(&self.conn, &self.path, month)
    }

    /// Checks the chain of every record: each record's hash from its stored contents
    /// (`deep` re-hashes the policy text and the input bytes too), each linked to the one
    /// before it. The first broken record is a `kaohe::ledger::mismatch`.
    pub fn check_chain(&self, deep: bool) -> Result<(), Diagnostic> {
        check_chain(&self.conn, &self.path, deep)
    }
}

/// A change to a ledger, in one transaction holding the write lock.
pub struct Change<'a> {
    tx: rusqlite::Transaction<'a>,
    path: String,
}

impl Change<'_> {
    pub fn in_force(&self) -> Result<Vec<Closing>, Diagnostic> {
        records(&self.tx, &self.path, true)
    }

    pub fn history_before(&self, month: Month) -> Result<History, Diagnostic> {
        history_before(&self.tx, &self.path, month)
    }

    pub fn inputs(&self, id: i64) -> Result<StoredInputs, Diagnostic> {
        Ledger::inputs_of(&self.tx, &self.path, id)
    }

    pub fn check_chain(&self) -> Result<(), Diagnostic> {
        check_chain(&self.tx, &self.path, false)
    }

    /// Records a closed month; with `supersedes`, the record it replaces is marked so (it
    /// stays). Gives the new record's id.
    pub fn insert(&self, record: &NewRecord, supersedes: Option<i64>) -> Result<i64, Diagnostic> {
        let err = |e: rusqlite::Error| sql_error(&self.path, &e);
        let closed_at = now_utc();
        let version = env!("CARGO_PKG_VERSION").to_string();
        let previous_hash: String = self
            .tx
            .query_row("SELECT record_hash FROM closings ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(err)?
            .unwrap_or_default();
        let stored: Vec<String> = {
            use rayon::prelude::*;
            record.results.par_iter().map(StoredResult::to_json).collect()
        };
        let catalogue = record.catalogue.to_json();
        let results_sha256 = results_hash(
            &catalogue,
            record.results.iter().map(|r| r.id.as_str()).zip(stored.iter().map(String::as_str)),
        );
        let policy_sha256 = sha256_hex(record.policy_text.as_bytes());
        let month = record.month.to_string();
        let fields = HashedFields {
            month: &month,
            closed_at: &closed_at,
            kaohe_version: &version,
            policy_name: &record.policy_name,
            policy_sha256: &policy_sha256,
            agents_name: &record.agents.name,
            agents_sha256: &record.agents.sha256,
            incidents_name: &record.incidents.name,
            incidents_sha256: &record.incidents.sha256,
            encoding: &record.encoding,
            results_sha256: &results_sha256,
            reason: record.reason.as_deref(),
            previous_hash: &previous_hash,
        };
        let record_hash = fields.hash();
        if let Some(old) = supersedes {
            self.tx
                .execute(
                    "UPDATE closings SET superseded_at = ?2 WHERE id = ?1 AND superseded_at IS NULL",
                    params![old, closed_at],
                )
                .map_err(err)?;
        }
        self.tx
            .execute(
                "INSERT INTO closings (month, closed_at, kaohe_version, policy_name, policy_text, policy_sha256,
                   agents_name, agents_bytes, agents_sha256, incidents_name, incidents_bytes, incidents_sha256,
                   encoding, results_sha256, agent_count, reason, previous_hash, record_hash, figures)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                params![
                    month,
                    closed_at,
                    version,
                    record.policy_name,
                    record.policy_text,
                    policy_sha256,
                    record.agents.name,
                    record.agents.bytes,
                    record.agents.sha256,
                    record.incidents.name,
                    record.incidents.bytes,
                    record.incidents.sha256,
                    record.encoding,
                    results_sha256,
                    i64::try_from(stored.len()).unwrap_or(i64::MAX),
                    record.reason,
                    previous_hash,
                    record_hash,
                    catalogue,
                ],
            )
            .map_err(|e| match &e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    closed(&self.path, record.month)
                }
                _ => sql_error(&self.path, &e),
            })?;
        let id = self.tx.last_insert_rowid();
        if let Some(old) = supersedes {
            self.tx.execute("UPDATE closings SET superseded_by = ?2 WHERE id = ?1", params![old, id]).map_err(err)?;
        }
        let mut insert = self
            .tx
            .prepare("INSERT INTO results (closing, position, agent, stored) VALUES (?1, ?2, ?3, ?4)")
            .map_err(err)?;
        for (i, (r, s)) in record.results.iter().zip(&stored).enumerate() {
            insert.execute(params![id, i64::try_from(i).unwrap_or(i64::MAX), r.id, s]).map_err(err)?;
        }
        Ok(id)
    }

    /// Makes the change permanent (synced to disk).
    pub fn commit(self) -> Result<(), Diagnostic> {
        let path = self.path.clone();
        self.tx.commit().map_err(|e| sql_error(&path, &e))
    }
}

/// `kaohe::ledger::closed` for `month`.
pub fn closed(path: &str, month: Month) -> Diagnostic {
    Diagnostic::error(Code::LedgerClosed, tr!("ledger-closed", month = month.to_string(), path = path))
        .in_file(path)
        .with_help(tr!("ledger-closed-help", month = month.to_string()))
}

/// The fields a record's hash covers, in a fixed order.
struct HashedFields<'a> {
    month: &'a str,
    closed_at: &'a str,
    kaohe_version: &'a str,
    policy_name: &'a str,
    policy_sha256: &'a str,
    agents_name: &'a str,
    agents_sha256: &'a str,
    incidents_name: &'a str,
    incidents_sha256: &'a str,
    encoding: &'a str,
    results_sha256: &'a str,
    reason: Option<&'a str>,
    previous_hash: &'a str,
}

impl HashedFields<'_> {
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        let reason = self.reason.map(|r| format!("reason:{r}")).unwrap_or_default();
        for part in [
            "kaohe-ledger-record-1",
            self.month,
            self.closed_at,
            self.kaohe_version,
            self.policy_name,
            self.policy_sha256,
            self.agents_name,
            self.agents_sha256,
            self.incidents_name,
            self.incidents_sha256,
            self.encoding,
            self.results_sha256,
            &reason,
            self.previous_hash,
        ] {
            // Each part with its length, so no two records' parts run together alike.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex(&h.finalize())
    }
}

/// The hash of a month's stored results: the catalogue, then each agent's id and
/// stored values, in their order.
fn results_hash<'a>(catalogue: &str, stored: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut h = Sha256::new();
    let mut part = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    part(catalogue);
    for (id, s) in stored {
        part(id);
        part(s);
    }
    hex(&h.finalize())
}

/// The present time, UTC, RFC 3339 to the millisecond.
fn now_utc() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = i64::try_from(now.as_secs()).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, now.subsec_nanos())
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

const CLOSING_COLUMNS: &str = "id, month, closed_at, kaohe_version, policy_name, policy_sha256, agents_name, agents_sha256, incidents_name, incidents_sha256, encoding, results_sha256, agent_count, reason, previous_hash, record_hash, superseded_by, superseded_at";

fn records(conn: &Connection, path: &str, in_force: bool) -> Result<Vec<Closing>, Diagnostic> {
    let q = if in_force {
        format!("SELECT {CLOSING_COLUMNS} FROM closings WHERE superseded_at IS NULL ORDER BY month, id")
    } else {
        format!("SELECT {CLOSING_COLUMNS} FROM closings ORDER BY id")
    };
    let mut stmt = conn.prepare(&q).map_err(|e| sql_error(path, &e))?;
    let rows = stmt
        .query_map([], |r| {
            let month: String = r.get(1)?;
            let superseded_by: Option<i64> = r.get(16)?;
            let superseded_at: Option<String> = r.get(17)?;
            Ok((
                month,
                Closing {
                    id: r.get(0)?,
                    month: Month { year: 0, month: 1 },
                    closed_at: r.get(2)?,
                    kaohe_version: r.get(3)?,
                    policy_name: r.get(4)?,
                    policy_sha256: r.get(5)?,
                    agents_name: r.get(6)?,
                    agents_sha256: r.get(7)?,
                    incidents_name: r.get(8)?,
                    incidents_sha256: r.get(9)?,
                    encoding: r.get(10)?,
                    results_sha256: r.get(11)?,
                    agents: usize::try_from(r.get::<_, i64>(12)?).unwrap_or(0),
                    reason: r.get(13)?,
                    previous_hash: r.get(14)?,
                    record_hash: r.get(15)?,
                    superseded_by: superseded_by.map(|id| (id, superseded_at.unwrap_or_default())),
                },
            ))
        })
        .map_err(|e| sql_error(path, &e))?;
    let mut out = Vec::new();
    for row in rows {
        let (month, mut closing) = row.map_err(|e| sql_error(path, &e))?;
        closing.month = month
            .parse()
            .map_err(|_| mismatch(path, tr!("ledger-record-not-a-month", id = closing.id, month = month)))?;
        out.push(closing);
    }
    Ok(out)
}

fn catalogue(conn: &Connection, path: &str, id: i64) -> Result<String, Diagnostic> {
    conn.query_row("SELECT figures FROM closings WHERE id = ?1", [id], |r| r.get(0)).map_err(|e| sql_error(path, &e))
}

fn results(conn: &Connection, path: &str, id: i64) -> Result<Vec<StoredResult>, Diagnostic> {
    let text = catalogue(conn, path, id)?;
    let unreadable = || mismatch(path, tr!("ledger-record-unreadable", id = id));
    let catalogue = std::sync::Arc::new(Catalogue::from_json(&text).ok_or_else(unreadable)?);
    let mut out = Vec::new();
    for (agent, text) in stored_texts(conn, path, id)? {
        out.push(StoredResult::from_json(&agent, &catalogue, &text).ok_or_else(unreadable)?);
    }
    Ok(out)
}

/// Each agent's id and stored text, in order.
fn stored_texts(conn: &Connection, path: &str, id: i64) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut stmt = conn
        .prepare("SELECT agent, stored FROM results WHERE closing = ?1 ORDER BY position")
        .map_err(|e| sql_error(path, &e))?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| sql_error(path, &e))?;
    rows.collect::<Result<Vec<_>, _>>().map_err(|e| sql_error(path, &e))
}

pub(crate) fn mismatch(path: &str, what: String) -> Diagnostic {
    Diagnostic::error(Code::LedgerMismatch, tr!("ledger-mismatch", path = path, what = what))
        .in_file(path)
        .with_help(tr!("ledger-mismatch-help"))
}

fn history_before(conn: &Connection, path: &str, month: Month) -> Result<History, Diagnostic> {
    use rayon::prelude::*;
    // The chain is checked reading every record's results once; the ones in force before
    // `month` are kept to be read as history.
    let kept = check_chain_keeping(conn, path, false, |c| c.superseded_by.is_none() && c.month < month)?;
    let mut history = History::none();
    for (c, figures, stored) in kept {
        let unreadable = || mismatch(path, tr!("ledger-record-unreadable", id = c.id));
        let catalogue = std::sync::Arc::new(Catalogue::from_json(&figures).ok_or_else(unreadable)?);
        let parsed: Option<Vec<StoredResult>> =
            stored.par_iter().map(|(agent, text)| StoredResult::from_json(agent, &catalogue, text)).collect();
        for result in parsed.ok_or_else(unreadable)? {
            history.add(c.month, result);
        }
    }
    Ok(history)
}

fn check_chain(conn: &Connection, path: &str, deep: bool) -> Result<(), Diagnostic> {
    check_chain_keeping(conn, path, deep, |_| false).map(|_| ())
}

/// A record, its catalogue and its agents' stored texts.
type Kept = (Closing, String, Vec<(String, String)>);

/// [`check_chain`], giving back the catalogue and stored texts of the records `keep` names.
fn check_chain_keeping(
    conn: &Connection,
    path: &str,
    deep: bool,
    keep: impl Fn(&Closing) -> bool,
) -> Result<Vec<Kept>, Diagnostic> {
    let mut kept = Vec::new();
    let mut previous = String::new();
    for c in records(conn, path, false)? {
        let what = |problem: String| {
            tr!("ledger-record-what", month = c.month.to_string(), id = c.id, at = &c.closed_at, problem = problem)
        };
        if c.previous_hash != previous {
            return Err(mismatch(path, what(tr!("ledger-broken-link"))));
        }
        let stored = stored_texts(conn, path, c.id)?;
        let figures = catalogue(conn, path, c.id)?;
        if results_hash(&figures, stored.iter().map(|(a, s)| (a.as_str(), s.as_str()))) != c.results_sha256 {
            return Err(mismatch(path, what(tr!("ledger-results-changed"))));
        }
        if deep {
            let inputs = Ledger::inputs_of(conn, path, c.id)?;
            if sha256_hex(inputs.policy_text.as_bytes()) != c.policy_sha256 {
                return Err(mismatch(path, what(tr!("ledger-policy-changed"))));
            }
            for input in [&inputs.agents, &inputs.incidents] {
                if sha256_hex(&input.bytes) != input.sha256 {
                    return Err(mismatch(path, what(tr!("ledger-input-changed", name = &input.name))));
                }
            }
        }
        let month = c.month.to_string();
        let fields = HashedFields {
            month: &month,
            closed_at: &c.closed_at,
            kaohe_version: &c.kaohe_version,
            policy_name: &c.policy_name,
            policy_sha256: &c.policy_sha256,
            agents_name: &c.agents_name,
            agents_sha256: &c.agents_sha256,
            incidents_name: &c.incidents_name,
            incidents_sha256: &c.incidents_sha256,
            encoding: &c.encoding,
            results_sha256: &c.results_sha256,
            reason: c.reason.as_deref(),
            previous_hash: &c.previous_hash,
        };
        if fields.hash() != c.record_hash {
            return Err(mismatch(path, what(tr!("ledger-hash-differs"))));
        }
        previous = c.record_hash.clone();
        if keep(&c) {
            kept.push((c, figures, stored));
        }
    }
    Ok(kept)
}

impl Ledger {
    fn inputs_of(conn: &Connection, path: &str, id: i64) -> Result<StoredInputs, Diagnostic> {
        let q = "SELECT policy_name, policy_text, agents_name, agents_bytes, agents_sha256, incidents_name, incidents_bytes, incidents_sha256, encoding FROM closings WHERE id = ?1";
        conn.query_row(q, [id], |r| {
            Ok(StoredInputs {
                policy_name: r.get(0)?,
                policy_text: r.get(1)?,
                agents: StoredInput { name: r.get(2)?, bytes: r.get(3)?, sha256: r.get(4)? },
                incidents: StoredInput { name: r.get(5)?, bytes: r.get(6)?, sha256: r.get(7)? },
                encoding: r.get(8)?,
            })
        })
        .map_err(|e| sql_error(path, &e))
    }
}

/// Why `month` may not be closed given the months in force (contract v2 §4.2, rule 1):
/// `kaohe::ledger::closed`, `order` or `gap`; `Ok(Some(id))` names the record a reopen
/// supersedes, and the later months a cascade must close again.
pub fn may_close(
    path: &str,
    in_force: &[Closing],
    month: Month,
    reopen: bool,
    allow_gap: bool,
    cascade: bool,
) -> Result<(Option<i64>, Vec<Closing>), Diagnostic> {
    let existing = in_force.iter().find(|c| c.month == month);
    let later: Vec<Closing> = in_force.iter().filter(|c| c.month > month).cloned().collect();
    if let Some(old) = existing {
        if !reopen {
            return Err(closed(path, month));
        }
        if !later.is_empty() && !cascade {
            let months: Vec<String> = later.iter().map(|c| c.month.to_string()).collect();
            return Err(Diagnostic::error(
                Code::LedgerOrder,
                tr!("ledger-reopen-alone", month = month.to_string(), later = months.join(", ")),
            )
            .in_file(path)
            .with_help(tr!("ledger-reopen-alone-help", later = months.join(", "))));
        }
        return Ok((Some(old.id), later));
    }
    if let Some(last) = later.last() {
        return Err(Diagnostic::error(
            Code::LedgerOrder,
            tr!("ledger-earlier", month = month.to_string(), latest = last.month.to_string()),
        )
        .in_file(path)
        .with_help(tr!("ledger-earlier-help")));
    }
    let before = month_before(month);
    let latest = in_force.iter().map(|c| c.month).max();
    if let Some(latest) = latest {
        if latest < before && !allow_gap {
            return Err(Diagnostic::error(
                Code::LedgerGap,
                tr!("ledger-gap", month = month.to_string(), latest = latest.to_string(), before = before.to_string()),
            )
            .in_file(path)
            .with_help(tr!("ledger-gap-help", before = before.to_string())));
        }
    }
    Ok((None, Vec::new()))
}
