//! Results → what people and programs read: a terminal table, JSON, CSV, an Excel
//! workbook ([`xlsx`]), explanations.
//!
//! Decimals are written as strings in JSON and as plain text in CSV; money always has two
//! decimals, other quantities are written without trailing zeros. Pay lines keep the
//! policy's order and names: they are the columns finance reads.

pub mod coverage;
pub mod csv;
mod derivation;
pub mod json;
pub mod summary;
pub mod table;
pub mod xlsx;

use std::io::Write;

use crate::check::program::{CapDef, Program, Target};
use crate::eval::{AgentResult, CapOutcome};

pub use self::csv::{csv_header, csv_row, month_csv, write_month_csv};
pub use derivation::{explain_json, explain_text};
pub use json::{
    agent_json, month_json, month_json_as, write_month_json, write_month_json_as, write_month_json_with, Layout,
};
pub use summary::{summary, summary_json, summary_text, Summary};
pub use table::month_table;

/// The title of a report column for people (a table, a workbook): the message
/// `column-<name>` of a fixed column (`points` is 扣分 in Chinese), else the name itself
/// (a severity's or pay line's, from the policy). CSV and JSON keep the names.
pub fn column_title(name: &str) -> String {
    let id = format!("column-{name}");
    let title = crate::i18n::message(&id, &[]);
    if title == id {
        name.to_string()
    } else {
        title
    }
}
pub use xlsx::{month_xlsx, month_xlsx_with, write_month_xlsx, MonthWorkbook, WorkbookOptions};

pub(crate) fn tier_name(program: &Program, t: usize) -> &str {
    program.tiers.get(t).map_or("", |t| t.name.as_str())
}

/// The name of the violation or severity a subtotal or a cap is about.
pub(crate) fn target_name(program: &Program, target: Target) -> &str {
    match target {
        Target::Violation(v) => program.violations.get(v).map_or("", |v| v.name.as_str()),
        Target::Severity(s) => program.severities.get(s).map_or("", |s| s.name.as_str()),
    }
}

/// The cap clause a cap outcome comes from.
pub(crate) fn cap_def<'p>(program: &'p Program, c: &CapOutcome) -> Option<&'p CapDef> {
    match c.target {
        Target::Violation(v) => program.violations.get(v)?.caps.get(c.cap),
        Target::Severity(s) => program.severities.get(s)?.caps.get(c.cap),
    }
}

pub(crate) fn escalation_names<'p>(program: &'p Program, a: &AgentResult) -> Vec<&'p str> {
    a.fired().filter_map(|e| program.escalations.get(e.escalation)).map(|e| e.name.as_str()).collect()
}

/// A report written an agent at a time while the month is evaluated (`kaohe eval --format
/// json|csv --output F`), so that neither the document nor the agents' results are ever
/// held whole: the same bytes as [`write_month_json_as`] and [`write_month_csv`], which
/// are made of the same pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streamed {
    Json(Layout),
    Csv { bom: bool },
}

impl Streamed {
    /// What comes before the first agent.
    pub fn head(self, program: &Program, month: crate::calendar::Month) -> std::io::Result<Vec<u8>> {
        match self {
            Streamed::Json(layout) => Ok(json::json_head(program, month, layout)),
            Streamed::Csv { bom } => self::csv::csv_head(program, bom),
        }
    }

    /// One agent, on whatever thread evaluated it.
    pub fn agent(self, program: &Program, a: &AgentResult) -> std::io::Result<Vec<u8>> {
        match self {
            Streamed::Json(layout) => Ok(json::json_agent(program, a, layout)),
            Streamed::Csv { .. } => self::csv::csv_agent(program, a),
        }
    }

    /// What separates an agent from the `i` before it.
    pub fn before(self, i: usize) -> &'static [u8] {
        match self {
            Streamed::Json(layout) => json::json_before(layout, i),
            Streamed::Csv { .. } => b"",
        }
    }

    /// What ends the report after `agents` agents.
    pub fn tail(self, agents: usize) -> Vec<u8> {
        match self {
            Streamed::Json(layout) => json::json_tail(layout, agents, None),
            Streamed::Csv { .. } => Vec::new(),
        }
    }
}

/// Agents rendered in parallel a batch at a time, written in order: output costs a
/// fraction of the time, and at most one batch is held in memory.
fn write_in_batches(
    agents: &[AgentResult],
    w: &mut dyn Write,
    render: impl Fn(usize, &AgentResult, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    for (b, batch) in agents.chunks(BATCH).enumerate() {
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, a)| {
                let mut out = Vec::with_capacity(1024);
                render(b * BATCH + k, a, &mut out).map(|()| out)
            })
            .collect();
        for part in parts {
            w.write_all(&part?)?;
        }
    }
    Ok(())
}
