//! Kaohe (考核): a declarative policy language for staff assessment and pay, and its
//! interpreter.
//!
//! The pipeline, one module a stage, each layer using only the layers below it
//! (`tests/architecture.rs` holds the crate to this; `docs/architecture.md` is the tour):
//!
//! | layer | modules | job |
//! |---|---|---|
//! | 0 | [`source`], [`unicode`], [`diag`], [`codes`] | text with a name, spans; invisible, look-alike and control characters; diagnostics as data; the pages of `kaohe explain` |
//! | 1 | [`syntax`] | text → tree: the keyword table, the scanner, layout, grammar, parser |
//! | 2 | [`money`], [`calendar`], [`value`] | cents, months and tenure, run-time values |
//! | 3 | [`check`] | tree → a checked [`Program`]: names, types, units, scopes, cycles |
//! | 4 | [`eval`] | typed records → a month's results with traces |
//! | 5 | [`records`] | CSV / JSON / workbook files → the evaluator's typed records |
//! | 6 | [`report`], [`diff`], [`fmt`], [`worked`], [`output`], [`synth`] | what people read; revisions; layout; worked examples; files written whole |
//! | 7 | this file, [`lsp`] | reading files and evaluating a month, as one call; the language server (`kaohe lsp`) |
//! | 8 | `cli` (in the binary) | one thin module per subcommand |
//!
//! Records depend on the evaluator's input types ([`eval::input`]), never the other way
//! round; CSV/JSON reading and workbook reading each depend on the shared
//! [`records::input`], not on each other.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod calendar;
pub mod check;
pub mod codes;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod money;
pub mod output;
pub mod records;
pub mod report;
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
    let read = |path: &str| {
        // `roster.xlsx#花名册` names a sheet of `roster.xlsx`.
        let file = records::sheet::split_path(path).0;
        let bytes = std::fs::read(file).map_err(|e| {
            let reason =
                if e.kind() == std::io::ErrorKind::NotFound { "no such file".to_string() } else { e.to_string() };
            Diagnostic::error(Code::Io, format!("cannot read `{file}`: {reason}"))
                .in_file(file)
                .with_help("check the path and that the file is readable")
        })?;
        records::read_input_owned(path, bytes, options.encoding)
    };
    evaluate_inputs(program, month, read(agents), read(incidents), options)
}

fn evaluate_inputs(
    program: &Program,
    month: Month,
    agents: Result<records::Input, Diagnostic>,
    incidents: Result<records::Input, Diagnostic>,
    options: &EvalOptions,
) -> MonthOutcome {
    let (agents, incidents) = match (agents, incidents) {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => return Err(a.err().into_iter().chain(i.err()).collect()),
    };
    let budget = options.incidents_in_memory.max(1);
    let parts = incidents.row_estimate().div_ceil(budget).max(1);
    let loaded = records::load_with(program, month, &agents, &incidents, parts == 1);
    let Some(records) = loaded.records else { return Err(loaded.diagnostics) };
    if parts == 1 {
        // The typed rows are all evaluation needs; the files' text goes now.
        drop((agents, incidents));
        let result = eval::evaluate_with(program, &records, options.trace)?;
        return Ok((result, loaded.diagnostics));
    }
    drop(agents);
    let result = evaluate_in_parts(program, &records, &incidents, options.trace, budget)?;
    Ok((result, loaded.diagnostics))
}

/// A month whose incidents would not fit the memory budget: checked whole already, it is
/// evaluated a range of agents at a time, their incidents typed again for each range.
fn evaluate_in_parts(
    program: &Program,
    records: &records::MonthRecords,
    incidents: &records::Input,
    trace: eval::Trace,
    budget: usize,
) -> Result<eval::MonthResult, Vec<Diagnostic>> {
    let mut per_agent = vec![0usize; records.agents.len()];
    for &a in &records.incident_agent {
        if let Some(n) = per_agent.get_mut(a as usize) {
            *n += 1;
        }
    }
    let count = |i: usize| per_agent.get(i).copied().unwrap_or(0);
    let mut result = eval::MonthResult { month: records.month, agents: Vec::with_capacity(records.agents.len()) };
    let mut start = 0;
    while start < records.agents.len() {
        let mut end = start;
        let mut held = 0;
        while end < records.agents.len() && (end == start || held + count(end) <= budget) {
            held += count(end);
            end += 1;
        }
        let (rows, owners) = records::incidents_of(program, incidents, &records.agents, start..end);
        let mut agents = records::Rows::with_capacity(records.agents.width, end - start);
        for i in start..end {
            agents.push(records.agents.row(i).iter().cloned(), records.agents.line(i));
        }
        let part = records::MonthRecords { month: records.month, agents, incidents: rows, incident_agent: owners };
        result.agents.extend(eval::evaluate_with(program, &part, trace)?.agents);
        start = end;
    }
    Ok(result)
}

/// How many incidents `kaohe eval` holds typed in memory at once (about 130 bytes each).
pub const INCIDENTS_IN_MEMORY: usize = 1 << 20;
