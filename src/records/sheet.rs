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

use std::fmt::Display;
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Range, Reader, SheetType, SheetVisible};
use rust_decimal::Decimal;

use super::input::Input;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Source;

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
}

/// Reads one sheet of a workbook's bytes as a record file. `name` is the argument as
/// given (`roster.xlsx` or `roster.xlsx#花名册`); the format is chosen by the extension.
pub fn read_sheet(name: &str, bytes: Vec<u8>) -> Result<Input, Diagnostic> {
    let (file, wanted) = split_path(name);
    let cursor = Cursor::new(bytes);
    let loaded = match extension(file).as_deref() {
        Some("xls") => load::<calamine::Xls<_>>(cursor, wanted),
        Some("xlsb") => load::<calamine::Xlsb<_>>(cursor, wanted),
        Some("ods") => load::<calamine::Ods<_>>(cursor, wanted),
        _ => load::<calamine::Xlsx<_>>(cursor, wanted),
    };
    let (sheet, range) = loaded.map_err(|f| failure(name, file, wanted, f))?;
    let (text, first_col) = to_csv(&range).map_err(|e| {
        Diagnostic::error(Code::RecordMalformed, format!("sheet `{sheet}` of `{file}` cannot be read: {e}"))
            .in_file(file)
    })?;
    Ok(Input::Sheet { source: Source::new(format!("{file}!{sheet}"), text), first_col })
}

fn load<R: Reader<Cursor<Vec<u8>>>>(
    cursor: Cursor<Vec<u8>>,
    wanted: Option<&str>,
) -> Result<(String, Range<Data>), Failure>
where
    R::Error: Display,
{
    let mut book = R::new(cursor).map_err(|e| Failure::Open(e.to_string()))?;
    let names = book.sheet_names();
    let sheet = match wanted {
        Some(w) => {
            names.iter().find(|n| n.as_str() == w).cloned().ok_or_else(|| Failure::UnknownSheet(names.clone()))?
        }
        None => {
            // The first visible worksheet, as the workbook opens on it; else the first.
            let meta = book.sheets_metadata();
            meta.iter()
                .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
                .or_else(|| meta.iter().find(|s| s.typ == SheetType::WorkSheet))
                .map(|s| s.name.clone())
                .or_else(|| names.first().cloned())
                .ok_or(Failure::NoSheets)?
        }
    };
    let range = book.worksheet_range(&sheet).map_err(|e| Failure::Read(sheet.clone(), e.to_string()))?;
    Ok((sheet, range))
}

fn failure(name: &str, file: &str, wanted: Option<&str>, f: Failure) -> Diagnostic {
    match f {
        Failure::Open(e) => {
            let kind = match extension(file).as_deref() {
                Some("xls") => "an Excel 97-2003 workbook (.xls)",
                Some("xlsb") => "an Excel binary workbook (.xlsb)",
                Some("ods") => "an OpenDocument spreadsheet (.ods)",
                _ => "an Excel workbook (.xlsx)",
            };
            Diagnostic::error(Code::RecordMalformed, format!("`{file}` cannot be read as {kind}: {e}"))
                .in_file(file)
                .with_help(
                    "the file's extension decides how it is read: open it in Excel or LibreOffice and save it \
                     again as .xlsx, or export the sheet as CSV (UTF-8)",
                )
        }
        Failure::NoSheets => Diagnostic::error(Code::RecordMalformed, format!("`{file}` has no sheet"))
            .in_file(file)
            .with_help("put the records on the workbook's first sheet, with a header row"),
        Failure::UnknownSheet(sheets) => {
            let wanted = wanted.unwrap_or("");
            let listed: Vec<String> = sheets.iter().map(|s| format!("`{s}`")).collect();
            let mut help = format!("the sheets of `{file}` are {}", listed.join(", "));
            if let Some(s) = closest(wanted, sheets.iter().map(String::as_str)) {
                help = format!("did you mean `{s}`? {help}");
            }
            Diagnostic::error(Code::Io, format!("cannot read `{name}`: `{file}` has no sheet `{wanted}`"))
                .in_file(file)
                .with_help(help)
        }
        Failure::Read(sheet, e) => {
            Diagnostic::error(Code::RecordMalformed, format!("sheet `{sheet}` of `{file}` cannot be read: {e}"))
                .in_file(file)
                .with_help("open the workbook in Excel or LibreOffice and save it again, or export the sheet as CSV")
        }
    }
}

/// The sheet as CSV text, line N for row N, and the column of each line's first cell.
///
/// A row has one cell per header column, and more only where a cell right of the
/// header is filled (the record reader reports that row as ragged). Rows with no
/// filled cell are empty lines, which the reader skips.
fn to_csv(range: &Range<Data>) -> Result<(String, u32), csv::Error> {
    let Some((first_row, first_col)) = range.start() else { return Ok((String::new(), 0)) };
    let mut out: Vec<u8> = vec![b'\n'; usize::try_from(first_row).unwrap_or(0)];
    let mut width: Option<usize> = None;
    let mut cells: Vec<String> = Vec::new();
    for row in range.rows() {
        cells.clear();
        cells.extend(row.iter().map(cell_text));
        let used = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
        if used == 0 {
            out.push(b'\n');
            continue;
        }
        let n = used.max(*width.get_or_insert(used));
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(256)
            .from_writer(&mut out);
        w.write_record(cells.iter().take(n))?;
        w.flush()?;
    }
    // The writer only writes UTF-8 strings and ASCII separators.
    let text = String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((text, first_col))
}

/// One cell's text, as the record reader parses it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => one_line(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
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
    if f.is_finite() {
        format!("{f}")
    } else {
        String::new()
    }
}

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
        let mut range: Range<Data> = Range::new((1, 2), (4, 5));
        range.set_value((1, 2), Data::String("agent".into()));
        range.set_value((1, 3), Data::String("note".into()));
        range.set_value((2, 2), Data::String("A001".into()));
        range.set_value((2, 3), Data::String("a, \"b\"\nc".into()));
        range.set_value((4, 2), Data::String("A002".into()));
        range.set_value((4, 5), Data::Int(1));
        let (text, first_col) = to_csv(&range).unwrap();
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
