//! Record files → typed, checked rows for one month.
//!
//! Agents and incidents are typed by the policy's `agent` and `incident` schemas
//! (built-in fields first). Every problem in every file is collected before anything is
//! computed (contract section 6): unknown agents, violations and tiers (with "did you
//! mean"), dates outside the month, duplicate ids, values of the wrong type, missing
//! columns, ragged rows, agents hired after the month, a month before the policy is in
//! effect, and holes left in the policy. An undeclared column is only a warning.

pub mod cell;
pub mod raw;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::check::program::*;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
pub use raw::{Encoding, RawTable};

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first day of the next month: where tenure is measured.
    pub fn next_first(self) -> NaiveDate {
        let (y, m) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
    }

    pub fn last(self) -> NaiveDate {
        self.next_first().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        d.year() == self.year && d.month() == self.month
    }
}

impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month: write `YYYY-MM`, e.g. `2024-10`");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if y.len() != 4 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One typed row, values indexed like the schema's fields.
#[derive(Clone, Debug)]
pub struct Record {
    pub values: Vec<Value>,
    pub line: usize,
}

/// A month's records, typed and checked.
#[derive(Clone, Debug)]
pub struct MonthRecords {
    pub month: Month,
    pub agents: Vec<Record>,
    pub incidents: Vec<Record>,
}

/// Records checked, with every diagnostic (warnings included).
pub struct Loaded {
    pub records: Option<MonthRecords>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Types and checks both tables against the policy for `month`.
///
/// Each check reads the cells it needs directly, so one bad cell does not hide another
/// problem of the same row, nor make the agent's incidents look like strangers'.
pub fn load(program: &Program, month: Month, agents: &RawTable, incidents: &RawTable) -> Loaded {
    let mut diags = Vec::new();
    policy_ready(program, month, &mut diags);
    let agent_rows = type_table(program, &program.agent_fields, agents, "agent", &mut diags);
    let incident_rows = type_table(program, &program.incident_fields, incidents, "incident", &mut diags);

    // Agents: unique ids, hired by the end of the month.
    // Agent ids in input order, and where each was first seen.
    let mut ids: Vec<&str> = Vec::new();
    let mut seen: HashMap<&str, (usize, &Span)> = HashMap::new();
    for row in &agents.rows {
        let Some(id) = cell(agents, row, "id") else { continue };
        if id.text.is_empty() {
            continue;
        }
        if row.ragged.is_some() {
            // Its cells may be shifted: known as an agent, checked no further.
            if seen.insert(&id.text, (row.line, &id.span)).is_none() {
                ids.push(&id.text);
            }
            continue;
        }
        if let Some(&(line, first)) = seen.get(id.text.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::RecordDuplicateAgent,
                    format!("agent id `{}` appears twice (lines {line} and {})", id.text, row.line),
                )
                .at(&id.span, "second row with this id")
                .with_related(first, "first row")
                .with_help("each agent has one row; merge the two rows or correct the id"),
            );
            continue;
        }
        seen.insert(&id.text, (row.line, &id.span));
        ids.push(&id.text);
        let hired = cell(agents, row, "hired_on").and_then(|c| cell::parse_date(&c.text).map(|d| (d, c)));
        if let Some((hired, c)) = hired {
            if hired > month.last() {
                diags.push(
                    Diagnostic::error(
                        Code::RecordHiredAfterMonth,
                        format!("agent `{}` was hired on {hired}, after {month}", id.text),
                    )
                    .at(&c.span, "after the month")
                    .with_help(format!("evaluate a later month, or leave agent `{}` out of {month}'s roster", id.text)),
                );
            }
        }
    }

    // Incidents: a known agent (when the roster has ids at all), a date in the month.
    let roster_has_ids = agents.columns.iter().any(|c| c.text == "id");
    for row in incidents.rows.iter().filter(|r| r.ragged.is_none()) {
        if let Some(agent) = cell(incidents, row, "agent").filter(|c| !c.text.is_empty() && roster_has_ids) {
            if !seen.contains_key(agent.text.as_str()) {
                let mut d = Diagnostic::error(
                    Code::RecordUnknownAgent,
                    format!("incident on line {} names agent `{}`, who is not in the roster", row.line, agent.text),
                )
                .at(&agent.span, "unknown agent");
                d = match closest(&agent.text, ids.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("add the agent to the agents file, or correct the id"),
                };
                diags.push(d);
            }
        }
        let date = cell(incidents, row, "date").and_then(|c| cell::parse_date(&c.text).map(|d| (d, c)));
        if let Some((date, c)) = date {
            if !month.contains(date) {
                diags.push(
                    Diagnostic::error(
                        Code::RecordDateOutsideMonth,
                        format!("incident dated {date} is outside {month}"),
                    )
                    .at(&c.span, format!("not in {month}"))
                    .with_help(format!(
                        "only incidents from {} to {} belong to this month",
                        month.first(),
                        month.last()
                    )),
                );
            }
        }
    }

    // Agents' file first, then incidents', each in line order.
    let rank = |d: &Diagnostic| {
        let file = d.file_name().unwrap_or("");
        let order = if file == agents.source.name() {
            1
        } else if file == incidents.source.name() {
            2
        } else {
            0
        };
        (order, d.span.as_ref().map_or(0, |s| s.start))
    };
    diags.sort_by_key(rank);
    let failed = diags.iter().any(Diagnostic::is_error);
    let records = (!failed).then(|| MonthRecords {
        month,
        agents: agent_rows.into_iter().map(|(_, r)| r).collect(),
        incidents: incident_rows.into_iter().map(|(_, r)| r).collect(),
    });
    Loaded { records, diagnostics: diags }
}

/// A month can be evaluated when the policy is in effect by its last day and has no holes.
fn policy_ready(program: &Program, month: Month, diags: &mut Vec<Diagnostic>) {
    if program.header.effective > month.last() {
        let mut d = Diagnostic::error(
            Code::RecordNotInEffect,
            format!("the policy takes effect on {}, after {month}", program.header.effective),
        )
        .with_help(format!("evaluate {} or a later month", month_of(program.header.effective)));
        if let Some(span) = &program.header.effective_span {
            d = d.at(span, "in effect from here");
        }
        diags.push(d);
    }
    for hole in &program.holes {
        diags.push(
            Diagnostic::error(Code::RecordHole, "the policy has a value still to be decided")
                .at(hole, "`TBD`")
                .with_help("fill in every `TBD` before evaluating a month"),
        );
    }
}

fn month_of(d: NaiveDate) -> Month {
    Month { year: d.year(), month: d.month() }
}

/// The cell of `column` in `row`, if the table has that column.
fn cell<'a>(table: &RawTable, row: &'a raw::RawRow, column: &str) -> Option<&'a raw::Cell> {
    let i = table.columns.iter().position(|c| c.text == column)?;
    row.cells.get(i)?.as_ref()
}

/// Columns every file must have even though they are built in.
fn required_builtin(record: &str, name: &str) -> bool {
    match record {
        "agent" => matches!(name, "id" | "tier" | "hired_on"),
        _ => true,
    }
}

/// Types every row of a table by a schema. Rows with an error are left out.
fn type_table(
    program: &Program,
    fields: &[FieldDef],
    table: &RawTable,
    record: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(raw::RawRow, Record)> {
    let file = table.source.name().to_string();
    // Which column holds each field.
    let mut slots: Vec<Option<usize>> = Vec::with_capacity(fields.len());
    let column_names: Vec<&str> = table.columns.iter().map(|c| c.text.as_str()).collect();
    let mut seen: HashMap<&str, &Span> = HashMap::new();
    for col in &table.columns {
        if let Some(first) = seen.get(col.text.as_str()) {
            diags.push(
                Diagnostic::error(Code::RecordMalformed, format!("column `{}` appears twice in the header", col.text))
                    .at(&col.span, "again here")
                    .with_related(first, "first here")
                    .with_help("rename or remove one of the two columns"),
            );
        }
        seen.insert(&col.text, &col.span);
    }
    let mut missing = false;
    for f in fields {
        let slot = column_names.iter().position(|c| *c == f.name);
        let needed = if f.builtin { required_builtin(record, &f.name) } else { f.default.is_none() };
        if slot.is_none() && needed {
            missing = true;
            let unused: Vec<&str> =
                column_names.iter().copied().filter(|c| !fields.iter().any(|f| f.name == *c)).collect();
            let suggestion = closest(&f.name, unused);
            let mut d = if table.json {
                let d = Diagnostic::error(
                    Code::RecordMissingColumn,
                    format!("no record in `{file}` has a `{}` key", f.name),
                );
                match table.rows.first() {
                    Some(r) => d.at(&r.span, format!("this record has no `{}`", f.name)),
                    None => d.in_file(file.clone()),
                }
            } else {
                let header = table
                    .columns
                    .first()
                    .map(|c| c.span.to(&table.columns.last().map_or(c.span.clone(), |l| l.span.clone())));
                let d = Diagnostic::error(Code::RecordMissingColumn, format!("`{file}` has no column `{}`", f.name));
                match header {
                    Some(h) => d.at(&h, "header row"),
                    None => d.in_file(file.clone()),
                }
            };
            let (thing, add) = if table.json {
                ("key", format!("add `\"{}\": …` to every record", f.name))
            } else {
                ("column", format!("add a `{}` column", f.name))
            };
            d = match suggestion {
                Some(s) => d.with_help(format!("did you mean `{s}`? the {record} {thing} must be called `{}`", f.name)),
                None => d.with_help(format!("{add}: every {record} needs a {} value", f.ty)),
            };
            diags.push(d);
        }
        slots.push(slot);
    }
    let missing_required: Vec<&str> = fields
        .iter()
        .zip(&slots)
        .filter(|(f, slot)| {
            slot.is_none() && (if f.builtin { required_builtin(record, &f.name) } else { f.default.is_none() })
        })
        .map(|(f, _)| f.name.as_str())
        .collect();
    for col in &table.columns {
        if !fields.iter().any(|f| f.name == col.text) {
            let names: Vec<&str> =
                fields.iter().map(|f| f.name.as_str()).filter(|n| !column_names.contains(n)).collect();
            let mut d = Diagnostic::warning(
                Code::RecordUndeclaredColumn,
                format!("column `{}` is not a field of the {record} schema and is ignored", col.text),
            )
            .at(&col.span, "not used");
            d = match (closest(&col.text, names), missing_required.as_slice()) {
                (Some(s), _) => d.with_help(format!("did you mean `{s}`?")),
                (None, [only]) => d.with_help(format!("if this is the `{only}` column, rename its header to `{only}`")),
                (None, _) => d.with_help(format!("declare it in the policy's `{record} {{ … }}` block to use it")),
            };
            diags.push(d);
        }
    }
    if missing {
        return Vec::new();
    }

    let defaults: Vec<Option<Value>> =
        fields.iter().map(|f| f.default.as_ref().and_then(|d| crate::eval::constant(program, d).ok())).collect();
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        if let Some(n) = row.ragged {
            diags.push(
                Diagnostic::error(
                    Code::RecordRaggedRow,
                    format!("line {} has {n} cell{} but the header has {}", row.line, if n == 1 { "" } else { "s" }, table.columns.len()),
                )
                .at(&row.span, "this row")
                .with_help("every row has one cell per column; check for a stray or missing comma, or quote a cell that contains a comma"),
            );
            continue;
        }
        let mut values = Vec::with_capacity(fields.len());
        let mut ok = true;
        for ((f, slot), default) in fields.iter().zip(&slots).zip(&defaults) {
            let cell = slot.and_then(|i| row.cells.get(i)).and_then(|c| c.as_ref());
            let value = match cell {
                Some(c) if !c.text.is_empty() => cell::typed(program, f, c, record),
                _ => match default {
                    Some(v) => Ok(v.clone()),
                    None if f.name == "name" && f.builtin => Ok(Value::Text("".into())),
                    None => {
                        let (message, span) = match cell {
                            Some(c) => (format!("line {}: `{}` is empty", row.line, f.name), c.span.clone()),
                            None if table.json => {
                                (format!("the record on line {} has no `{}`", row.line, f.name), row.span.clone())
                            }
                            None => (format!("line {}: `{}` is missing", row.line, f.name), row.span.clone()),
                        };
                        Err(Diagnostic::error(Code::RecordBadValue, message)
                            .at(&span, "a value is required")
                            .with_help(format!("fill in `{}` ({}); the field has no default", f.name, f.ty)))
                    }
                },
            };
            match value {
                Ok(v) => values.push(v),
                Err(d) => {
                    ok = false;
                    diags.push(d);
                }
            }
        }
        if ok {
            out.push((row.clone(), Record { values, line: row.line }));
        }
    }
    out
}
