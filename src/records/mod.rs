//! Record files → typed, checked rows for one month.
//!
//! Agents and incidents are typed by the policy's `agent` and `incident` schemas
//! (built-in fields first). Every problem in every file is collected before anything is
//! computed (contract section 6): unknown agents, violations and tiers (with "did you
//! mean"), dates outside the month, duplicate ids, values of the wrong type, missing
//! columns, ragged rows, agents hired after the month, a month before the policy is in
//! effect, and holes left in the policy. An undeclared column is only a warning.
//!
//! Files are read by [`raw`] (CSV, JSON) and [`sheet`] (workbooks) into an [`Input`]
//! ([`input`]); [`schema`] matches a header to a schema and types rows; [`checks`] holds
//! the record rules, shared with worked examples. The typed result is the evaluator's
//! input ([`MonthRecords`]).

pub mod cell;
pub mod checks;
pub mod input;
pub mod raw;
pub mod schema;
pub mod sheet;
mod spill;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

pub use crate::calendar::Month;
use crate::check::program::*;
use crate::diag::{closest, Code, Diagnostic};
pub use crate::eval::input::{MonthRecords, PackedRows, Rows};
use crate::source::{Source, Span};
use crate::unicode;
pub use input::{Encoding, Input, RawTable, RowView};
use rustc_hash::FxHashMap;
use schema::{schema_columns, type_row, type_row_into};
pub use spill::Spilled;

/// Reads a file's bytes, by its extension (`.json`, else CSV; a file without either that
/// starts with `[` is JSON; `.xlsx`, `.xls`, `.ods`… are spreadsheets, whose sheet may be
/// named after `#`: `roster.xlsx#花名册`).
pub fn read_input(name: &str, bytes: &[u8], encoding: Encoding) -> Result<Input, Diagnostic> {
    read_input_owned(name, bytes.to_vec(), encoding)
}

/// [`read_input`] taking the bytes, so valid UTF-8 is used without a copy.
pub fn read_input_owned(name: &str, bytes: Vec<u8>, encoding: Encoding) -> Result<Input, Diagnostic> {
    if sheet::is_spreadsheet(sheet::split_path(name).0) {
        return sheet::read_sheet(name, bytes);
    }
    let text = raw::decode_owned(name, bytes, encoding)?;
    let source = Source::new(name, text);
    let lower = name.to_ascii_lowercase();
    let looks_json =
        lower.ends_with(".json") || (!lower.ends_with(".csv") && source.text().trim_start().starts_with('['));
    if looks_json {
        raw::read_json(&source).map(Input::Json)
    } else {
        Ok(Input::Csv(source))
    }
}

/// Reads a file's bytes as a whole table (header and every row kept).
pub fn read_table(name: &str, bytes: &[u8], encoding: Encoding) -> Result<RawTable, Diagnostic> {
    match read_input(name, bytes, encoding)? {
        Input::Json(t) => Ok(t),
        Input::Csv(source) | Input::Sheet { source, .. } => raw::read_csv(&source),
    }
}

/// Records checked, with every diagnostic (warnings included).
pub struct Loaded {
    pub records: Option<MonthRecords>,
    pub diagnostics: Vec<Diagnostic>,
    /// A month loaded without keeping its incidents: their typed rows, in temporary
    /// files (`None` where those could not be written).
    pub spilled: Option<Spilled>,
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
/// recorded, but their values are not kept in memory: they are written to temporary files
/// ([`Loaded::spilled`], read back by [`Spilled::incidents_of`]) or, where those cannot
/// be written, typed again by [`incidents_of`], a range of agents at a time, so a month
/// larger than memory is evaluated in parts.
pub fn load_with(program: &Program, month: Month, agents: &Input, incidents: &Input, keep_incidents: bool) -> Loaded {
    let mut diags = checks::policy_ready(program, month);
    let roster = load_agents(program, month, agents, &mut diags);
    let (incident_rows, incident_agent, spilled) =
        load_incidents(program, month, incidents, &roster, keep_incidents, &mut diags);

    // Spreadsheets: name the sheet and the cell (`D17`) in each message.
    sheet::name_cells(&mut diags, agents);
    sheet::name_cells(&mut diags, incidents);
    sort_by_file_and_line(&mut diags, agents, incidents);
    let failed = diags.iter().any(Diagnostic::is_error);
    let records =
        (!failed).then_some(MonthRecords { month, agents: roster.rows, incidents: incident_rows, incident_agent });
    Loaded { records, diagnostics: diags, spilled }
}

/// The agents file, typed: every agent's row and where each id was first seen.
struct Roster {
    rows: Rows,
    /// Ids in order, for did-you-mean.
    ids: Vec<Arc<str>>,
    /// Each id: its line, the cell to point at, its row.
    seen: HashMap<Arc<str>, (usize, Span, u32)>,
    /// Whether the file could be read against the schema and has an `id` column: only
    /// then can an incident's agent be judged unknown.
    has_ids: bool,
}

/// Agents: unique ids, hired by the end of the month.
fn load_agents(program: &Program, month: Month, agents: &Input, diags: &mut Vec<Diagnostic>) -> Roster {
    let mut roster = Roster {
        rows: Rows::with_capacity(program.agent_fields.len(), agents.row_estimate()),
        ids: Vec::new(),
        seen: HashMap::new(),
        has_ids: false,
    };
    let Some(cols) = schema_columns(program, &program.agent_fields, agents, "agent", diags) else { return roster };
    let id_col = cols.slot(AGENT_ID);
    roster.has_ids = id_col.is_some();
    let hired_col = cols.slot(AGENT_HIRED_ON);
    let since_col = cols.slot(AGENT_TIER_SINCE);
    // Ids holding invisible characters, by their visible form: `A001` and `A001` with a
    // zero-width space are two ids no one can tell apart.
    let mut invisible: HashMap<String, (Arc<str>, Span)> = HashMap::new();
    let result = agents.for_each_row(&mut |row| {
        let at = |col: Option<usize>| col.map_or_else(|| row.span(), |c| row.cell_span(c));
        let id: Option<Arc<str>> = id_col.and_then(|c| row.cell(c)).filter(|t| !t.is_empty()).map(Arc::from);
        if let Some(id) = &id {
            if let Some((line, first, _)) = roster.seen.get(id) {
                diags.push(
                    Diagnostic::error(
                        Code::RecordDuplicateAgent,
                        tr!("record-duplicate-agent", id = &**id, first = *line, second = row.line),
                    )
                    .at(&at(id_col), tr!("record-duplicate-agent-label"))
                    .with_related(first, tr!("record-duplicate-agent-first"))
                    .with_help(tr!("record-duplicate-agent-help")),
                );
                return;
            }
            let visible = unicode::without_invisible(id);
            let twin = match &visible {
                Cow::Owned(v) => roster.seen.get_key_value(v.as_str()).map(|(k, (_, s, _))| (k.clone(), s.clone())),
                Cow::Borrowed(_) => None,
            }
            .or_else(|| invisible.get(visible.as_ref()).cloned());
            if let Some((other, first)) = twin {
                diags.push(
                    Diagnostic::error(
                        Code::RecordDuplicateAgent,
                        tr!(
                            "record-invisible-twin",
                            id = unicode::printable(id).into_owned(),
                            other = unicode::printable(&other).into_owned()
                        ),
                    )
                    .at(&at(id_col), tr!("record-invisible-twin-label"))
                    .with_related(&first, tr!("record-invisible-twin-other"))
                    .with_help(tr!("record-invisible-twin-help")),
                );
                return;
            }
            if let Cow::Owned(v) = visible {
                invisible.insert(v, (id.clone(), at(id_col)));
            }
            let index = u32::try_from(roster.rows.len()).unwrap_or(u32::MAX);
            roster.seen.insert(id.clone(), (row.line, at(id_col), index));
            roster.ids.push(id.clone());
        }
        if row.ragged.is_some() {
            diags.push(ragged(row, cols.header_len));
            return;
        }
        let hired = hired_col.and_then(|c| row.cell(c)).and_then(cell::parse_date);
        if let (Some(hired), Some(id)) = (hired.filter(|h| *h > month.last()), &id) {
            diags.extend(checks::hired_after_month(id, hired, month, &at(hired_col)));
        }
        if let Some(mut values) =
            type_row(program, &program.agent_fields, &cols, row, agents.is_json(), AGENT_ID, diags)
        {
            // Share the id's text with the index, so incidents can point at it.
            if let (Some(slot), Some(id)) = (values.get_mut(AGENT_ID), &id) {
                *slot = Value::Text(id.clone());
            }
            if let Some(d) = tier_since(&mut values, id.as_deref().unwrap_or(""), month, &at(since_col)) {
                diags.push(d);
                return;
            }
            roster.rows.push(values, row.line);
        }
    });
    if let Err(d) = result {
        diags.push(d);
    }
    roster
}

/// Incidents: a known agent (when the roster has ids at all), a date in the month. Each
/// typed incident's agent is recorded; its values are kept when `keep` is set. An
/// incident's agent slot is left unfilled: its agent is `incident_agent`, and the
/// evaluator reads the id from the agent's row.
///
/// Quote-free CSV text is typed in pieces on every core ([`Input::plain_parts`]), each
/// piece's rows, owners and diagnostics joined in file order afterwards, so the result
/// is the one a single pass gives.
fn load_incidents(
    program: &Program,
    month: Month,
    incidents: &Input,
    roster: &Roster,
    keep: bool,
    diags: &mut Vec<Diagnostic>,
) -> (PackedRows, Vec<u32>, Option<Spilled>) {
    use rayon::prelude::*;

    let width = program.incident_fields.len();
    let expected = incidents.row_estimate();
    let Some(cols) = schema_columns(program, &program.incident_fields, incidents, "incident", diags) else {
        return (PackedRows::default(), Vec::new(), None);
    };
    // One compact index over the roster's ids: the agent's row for each id.
    let index: FxHashMap<&str, u32> = roster.seen.iter().map(|(id, (_, _, row))| (id.as_ref(), *row)).collect();
    let typer = IncidentTyper { program, month, incidents, roster, index: &index, cols: &cols };
    let parts = if expected >= PARALLEL_INCIDENTS { incidents.plain_parts(rayon::current_num_threads()) } else { None };
    match parts {
        Some(parts) if parts.len() > 1 => {
            let share = expected / parts.len() + expected / 16 + 1;
            let mut pieces: Vec<Typed> = parts
                .par_iter()
                .enumerate()
                .map(|(k, part)| {
                    // The first piece is the whole file's storage, the others appended to it.
                    let mut typed = Typed::new(width, if k == 0 { expected } else { share }, keep);
                    incidents.for_each_plain_row(part, &mut |row| typer.row(row, &mut typed));
                    typed
                })
                .collect();
            let mut all = if pieces.is_empty() { Typed::new(width, 0, keep) } else { pieces.remove(0) };
            let mut spills = vec![all.spill.take()];
            for mut piece in pieces {
                all.rows.append(piece.rows);
                all.owners.extend(piece.owners);
                all.diags.extend(piece.diags);
                spills.push(piece.spill.take());
            }
            diags.append(&mut all.diags);
            (all.rows, all.owners, spilled(keep, spills))
        }
        _ => {
            let mut typed = Typed::new(width, expected, keep);
            let result = incidents.for_each_row(&mut |row| typer.row(row, &mut typed));
            diags.append(&mut typed.diags);
            if let Err(d) = result {
                diags.push(d);
            }
            let spill = typed.spill.take();
            (typed.rows, typed.owners, spilled(keep, vec![spill]))
        }
    }
}

/// The temporary files of a month whose incidents are not kept, if every piece's was
/// written.
fn spilled(keep: bool, spills: Vec<Option<spill::Spill>>) -> Option<Spilled> {
    if keep {
        return None;
    }
    Spilled::of(spills.into_iter().map(|s| s.and_then(spill::Spill::finish)).collect())
}

/// Below this many incidents a file is typed on one thread: starting the others costs
/// more than it saves.
const PARALLEL_INCIDENTS: usize = 1 << 14;

/// What typing incidents needs, shared by the threads that type a file's pieces.
struct IncidentTyper<'a> {
    program: &'a Program,
    month: Month,
    incidents: &'a Input,
    roster: &'a Roster,
    index: &'a FxHashMap<&'a str, u32>,
    cols: &'a schema::Columns,
}

/// Incidents typed so far (of a file or a piece of it).
struct Typed {
    rows: PackedRows,
    owners: Vec<u32>,
    diags: Vec<Diagnostic>,
    /// Whether the values are kept, or only each incident's agent (the values go to
    /// `spill`, if it could be made).
    keep: bool,
    spill: Option<spill::Spill>,
    values: Vec<Value>,
}

impl Typed {
    fn new(width: usize, rows: usize, keep: bool) -> Typed {
        Typed {
            rows: PackedRows::with_capacity(width, if keep { rows } else { 0 }),
            owners: Vec::with_capacity(rows),
            diags: Vec::new(),
            keep,
            spill: if keep { None } else { spill::Spill::new() },
            values: Vec::with_capacity(width),
        }
    }
}

impl IncidentTyper<'_> {
    fn row(&self, row: &RowView, out: &mut Typed) {
        let cols = self.cols;
        if row.ragged.is_some() {
            out.diags.push(ragged(row, cols.header_len));
            return;
        }
        let at = |col: Option<usize>| col.map_or_else(|| row.span(), |c| row.cell_span(c));
        let agent_col = cols.slot(INCIDENT_AGENT);
        let agent = agent_col.and_then(|c| row.cell(c)).filter(|t| !t.is_empty());
        let known = agent.and_then(|a| self.index.get(a).copied());
        if let (Some(agent), None, true) = (agent, known, self.roster.has_ids) {
            out.diags.push(unknown_agent(agent, row, &at(agent_col), &self.roster.ids));
        }
        let date_col = cols.slot(INCIDENT_DATE);
        // The cell's span is found only for a date outside the month (finding it is most
        // of the cost of a row).
        let date = date_col.and_then(|c| row.cell(c)).and_then(cell::parse_date);
        if let Some(date) = date.filter(|d| !self.month.contains(*d)) {
            out.diags.extend(checks::outside_month(date, self.month, &at(date_col)));
        }
        let (program, json) = (self.program, self.incidents.is_json());
        let typed = type_row_into(
            program,
            &program.incident_fields,
            cols,
            row,
            json,
            INCIDENT_AGENT,
            &mut out.diags,
            &mut out.values,
        );
        if let (true, Some(index)) = (typed, known) {
            out.owners.push(index);
            if out.keep {
                out.rows.push(&out.values, row.line);
            } else if let Some(spill) = &mut out.spill {
                spill.push(&out.values, row.line);
            }
        }
    }
}

/// Fills an empty `tier_since` with `hired_on`, and checks a given one.
pub(crate) fn tier_since(values: &mut [Value], id: &str, month: Month, span: &Span) -> Option<Diagnostic> {
    let Some(Value::Date(hired)) = values.get(AGENT_HIRED_ON).cloned() else { return None };
    match values.get_mut(AGENT_TIER_SINCE) {
        Some(Value::Date(since)) => checks::tier_since_outside(id, *since, hired, month, span),
        Some(slot) => {
            *slot = Value::Date(hired);
            None
        }
        None => None,
    }
}

fn unknown_agent(agent: &str, row: &RowView, span: &Span, ids: &[Arc<str>]) -> Diagnostic {
    let d = Diagnostic::error(Code::RecordUnknownAgent, tr!("record-unknown-agent", line = row.line, agent = agent))
        .at(span, tr!("record-unknown-agent-label"));
    match closest(agent, ids.iter().map(|i| i.as_ref())) {
        Some(s) => d.with_help(tr!("did-you-mean", name = s)),
        None => d.with_help(tr!("record-unknown-agent-help")),
    }
}

/// The agents' file first, then the incidents', each in line order.
fn sort_by_file_and_line(diags: &mut [Diagnostic], agents: &Input, incidents: &Input) {
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
}

/// The incidents of the agents `range` (indexes into `agents`), typed again from a file
/// that [`load_with`] has already checked, with each one's agent as an index into the
/// range. Problems were reported by the check; rows with one are skipped here.
pub fn incidents_of(
    program: &Program,
    incidents: &Input,
    agents: &Rows,
    range: std::ops::Range<usize>,
) -> (PackedRows, Vec<u32>) {
    let index: HashMap<&str, u32> = range
        .clone()
        .filter_map(|i| match agents.row(i).get(AGENT_ID) {
            Some(Value::Text(t)) => Some((t.as_ref(), u32::try_from(i - range.start).unwrap_or(u32::MAX))),
            _ => None,
        })
        .collect();
    let mut rows = PackedRows::default();
    let mut owners = Vec::new();
    let mut ignored = Vec::new();
    let Some(cols) = schema_columns(program, &program.incident_fields, incidents, "incident", &mut ignored) else {
        return (rows, owners);
    };
    let agent_col = cols.slot(INCIDENT_AGENT);
    let _ = incidents.for_each_row(&mut |row| {
        let Some(agent) = agent_col.and_then(|c| row.cell(c)) else { return };
        let Some(&owner) = index.get(agent) else { return };
        if row.ragged.is_some() {
            return;
        }
        let typed =
            type_row(program, &program.incident_fields, &cols, row, incidents.is_json(), INCIDENT_AGENT, &mut ignored);
        if let Some(values) = typed {
            owners.push(owner);
            rows.push(&values, row.line);
        }
        ignored.clear();
    });
    (rows, owners)
}

fn ragged(row: &RowView, header_len: usize) -> Diagnostic {
    let n = row.cells.len();
    Diagnostic::error(Code::RecordRaggedRow, tr!("record-ragged-row", line = row.line, cells = n, columns = header_len))
        .at(&row.span(), tr!("record-ragged-row-label"))
        .with_help(tr!("record-ragged-row-help"))
}
