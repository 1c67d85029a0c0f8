//! The month as an Excel workbook (`--format xlsx`), for finance.
//!
//! Three sheets:
//! - `结果` (`results` in English): one row per agent, the CSV report's columns ([`super::csv_header`],
//!   [`super::csv_row`]) with numbers as numbers: money in `¥#,##0.00`, counts, points
//!   and tenure as plain numbers, yes/no as booleans; the header row is frozen.
//! - `违规明细` (`incidents`): every counted incident (and every escalation that fired), with the
//!   agent, date, violation, severity, points, compensation and the clause behind it.
//!   Incidents are listed only when the month was evaluated with [`Trace::Full`] or
//!   [`Trace::Workbook`] (the same workbook, in far less memory).
//! - `汇总` (`summary`): agents and each money pay line's total per tier; occurrences, points and
//!   compensation per violation and escalation.
//! - `说明` (`explanation`): per agent, why and why not: the table row each pay line used (with its
//!   arguments), each `if` taken, each escalation that did not fire, each requirement
//!   that failed and the promotion not granted, with the values (full trace only).
//!
//! Money is computed and summed as decimals; a figure becomes a spreadsheet number (the
//! double nearest to its exact value, as when a person types it) only when written.
//!
//! A sheet holds at most Excel's 1,048,576 rows, its header row included. A table with
//! more rows (the incidents of a month of a million, the explanations, the agents of a
//! very large month) continues on further sheets named as Excel users number copies,
//! `违规明细 2`, `违规明细 3` (`incidents 2`), each with the header row, frozen, and filter
//! buttons; an agent's rows are kept on one sheet (or, when they fill more than a sheet,
//! on as few as hold them).
//! The sheets come in the order results, incidents, summary, explanation.
//!
//! The tables are written in rust_xlsxwriter's low-memory mode: only the row being
//! written is held, the rows before it are in a temporary file (in the output's folder
//! when there is one, else the system's temporary folder) until the workbook is
//! assembled, and texts are kept once each in the shared strings, as Excel writes them.
//! Rows are therefore written strictly top to bottom; what is set after the rows (column
//! widths, frozen panes, filter buttons) is written at the head of the sheet when the
//! workbook is assembled. The temporary files have no name in any folder (they are
//! removed as soon as they are made, or deleted when closed), so nothing is left behind,
//! whatever happens. The summary, with its charts, is a small sheet written as usual.
//!
//! [`MonthWorkbook`] writes the three tables as the month is evaluated, a chunk of agents
//! at a time (`kaohe eval --format xlsx --output FILE`), so neither the cells nor the
//! agents' counted incidents and explanations are held whole: of each agent only what
//! the summary sheet reads is kept ([`summary_part`]).
//!
//! [`Trace::Full`]: crate::eval::Trace::Full
//! [`Trace::Workbook`]: crate::eval::Trace::Workbook

use std::cell::Cell;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::check::program::{Amount, Program, Target, Value};
use crate::check::types::Type;
use crate::eval::history::History;
use crate::eval::{AgentResult, MonthResult, PayOutcome};
use crate::money::money_text;

use super::summary::{self, Summary};
use super::{csv_header, csv_row, tier_name};

/// The number format of money cells.
pub const MONEY_FORMAT: &str = "¥#,##0.00";
/// The number format of date cells.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The sheets' names, in order, in the current language (`结果`, `违规明细`, `汇总`,
/// `说明` in Chinese). A table too long for one sheet continues on further sheets:
/// [`part_name`].
pub fn sheet_names() -> [String; 4] {
    [tr!("sheet-results"), tr!("sheet-incidents"), tr!("sheet-summary"), tr!("sheet-explanation")]
}

/// The name of the `part`th sheet of a table (counting from 1): the table's own name for
/// the first, `违规明细 2`, `违规明细 3`, … (`incidents 2`) for the sheets it continues on.
pub fn part_name(sheet: &str, part: u32) -> String {
    if part <= 1 {
        sheet.to_string()
    } else {
        tr!("sheet-part", sheet = sheet, part = part.to_string())
    }
}

/// The most rows Excel shows on a sheet, the header row included.
pub(crate) const EXCEL_ROWS: u32 = 1_048_576;

/// How a workbook is written. The default is what `kaohe eval --format xlsx` writes,
/// with the temporary files in the system's temporary folder.
#[derive(Clone, Debug)]
pub struct WorkbookOptions {
    /// The most rows of a sheet, its header row included: Excel's 1,048,576. A table with
    /// more continues on a further sheet. Smaller only to split a small month in tests;
    /// a sheet holds at least its header and one row.
    pub rows_per_sheet: u32,
    /// The folder the large sheets' rows are kept in while the workbook is assembled (the
    /// output file's folder, which is to hold the workbook anyway). `None`, or a folder
    /// where no temporary file can be made: the system's temporary folder.
    pub temp_dir: Option<PathBuf>,
}

impl Default for WorkbookOptions {
    fn default() -> WorkbookOptions {
        WorkbookOptions { rows_per_sheet: EXCEL_ROWS, temp_dir: None }
    }
}
/// The explanation sheet's columns: the agent, what is explained, and why (their titles:
/// [`super::column_title`]).
pub const EXPLANATION_HEADER: [&str; 4] = ["id", "name", "item", "explanation"];

/// The columns of the detail sheet (their titles: [`super::column_title`]).
pub const DETAIL_HEADER: [&str; 10] =
    ["agent", "name", "date", "violation", "severity", "points", "compensation", "clause", "line", "fine"];

/// A chart's height in pixels, unless it lists many names.
const DEFAULT_HEIGHT: u32 = 288;

/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// How a column's cells are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Money,
    Bool,
    Date,
}

fn kind_of(ty: Type) -> Kind {
    match ty {
        Type::MONEY => Kind::Money,
        Type::Bool => Kind::Bool,
        Type::Date => Kind::Date,
        t if t.is_quantity() => Kind::Number,
        _ => Kind::Text,
    }
}

/// The formats of one workbook.
struct Formats {
    header: Format,
    money: Format,
    date: Format,
    bold_money: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            bold_money: Format::new().set_bold().set_num_format(MONEY_FORMAT),
        }
    }
}

/// A sheet being written, remembering how wide each column's text is.
struct Sheet {
    ws: Worksheet,
    widths: Vec<usize>,
}

/// Display width: a Chinese character takes two columns.
fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// How wide `¥1,280.35` is for a money text `1280.35`.
fn money_width(text: &str) -> usize {
    let digits = text.split('.').next().unwrap_or("").trim_start_matches('-').len();
    text.len() + digits.saturating_sub(1) / 3 + 1
}

impl Sheet {
    fn new(ws: Worksheet) -> Sheet {
        Sheet { ws, widths: Vec::new() }
    }

    fn seen(&mut self, col: u16, w: usize) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0);
        }
        if let Some(slot) = self.widths.get_mut(i) {
            *slot = (*slot).max(w);
        }
    }

    fn text(&mut self, row: u32, col: u16, text: &str, format: Option<&Format>) -> Result<(), XlsxError> {
        self.seen(col, width(text));
        if text.is_empty() {
            return Ok(());
        }
        match format {
            Some(f) => self.ws.write_string_with_format(row, col, text, f)?,
            None => self.ws.write_string(row, col, text)?,
        };
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        match text.parse::<f64>() {
            Ok(n) => {
                self.seen(col, width(text));
                self.ws.write_number(row, col, n)?;
                Ok(())
            }
            Err(_) => self.text(row, col, text, None),
        }
    }

    /// A money text (`1280.35`) as a number in the money format.
    fn money(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        match text.parse::<f64>() {
            Ok(n) => {
                self.seen(col, money_width(text));
                self.ws.write_number_with_format(row, col, n, format)?;
                Ok(())
            }
            Err(_) => self.text(row, col, text, None),
        }
    }

    fn date(&mut self, row: u32, col: u16, date: NaiveDate, format: &Format) -> Result<(), XlsxError> {
        let cell = u16::try_from(date.year())
            .ok()
            .zip(u8::try_from(date.month()).ok())
            .zip(u8::try_from(date.day()).ok())
            .and_then(|((y, m), d)| ExcelDateTime::from_ymd(y, m, d).ok());
        match cell {
            Some(dt) => {
                self.seen(col, 10);
                self.ws.write_datetime_with_format(row, col, dt, format)?;
                Ok(())
            }
            None => self.text(row, col, &date.format("%Y-%m-%d").to_string(), None),
        }
    }

    fn cell(&mut self, row: u32, col: u16, kind: Kind, text: &str, f: &Formats) -> Result<(), XlsxError> {
        match kind {
            Kind::Text => self.text(row, col, text, None),
            Kind::Number => self.number(row, col, text),
            Kind::Money => self.money(row, col, text, &f.money),
            Kind::Bool => match text {
                "true" | "false" => {
                    self.seen(col, 5);
                    self.ws.write_boolean(row, col, text == "true")?;
                    Ok(())
                }
                _ => self.text(row, col, text, None),
            },
            Kind::Date => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => self.date(row, col, d, &f.date),
                Err(_) => self.text(row, col, text, None),
            },
        }
    }

    fn header(&mut self, row: u32, names: &[String], f: &Formats) -> Result<(), XlsxError> {
        for (col, name) in (0u16..).zip(names) {
            self.text(row, col, name, Some(&f.header))?;
        }
        Ok(())
    }

    /// Sets each column's width to its widest text (two columns per Chinese character).
    fn finish(mut self) -> Result<Worksheet, XlsxError> {
        for (col, w) in (0u16..).zip(&self.widths) {
            let w = (*w + 2).clamp(4, MAX_WIDTH);
            self.ws.set_column_width(col, u32::try_from(w).unwrap_or(10))?;
        }
        Ok(self.ws)
    }
}

/// A table written on as many sheets as its rows need, top to bottom: each sheet (in
/// low-memory mode) has the header row, frozen, and filter buttons over its rows. The
/// sheets are added to the workbook by [`Table::finish`], so that several tables can be
/// written at once and their sheets still come one table after the other.
struct Table {
    header_format: Format,
    name: String,
    header: Vec<String>,
    /// The most rows of a sheet, the header included (at least 2).
    limit: u32,
    part: u32,
    sheet: Sheet,
    /// The sheets already full.
    done: Vec<Worksheet>,
    /// The last row written on the current sheet (0: only the header).
    row: u32,
}

impl Table {
    fn new(
        book: &mut Workbook,
        f: &Formats,
        name: String,
        header: Vec<String>,
        limit: u32,
    ) -> Result<Table, XlsxError> {
        let sheet = Table::start(book, &f.header, &name, 1, &header)?;
        let header_format = f.header.clone();
        Ok(Table { header_format, name, header, limit: limit.max(2), part: 1, sheet, done: Vec::new(), row: 0 })
    }

    fn start(book: &mut Workbook, bold: &Format, name: &str, part: u32, header: &[String]) -> Result<Sheet, XlsxError> {
        let mut ws = book.new_worksheet_with_low_memory();
        ws.set_name(part_name(name, part))?;
        let mut sheet = Sheet::new(ws);
        for (col, title) in (0u16..).zip(header) {
            sheet.text(0, col, title, Some(bold))?;
        }
        Ok(sheet)
    }

    /// Keeps the next `rows` rows (one agent's) together: when they do not fit on this
    /// sheet, the table continues on the next, so they are on one sheet or, when they
    /// fill more than a sheet, on as few as can hold them.
    fn keep(&mut self, book: &mut Workbook, rows: usize) -> Result<(), XlsxError> {
        let rows = u32::try_from(rows).unwrap_or(u32::MAX);
        let room = self.limit - 1 - self.row;
        if self.row > 0 && rows > room {
            self.next_part(book)?;
        }
        Ok(())
    }

    /// The sheet and row of the next row, on a further sheet when this one is full.
    fn next(&mut self, book: &mut Workbook) -> Result<(&mut Sheet, u32), XlsxError> {
        if self.row + 1 >= self.limit {
            self.next_part(book)?;
        }
        self.row += 1;
        Ok((&mut self.sheet, self.row))
    }

    fn next_part(&mut self, book: &mut Workbook) -> Result<(), XlsxError> {
        self.part += 1;
        let next = Table::start(book, &self.header_format, &self.name, self.part, &self.header)?;
        let full = std::mem::replace(&mut self.sheet, next);
        self.done.push(Table::close(full, self.row, self.header.len())?);
        self.row = 0;
        Ok(())
    }

    fn close(mut sheet: Sheet, last_row: u32, columns: usize) -> Result<Worksheet, XlsxError> {
        sheet.ws.set_freeze_panes(1, 0)?;
        sheet.ws.autofilter(0, 0, last_row, last_col(columns))?;
        sheet.finish()
    }

    /// Adds the table's sheets to the workbook, in order.
    fn finish(mut self, book: &mut Workbook) -> Result<(), XlsxError> {
        self.done.push(Table::close(self.sheet, self.row, self.header.len())?);
        for ws in self.done {
            book.push_worksheet(ws);
        }
        Ok(())
    }
}

/// The month as an `.xlsx` workbook's bytes, as `kaohe eval --format xlsx` writes it.
pub fn month_xlsx(program: &Program, result: &MonthResult, history: &History) -> Result<Vec<u8>, XlsxError> {
    month_xlsx_with(program, result, history, &WorkbookOptions::default())
}

/// The month as an `.xlsx` workbook's bytes, written as `options` say.
pub fn month_xlsx_with(
    program: &Program,
    result: &MonthResult,
    history: &History,
    options: &WorkbookOptions,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = MonthWorkbook::new(program, options)?;
    book.add(&result.agents)?;
    book.finish(result, history)
}

/// A month's workbook written as the month is evaluated: each chunk of agents' rows is
/// written to the results, incidents and explanation sheets as it comes ([`add`]), the
/// summary sheet at the end from the month's figures ([`finish`]). Only the row being
/// written of each sheet is in memory.
///
/// [`add`]: MonthWorkbook::add
/// [`finish`]: MonthWorkbook::finish
pub struct MonthWorkbook<'p> {
    program: &'p Program,
    book: Workbook,
    f: Formats,
    results: Table,
    incidents: Table,
    explanation: Table,
}

impl<'p> MonthWorkbook<'p> {
    /// A workbook with its three tables' header rows.
    pub fn new(program: &'p Program, options: &WorkbookOptions) -> Result<MonthWorkbook<'p>, XlsxError> {
        // rust_xlsxwriter opens a temporary file in the system's temporary folder for
        // every sheet it makes, and stops the program where it cannot: that is seen to first.
        let system = std::env::temp_dir();
        if let Err(e) = tempfile::tempfile_in(&system) {
            return Err(no_temporary_file(&system, &e));
        }
        let mut book = Workbook::new();
        if let Some(dir) = &options.temp_dir {
            // Where no temporary file can be made, the system's folder is used instead:
            // the output's folder is then refused by the write itself, with its reason.
            let _ = book.set_tempdir(dir);
        }
        let f = Formats::new();
        let limit = options.rows_per_sheet;
        let [results, incidents, _, explanation] = sheet_names();
        let titles = |names: &[&str]| names.iter().map(|s| super::column_title(s)).collect::<Vec<_>>();
        quietly(|| {
            let results = Table::new(&mut book, &f, results, result_header(program), limit)?;
            let incidents = Table::new(&mut book, &f, incidents, titles(&DETAIL_HEADER), limit)?;
            let explanation = Table::new(&mut book, &f, explanation, titles(&EXPLANATION_HEADER), limit)?;
            Ok(MonthWorkbook { program, book, f, results, incidents, explanation })
        })
    }

    /// Writes the rows of `agents`, the next agents in input order, evaluated with
    /// [`Trace::Workbook`] or [`Trace::Full`].
    pub fn add(&mut self, agents: &[AgentResult]) -> Result<(), XlsxError> {
        let MonthWorkbook { program, book, f, results, incidents, explanation } = self;
        quietly(|| {
            for a in agents {
                result_rows(program, a, results, book, f)?;
                detail_rows(program, a, incidents, book, f)?;
                explanation_rows(program, a, explanation, book)?;
            }
            Ok(())
        })
    }

    /// The workbook's bytes, with the summary of `result` (whose agents need not have
    /// kept their traces) and of the closed months in `history`.
    pub fn finish(self, result: &MonthResult, history: &History) -> Result<Vec<u8>, XlsxError> {
        let MonthWorkbook { program, mut book, f, results, incidents, explanation } = self;
        let summary = super::summary(program, result, history).map_err(|d| XlsxError::ParameterError(d.message))?;
        quietly(|| {
            results.finish(&mut book)?;
            incidents.finish(&mut book)?;
            let mut ws = Worksheet::new();
            ws.set_name(sheet_names()[2].as_str())?;
            book.push_worksheet(summary_sheet(program, result, &summary, ws, &f)?);
            explanation.finish(&mut book)?;
            book.save_to_buffer()
        })
    }
}

/// What the summary sheet reads of an agent: its result without the counted incidents
/// and explanations, which [`MonthWorkbook::add`] has written.
pub fn summary_part(a: AgentResult) -> AgentResult {
    let pay = a.pay.into_iter().map(|p| PayOutcome { tables: Vec::new(), branches: Vec::new(), ..p }).collect();
    AgentResult {
        counted: Vec::new(),
        not_counted: Vec::new(),
        caps: Vec::new(),
        requirements: Vec::new(),
        hits: Default::default(),
        pay,
        ..a
    }
}

fn no_temporary_file(dir: &Path, e: &std::io::Error) -> XlsxError {
    let (dir, reason) = (dir.display().to_string(), e.to_string());
    XlsxError::ParameterError(tr!("sheet-no-temporary-file", dir = dir, reason = reason))
}

thread_local! {
    /// Whether this thread is writing a workbook, whose panics are caught and reported.
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write`, turning a panic into an error: rust_xlsxwriter stops the program when a
/// temporary file cannot be written or read back (a full disk). The panic hook stays
/// quiet about such a panic; any other is printed as before.
fn quietly<T>(write: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, XlsxError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !WRITING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let before = WRITING.with(|w| w.replace(true));
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(write));
    WRITING.with(|w| w.set(before));
    written.unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(XlsxError::ParameterError(tr!("sheet-temporary-file-failed", reason = reason)))
    })
}

/// Writes the month as an `.xlsx` workbook: assembled whole in memory, then written.
pub fn write_month_xlsx(
    program: &Program,
    result: &MonthResult,
    history: &History,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let bytes = month_xlsx(program, result, history).map_err(std::io::Error::other)?;
    w.write_all(&bytes)
}

/// The kinds of the CSV report's columns.
fn result_kinds(program: &Program) -> Vec<Kind> {
    let mut kinds = vec![
        Kind::Text,   // id
        Kind::Text,   // name
        Kind::Text,   // tier
        Kind::Number, // tenure_months
        Kind::Number, // points
        Kind::Money,  // compensation
        Kind::Money,  // fine
        Kind::Text,   // escalations
        Kind::Text,   // promotion
        Kind::Bool,   // tier_ok
    ];
    let withheld = super::csv::capped_amounts(program).into_iter().map(|a| {
        if a == Amount::Points {
            Kind::Number
        } else {
            Kind::Money
        }
    });
    kinds.splice(7..7, withheld);
    kinds.extend(program.severities.iter().map(|_| Kind::Number));
    kinds.extend(program.pay.iter().map(|p| kind_of(p.ty)));
    kinds
}

fn last_col(n: usize) -> u16 {
    u16::try_from(n.saturating_sub(1)).unwrap_or(u16::MAX)
}

/// The results sheet's header: the CSV report's, Kaohe's own columns with their titles,
/// severities and pay lines with their names.
fn result_header(program: &Program) -> Vec<String> {
    let mut header = csv_header(program);
    let own = header.len().saturating_sub(program.severities.len() + program.pay.len());
    for name in header.iter_mut().take(own) {
        *name = super::column_title(name);
    }
    header
}

fn result_rows(
    program: &Program,
    a: &AgentResult,
    table: &mut Table,
    book: &mut Workbook,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (sheet, row) = table.next(book)?;
    for ((col, text), kind) in (0u16..).zip(csv_row(program, a)).zip(result_kinds(program)) {
        sheet.cell(row, col, kind, &text, f)?;
    }
    Ok(())
}

fn detail_rows(
    program: &Program,
    a: &AgentResult,
    table: &mut Table,
    book: &mut Workbook,
    f: &Formats,
) -> Result<(), XlsxError> {
    let severity = |s: usize| program.severities.get(s).map_or("", |s| s.name.as_str());
    {
        table.keep(book, a.counted.len() + a.fired().count() + a.caps.len())?;
        for c in &a.counted {
            let Some(v) = program.violations.get(c.violation) else { continue };
            let (sheet, row) = table.next(book)?;
            sheet.text(row, 0, &a.id, None)?;
            sheet.text(row, 1, &a.name, None)?;
            sheet.date(row, 2, c.date, &f.date)?;
            sheet.text(row, 3, &v.name, None)?;
            sheet.text(row, 4, severity(v.severity), None)?;
            sheet.number(row, 5, &c.points.normalize().to_string())?;
            sheet.money(row, 6, &money_text(c.compensation), &f.money)?;
            sheet.text(row, 7, &v.doc, None)?;
            sheet.number(row, 8, &c.line.to_string())?;
            sheet.money(row, 9, &money_text(c.fine), &f.money)?;
        }
        // An escalation that fired adds points too, so each agent's rows add up to
        // their points; it has no date and no line of its own.
        for e in a.fired() {
            let Some(def) = program.escalations.get(e.escalation) else { continue };
            let (sheet, row) = table.next(book)?;
            sheet.text(row, 0, &a.id, None)?;
            sheet.text(row, 1, &a.name, None)?;
            sheet.text(row, 3, &def.name, None)?;
            sheet.text(row, 4, severity(def.severity), None)?;
            sheet.number(row, 5, &e.points.normalize().to_string())?;
            sheet.money(row, 6, &money_text(Decimal::ZERO), &f.money)?;
            sheet.text(row, 7, &def.doc, None)?;
            sheet.money(row, 9, &money_text(e.fine), &f.money)?;
        }
        // What a cap withheld, as a negative row, so the rows still add up to the totals.
        for c in &a.caps {
            let Some(cap) = super::cap_def(program, c) else { continue };
            let sev = match c.target {
                Target::Violation(v) => program.violations.get(v).map_or("", |v| severity(v.severity)),
                Target::Severity(s) => severity(s),
            };
            let minus = |k: Amount| if k == c.amount { -c.withheld() } else { Decimal::ZERO };
            let (sheet, row) = table.next(book)?;
            sheet.text(row, 0, &a.id, None)?;
            sheet.text(row, 1, &a.name, None)?;
            sheet.date(row, 2, c.start, &f.date)?;
            sheet.text(row, 3, super::target_name(program, c.target), None)?;
            sheet.text(row, 4, sev, None)?;
            sheet.number(row, 5, &minus(Amount::Points).normalize().to_string())?;
            sheet.money(row, 6, &money_text(minus(Amount::Compensation)), &f.money)?;
            let clause = if cap.doc.is_empty() { cap.text.clone() } else { format!("{} — {}", cap.text, cap.doc) };
            sheet.text(row, 7, &clause, None)?;
            sheet.number(row, 8, &cap.line.to_string())?;
            sheet.money(row, 9, &money_text(minus(Amount::Fine)), &f.money)?;
        }
    }
    Ok(())
}

/// Where the summary sheet's chart tables start, and how many rows each has: what the
/// charts read.
struct ChartRows {
    pay: (u32, usize),
    points: (u32, usize),
    by_points: (u32, usize),
    by_money: (u32, usize),
    months: (u32, usize),
}

fn summary_sheet(
    program: &Program,
    result: &MonthResult,
    summary: &Summary,
    ws: Worksheet,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Sheet::new(ws);

    // Per tier: agents, and the total of each money pay line.
    let money_lines: Vec<usize> =
        program.pay.iter().enumerate().filter(|(_, p)| p.ty == Type::MONEY).map(|(i, _)| i).collect();
    let mut header = vec![super::column_title("tier"), super::column_title("agents")];
    header.extend(money_lines.iter().filter_map(|&i| program.pay.get(i)).map(|p| p.name.clone()));
    let width = header.len();
    sheet.header(0, &header, f)?;
    let mut row = 0u32;
    let mut all_totals = vec![Decimal::ZERO; money_lines.len()];
    for tier in &summary.tiers {
        row += 1;
        sheet.text(row, 0, tier_name(program, tier.tier), None)?;
        sheet.number(row, 1, &tier.agents.to_string())?;
        for ((col, &line), all) in (2u16..).zip(&money_lines).zip(all_totals.iter_mut()) {
            let mut total = Decimal::ZERO;
            for a in result.agents.iter().filter(|a| a.tier == tier.tier) {
                if let Some(Value::Num(n)) = a.pay.get(line).map(|p| &p.value) {
                    total = add(total, *n)?;
                }
            }
            *all = add(*all, total)?;
            sheet.money(row, col, &money_text(total), &f.money)?;
        }
    }
    row += 1;
    sheet.text(row, 0, &tr!("sheet-total"), Some(&f.header))?;
    sheet.number(row, 1, &summary.total.agents.to_string())?;
    for (col, total) in (2u16..).zip(&all_totals) {
        sheet.money(row, col, &money_text(*total), &f.bold_money)?;
    }

    // Per violation, then per escalation: occurrences, points, compensation, fine.
    row += 2;
    let header: Vec<String> = ["violation", "severity", "occurrences", "points", "compensation", "fine"]
        .iter()
        .map(|s| super::column_title(s))
        .collect();
    let width = width.max(header.len());
    sheet.header(row, &header, f)?;
    let mut totals = (0u64, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for i in &summary.violations {
        let (name, severity, _) = summary::item_names(program, i.item);
        totals = (
            totals.0 + i.occurrences,
            add(totals.1, i.points)?,
            add(totals.2, i.compensation)?,
            add(totals.3, i.fine)?,
        );
        row += 1;
        sheet.text(row, 0, &name, None)?;
        sheet.text(row, 1, &severity, None)?;
        sheet.number(row, 2, &i.occurrences.to_string())?;
        sheet.number(row, 3, &i.points.normalize().to_string())?;
        sheet.money(row, 4, &money_text(i.compensation), &f.money)?;
        sheet.money(row, 5, &money_text(i.fine), &f.money)?;
    }
    row += 1;
    let (n, points, comp, fine) = totals;
    sheet.text(row, 0, &tr!("sheet-total"), Some(&f.header))?;
    sheet.number(row, 2, &n.to_string())?;
    sheet.number(row, 3, &points.normalize().to_string())?;
    sheet.money(row, 4, &money_text(comp), &f.bold_money)?;
    sheet.money(row, 5, &money_text(fine), &f.bold_money)?;

    let rows = chart_tables(program, summary, &mut sheet, row + 2, f)?;
    let mut ws = sheet.finish()?;
    let name = ws.name();
    charts(program, summary, &name, &mut ws, &rows, u16::try_from(width + 1).unwrap_or(8))?;
    Ok(ws)
}

/// The tables the charts read, under the totals: pay per tier, agents per points bin, the
/// violations by points and by money, and the months.
fn chart_tables(
    program: &Program,
    summary: &Summary,
    sheet: &mut Sheet,
    mut row: u32,
    f: &Formats,
) -> Result<ChartRows, XlsxError> {
    let pay_name = summary.pay_line.and_then(|l| program.pay.get(l)).map(|p| p.name.clone());

    // Pay per tier: lowest, median, highest of the pay line.
    let pay_start = row;
    let mut pay_rows = 0;
    if let Some(name) = &pay_name {
        let header =
            [tr!("sheet-pay-of", line = name.as_str()), tr!("summary-min"), tr!("summary-median"), tr!("summary-max")];
        sheet.header(row, &header, f)?;
        for t in &summary.tiers {
            row += 1;
            pay_rows += 1;
            sheet.text(row, 0, tier_name(program, t.tier), None)?;
            if let Some(p) = t.pay {
                sheet.money(row, 1, &money_text(p.min), &f.money)?;
                sheet.money(row, 2, &money_text(p.median), &f.money)?;
                sheet.money(row, 3, &money_text(p.max), &f.money)?;
            }
        }
        row += 2;
    }

    // Agents per points bin.
    let points_start = row;
    sheet.header(row, &[super::column_title("points"), super::column_title("agents")], f)?;
    for b in &summary.points {
        row += 1;
        sheet.text(row, 0, &b.label(), None)?;
        sheet.number(row, 1, &b.agents.to_string())?;
    }
    let points_rows = summary.points.len();

    // The violations that cost points, most first; those that cost money, most first.
    row += 2;
    let by_points_start = row;
    sheet.header(row, &[tr!("sheet-violations-by-points"), super::column_title("points")], f)?;
    let by_points = summary::ranked_by_points(summary);
    let by_points: Vec<_> = by_points.into_iter().filter(|i| !i.points.is_zero()).collect();
    for i in &by_points {
        row += 1;
        sheet.text(row, 0, &summary::item_names(program, i.item).0, None)?;
        sheet.number(row, 1, &i.points.normalize().to_string())?;
    }
    row += 2;
    let by_money_start = row;
    sheet.header(row, &[tr!("sheet-violations-by-money"), tr!("sheet-money")], f)?;
    let by_money = summary::ranked_by_money(summary);
    for i in &by_money {
        row += 1;
        sheet.text(row, 0, &summary::item_names(program, i.item).0, None)?;
        sheet.money(row, 1, &money_text(i.money), &f.money)?;
    }

    // The closed months, then this one.
    let months_start = row + 2;
    if !summary.months.is_empty() {
        row += 2;
        let mut header =
            vec![super::column_title("month"), super::column_title("agents"), super::column_title("points")];
        header.push(pay_name.clone().unwrap_or_default());
        sheet.header(row, &header, f)?;
        for m in &summary.months {
            row += 1;
            let month =
                if m.current { tr!("summary-this-month", month = m.month.to_string()) } else { m.month.to_string() };
            sheet.text(row, 0, &month, None)?;
            sheet.number(row, 1, &m.totals.agents.to_string())?;
            sheet.number(row, 2, &m.totals.points.normalize().to_string())?;
            if let Some(p) = m.totals.pay {
                sheet.money(row, 3, &money_text(p), &f.money)?;
            }
        }
    }
    Ok(ChartRows {
        pay: (pay_start, pay_rows),
        points: (points_start, points_rows),
        by_points: (by_points_start, by_points.len()),
        by_money: (by_money_start, by_money.len()),
        months: (months_start, summary.months.len()),
    })
}

/// The summary sheet's charts, to the right of its tables, each reading a table's
/// ranges: a chart whose table is empty (no violation cost money) is left out.
fn charts(
    program: &Program,
    summary: &Summary,
    name: &str,
    ws: &mut Worksheet,
    rows: &ChartRows,
    col: u16,
) -> Result<(), XlsxError> {
    let mut at = 0u32;
    // Charts one under the other: a row is 20 pixels high.
    let mut place = |ws: &mut Worksheet, chart: &Chart, height: u32| -> Result<(), XlsxError> {
        ws.insert_chart(at, col, chart)?;
        at += height / 20 + 1;
        Ok(())
    };
    let last = |(start, n): (u32, usize)| start + u32::try_from(n).unwrap_or(0);
    if rows.pay.1 > 0 {
        let mut chart = Chart::new(ChartType::Column);
        let (start, end) = (rows.pay.0 + 1, last(rows.pay));
        for c in 1..=3u16 {
            chart
                .add_series()
                .set_name((name, rows.pay.0, c))
                .set_categories((name, start, 0, end, 0))
                .set_values((name, start, c, end, c));
        }
        let line = summary.pay_line.and_then(|l| program.pay.get(l)).map_or("", |p| p.name.as_str());
        chart.title().set_name(&tr!("chart-pay", line = line));
        chart.y_axis().set_num_format(MONEY_FORMAT);
        place(ws, &chart, DEFAULT_HEIGHT)?;
    }
    if rows.points.1 > 0 {
        let mut chart = Chart::new(ChartType::Column);
        let (start, end) = (rows.points.0 + 1, last(rows.points));
        chart
            .add_series()
            .set_name((name, rows.points.0, 1))
            .set_categories((name, start, 0, end, 0))
            .set_values((name, start, 1, end, 1))
            .set_gap(30);
        chart.title().set_name(&tr!("chart-points"));
        chart.legend().set_hidden();
        place(ws, &chart, DEFAULT_HEIGHT)?;
    }
    for (table, title, money) in [
        (rows.by_points, tr!("chart-violations-by-points"), false),
        (rows.by_money, tr!("chart-violations-by-money"), true),
    ] {
        if table.1 == 0 {
            continue;
        }
        let mut chart = Chart::new(ChartType::Bar);
        let (start, end) = (table.0 + 1, last(table));
        chart
            .add_series()
            .set_name((name, table.0, 1))
            .set_categories((name, start, 0, end, 0))
            .set_values((name, start, 1, end, 1));
        chart.title().set_name(&title);
        chart.legend().set_hidden();
        // The largest at the top, as the table lists them.
        chart.x_axis().set_reverse();
        if money {
            chart.y_axis().set_num_format(MONEY_FORMAT);
        }
        // Tall enough for every name to show.
        let height = u32::try_from(120 + 24 * table.1.min(40)).unwrap_or(DEFAULT_HEIGHT).max(DEFAULT_HEIGHT);
        chart.set_height(height);
        place(ws, &chart, height)?;
    }
    if rows.months.1 > 0 && summary.pay_line.is_some() {
        let mut chart = Chart::new(ChartType::Line);
        let (start, end) = (rows.months.0 + 1, last(rows.months));
        chart
            .add_series()
            .set_name((name, rows.months.0, 3))
            .set_categories((name, start, 0, end, 0))
            .set_values((name, start, 3, end, 3));
        chart
            .add_series()
            .set_name((name, rows.months.0, 2))
            .set_categories((name, start, 0, end, 0))
            .set_values((name, start, 2, end, 2))
            .set_secondary_axis(true);
        chart.title().set_name(&tr!("chart-months"));
        chart.y_axis().set_num_format(MONEY_FORMAT);
        place(ws, &chart, DEFAULT_HEIGHT)?;
    }
    Ok(())
}

fn explanation_rows(
    program: &Program,
    a: &AgentResult,
    table: &mut Table,
    book: &mut Workbook,
) -> Result<(), XlsxError> {
    let lines = super::derivation::why_lines(program, a);
    table.keep(book, lines.len())?;
    for (item, text) in lines {
        let (sheet, row) = table.next(book)?;
        sheet.text(row, 0, &a.id, None)?;
        sheet.text(row, 1, &a.name, None)?;
        sheet.text(row, 2, &item, None)?;
        sheet.text(row, 3, &text, None)?;
    }
    Ok(())
}

/// A total of the summary sheet; one beyond what Kaohe computes with is an error, never a
/// figure clamped to the largest number.
fn add(a: Decimal, b: Decimal) -> Result<Decimal, XlsxError> {
    a.checked_add(b).ok_or_else(|| XlsxError::ParameterError(tr!("sheet-total-overflow")))
}
