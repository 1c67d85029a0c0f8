//! Kaohe (考核): a declarative policy language for staff assessment and pay, and its
//! interpreter.
//!
//! The pipeline, one module a stage, each layer using only the layers below it
//! (`tests/it/architecture.rs` holds the crate to this; `docs/architecture.md` is the tour):
//!
//! | layer | modules | job |
//! |---|---|---|
//! | 0 | [`source`], [`unicode`], [`diag`], [`codes`], [`i18n`] | text with a name, spans; invisible, look-alike and control characters; diagnostics as data; the pages of `kaohe explain`; the language of every message |
//! | 1 | [`syntax`] | text → tree: the keyword table, the scanner, layout, grammar, parser |
//! | 2 | [`money`], [`calendar`], [`value`] | cents, months and tenure, run-time values |
//! | 3 | [`check`] | tree → a checked [`Program`]: names, types, units, scopes, cycles |
//! | 4 | [`eval`] | typed records → a month's results with traces |
//! | 5 | [`records`] | CSV / JSON / workbook files → the evaluator's typed records |
//! | 6 | [`report`], [`diff`], [`snapshot`], [`fmt`], [`worked`], [`output`], [`synth`], [`ledger`] | what people read; revisions; snapshots of a month; layout; worked examples; files written whole; the ledger of closed months |
//! | 7 | this file, [`closing`], [`lsp`], [`serve`] | reading files and evaluating a month, as one call; taking and verifying a snapshot; closing, reopening and verifying months in the ledger; the language server (`kaohe lsp`); the workbench (`kaohe serve`) |
//! | 8 | `cli` (in the binary) | one thin module per subcommand |
//!
//! Records depend on the evaluator's input types ([`eval::input`]), never the other way
//! round; CSV/JSON reading and workbook reading each depend on the shared
//! [`records::input`], not on each other.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[macro_use]
pub mod i18n;
pub mod calendar;
pub mod check;
pub mod closing;
pub mod codes;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod ledger;
pub mod lsp;
pub mod money;
pub mod output;
pub mod records;
pub mod report;
pub mod serve;
pub mod snapshot;
pub mod source;
pub mod syntax;
pub mod synth;
pub mod unicode;
pub mod value;
pub mod worked;

pub use check::{check_source, Checked, Program};
pub use diag::{Code, Diagnostic, Level};
pub use source::{Source, Span};

use records::{Encoding, Month};

/// How a month is read and evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// How CSV files are decoded.
    pub encoding: Encoding,
    /// How much of each derivation to keep: [`eval::Trace::Full`] for explanations.
    pub trace: eval::Trace,
    /// At most this many typed incidents are held at once: a larger month is checked
    /// whole, then evaluated a range of agents at a time. The result is the same whatever
    /// the budget; only time and memory change.
    pub incidents_in_memory: usize,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions { encoding: Encoding::Auto, trace: eval::Trace::Full, incidents_in_memory: INCIDENTS_IN_MEMORY }
    }
}

impl EvalOptions {
    /// The defaults, reading CSV files as `encoding`.
    pub fn read_as(encoding: Encoding) -> EvalOptions {
        EvalOptions { encoding, ..EvalOptions::default() }
    }

    /// Keeping as much of each derivation as `trace` says.
    pub fn with_trace(self, trace: eval::Trace) -> EvalOptions {
        EvalOptions { trace, ..self }
    }

    /// Holding at most `incidents` typed incidents in memory at once.
    pub fn within(self, incidents: usize) -> EvalOptions {
        EvalOptions { incidents_in_memory: incidents, ..self }
    }
}

/// The outcome of evaluating a month: the result and any warnings, or every error found
/// in both files (or the run-time errors).
pub type MonthOutcome = Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Reads two record files given as bytes (CSV or JSON by name and content, a spreadsheet
/// by name), checks them against the policy and evaluates the month.
pub fn evaluate_month(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    options: &EvalOptions,
) -> MonthOutcome {
    let agents = records::read_input(agents.0, agents.1, options.encoding);
    let incidents = records::read_input(incidents.0, incidents.1, options.encoding);
    evaluate_inputs(program, month, agents, incidents, options)
}

/// Reads two record files from disk and evaluates the month, as `kaohe eval` does. The
/// files' bytes are decoded in place (no copy of valid UTF-8). A spreadsheet's sheet is
/// named after `#` (`roster.xlsx#花名册`); without one, its first sheet is read.
pub fn evaluate_files(
    program: &Program,
    month: Month,
    agents: &str,
    incidents: &str,
    options: &EvalOptions,
) -> MonthOutcome {
    let read = |path: &str| records::read_input_owned(path, read_record_file(path)?, options.encoding);
    evaluate_inputs(program, month, read(agents), read(incidents), options)
}

/// The bytes of a record file; `roster.xlsx#花名册` is read from `roster.xlsx`.
fn read_record_file(path: &str) -> Result<Vec<u8>, Diagnostic> {
    let file = records::sheet::split_path(path).0;
    std::fs::read(file).map_err(|e| {
        let reason = if e.kind() == std::io::ErrorKind::NotFound { tr!("io-not-found") } else { e.to_string() };
        Diagnostic::error(Code::Io, tr!("io-cannot-read", path = file, reason = reason))
            .in_file(file)
            .with_help(tr!("io-cannot-read-help"))
    })
}

/// How snapshots evaluate a month: CSV decoded as [`Encoding::Auto`] (a snapshot records
/// no encoding), only what the reports print kept of each derivation.
fn snapshot_options() -> EvalOptions {
    EvalOptions::default().with_trace(eval::Trace::Report)
}

/// Takes a snapshot of the policy at `policy` (a path, from which the files' paths are
/// recorded): reads the two record files once, hashes exactly the bytes it evaluates,
/// and renders the month ([`snapshot::render`]). Gives the snapshot and any warnings.
pub fn take_snapshot(
    program: &Program,
    policy: &str,
    month: Month,
    agents: &str,
    incidents: &str,
) -> Result<(snapshot::Snapshot, Vec<Diagnostic>), Vec<Diagnostic>> {
    let input = |path: &str| -> Result<(snapshot::Input, Vec<u8>), Diagnostic> {
        let bytes = read_record_file(path)?;
        let recorded = snapshot::path_from_policy(policy, path)?;
        Ok((snapshot::Input { path: recorded, sha256: snapshot::sha256_hex(&bytes) }, bytes))
    };
    let (agents_in, incidents_in) = match (input(agents), input(incidents)) {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => return Err(a.err().into_iter().chain(i.err()).collect()),
    };
    let header = snapshot::Header { policy: file_name(policy), month, agents: agents_in.0, incidents: incidents_in.0 };
    let options = snapshot_options();
    let a = records::read_input_owned(agents, agents_in.1, options.encoding);
    let i = records::read_input_owned(incidents, incidents_in.1, options.encoding);
    let (result, warnings) = evaluate_inputs(program, month, a, i, &options)?;
    Ok((snapshot::Snapshot { header, body: snapshot::render(program, &result) }, warnings))
}

/// The file name of a path (`customer-service.kh`), as a snapshot's header names the policy.
fn file_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map_or_else(|| path.to_string(), |f| f.to_string_lossy().into_owned())
}

/// What re-evaluating a snapshot's month found.
#[derive(Debug)]
pub enum SnapshotVerdict {
    /// The policy gives the recorded results.
    Matches { agents: usize },
    /// It gives other results: the agents that changed, and the new snapshot (the
    /// recorded month and files, the new results) to write beside it as `.snap.new`.
    Differs { changes: Vec<snapshot::AgentDiff>, recorded: snapshot::Snapshot, new: snapshot::Snapshot },
    /// An input file is missing or not what was recorded (`kaohe::snapshot::inputs_changed`):
    /// the month was not evaluated, as its results could not tell what the policy changed.
    InputsChanged(Diagnostic),
    /// The snapshot cannot be read, or the month cannot be evaluated under this policy.
    Failed(Vec<Diagnostic>),
}

/// Re-evaluates the month a snapshot file of the policy at `policy` records, from its
/// input files (found from the policy's folder, their hashes checked first), and compares
/// the results with the recorded ones.
pub fn verify_snapshot(program: &Program, policy: &str, file: &str) -> SnapshotVerdict {
    let recorded = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => snapshot::Snapshot::parse(file, &text),
            Err(_) => Err(Diagnostic::error(Code::SnapshotMalformed, format!("`{file}` is not UTF-8 text"))
                .in_file(file)
                .with_help("a snapshot is written by `kaohe snapshot`; take it again, or restore the file from version control")),
        },
        Err(e) => Err(Diagnostic::error(Code::Io, tr!("io-cannot-read", path = file, reason = e.to_string())).in_file(file)),
    };
    let recorded = match recorded {
        Ok(s) => s,
        Err(d) => return SnapshotVerdict::Failed(vec![d]),
    };
    let mut changed = Vec::new();
    let mut read = |input: &snapshot::Input| {
        let shown = snapshot::resolve(policy, &input.path);
        match std::fs::read(records::sheet::split_path(&shown).0) {
            Ok(bytes) => {
                let sha = snapshot::sha256_hex(&bytes);
                if sha != input.sha256 {
                    changed.push(snapshot::InputChange {
                        shown: shown.clone(),
                        recorded: input.sha256.clone(),
                        now: Ok(sha),
                    });
                }
                (shown, Some(bytes))
            }
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound { tr!("io-not-found") } else { e.to_string() };
                changed.push(snapshot::InputChange {
                    shown: shown.clone(),
                    recorded: input.sha256.clone(),
                    now: Err(why),
                });
                (shown, None)
            }
        }
    };
    let (agents, incidents) = (read(&recorded.header.agents), read(&recorded.header.incidents));
    let (Some(agent_bytes), Some(incident_bytes), true) = (agents.1, incidents.1, changed.is_empty()) else {
        return SnapshotVerdict::InputsChanged(snapshot::inputs_changed(policy, file, &recorded.header, &changed));
    };
    let options = snapshot_options();
    let a = records::read_input_owned(&agents.0, agent_bytes, options.encoding);
    let i = records::read_input_owned(&incidents.0, incident_bytes, options.encoding);
    let result = match evaluate_inputs(program, recorded.header.month, a, i, &options) {
        Ok((result, _)) => result,
        Err(diags) => return SnapshotVerdict::Failed(diags),
    };
    let body = snapshot::render(program, &result);
    // Lines compared as lines: a body reordered or spaced by hand still matches.
    let changes = snapshot::compare(&recorded.body, &body);
    if changes.is_empty() {
        return SnapshotVerdict::Matches { agents: result.agents.len() };
    }
    // The same month of the same files, under the policy's present name.
    let header = snapshot::Header { policy: file_name(policy), ..recorded.header.clone() };
    let new = snapshot::Snapshot { header, body };
    SnapshotVerdict::Differs { changes, recorded, new }
}

fn evaluate_inputs(
    program: &Program,
    month: Month,
    agents: Result<records::Input, Diagnostic>,
    incidents: Result<records::Input, Diagnostic>,
    options: &EvalOptions,
) -> MonthOutcome {
    evaluate_inputs_with(program, month, agents, incidents, options, &eval::History::none())
}

/// Reads two record files given as bytes and evaluates the month reading the agents'
/// closed months from `history` (contract v2 §4.1), as `kaohe close` and `kaohe eval
/// --ledger` do.
pub fn evaluate_month_with_history(
    program: &Program,
    month: Month,
    agents: (&str, Vec<u8>),
    incidents: (&str, Vec<u8>),
    options: &EvalOptions,
    history: &eval::History,
) -> MonthOutcome {
    let agents = records::read_input_owned(agents.0, agents.1, options.encoding);
    let incidents = records::read_input_owned(incidents.0, incidents.1, options.encoding);
    evaluate_inputs_with(program, month, agents, incidents, options, history)
}

/// The bytes of a record file as `kaohe eval` reads it (`roster.xlsx#花名册` is read
/// from `roster.xlsx`).
pub fn record_file_bytes(path: &str) -> Result<Vec<u8>, Diagnostic> {
    read_record_file(path)
}

fn evaluate_inputs_with(
    program: &Program,
    month: Month,
    agents: Result<records::Input, Diagnostic>,
    incidents: Result<records::Input, Diagnostic>,
    options: &EvalOptions,
    history: &eval::History,
) -> MonthOutcome {
    let loaded = load_inputs(program, month, agents, incidents, options)?;
    let mut agents = Vec::with_capacity(loaded.agents());
    loaded.evaluate_each(program, history, &|a| a, &mut |chunk| agents.extend(chunk))?;
    Ok((eval::MonthResult { month, agents }, loaded.warnings))
}

/// A month's two record files read and checked against the policy, not yet evaluated:
/// for a caller that writes each agent's month as it is evaluated
/// ([`LoadedMonth::evaluate_each`]) instead of holding them all.
pub struct LoadedMonth {
    records: records::MonthRecords,
    /// Where a month holding more incidents than the budget keeps them: checked whole,
    /// it is evaluated a range of agents at a time.
    over_budget: Option<OverBudget>,
    budget: usize,
    trace: eval::Trace,
    /// What reading the files warned of.
    pub warnings: Vec<Diagnostic>,
}

/// Where the incidents of a month over the budget wait for their range of agents.
enum OverBudget {
    /// Typed once, as they were checked, in temporary files.
    Spilled(records::Spilled),
    /// The incidents file itself, typed again for each range (where no temporary file
    /// could be written).
    Retyped(records::Input),
}

/// Reads two record files from disk and checks them against the policy, as
/// [`evaluate_files`] does before it evaluates; every error found in both files, or the
/// checked month.
pub fn load_files(
    program: &Program,
    month: Month,
    agents: &str,
    incidents: &str,
    options: &EvalOptions,
) -> Result<LoadedMonth, Vec<Diagnostic>> {
    let read = |path: &str| records::read_input_owned(path, read_record_file(path)?, options.encoding);
    load_inputs(program, month, read(agents), read(incidents), options)
}

fn load_inputs(
    program: &Program,
    month: Month,
    agents: Result<records::Input, Diagnostic>,
    incidents: Result<records::Input, Diagnostic>,
    options: &EvalOptions,
) -> Result<LoadedMonth, Vec<Diagnostic>> {
    let (agents, incidents) = match (agents, incidents) {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => return Err(a.err().into_iter().chain(i.err()).collect()),
    };
    let budget = options.incidents_in_memory.max(1);
    let whole = incidents.row_estimate().div_ceil(budget) <= 1;
    let loaded = records::load_with(program, month, &agents, &incidents, whole);
    let Some(records) = loaded.records else { return Err(loaded.diagnostics) };
    // The typed rows are all evaluation needs; the files' text goes now (the incidents'
    // stays for a month over the budget whose typed rows could not be written out).
    drop(agents);
    let over_budget = match (whole, loaded.spilled) {
        (true, _) => None,
        (false, Some(spilled)) => Some(OverBudget::Spilled(spilled)),
        (false, None) => Some(OverBudget::Retyped(incidents)),
    };
    Ok(LoadedMonth { records, over_budget, budget, trace: options.trace, warnings: loaded.diagnostics })
}

impl LoadedMonth {
    /// How many agents the month has.
    pub fn agents(&self) -> usize {
        self.records.agents.len()
    }

    /// Whether the month is over the budget with its incidents typed once, waiting in
    /// temporary files; `false` for a month held whole, or one typed again per range of
    /// agents (where no temporary file could be written).
    pub fn spilled(&self) -> bool {
        matches!(self.over_budget, Some(OverBudget::Spilled(_)))
    }

    /// Evaluates the month, reading the agents' closed months from `history`, a chunk of
    /// agents at a time ([`eval::evaluate_each`]): each agent's result is made into what
    /// the caller keeps by `each`, on the evaluating threads, and `take` receives them in
    /// input order. On a run-time error `take` receives nothing more, and every agent's
    /// error is given.
    pub fn evaluate_each<T: Send>(
        &self,
        program: &Program,
        history: &eval::History,
        each: &(dyn Fn(eval::AgentResult) -> T + Sync),
        take: &mut dyn FnMut(Vec<T>),
    ) -> Result<(), Vec<Diagnostic>> {
        let records = &self.records;
        let Some(incidents) = &self.over_budget else {
            return eval::evaluate_each(program, records, self.trace, history, each, take);
        };
        let mut per_agent = vec![0usize; records.agents.len()];
        for &a in &records.incident_agent {
            if let Some(n) = per_agent.get_mut(a as usize) {
                *n += 1;
            }
        }
        let count = |i: usize| per_agent.get(i).copied().unwrap_or(0);
        let mut errors = Vec::new();
        let mut start = 0;
        while start < records.agents.len() {
            let mut end = start;
            let mut held = 0;
            while end < records.agents.len() && (end == start || held + count(end) <= self.budget) {
                held += count(end);
                end += 1;
            }
            let (rows, owners) = match incidents {
                OverBudget::Spilled(spilled) => match spilled.incidents_of(&records.incident_agent, start..end) {
                    Ok(part) => part,
                    // The earlier ranges' run-time errors, if any, are kept beside it.
                    Err(e) => {
                        errors.push(spill_unreadable(&e));
                        break;
                    }
                },
                OverBudget::Retyped(text) => records::incidents_of(program, text, &records.agents, start..end),
            };
            let mut agents = records::Rows::with_capacity(records.agents.width, end - start);
            for i in start..end {
                agents.push(records.agents.row(i).iter().cloned(), records.agents.line(i));
            }
            let part = records::MonthRecords { month: records.month, agents, incidents: rows, incident_agent: owners };
            let mut hand_over = |chunk: Vec<T>| {
                if errors.is_empty() {
                    take(chunk);
                }
            };
            if let Err(mut e) = eval::evaluate_each(program, &part, self.trace, history, each, &mut hand_over) {
                errors.append(&mut e);
            }
            start = end;
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A month's typed incidents could not be read back from their temporary file.
fn spill_unreadable(e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, tr!("io-spill-unreadable", reason = e.to_string()))
        .with_help(tr!("io-spill-unreadable-help"))
}

/// The bytes of a file, or why it cannot be read.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => tr!("io-not-found"),
            std::io::ErrorKind::PermissionDenied => tr!("io-permission-denied"),
            _ => e.to_string(),
        };
        Diagnostic::error(Code::Io, tr!("io-cannot-read", path = path, reason = reason))
            .in_file(path)
            .with_help(tr!("io-cannot-read-help"))
    })
}

/// Reads a policy file as UTF-8 text (a byte order mark is dropped).
pub fn read_policy(path: &str) -> Result<std::sync::Arc<Source>, Diagnostic> {
    let bytes = read_bytes(path)?;
    policy_source(path, bytes)
}

/// A policy's bytes as its text, named `name`, or why they are not UTF-8.
pub fn policy_source(name: &str, bytes: Vec<u8>) -> Result<std::sync::Arc<Source>, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Diagnostic::error(Code::Syntax, tr!("io-policy-not-utf8", path = name, at = at))
                .in_file(name)
                .with_help(tr!("io-policy-not-utf8-help")))
        }
    }
}

/// A policy's text checked for evaluation: the program and its warnings, or every error.
/// Holes are left out of the warnings: they are reported again, as errors, when a month's
/// records are loaded. What `kaohe eval` and the workbench evaluate with.
pub fn program_of(source: &std::sync::Arc<Source>) -> Result<(Program, Vec<Diagnostic>), Vec<Diagnostic>> {
    let checked = check_source(source);
    let Some(program) = checked.program else { return Err(checked.diagnostics) };
    let warnings = checked.diagnostics.into_iter().filter(|d| d.code != Code::Hole).collect();
    Ok((program, warnings))
}

/// The agent `id` of a month's result, or why there is none (with the closest id), the
/// agents having been read from `file`.
pub fn find_agent<'a>(
    result: &'a eval::MonthResult,
    id: &str,
    file: &str,
) -> Result<&'a eval::AgentResult, Diagnostic> {
    if let Some(agent) = result.agents.iter().find(|a| a.id == id) {
        return Ok(agent);
    }
    let ids: Vec<&str> = result.agents.iter().map(|a| a.id.as_str()).collect();
    let mut d =
        Diagnostic::error(Code::RecordUnknownAgent, tr!("cli-explain-no-agent", id = id, file = file)).in_file(file);
    if let Some(s) = diag::closest(id, ids) {
        d = d.with_help(tr!("did-you-mean", name = s));
    }
    Err(d)
}

/// What a revision of a policy changes: its declarations, and the agents of one month
/// whose figures differ, with the totals of the money pay lines.
pub struct Revisions {
    pub declarations: Vec<diff::DeclChange>,
    pub agents: Vec<diff::AgentChange>,
    pub totals: Vec<diff::Total>,
    /// How many agents the revised policy evaluated.
    pub agent_count: usize,
}

/// Evaluates one month of records (given as bytes) under two revisions of a policy and
/// compares them, as `kaohe diff` and the workbench's diff do. Every error of either
/// revision is reported, the records' own once.
pub fn diff_revisions(
    old: &std::sync::Arc<Source>,
    new: &std::sync::Arc<Source>,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    options: &EvalOptions,
    history: &eval::History,
) -> Result<Revisions, Vec<Diagnostic>> {
    let mut sides = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for source in [old, new] {
        let checked = check_source(source);
        let (Some(file), Some(program)) = (checked.file, checked.program) else {
            errors.extend(checked.diagnostics);
            continue;
        };
        let a = (agents.0, agents.1.to_vec());
        let i = (incidents.0, incidents.1.to_vec());
        match evaluate_month_with_history(&program, month, a, i, options, history) {
            Ok((result, _)) => sides.push((file, program, result)),
            Err(d) => {
                // A record error is the same under both revisions: said once.
                for d in d {
                    if !errors.iter().any(|e| e.code == d.code && e.message == d.message) {
                        errors.push(d);
                    }
                }
            }
        }
    }
    let [(old_file, old_p, old_r), (new_file, new_p, new_r)] = <[_; 2]>::try_from(sides).map_err(|_| errors)?;
    let declarations = diff::declarations(&old_file, &new_file);
    let (agents, totals) = diff::results(&old_p, &old_r, &new_p, &new_r);
    Ok(Revisions { declarations, agents, totals, agent_count: new_r.agents.len() })
}

/// How many incidents `kaohe eval` holds typed in memory at once (packed, about 40 bytes
/// each with their line and agent: some 170 MB, what 2^20 rows of values took).
pub const INCIDENTS_IN_MEMORY: usize = 1 << 22;
