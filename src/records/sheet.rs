//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) → the CSV text the record
//! reader already checks.
//!
//! One sheet is read with calamine: the first visible worksheet, or the one named after
//! `#` (`roster.xlsx#花名册`). Its cells become CSV text, quoted by the `csv` writer, one
//! spreadsheet row per line: line N of the text is row N of the sheet (rows above the
//! first used one and empty rows are empty lines), and cell i of a line is column
//! `first_col + i`. The text is held as a [`Source`] named `roster.xlsx!花名册`, so every
//! record check and every diagnostic works as for a CSV file; [`name_cells`] then adds
//! the cell a spreadsheet user looks for (`roster.xlsx!花名册 D17`) to each message.
//!
//! Cells are rendered as people read them: real dates as `YYYY-MM-DD`, numbers in Rust's
//! shortest round-trip form (`1280.35`, never `1280.3499999999999`; `3`, never `3.0`),
//! booleans as `true`/`false`, durations as minutes, text as it is (a line break inside
//! a cell becomes a space, so rows stay lines).
//!
//! A workbook is hostile input like any other file: a small one can declare a cell at
//! XFD1048576, a grid of billions of cells, a string of a gigabyte, or XML that makes a
//! reader loop. Before calamine reads a zipped workbook (`.xlsx`, `.xlsb`, `.ods`) or a
//! compound file (`.xls`, or whatever calamine opens as one), [`inspect`] and [`biff`]
//! look at it and refuse what exceeds the [`LIMITS`]; the cells of the read sheet are
//! checked again as they arrive. calamine then runs on a thread of its own, behind
//! `catch_unwind` and a deadline: a panic inside it, or a read that takes too long, is a
//! diagnostic naming the file, not a crash or a hang. Every refusal is
//! `kaohe::record::malformed`, and says which limit was exceeded, by how much.

mod biff;
mod inspect;

use std::fmt::Display;
use std::io::Cursor;
use std::sync::{mpsc, Arc, Once};
use std::time::Duration;

use calamine::{Data, Range, Reader, SheetType, SheetVisible};
use rust_decimal::Decimal;

use super::input::Input;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Source;

/// How much of a workbook Kaohe reads (docs/excel.md § Limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Rows of a sheet: Excel's own limit.
    pub rows: u32,
    /// Columns of a sheet (Excel allows 16,384; a record table needs far fewer).
    pub columns: u32,
    /// Cells of the grid a sheet spans from its first to its last used row and column.
    pub cells: u64,
    /// The same for `.xls` and `.ods` files, of all their sheets together: calamine
    /// builds every sheet's full grid (some 60 bytes a cell) when it opens one.
    pub grid_cells: u64,
    /// Bytes of text in one cell, and in any one piece of a workbook's XML.
    pub text: usize,
    /// Bytes of text in all the cells of a sheet.
    pub sheet_text: u64,
    /// Bytes the parts calamine reads may unpack to.
    pub unpacked: u64,
    /// How long reading one sheet may take.
    pub time: Duration,
}

/// The limits `kaohe` reads workbooks within.
pub const LIMITS: Limits = Limits {
    rows: 1_048_576,
    columns: 1_024,
    cells: 16_777_216,
    grid_cells: 4_194_304,
    text: 1 << 20,
    sheet_text: 256 << 20,
    unpacked: 1 << 30,
    time: Duration::from_secs(120),
};

/// Why a workbook is refused before or while it is read: the limit exceeded, and by
/// what, as the end of a sentence ("`big.xlsx` cannot be read: …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    fn new(why: impl Into<String>) -> Refusal {
        Refusal(why.into())
    }
}

/// `1234567` → `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The file extensions read as spreadsheets (in any case).
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn extension(path: &str) -> Option<String> {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let (_, ext) = file.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Whether a file name (without `#sheet`) is read as a spreadsheet.
pub fn is_spreadsheet(path: &str) -> bool {
    extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Splits a record-file argument into the file and the sheet named after `#`:
/// `roster.xlsx#花名册` → (`roster.xlsx`, `Some("花名册")`). Only a `#` that follows a
/// spreadsheet's name starts a sheet name; any other argument is returned whole.
pub fn split_path(arg: &str) -> (&str, Option<&str>) {
    for (i, _) in arg.match_indices('#') {
        let Some(file) = arg.get(..i) else { continue };
        if is_spreadsheet(file) {
            let sheet = arg.get(i + 1..).filter(|s| !s.is_empty());
            return (file, sheet);
        }
    }
    (arg, None)
}

/// Column letters as a spreadsheet shows them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Why a workbook could not give a sheet.
enum Failure {
    Open(String),
    NoSheets,
    UnknownSheet(Vec<String>),
    Read(String, String),
    Refused(Refusal),
    Panicked(String),
    TooSlow(Duration),
}

/// The workbook formats, by extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    fn of(file: &str) -> Format {
        match extension(file).as_deref() {
            Some("xls") => Format::Xls,
            Some("xlsb") => Format::Xlsb,
            Some("ods") => Format::Ods,
            _ => Format::Xlsx,
        }
    }

    fn kind(self) -> String {
        match self {
            Format::Xls => tr!("sheet-kind-xls"),
            Format::Xlsb => tr!("sheet-kind-xlsb"),
            Format::Ods => tr!("sheet-kind-ods"),
            Format::Xlsx => tr!("sheet-kind-xlsx"),
        }
    }
}

/// One sheet, read: its name, its text as CSV and the column of each line's first cell.
struct Sheet {
    name: String,
    text: String,
    first_col: u32,
}

/// Reads one sheet of a workbook's bytes as a record file. `name` is the argument as
/// given (`roster.xlsx` or `roster.xlsx#花名册`); the format is chosen by the extension.
pub fn read_sheet(name: &str, bytes: Vec<u8>) -> Result<Input, Diagnostic> {
    read_sheet_within(name, bytes, &LIMITS)
}

/// [`read_sheet`] within other limits.
pub fn read_sheet_within(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Input, Diagnostic> {
    let (file, wanted) = split_path(name);
    let format = Format::of(file);
    let sheet = on_worker(format, bytes, wanted.map(str::to_string), *limits)
        .map_err(|f| failure(name, file, wanted, format, f))?;
    Ok(Input::Sheet { source: Source::new(format!("{file}!{}", sheet.name), sheet.text), first_col: sheet.first_col })
}

/// The name of the threads workbooks are read on; their panics are caught and reported,
/// so the panic hook stays quiet about them.
const WORKER: &str = "kaohe-workbook";

/// Reads on a thread of its own, catching a panic and giving up at the deadline (the
/// thread is then left to finish on its own: a thread cannot be stopped).
fn on_worker(format: Format, bytes: Vec<u8>, wanted: Option<String>, limits: Limits) -> Result<Sheet, Failure> {
    quiet_worker_panics();
    let (tx, rx) = mpsc::channel();
    let started = std::time::Instant::now();
    let job = move || {
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_book(format, bytes, wanted.as_deref(), &limits)
        }));
        let _ = tx.send(read);
    };
    let spawned = std::thread::Builder::new().name(WORKER.into()).stack_size(16 << 20).spawn(job);
    if let Err(e) = spawned {
        return Err(Failure::Open(format!("no thread to read it on: {e}")));
    }
    match rx.recv_timeout(limits.time) {
        // A read that came in just as the deadline passed is late all the same.
        Ok(Ok(_)) if started.elapsed() > limits.time => Err(Failure::TooSlow(limits.time)),
        Ok(Ok(read)) => read,
        Ok(Err(payload)) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(Failure::Panicked(message))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Failure::TooSlow(limits.time)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Panicked("the reader stopped".into())),
    }
}

/// Keeps the default panic hook from printing a caught panic of a workbook reader; any
/// other panic is printed as before.
fn quiet_worker_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(WORKER) {
                previous(info);
            }
        }));
    });
}

/// Inspects, then reads, a workbook: the work of the worker thread.
fn read_book(format: Format, bytes: Vec<u8>, wanted: Option<&str>, limits: &Limits) -> Result<Sheet, Failure> {
    match format {
        Format::Xls => biff::check_xls(&bytes, limits),
        Format::Ods => inspect::check_zip(&bytes, true, limits),
        Format::Xlsx | Format::Xlsb => {
            biff::check_compound(&bytes).and_then(|()| inspect::check_zip(&bytes, false, limits))
        }
    }
    .map_err(Failure::Refused)?;
    let cursor = Cursor::new(bytes);
    let (name, cells) = match format {
        Format::Xlsx => {
            let mut book = calamine::Xlsx::new(cursor).map_err(|e| Failure::Open(e.to_string()))?;
            let name = choose(&mut book, wanted)?;
            let mut cells = Collector::new(&name, limits);
            match book.worksheet_cells_reader(&name) {
                Ok(mut reader) => {
                    while let Some(cell) = reader.next_cell().map_err(|e| Failure::Read(name.clone(), e.to_string()))? {
                        let (row, col) = cell.get_position();
                        cells.push(row, col, Data::from(cell.get_value().clone()))?;
                    }
                }
                Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                Err(e) => return Err(Failure::Read(name, e.to_string())),
            }
            (name, cells)
        }
        Format::Xlsb => {
            let mut book = calamine::Xlsb::new(cursor).map_err(|e| Failure::Open(e.to_string()))?;
            let name = choose(&mut book, wanted)?;
            let mut cells = Collector::new(&name, limits);
            let mut reader =
                book.worksheet_cells_reader(&name).map_err(|e| Failure::Read(name.clone(), e.to_string()))?;
            while let Some(cell) = reader.next_cell().map_err(|e| Failure::Read(name.clone(), e.to_string()))? {
                let (row, col) = cell.get_position();
                cells.push(row, col, Data::from(cell.get_value().clone()))?;
            }
            (name, cells)
        }
        Format::Xls => whole::<calamine::Xls<_>>(cursor, wanted, limits)?,
        Format::Ods => whole::<calamine::Ods<_>>(cursor, wanted, limits)?,
    };
    let (text, first_col) = cells.into_csv().map_err(|e| Failure::Read(name.clone(), e.to_string()))?;
    Ok(Sheet { name, text, first_col })
}

/// Reads a sheet of a format calamine reads whole (`.xls`, `.ods`; already inspected).
fn whole<R: Reader<Cursor<Vec<u8>>>>(
    cursor: Cursor<Vec<u8>>,
    wanted: Option<&str>,
    limits: &Limits,
) -> Result<(String, Collector), Failure>
where
    R::Error: Display,
{
    let mut book = R::new(cursor).map_err(|e| Failure::Open(e.to_string()))?;
    let name = choose(&mut book, wanted)?;
    let range: Range<Data> = book.worksheet_range(&name).map_err(|e| Failure::Read(name.clone(), e.to_string()))?;
    let mut cells = Collector::new(&name, limits);
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else { continue };
        cells.push(row0.saturating_add(r), col0.saturating_add(c), value.clone())?;
    }
    Ok((name, cells))
}

/// The sheet asked for, or the first visible worksheet.
fn choose<R: Reader<Cursor<Vec<u8>>>>(book: &mut R, wanted: Option<&str>) -> Result<String, Failure> {
    let names = book.sheet_names();
    match wanted {
        Some(w) => names.iter().find(|n| n.as_str() == w).cloned().ok_or_else(|| Failure::UnknownSheet(names.clone())),
        None => {
            // The first visible worksheet, as the workbook opens on it; else the first.
            let meta = book.sheets_metadata();
            meta.iter()
                .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
                .or_else(|| meta.iter().find(|s| s.typ == SheetType::WorkSheet))
                .map(|s| s.name.clone())
                .or_else(|| names.first().cloned())
                .ok_or(Failure::NoSheets)
        }
    }
}

fn failure(name: &str, file: &str, wanted: Option<&str>, format: Format, f: Failure) -> Diagnostic {
    let save_again = tr!("sheet-save-again");
    match f {
        Failure::Open(e) => Diagnostic::error(
            Code::RecordMalformed,
            tr!("sheet-cannot-open", file = file, kind = format.kind(), reason = e.to_string()),
        )
        .in_file(file)
        .with_help(tr!("sheet-cannot-open-help")),
        Failure::NoSheets => Diagnostic::error(Code::RecordMalformed, tr!("sheet-none", file = file))
            .in_file(file)
            .with_help(tr!("sheet-none-help")),
        Failure::UnknownSheet(sheets) => {
            let wanted = wanted.unwrap_or("");
            let listed: Vec<String> = sheets.iter().map(|s| format!("`{s}`")).collect();
            let mut help = tr!("sheet-unknown-help", file = file, sheets = listed.join(", "));
            if let Some(s) = closest(wanted, sheets.iter().map(String::as_str)) {
                help = format!("{} {help}", tr!("did-you-mean", name = s));
            }
            Diagnostic::error(Code::Io, tr!("sheet-unknown", name = name, file = file, sheet = wanted))
                .in_file(file)
                .with_help(help)
        }
        Failure::Read(sheet, e) => Diagnostic::error(
            Code::RecordMalformed,
            tr!("sheet-cannot-read", sheet = &sheet, file = file, reason = e.to_string()),
        )
        .in_file(file)
        .with_help(save_again),
        Failure::Refused(Refusal(why)) => {
            Diagnostic::error(Code::RecordMalformed, tr!("sheet-refused", file = file, reason = &why))
                .in_file(file)
                .with_help(tr!("sheet-refused-help"))
        }
        Failure::Panicked(message) => Diagnostic::error(
            Code::RecordMalformed,
            tr!("sheet-reader-failed", file = file, kind = format.kind(), message = &message),
        )
        .in_file(file)
        .with_help(tr!("sheet-damaged-help", save_again = &save_again)),
        Failure::TooSlow(limit) => {
            Diagnostic::error(Code::RecordMalformed, tr!("sheet-too-slow", file = file, seconds = limit.as_secs()))
                .in_file(file)
                .with_help(tr!("sheet-too-slow-help", save_again = &save_again))
        }
    }
}

/// The cells of the read sheet, checked against the limits as they arrive.
struct Collector {
    sheet: String,
    limits: Limits,
    cells: Vec<(u32, u32, Data)>,
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    text: u64,
}

impl Collector {
    fn new(sheet: &str, limits: &Limits) -> Collector {
        Collector { sheet: sheet.to_string(), limits: *limits, cells: Vec::new(), rows: None, cols: None, text: 0 }
    }

    fn push(&mut self, row: u32, col: u32, value: Data) -> Result<(), Failure> {
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        let cell = || format!("{}{}", column_letter(col), grouped(u64::from(row) + 1).replace(',', ""));
        let refuse = |why: String| Err(Failure::Refused(Refusal::new(why)));
        if col >= self.limits.columns {
            return refuse(format!(
                "sheet `{}` has a cell at {} (column {} is the {}th); Kaohe reads at most {} columns",
                self.sheet,
                cell(),
                column_letter(col),
                grouped(u64::from(col) + 1),
                grouped(u64::from(self.limits.columns))
            ));
        }
        if row >= self.limits.rows {
            return refuse(format!(
                "sheet `{}` has a cell at {}; Kaohe reads at most {} rows",
                self.sheet,
                cell(),
                grouped(u64::from(self.limits.rows))
            ));
        }
        let rows = self.rows.map_or((row, row), |(a, b)| (a.min(row), b.max(row)));
        let cols = self.cols.map_or((col, col), |(a, b)| (a.min(col), b.max(col)));
        let grid = u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1 - cols.0 + 1);
        if grid > self.limits.cells {
            return refuse(format!(
                "sheet `{}` spans rows {} to {} and columns {} to {}, {} cells (the last at {}); Kaohe reads at \
                 most {} cells",
                self.sheet,
                grouped(u64::from(rows.0) + 1),
                grouped(u64::from(rows.1) + 1),
                column_letter(cols.0),
                column_letter(cols.1),
                grouped(grid),
                cell(),
                grouped(self.limits.cells)
            ));
        }
        let len = match &value {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len(),
            _ => 8,
        };
        if len > self.limits.text {
            return refuse(format!(
                "cell {} of sheet `{}` holds {} bytes of text; Kaohe reads at most {} in one cell",
                cell(),
                self.sheet,
                grouped(len as u64),
                grouped(self.limits.text as u64)
            ));
        }
        self.text = self.text.saturating_add(len as u64);
        if self.text > self.limits.sheet_text {
            return refuse(format!(
                "sheet `{}` holds more than {} bytes of text (reached at {}); Kaohe reads at most {}",
                self.sheet,
                grouped(self.limits.sheet_text),
                cell(),
                grouped(self.limits.sheet_text)
            ));
        }
        self.rows = Some(rows);
        self.cols = Some(cols);
        self.cells.push((row, col, value));
        Ok(())
    }

    /// The sheet as CSV text, line N for row N, and the column of each line's first cell.
    ///
    /// A row has one cell per header column, and more only where a cell right of the
    /// header is filled (the record reader reports that row as ragged). Rows with no
    /// filled cell are empty lines, which the reader skips.
    fn into_csv(mut self) -> Result<(String, u32), csv::Error> {
        let (Some((first_row, _)), Some((first_col, _))) = (self.rows, self.cols) else {
            return Ok((String::new(), 0));
        };
        // In row order; of two cells at one place, the later one counts.
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut out: Vec<u8> = vec![b'\n'; first_row as usize];
        let mut width: Option<usize> = None;
        let mut texts: Vec<String> = Vec::new();
        let mut next_row = first_row;
        let mut i = 0;
        while let Some((row, _, _)) = self.cells.get(i) {
            let row = *row;
            out.extend(std::iter::repeat_n(b'\n', (row - next_row) as usize));
            next_row = row + 1;
            texts.clear();
            while let Some((r, c, value)) = self.cells.get(i) {
                if *r != row {
                    break;
                }
                let at = (c - first_col) as usize;
                if texts.len() <= at {
                    texts.resize(at + 1, String::new());
                }
                if let Some(slot) = texts.get_mut(at) {
                    *slot = cell_text(value);
                }
                i += 1;
            }
            let used = texts.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
            if used == 0 {
                out.push(b'\n');
                continue;
            }
            let n = used.max(*width.get_or_insert(used));
            texts.resize(n.max(texts.len()), String::new());
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .buffer_capacity(256)
                .from_writer(&mut out);
            w.write_record(texts.iter().take(n))?;
            w.flush()?;
        }
        // The writer only writes UTF-8 strings and ASCII separators.
        let text = String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok((text, first_col))
    }
}

/// One cell's text, as the record reader parses it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => one_line(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        // A serial outside what a spreadsheet can show as a date (before 1900-01-01,
        // after 9999-12-31, or not a number) is kept as the number, so it is refused as a
        // date naming its cell, never read as 1899-12-30 or the year 10000.
        Data::DateTime(dt) if !dt.is_duration() && !(0.0..MAX_SERIAL).contains(&dt.as_f64()) => float_text(dt.as_f64()),
        Data::DateTime(dt) if dt.is_duration() => minutes_text(dt.as_f64() * 1440.0),
        Data::DateTime(dt) => {
            let (y, m, d, h, min, s, ms) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
                // A time of day without a date.
                format!("{h:02}:{min:02}:{s:02}")
            } else if (h, min, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => iso_datetime_text(s),
        Data::DurationIso(s) => {
            iso_duration_minutes(s).map_or_else(|| s.clone(), |m| format!("{} minutes", m.normalize()))
        }
        Data::Error(e) => e.to_string(),
    }
}

/// A text cell on one line: line breaks inside it become spaces.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s.to_string()
    }
}

/// A number as the spreadsheet holds it: Rust's shortest text that reads back as the
/// same double (`1280.35`, `3`, `0.1`), never an exponent.
fn float_text(f: f64) -> String {
    // Not a number, or infinite: `NaN`, `inf`, which no field reads as a value (an empty
    // cell would silently take the field's default).
    format!("{f}")
}

/// The day after 9999-12-31 as a spreadsheet serial: the last date a cell can hold.
const MAX_SERIAL: f64 = 2_958_466.0;

/// A duration in minutes, to the millisecond.
fn minutes_text(minutes: f64) -> String {
    let ms = (minutes * 60_000.0).round();
    let m = Decimal::try_from(ms).ok().and_then(|ms| ms.checked_div(Decimal::from(60_000)));
    match m {
        Some(m) => format!("{} minutes", m.round_dp(6).normalize()),
        None => float_text(minutes),
    }
}

/// An ISO date-time (`.ods`): the date alone when the time is midnight.
fn iso_datetime_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, time)) => {
            let midnight = time
                .trim_end_matches('Z')
                .split(['.', '+'])
                .next()
                .is_some_and(|t| t.chars().all(|c| c == '0' || c == ':'));
            if midnight {
                date.to_string()
            } else {
                format!("{date} {}", time.split('.').next().unwrap_or(time))
            }
        }
        None => s.to_string(),
    }
}

/// An ISO 8601 duration (`PT45M`, `PT01H30M00S`, `P1DT2H`) in minutes.
fn iso_duration_minutes(s: &str) -> Option<Decimal> {
    let rest = s.strip_prefix('-').unwrap_or(s).strip_prefix('P')?;
    let mut minutes = Decimal::ZERO;
    let mut number = String::new();
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
            _ => {
                let n: Decimal = number.parse().ok()?;
                number.clear();
                let factor = match (c, in_time) {
                    ('W', false) => Decimal::from(7 * 1440),
                    ('D', false) => Decimal::from(1440),
                    ('H', true) => Decimal::from(60),
                    ('M', true) => Decimal::ONE,
                    ('S', true) => Decimal::ONE.checked_div(Decimal::from(60))?,
                    _ => return None,
                };
                minutes = minutes.checked_add(n.checked_mul(factor)?)?;
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    let minutes = minutes.round_dp(6);
    Some(if s.starts_with('-') { -minutes } else { minutes })
}

/// Adds the sheet and the cell (`incidents.xlsx!违规记录 D17`) to the message of every
/// diagnostic that points into a spreadsheet's sheet, and says "row" where the message
/// says "line" (line N of the text is row N of the sheet).
pub fn name_cells(diags: &mut [Diagnostic], input: &Input) {
    let Input::Sheet { source, first_col } = input else { return };
    for d in diags.iter_mut() {
        let Some(span) = &d.span else { continue };
        if !Arc::ptr_eq(&span.source, source) {
            continue;
        }
        let mut message = rows_not_lines(&d.message);
        if source.text().is_empty() {
            message = message.replace("the file is empty", "the sheet is empty");
        }
        let place = cell_name(source.text(), span.start, span.end, *first_col);
        d.message = if message.contains(source.name()) {
            // The message names the sheet already (a header problem).
            message
        } else if place.is_empty() {
            format!("{}: {message}", source.name())
        } else {
            format!("{} {place}: {message}", source.name())
        };
    }
}

/// The cell (`D17`) a span of the sheet's CSV text lies in, or its row (`row 17`) when
/// the span covers more than one cell.
pub fn cell_name(text: &str, start: usize, end: usize, first_col: u32) -> String {
    if text.is_empty() {
        return String::new();
    }
    let before = text.get(..start).unwrap_or(text);
    let row = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut quoted = false;
    let mut col: u32 = 0;
    for b in before.get(line_start..).unwrap_or("").bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => col = col.saturating_add(1),
            _ => {}
        }
    }
    let mut single = true;
    for b in text.get(start..end).unwrap_or("").bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' | b'\n' if !quoted => {
                single = false;
                break;
            }
            _ => {}
        }
    }
    if single {
        format!("{}{row}", column_letter(first_col.saturating_add(col)))
    } else {
        format!("row {row}")
    }
}

/// "line 5" → "row 5", "lines 2 and 5" → "rows 2 and 5", outside `quoted` values.
fn rows_not_lines(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 0 { reword(part) } else { part.to_string() })
        .collect::<Vec<_>>()
        .join("`")
}

fn reword(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(i) = rest.find("line") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let word_start = before.chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let tail = after.get(4..).unwrap_or("");
        let (plural, digits) = match tail.strip_prefix("s ") {
            Some(t) => (true, t),
            None => (false, tail.strip_prefix(' ').unwrap_or("")),
        };
        if word_start && digits.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str(if plural { "rows " } else { "row " });
            rest = digits;
        } else {
            out.push_str("line");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn sheet_after_hash() {
        assert_eq!(split_path("roster.xlsx#花名册"), ("roster.xlsx", Some("花名册")));
        assert_eq!(split_path("dir/Roster.XLS#a#b"), ("dir/Roster.XLS", Some("a#b")));
        assert_eq!(split_path("roster.xlsx"), ("roster.xlsx", None));
        assert_eq!(split_path("roster.xlsx#"), ("roster.xlsx", None));
        assert_eq!(split_path("a#b.csv"), ("a#b.csv", None));
        assert!(is_spreadsheet("x.ODS"));
        assert!(!is_spreadsheet("x.csv"));
        assert!(!is_spreadsheet("xlsx"));
    }

    #[test]
    fn cells_are_read_as_people_see_them() {
        assert_eq!(cell_text(&Data::Float(1280.35)), "1280.35");
        assert_eq!(cell_text(&Data::Float(3.0)), "3");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(1e21)), "1000000000000000000000");
        assert_eq!(cell_text(&Data::Int(-7)), "-7");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::String("a\r\nb\nc".into())), "a b c");
        assert_eq!(cell_text(&Data::DateTimeIso("2024-10-05T00:00:00".into())), "2024-10-05");
        assert_eq!(cell_text(&Data::DateTimeIso("2024-10-05".into())), "2024-10-05");
        assert_eq!(cell_text(&Data::DateTimeIso("2024-10-05T13:45:00".into())), "2024-10-05 13:45:00");
        assert_eq!(cell_text(&Data::DurationIso("PT45M".into())), "45 minutes");
        assert_eq!(cell_text(&Data::DurationIso("PT01H30M30S".into())), "90.5 minutes");
        let date = calamine::ExcelDateTime::new(45570.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2024-10-05");
        let late = calamine::ExcelDateTime::new(45570.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(late)), "2024-10-05 12:00:00");
        let d = calamine::ExcelDateTime::new(45.0 / 1440.0, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(d)), "45 minutes");
    }

    #[test]
    fn csv_lines_are_sheet_rows() {
        let mut cells = Collector::new("s", &LIMITS);
        let mut put = |r: u32, c: u32, v: Data| assert!(cells.push(r, c, v).is_ok());
        put(1, 2, Data::String("agent".into()));
        put(1, 3, Data::String("note".into()));
        put(2, 2, Data::String("A001".into()));
        put(2, 3, Data::String("a, \"b\"\nc".into()));
        put(4, 5, Data::Int(1));
        put(4, 2, Data::String("A002".into()));
        let (text, first_col) = cells.into_csv().unwrap();
        assert_eq!(first_col, 2);
        assert_eq!(text, "\nagent,note\nA001,\"a, \"\"b\"\" c\"\n\nA002,,,1\n");
        let at = text.find("A002").unwrap();
        assert_eq!(cell_name(&text, at, at + 4, first_col), "C5");
        let quoted = text.find("a, ").unwrap();
        assert_eq!(cell_name(&text, quoted, quoted + 10, first_col), "D3");
        let one = text.rfind('1').unwrap();
        assert_eq!(cell_name(&text, one, one + 1, first_col), "F5");
        assert_eq!(cell_name(&text, at, text.len() - 1, first_col), "row 5");
    }

    #[test]
    fn lines_become_rows() {
        assert_eq!(rows_not_lines("line 8 has 6 cells"), "row 8 has 6 cells");
        assert_eq!(rows_not_lines("appears twice (lines 2 and 5)"), "appears twice (rows 2 and 5)");
        assert_eq!(rows_not_lines("incident on line 5 names `line 5`"), "incident on row 5 names `line 5`");
        assert_eq!(rows_not_lines("deadline 5, line up"), "deadline 5, line up");
    }
}
