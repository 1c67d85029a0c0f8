//! Kaohe (考核): a declarative policy language for staff assessment and pay, and its
//! interpreter.
//!
//! The pipeline, one module a stage: [`syntax`] (text → tree) → [`check`] (names, types,
//! units, scopes, cycles → a compiled [`Program`]) → [`records`] (CSV/JSON → typed rows)
//! → [`eval`] (a month → results with traces) → [`report`] (table, JSON, CSV). The
//! command-line interface in `cli` is a thin shell over these.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod output;
pub mod records;
pub mod source;
pub mod syntax;
pub mod synth;

pub use check::{check_source, Checked, Program};
pub use diag::{Code, Diagnostic, Level};
pub use source::{Source, Span};
pub mod report;

use records::{Encoding, Month};

/// Reads two record files (CSV or JSON by name and content, a spreadsheet by name),
/// checks them against the policy and evaluates the month. On success, the result and
/// any warnings; otherwise every error found in both files, or the run-time errors.
pub fn evaluate_month(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
) -> Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>> {
    evaluate_month_with(program, month, agents, incidents, encoding, eval::Trace::Full)
}

/// [`evaluate_month`], keeping only as much of each derivation as `trace` asks for.
pub fn evaluate_month_with(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
    trace: eval::Trace,
) -> Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>> {
    evaluate_month_within(program, month, agents, incidents, encoding, trace, INCIDENTS_IN_MEMORY)
}

/// [`evaluate_month_with`], holding at most `incidents_in_memory` typed incidents at once:
/// a larger month is checked whole, then evaluated a range of agents at a time. The
/// result is the same whatever the budget; only time and memory change.
pub fn evaluate_month_within(
    program: &Program,
    month: Month,
    agents: (&str, &[u8]),
    incidents: (&str, &[u8]),
    encoding: Encoding,
    trace: eval::Trace,
    incidents_in_memory: usize,
) -> Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>> {
    let agents = records::raw::read_input(agents.0, agents.1, encoding);
    let incidents = records::raw::read_input(incidents.0, incidents.1, encoding);
    evaluate_inputs(program, month, agents, incidents, trace, incidents_in_memory.max(1))
}

/// Reads two record files from disk and evaluates the month, as `kaohe eval` does. The
/// files' bytes are decoded in place (no copy of valid UTF-8). A spreadsheet's sheet is
/// named after `#` (`roster.xlsx#花名册`); without one, its first sheet is read.
pub fn evaluate_files(
    program: &Program,
    month: Month,
    agents: &str,
    incidents: &str,
    encoding: Encoding,
    trace: eval::Trace,
) -> Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>> {
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
        records::raw::read_input_owned(path, bytes, encoding)
    };
    evaluate_inputs(program, month, read(agents), read(incidents), trace, INCIDENTS_IN_MEMORY)
}

fn evaluate_inputs(
    program: &Program,
    month: Month,
    agents: Result<records::Input, Diagnostic>,
    incidents: Result<records::Input, Diagnostic>,
    trace: eval::Trace,
    budget: usize,
) -> Result<(eval::MonthResult, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (agents, incidents) = match (agents, incidents) {
        (Ok(a), Ok(i)) => (a, i),
        (a, i) => return Err(a.err().into_iter().chain(i.err()).collect()),
    };
    // A month whose incidents would not fit the memory budget is checked whole, then
    // evaluated a range of agents at a time, its incidents typed again for each range.
    let parts = incidents.row_estimate().div_ceil(budget).max(1);
    let loaded = records::load_with(program, month, &agents, &incidents, parts == 1);
    let Some(records) = loaded.records else { return Err(loaded.diagnostics) };
    if parts == 1 {
        // The typed rows are all evaluation needs; the files' text goes now.
        drop((agents, incidents));
        let result = eval::evaluate_with(program, &records, trace)?;
        return Ok((result, loaded.diagnostics));
    }
    drop(agents);
    let mut per_agent = vec![0usize; records.agents.len()];
    for &a in &records.incident_agent {
        if let Some(n) = per_agent.get_mut(a as usize) {
            *n += 1;
        }
    }
    let mut result = eval::MonthResult { month, agents: Vec::with_capacity(records.agents.len()) };
    let mut start = 0;
    while start < records.agents.len() {
        let mut end = start;
        let mut count = 0;
        while end < records.agents.len() && (end == start || count + per_agent.get(end).copied().unwrap_or(0) <= budget)
        {
            count += per_agent.get(end).copied().unwrap_or(0);
            end += 1;
        }
        let (rows, owners) = records::incidents_of(program, &incidents, &records.agents, start..end);
        let mut agents = records::Rows::with_capacity(records.agents.width, end - start);
        for i in start..end {
            agents.push(records.agents.row(i).iter().cloned(), records.agents.line(i));
        }
        let part = records::MonthRecords { month, agents, incidents: rows, incident_agent: owners };
        result.agents.extend(eval::evaluate_with(program, &part, trace)?.agents);
        start = end;
    }
    Ok((result, loaded.diagnostics))
}

/// How many incidents `kaohe eval` holds typed in memory at once (about 130 bytes each).
pub const INCIDENTS_IN_MEMORY: usize = 1 << 20;
