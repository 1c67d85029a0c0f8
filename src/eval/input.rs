//! What the evaluator reads: a month's records, typed and checked.
//!
//! Rows are stored flat, one schema's values side by side, each with its line in its
//! file. The record readers (`records`) produce these; a program embedding Kaohe may build
//! them in memory too. Nothing here checks a record: that is the readers' job, before
//! evaluation starts.

use std::collections::HashMap;

use crate::calendar::Month;
use crate::check::program::{AGENT_ID, INCIDENT_AGENT};
use crate::value::Value;

/// Typed rows of one schema, stored flat: row `i` is `values[i * width..(i + 1) * width]`.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub width: usize,
    pub values: Vec<Value>,
    /// Each row's line in its file.
    pub lines: Vec<usize>,
}

impl Rows {
    pub fn new(width: usize) -> Rows {
        Rows { width, values: Vec::new(), lines: Vec::new() }
    }

    /// Room for `rows` rows, so a large file is stored without regrowing.
    pub fn with_capacity(width: usize, rows: usize) -> Rows {
        Rows { width, values: Vec::with_capacity(rows * width), lines: Vec::with_capacity(rows) }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn push(&mut self, values: impl IntoIterator<Item = Value>, line: usize) {
        self.values.extend(values);
        self.lines.push(line);
    }

    pub fn row(&self, i: usize) -> &[Value] {
        self.values.get(i * self.width..(i + 1) * self.width).unwrap_or(&[])
    }

    /// Adds `other`'s rows (of the same width) after these.
    pub fn append(&mut self, mut other: Rows) {
        self.values.append(&mut other.values);
        self.lines.append(&mut other.lines);
    }

    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(0)
    }
}

/// A month's records, typed and checked.
#[derive(Clone, Debug)]
pub struct MonthRecords {
    pub month: Month,
    pub agents: Rows,
    pub incidents: Rows,
    /// For each incident, the index of its agent in `agents`.
    pub incident_agent: Vec<u32>,
}

impl MonthRecords {
    /// Records built in memory, e.g. by a program embedding Kaohe: each incident's agent
    /// is found by id.
    pub fn new(month: Month, agents: Rows, incidents: Rows) -> MonthRecords {
        let index: HashMap<&str, u32> = (0..agents.len())
            .filter_map(|i| match agents.row(i).get(AGENT_ID) {
                Some(Value::Text(t)) => Some((t.as_ref(), u32::try_from(i).unwrap_or(u32::MAX))),
                _ => None,
            })
            .collect();
        let incident_agent = (0..incidents.len())
            .map(|i| match incidents.row(i).get(INCIDENT_AGENT) {
                Some(Value::Text(t)) => index.get(t.as_ref()).copied().unwrap_or(u32::MAX),
                _ => u32::MAX,
            })
            .collect();
        MonthRecords { month, agents, incidents, incident_agent }
    }
}

/// One incident of an agent, as the evaluator reads it.
#[derive(Clone, Copy, Debug)]
pub struct IncidentRow<'a> {
    pub values: &'a [Value],
    pub line: usize,
}
