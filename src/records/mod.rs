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
pub mod sheet;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::check::program::*;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
pub use raw::{Encoding, Input, RawTable, RowView};

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

/// Records checked, with every diagnostic (warnings included).
pub struct Loaded {
    pub records: Option<MonthRecords>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Types and checks both files against the policy for `month`.
///
/// Each check reads the cells it needs directly, so one bad cell does not hide another
/// problem of the same row, nor make the agent's incidents look like strangers'. Rows
/// are typed as they are read; no per-cell text is kept.
pub fn load(program: &Program, month: Month, agents: &Input, incidents: &Input) -> Loaded {
    load_with(program, month, agents, incidents, true)
}

/// [`load`]; with `keep_incidents` false the incidents are checked and each one's agent
/// recorded, but their values are not kept: [`incidents_of`] types them again, a range of
/// agents at a time, so a month larger than memory is evaluated in parts.
pub fn load_with(program: &Program, month: Month, agents: &Input, incidents: &Input, keep_incidents: bool) -> Loaded {
    let mut diags = Vec::new();
    policy_ready(program, month, &mut diags);

    // Agents: unique ids, hired by the end of the month.
    let mut ids: Vec<Arc<str>> = Vec::new();
    let mut seen: HashMap<Arc<str>, (usize, Span, u32)> = HashMap::new();
    let mut agent_rows = Rows::with_capacity(program.agent_fields.len(), agents.row_estimate());
    let agent_cols = schema_columns(program, &program.agent_fields, agents, "agent", &mut diags);
    if let Some(cols) = &agent_cols {
        let id_col = column(agents, "id");
        let hired_col = column(agents, "hired_on");
        let result = agents.for_each_row(&mut |row| {
            let id: Option<Arc<str>> = id_col.and_then(|c| row.cell(c)).filter(|t| !t.is_empty()).map(Arc::from);
            if let Some(id) = &id {
                if let Some((line, first, _)) = seen.get(id) {
                    diags.push(
                        Diagnostic::error(
                            Code::RecordDuplicateAgent,
                            format!("agent id `{id}` appears twice (lines {line} and {})", row.line),
                        )
                        .at(&id_col.map_or_else(|| row.span(), |c| row.cell_span(c)), "second row with this id")
                        .with_related(first, "first row")
                        .with_help("each agent has one row; merge the two rows or correct the id"),
                    );
                    return;
                }
                let index = u32::try_from(agent_rows.len()).unwrap_or(u32::MAX);
                let first = id_col.map_or_else(|| row.span(), |c| row.cell_span(c));
                seen.insert(id.clone(), (row.line, first, index));
                ids.push(id.clone());
            }
            if row.ragged.is_some() {
                diags.push(ragged(row, cols.header_len));
                return;
            }
            let hired = hired_col.and_then(|c| row.cell(c)).and_then(cell::parse_date);
            if let (Some(hired), Some(id)) = (hired, &id) {
                if hired > month.last() {
                    diags.push(
                        Diagnostic::error(
                            Code::RecordHiredAfterMonth,
                            format!("agent `{id}` was hired on {hired}, after {month}"),
                        )
                        .at(&hired_col.map_or_else(|| row.span(), |c| row.cell_span(c)), "after the month")
                        .with_help(format!("evaluate a later month, or leave agent `{id}` out of {month}'s roster")),
                    );
                }
            }
            if let Some(mut values) =
                type_row(program, &program.agent_fields, cols, row, agents.is_json(), AGENT_ID, &mut diags)
            {
                // Share the id's text with the index, so incidents can point at it.
                if let (Some(slot), Some(id)) = (values.get_mut(AGENT_ID), &id) {
                    *slot = Value::Text(id.clone());
                }
                agent_rows.push(values, row.line);
            }
        });
        if let Err(d) = result {
            diags.push(d);
        }
    }

    // Incidents: a known agent (when the roster has ids at all), a date in the month.
    let roster_has_ids = agent_cols.is_some() && column(agents, "id").is_some();
    let expected = incidents.row_estimate();
    let mut incident_rows =
        Rows::with_capacity(program.incident_fields.len(), if keep_incidents { expected } else { 0 });
    let mut incident_agent = Vec::with_capacity(expected);
    if let Some(cols) = schema_columns(program, &program.incident_fields, incidents, "incident", &mut diags) {
        let agent_col = column(incidents, "agent");
        let date_col = column(incidents, "date");
        let result = incidents.for_each_row(&mut |row| {
            if row.ragged.is_some() {
                diags.push(ragged(row, cols.header_len));
                return;
            }
            let agent = agent_col.and_then(|c| row.cell(c)).filter(|t| !t.is_empty());
            let known = agent.and_then(|a| seen.get_key_value(a));
            if let (Some(agent), None, true) = (agent, known, roster_has_ids) {
                let mut d = Diagnostic::error(
                    Code::RecordUnknownAgent,
                    format!("incident on line {} names agent `{agent}`, who is not in the roster", row.line),
                )
                .at(&agent_col.map_or_else(|| row.span(), |c| row.cell_span(c)), "unknown agent");
                d = match closest(agent, ids.iter().map(|i| i.as_ref())) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("add the agent to the agents file, or correct the id"),
                };
                diags.push(d);
            }
            if let Some(date) = date_col.and_then(|c| row.cell(c)).and_then(cell::parse_date) {
                if !month.contains(date) {
                    diags.push(
                        Diagnostic::error(
                            Code::RecordDateOutsideMonth,
                            format!("incident dated {date} is outside {month}"),
                        )
                        .at(&date_col.map_or_else(|| row.span(), |c| row.cell_span(c)), format!("not in {month}"))
                        .with_help(format!(
                            "only incidents from {} to {} belong to this month",
                            month.first(),
                            month.last()
                        )),
                    );
                }
            }
            if let Some(mut values) =
                type_row(program, &program.incident_fields, &cols, row, incidents.is_json(), INCIDENT_AGENT, &mut diags)
            {
                if let Some((id, (_, _, index))) = known {
                    if let Some(slot) = values.get_mut(INCIDENT_AGENT) {
                        *slot = Value::Text(id.clone());
                    }
                    incident_agent.push(*index);
                    if keep_incidents {
                        incident_rows.push(values, row.line);
                    }
                }
            }
        });
        if let Err(d) = result {
            diags.push(d);
        }
    }

    // Spreadsheets: name the sheet and the cell (`D17`) in each message.
    sheet::name_cells(&mut diags, agents);
    sheet::name_cells(&mut diags, incidents);

    // Agents' file first, then incidents', each in line order.
    let rank = |d: &Diagnostic| {
        let file = d.file_name().unwrap_or("");
        let order = if file == agents.source().name() {
            1
        } else if file == incidents.source().name() {
            2
        } else {
            0
        };
        (order, d.span.as_ref().map_or(0, |s| s.start))
    };
    diags.sort_by_key(rank);
    let failed = diags.iter().any(Diagnostic::is_error);
    let records =
        (!failed).then_some(MonthRecords { month, agents: agent_rows, incidents: incident_rows, incident_agent });
    Loaded { records, diagnostics: diags }
}

/// The incidents of the agents `range` (indexes into `agents`), typed again from a file
/// that [`load_with`] has already checked, with each one's agent as an index into the
/// range. Problems were reported by the check; rows with one are skipped here.
pub fn incidents_of(
    program: &Program,
    incidents: &Input,
    agents: &Rows,
    range: std::ops::Range<usize>,
) -> (Rows, Vec<u32>) {
    let index: HashMap<&str, u32> = range
        .clone()
        .filter_map(|i| match agents.row(i).get(AGENT_ID) {
            Some(Value::Text(t)) => Some((t.as_ref(), u32::try_from(i - range.start).unwrap_or(u32::MAX))),
            _ => None,
        })
        .collect();
    let mut rows = Rows::new(program.incident_fields.len());
    let mut owners = Vec::new();
    let mut ignored = Vec::new();
    let Some(cols) = schema_columns(program, &program.incident_fields, incidents, "incident", &mut ignored) else {
        return (rows, owners);
    };
    let agent_col = column(incidents, "agent");
    let _ = incidents.for_each_row(&mut |row| {
        let Some(agent) = agent_col.and_then(|c| row.cell(c)) else { return };
        let Some(&owner) = index.get(agent) else { return };
        if row.ragged.is_some() {
            return;
        }
        let typed =
            type_row(program, &program.incident_fields, &cols, row, incidents.is_json(), INCIDENT_AGENT, &mut ignored);
        if let Some(mut values) = typed {
            if let (Some(slot), Some(id)) =
                (values.get_mut(INCIDENT_AGENT), agents.row(range.start + owner as usize).get(AGENT_ID))
            {
                *slot = id.clone();
            }
            owners.push(owner);
            rows.push(values, row.line);
        }
        ignored.clear();
    });
    (rows, owners)
}

fn ragged(row: &RowView, header_len: usize) -> Diagnostic {
    let n = row.cells.len();
    Diagnostic::error(
        Code::RecordRaggedRow,
        format!("line {} has {n} cell{} but the header has {header_len}", row.line, if n == 1 { "" } else { "s" }),
    )
    .at(&row.span(), "this row")
    .with_help(
        "every row has one cell per column; check for a stray or missing comma, or quote a cell that contains a comma",
    )
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

/// The position of `name` among a file's columns.
fn column(input: &Input, name: &str) -> Option<usize> {
    input.columns().ok()?.iter().position(|c| c.text == name)
}

/// Columns every file must have even though they are built in.
fn required_builtin(record: &str, name: &str) -> bool {
    match record {
        "agent" => matches!(name, "id" | "tier" | "hired_on"),
        _ => true,
    }
}

/// Which column holds each field, and the fields' defaults.
struct Columns {
    slots: Vec<Option<usize>>,
    defaults: Vec<Option<Value>>,
    header_len: usize,
}
/// Undeclared columns warned about one by one; beyond this, one warning names the first
/// few and counts the rest.
const MAX_UNDECLARED_WARNINGS: usize = 5;

/// The one warning for many undeclared columns.
fn undeclared_columns(undeclared: &[&raw::Cell], record: &str) -> Diagnostic {
    let shown: Vec<String> = undeclared.iter().take(3).map(|c| format!("`{}`", c.text)).collect();
    let message = format!(
        "{} columns are not fields of the {record} schema and are ignored: {} and {} more",
        undeclared.len(),
        shown.join(", "),
        undeclared.len() - shown.len()
    );
    let d = Diagnostic::warning(Code::RecordUndeclaredColumn, message)
        .with_help(format!("declare the ones you need in the policy's `{record} {{ … }}` block, or delete them"));
    match undeclared.first() {
        Some(first) => d.at(&first.span, "not used, nor the columns after it"),
        None => d,
    }
}

/// Checks a file's header against a schema: missing columns are errors, undeclared ones
/// warnings. `None` when a required column is missing (no row can be typed).
fn schema_columns(
    program: &Program,
    fields: &[FieldDef],
    input: &Input,
    record: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Columns> {
    let file = input.source().name().to_string();
    let columns = match input.columns() {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let is_json = input.is_json();
    let first_record = match input {
        Input::Json(t) => t.rows.first().map(|r| r.span.clone()),
        Input::Csv(_) | Input::Sheet { .. } => None,
    };
    // Which column holds each field.
    let mut slots: Vec<Option<usize>> = Vec::with_capacity(fields.len());
    let column_names: Vec<&str> = columns.iter().map(|c| c.text.as_str()).collect();
    let mut seen: HashMap<&str, &Span> = HashMap::new();
    for col in &columns {
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
            let mut d = if is_json {
                let d = Diagnostic::error(
                    Code::RecordMissingColumn,
                    format!("no record in `{file}` has a `{}` key", f.name),
                );
                match &first_record {
                    Some(r) => d.at(r, format!("this record has no `{}`", f.name)),
                    None => d.in_file(file.clone()),
                }
            } else {
                let header =
                    columns.first().map(|c| c.span.to(&columns.last().map_or(c.span.clone(), |l| l.span.clone())));
                let d = Diagnostic::error(Code::RecordMissingColumn, format!("`{file}` has no column `{}`", f.name));
                match header {
                    Some(h) => d.at(&h, "header row"),
                    None => d.in_file(file.clone()),
                }
            };
            let (thing, add) = if is_json {
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
    let mut undeclared: Vec<&raw::Cell> =
        columns.iter().filter(|col| !fields.iter().any(|f| f.name == col.text)).collect();
    if undeclared.len() > MAX_UNDECLARED_WARNINGS {
        // One warning for them all: thousands (a sheet's every column) would each show the header.
        diags.push(undeclared_columns(&undeclared, record));
        undeclared.clear();
    }
    for col in undeclared {
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).filter(|n| !column_names.contains(n)).collect();
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
    if missing {
        return None;
    }
    let defaults =
        fields.iter().map(|f| f.default.as_ref().and_then(|d| crate::eval::constant(program, d).ok())).collect();
    Some(Columns { slots, defaults, header_len: columns.len() })
}

/// Types one row by a schema; `None` (with the problems reported) if a cell is wrong.
/// `shared` is the slot of the agent id (`id` or `agent`), which the caller fills.
fn type_row(
    program: &Program,
    fields: &[FieldDef],
    cols: &Columns,
    row: &RowView,
    is_json: bool,
    shared: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Value>> {
    let mut values = Vec::with_capacity(fields.len());
    let mut ok = true;
    for (k, ((f, slot), default)) in fields.iter().zip(&cols.slots).zip(&cols.defaults).enumerate() {
        let text = slot.and_then(|i| row.cell(i));
        if k == shared && text.is_some_and(|t| !t.is_empty()) {
            // The id: the caller puts the shared text in this slot.
            values.push(Value::Bool(false));
            continue;
        }
        let value = match text {
            Some(t) if !t.is_empty() => {
                let col = slot.unwrap_or(0);
                cell::typed(program, f, t, &|| row.cell_span(col))
            }
            _ => match default {
                Some(v) => Ok(v.clone()),
                None if f.name == "name" && f.builtin => Ok(Value::Text("".into())),
                None => {
                    let (message, span) = match (text, slot) {
                        (Some(_), Some(col)) => {
                            (format!("line {}: `{}` is empty", row.line, f.name), row.cell_span(*col))
                        }
                        _ if is_json => (format!("the record on line {} has no `{}`", row.line, f.name), row.span()),
                        _ => (format!("line {}: `{}` is missing", row.line, f.name), row.span()),
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
    ok.then_some(values)
}
