//! Files → untyped tables of trimmed text cells, each cell locatable in its file.
//!
//! CSV is decoded first: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else
//! GB18030 (a superset of GBK, what Excel writes on Chinese Windows), unless an encoding
//! is forced. JSON is an array of objects; numbers keep their exact text (serde_json's
//! `arbitrary_precision`), so `1280.35` is never a float. The decoded text becomes a
//! [`Source`], so record diagnostics show the offending line like policy diagnostics do.

use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};

/// How to decode a CSV file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when valid, else GB18030.
    #[default]
    Auto,
    Utf8,
    Gb18030,
}

impl Encoding {
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// One cell: its trimmed text and where it stands.
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RawRow {
    /// 1-based line where the row starts (the header is line 1 in a CSV file).
    pub line: usize,
    /// The whole row, for diagnostics about the row itself.
    pub span: Span,
    /// One entry per column; `None` where the row has no such cell.
    pub cells: Vec<Option<Cell>>,
    /// A CSV row with a different number of cells than the header.
    pub ragged: Option<usize>,
}

/// A file's header and rows.
#[derive(Clone, Debug)]
pub struct RawTable {
    pub source: Arc<Source>,
    /// Read from JSON: columns are keys, rows are objects.
    pub json: bool,
    pub columns: Vec<Cell>,
    pub rows: Vec<RawRow>,
}

/// A record file, decoded: CSV is read row by row when typed (nothing per cell is kept),
/// JSON is read whole (it is small, and its positions are found once).
pub enum Input {
    Csv(Arc<Source>),
    Json(RawTable),
    /// One sheet of a spreadsheet, as CSV text (see [`super::sheet`]): line N is the
    /// sheet's row N, and cell i of a line stands in column `first_col + i`.
    Sheet {
        source: Arc<Source>,
        first_col: u32,
    },
}

/// Reads a file's bytes, by its extension (`.json`, else CSV; a file without either that
/// starts with `[` is JSON; `.xlsx`, `.xls`, `.ods`… are spreadsheets, whose sheet may be
/// named after `#`: `roster.xlsx#花名册`).
pub fn read_input(name: &str, bytes: &[u8], encoding: Encoding) -> Result<Input, Diagnostic> {
    read_input_owned(name, bytes.to_vec(), encoding)
}

/// [`read_input`] taking the bytes, so valid UTF-8 is used without a copy.
pub fn read_input_owned(name: &str, bytes: Vec<u8>, encoding: Encoding) -> Result<Input, Diagnostic> {
    if super::sheet::is_spreadsheet(super::sheet::split_path(name).0) {
        return super::sheet::read_sheet(name, bytes);
    }
    let text = decode_owned(name, bytes, encoding)?;
    let source = Source::new(name, text);
    let lower = name.to_ascii_lowercase();
    let looks_json =
        lower.ends_with(".json") || (!lower.ends_with(".csv") && source.text().trim_start().starts_with('['));
    if looks_json {
        read_json(&source).map(Input::Json)
    } else {
        Ok(Input::Csv(source))
    }
}

/// Reads a file's bytes as a whole table (header and every row kept).
pub fn read_table(name: &str, bytes: &[u8], encoding: Encoding) -> Result<RawTable, Diagnostic> {
    match read_input(name, bytes, encoding)? {
        Input::Json(t) => Ok(t),
        Input::Csv(source) | Input::Sheet { source, .. } => read_csv(&source),
    }
}

/// Where a row stands, to point at it or at one of its cells when something is wrong.
pub enum Locator<'a> {
    Csv { source: &'a Arc<Source>, start: usize, end: usize },
    Json(&'a RawRow),
}

/// One row, as the typer sees it.
pub struct RowView<'a> {
    pub line: usize,
    pub cells: Cells<'a>,
    /// A CSV row with a different number of cells than the header.
    pub ragged: Option<usize>,
    pub loc: Locator<'a>,
}

/// A row's cells, read where they are: in the CSV reader's record, or in a JSON record.
#[derive(Clone, Copy)]
pub enum Cells<'a> {
    Csv(&'a csv::StringRecord),
    /// `None` where a JSON record has no such key.
    Json(&'a [Option<&'a str>]),
}

impl Cells<'_> {
    pub fn len(&self) -> usize {
        match self {
            Cells::Csv(r) => r.len(),
            Cells::Json(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RowView<'_> {
    /// The trimmed text of a cell.
    pub fn cell(&self, col: usize) -> Option<&str> {
        match self.cells {
            Cells::Csv(r) => r.get(col).map(str::trim),
            Cells::Json(c) => c.get(col).copied().flatten(),
        }
    }

    /// The span of one cell (computed only when asked: on the error path).
    pub fn cell_span(&self, col: usize) -> Span {
        match &self.loc {
            Locator::Csv { source, start, end } => {
                let spans = cell_spans(source.text(), *start, *end);
                let (s, e) = spans.get(col).copied().unwrap_or((*start, *end));
                Span::new(source, s, e)
            }
            Locator::Json(row) => {
                row.cells.get(col).and_then(|c| c.as_ref()).map_or_else(|| row.span.clone(), |c| c.span.clone())
            }
        }
    }

    /// The spans of all the row's cells, found in one pass (asking [`Self::cell_span`] of
    /// each cell in turn is quadratic in the row's width).
    pub fn cell_spans(&self) -> Vec<Span> {
        match &self.loc {
            Locator::Csv { source, start, end } => {
                let spans = cell_spans(source.text(), *start, *end);
                (0..self.cells.len())
                    .map(|col| {
                        let (s, e) = spans.get(col).copied().unwrap_or((*start, *end));
                        Span::new(source, s, e)
                    })
                    .collect()
            }
            Locator::Json(_) => (0..self.cells.len()).map(|col| self.cell_span(col)).collect(),
        }
    }

    /// The span of the whole row.
    pub fn span(&self) -> Span {
        match &self.loc {
            Locator::Csv { source, start, end } => {
                let text = source.text().get(*start..*end).unwrap_or("");
                Span::new(source, *start, start + text.trim_end_matches(['\r', '\n']).len())
            }
            Locator::Json(row) => row.span.clone(),
        }
    }
}

impl Input {
    pub fn source(&self) -> &Arc<Source> {
        match self {
            Input::Csv(s) | Input::Sheet { source: s, .. } => s,
            Input::Json(t) => &t.source,
        }
    }

    pub fn is_json(&self) -> bool {
        matches!(self, Input::Json(_))
    }

    /// About how many data rows the file has (its line count, less the header).
    pub fn row_estimate(&self) -> usize {
        match self {
            Input::Csv(s) | Input::Sheet { source: s, .. } => {
                s.text().bytes().filter(|b| *b == b'\n').count().saturating_sub(1)
            }
            Input::Json(t) => t.rows.len(),
        }
    }

    /// The header: the CSV's first row, or the JSON records' keys in order of appearance.
    pub fn columns(&self) -> Result<Vec<Cell>, Diagnostic> {
        match self {
            Input::Json(t) => Ok(t.columns.clone()),
            Input::Csv(source) | Input::Sheet { source, .. } => {
                let mut columns = Vec::new();
                self.csv_rows(source, true, &mut |row| {
                    columns = row
                        .cell_spans()
                        .into_iter()
                        .enumerate()
                        .map(|(i, span)| Cell { text: row.cell(i).unwrap_or("").to_string(), span })
                        .collect();
                })?;
                if columns.is_empty() {
                    let span = Span::new(source, 0, 0);
                    return Err(Diagnostic::error(Code::RecordMissingColumn, "the file is empty: no header row")
                        .at(&span, "expected a header row")
                        .with_help("the first line names the columns, e.g. `id,name,tier,hired_on`"));
                }
                Ok(columns)
            }
        }
    }

    /// Calls `f` with each data row, in order.
    pub fn for_each_row(&self, f: &mut dyn FnMut(&RowView)) -> Result<(), Diagnostic> {
        match self {
            Input::Csv(source) | Input::Sheet { source, .. } => self.csv_rows(source, false, f),
            Input::Json(t) => {
                let mut cells: Vec<Option<&str>> = Vec::new();
                for row in &t.rows {
                    cells.clear();
                    cells.extend(row.cells.iter().map(|c| c.as_ref().map(|c| c.text.as_str())));
                    f(&RowView { line: row.line, cells: Cells::Json(&cells), ragged: None, loc: Locator::Json(row) });
                }
                Ok(())
            }
        }
    }

    /// The CSV's rows: only the header when `header_only`, else every row after it.
    fn csv_rows(&self, source: &Arc<Source>, header_only: bool, f: &mut dyn FnMut(&RowView)) -> Result<(), Diagnostic> {
        let text = source.text();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut width = None;
        let mut lines = LineCounter::new(text);
        loop {
            let mut start = reader.position().byte() as usize;
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    let at = e.position().map_or(start, |p| p.byte() as usize);
                    let span = Span::new(source, at, at);
                    return Err(Diagnostic::error(Code::RecordMalformed, format!("this CSV cannot be read: {e}"))
                        .at(&span, "here")
                        .with_help("check the quotes on this line: a quoted cell must end with `\"`"));
                }
            }
            let end = reader.position().byte() as usize;
            // After a `\r\n` row the reader may stand between the two bytes.
            while start < end && matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            // Wholly empty lines are skipped, as spreadsheets leave them at the end.
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if end >= text.len() {
                if let Some(open) = unclosed_quote(text, start, end) {
                    let span = Span::new(source, open, open + 1);
                    return Err(Diagnostic::error(Code::RecordMalformed, "a quoted cell is never closed")
                        .at(&span, "this `\"` has no closing `\"`")
                        .with_help("end the cell with `\"`, or remove the stray `\"`; everything after it was read as one cell"));
                }
            }
            let line = lines.line_of(start);
            let view_width = *width.get_or_insert(record.len());
            let is_header = line == lines.first_line();
            let ragged = (record.len() != view_width).then_some(record.len());
            if header_only || !is_header {
                f(&RowView { line, cells: Cells::Csv(&record), ragged, loc: Locator::Csv { source, start, end } });
            }
            if header_only {
                return Ok(());
            }
        }
    }
}

/// Decodes a record file's bytes, taking them: valid UTF-8 becomes the text as it is.
pub fn decode_owned(name: &str, mut bytes: Vec<u8>, encoding: Encoding) -> Result<String, Diagnostic> {
    if encoding != Encoding::Gb18030 {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(s) => return Ok(s),
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode(name, &bytes, encoding)
}

pub fn decode(name: &str, bytes: &[u8], encoding: Encoding) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match encoding {
        Encoding::Gb18030 => Ok(encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned()),
        Encoding::Utf8 | Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) if encoding == Encoding::Utf8 => {
                // Show the line: the text up to the bad byte is valid.
                let at = e.valid_up_to();
                let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
                let span = Span::new(&source, at, at);
                Err(Diagnostic::error(Code::RecordMalformed, format!("`{name}` is not valid UTF-8 (at byte {at})"))
                    .at(&span, "not UTF-8 from here")
                    .with_help("save the file as UTF-8, or pass `--encoding gbk` if Excel saved it on Chinese Windows"))
            }
            Err(_) => {
                let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
                if had_errors {
                    return Err(Diagnostic::error(
                        Code::RecordMalformed,
                        format!("`{name}` is neither UTF-8 nor GBK text"),
                    )
                    .in_file(name)
                    .with_help("export the sheet as CSV (UTF-8) and try again"));
                }
                Ok(text.into_owned())
            }
        },
    }
}

fn read_csv(source: &Arc<Source>) -> Result<RawTable, Diagnostic> {
    let input = Input::Csv(source.clone());
    let columns = input.columns()?;
    let mut rows = Vec::new();
    input.for_each_row(&mut |row| {
        let mut cells: Vec<Option<Cell>> = row
            .cell_spans()
            .into_iter()
            .enumerate()
            .map(|(i, span)| Some(Cell { text: row.cell(i).unwrap_or("").to_string(), span }))
            .collect();
        cells.resize(columns.len().max(cells.len()), None);
        rows.push(RawRow { line: row.line, span: row.span(), cells, ragged: row.ragged });
    })?;
    Ok(RawTable { source: source.clone(), json: false, columns, rows })
}

/// The opening quote of a quoted cell still open at the end of `text[start..end]`.
fn unclosed_quote(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut open = None;
    for (i, b) in text.get(start..end)?.bytes().enumerate() {
        if b == b'"' {
            open = match open {
                Some(_) => None,
                None => Some(start + i),
            };
        }
    }
    open
}

/// Line numbers of increasing byte offsets, counted once through the text.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    first: Option<usize>,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text, offset: 0, line: 1, first: None }
    }

    /// The line of the first row asked about: the header.
    fn first_line(&self) -> usize {
        self.first.unwrap_or(1)
    }

    /// The 1-based line of `offset`, which must not be before the last one asked.
    fn line_of(&mut self, offset: usize) -> usize {
        if offset > self.offset {
            self.line += self.text.get(self.offset..offset).map_or(0, |t| t.bytes().filter(|b| *b == b'\n').count());
            self.offset = offset;
        }
        self.first.get_or_insert(self.line);
        self.line
    }
}

/// Byte ranges of the cells of the CSV record in `text[start..end]`, trimmed of spaces
/// and quotes, for pointing at one cell.
fn cell_spans(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    let end = end.min(bytes.len());
    let mut cell_start = i;
    let mut in_quotes = false;
    while i < end {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                spans.push(trim_span(text, cell_start, i));
                cell_start = i + 1;
            }
            b'\n' | b'\r' if !in_quotes => break,
            _ => {}
        }
        i += 1;
    }
    spans.push(trim_span(text, cell_start, i));
    spans
}

fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while s < e && matches!(bytes.get(s), Some(b' ' | b'\t' | b'"')) {
        s += 1;
    }
    while e > s && matches!(bytes.get(e - 1), Some(b' ' | b'\t' | b'"')) {
        e -= 1;
    }
    (s, e)
}

fn read_json(source: &Arc<Source>) -> Result<RawTable, Diagnostic> {
    let text = source.text();
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let span = Span::new(source, offset, offset);
        let reason = e.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason).to_string();
        Diagnostic::error(Code::RecordMalformed, format!("this JSON cannot be read: {reason}"))
            .at(&span, "here")
            .with_help("the file must be a JSON array of objects, one object per record")
    })?;
    let whole = Span::new(source, 0, text.len().min(1));
    let serde_json::Value::Array(items) = value else {
        return Err(Diagnostic::error(Code::RecordMalformed, "the JSON file is not an array of records")
            .at(&whole, "expected `[`")
            .with_help("write `[{\"id\": \"A001\", …}, …]`: one object per record"));
    };
    let starts = object_starts(text);
    let mut lines = LineCounter::new(text);
    let mut columns: Vec<Cell> = Vec::new();
    let mut rows = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let start = starts.get(n).copied().unwrap_or(0);
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let row_span = Span::new(source, start, start + 1);
        let serde_json::Value::Object(map) = item else {
            return Err(Diagnostic::error(Code::RecordMalformed, format!("record {} is not an object", n + 1))
                .at(&row_span, "expected `{`")
                .with_help("each record is an object: `{\"agent\": \"A001\", \"date\": \"2024-10-05\", …}`"));
        };
        let mut cells: Vec<Option<Cell>> = vec![None; columns.len()];
        for (key, v) in map {
            let value_span = key_span(source, key, start, end, true);
            let key_span = key_span(source, key, start, end, false);
            let col = match columns.iter().position(|c| c.text == *key) {
                Some(c) => c,
                None => {
                    columns.push(Cell { text: key.clone(), span: key_span.clone() });
                    cells.push(None);
                    columns.len() - 1
                }
            };
            let text = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(num) => num.to_string(),
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(Diagnostic::error(Code::RecordBadValue, format!("`{key}` holds a list or an object"))
                        .at(&value_span, "expected a string, a number or a bool")
                        .with_help("each field of a record is one value"));
                }
            };
            if let Some(slot) = cells.get_mut(col) {
                *slot = Some(Cell { text, span: value_span });
            }
        }
        rows.push(RawRow { line: lines.line_of(start), span: row_span, cells, ragged: None });
    }
    for row in &mut rows {
        row.cells.resize(columns.len(), None);
    }
    Ok(RawTable { source: source.clone(), json: true, columns, rows })
}

/// The byte offset of serde_json's 1-based line and (byte) column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let mut at = offset + column.saturating_sub(1).min(l.len());
            while at > offset && !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        offset += l.len();
    }
    text.len()
}

/// Byte offsets of the objects directly inside the top-level array.
fn object_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                if depth == 1 {
                    starts.push(i);
                }
                in_string = true;
            }
            b'[' | b'{' => {
                if depth == 1 {
                    starts.push(i);
                }
                depth += 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' | b' ' | b'\n' | b'\r' | b'\t' | b':' => {}
            _ => {
                if depth == 1 {
                    starts.push(i);
                    depth = 1;
                }
            }
        }
    }
    starts
}

/// Where `"key"` (or, with `value`, its value) stands within one object's text; the key
/// when the value cannot be found, the object's start when neither can.
fn key_span(source: &Arc<Source>, key: &str, start: usize, end: usize, value: bool) -> Span {
    let text = source.text();
    let needle = format!("\"{key}\"");
    let Some(k) = text.get(start..end).and_then(|t| t.find(&needle)).map(|i| start + i) else {
        return Span::new(source, start, start + 1);
    };
    let after_key = k + needle.len();
    if !value {
        return Span::new(source, k, after_key);
    }
    let rest = text.get(after_key..end).unwrap_or("");
    let Some(colon) = rest.find(':') else { return Span::new(source, k, after_key) };
    let value_text = rest.get(colon + 1..).unwrap_or("");
    let v = after_key + colon + 1 + (value_text.len() - value_text.trim_start().len());
    let value = text.get(v..end).unwrap_or("");
    let len = if value.starts_with('"') {
        let mut escaped = false;
        value
            .char_indices()
            .skip(1)
            .find(|&(_, c)| {
                let close = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                close
            })
            .map_or(value.len(), |(i, _)| i + 1)
    } else {
        let cut = value.find([',', '}', ']', '\n', '\r']).unwrap_or(value.len());
        value.get(..cut).map_or(0, |v| v.trim_end().len())
    };
    if len == 0 {
        Span::new(source, k, after_key)
    } else {
        Span::new(source, v, v + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("id,name\nA001,张三\n");
        let t = read_table("a.csv", &bytes, Encoding::Auto).unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(t.rows[0].cells[1].as_ref().map(|c| c.text.as_str()), Some("张三"));
    }

    #[test]
    fn bom_and_crlf() {
        let t = read_table("a.csv", "\u{feff}id, name \r\nA001,\"李 四\"\r\n".as_bytes(), Encoding::Auto)
            .unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(t.columns[1].text, "name");
        assert_eq!(t.rows[0].cells[1].as_ref().map(|c| c.span.text()), Some("李 四"));
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn json_numbers_stay_exact() {
        let t = read_table("a.json", br#"[{"cost": 1280.35}, {"cost": "12.5", "x": null}]"#, Encoding::Auto)
            .unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(t.rows[0].cells[0].as_ref().map(|c| c.text.as_str()), Some("1280.35"));
        assert_eq!(t.rows[1].cells[1].as_ref().map(|c| c.text.as_str()), Some(""));
        assert_eq!(t.columns.len(), 2);
    }
}
