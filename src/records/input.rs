//! A record file as the typer reads it, whatever it came from.
//!
//! CSV text, a JSON array of records and a spreadsheet's sheet (held as CSV text whose
//! line N is the sheet's row N) all become an [`Input`]: a header of cells and rows of
//! trimmed text cells, each cell locatable in its file for diagnostics. The readers
//! (`raw` for CSV and JSON, `sheet` for workbooks) produce inputs; neither knows the
//! other.

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

/// A row's cells, read where they are: in the CSV reader's record, in the file's text
/// itself (quote-free CSV, [`Input::plain_parts`]), or in a JSON record.
#[derive(Clone, Copy)]
pub enum Cells<'a> {
    Csv(&'a csv::StringRecord),
    /// Untrimmed slices of the file's text.
    Plain(&'a [&'a str]),
    /// `None` where a JSON record has no such key.
    Json(&'a [Option<&'a str>]),
}

impl Cells<'_> {
    pub fn len(&self) -> usize {
        match self {
            Cells::Csv(r) => r.len(),
            Cells::Plain(c) => c.len(),
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
            Cells::Plain(c) => c.get(col).map(|t| t.trim()),
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
                    return Err(Diagnostic::error(Code::RecordMissingColumn, tr!("record-empty-file"))
                        .at(&span, tr!("record-empty-file-label"))
                        .with_help(tr!("record-empty-file-help")));
                }
                Ok(columns)
            }
        }
    }

    /// Calls `f` with each data row, in order.
    pub fn for_each_row(&self, f: &mut dyn FnMut(&RowView)) -> Result<(), Diagnostic> {
        if let Some(parts) = self.plain_parts(1) {
            for part in &parts {
                self.for_each_plain_row(part, f);
            }
            return Ok(());
        }
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

    /// The data rows of quote-free CSV text (no `"`, every `\r` before a `\n`) in up to
    /// `parts` pieces of about equal size, cut at line starts, to be read with
    /// [`Input::for_each_plain_row`] on as many threads; `None` for other inputs. Such text
    /// needs no CSV reader: a record is a line, a cell what lies between commas, and
    /// every cell is a slice of the text already checked as UTF-8. The rows are those
    /// [`Input::for_each_row`] gives, with the same lines and spans.
    pub fn plain_parts(&self, parts: usize) -> Option<Vec<PlainPart>> {
        let (Input::Csv(source) | Input::Sheet { source, .. }) = self else { return None };
        let bytes = source.text().as_bytes();
        if memchr::memchr(b'"', bytes).is_some()
            || memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
        {
            return None;
        }
        // The header is the first line with a cell that is not blank.
        let (mut at, mut line) = (0, 1);
        let width = loop {
            if at >= bytes.len() {
                return Some(Vec::new());
            }
            let end = memchr::memchr(b'\n', bytes.get(at..)?).map_or(bytes.len(), |i| at + i + 1);
            let text = source.text().get(at..end)?;
            at = end;
            line += 1;
            if !text.split(',').all(|c| c.trim().is_empty()) {
                break text.split(',').count();
            }
        };
        let size = (bytes.len() - at).div_ceil(parts.max(1)).max(1);
        let mut out = Vec::with_capacity(parts);
        while at < bytes.len() {
            let cut = (at + size).min(bytes.len());
            let end = match bytes.get(cut.saturating_sub(1)..).and_then(|rest| memchr::memchr(b'\n', rest)) {
                Some(i) => cut.saturating_sub(1) + i + 1,
                None => bytes.len(),
            };
            out.push(PlainPart { start: at, end, line, width });
            line += memchr::memchr_iter(b'\n', bytes.get(at..end)?).count();
            at = end;
        }
        Some(out)
    }

    /// Calls `f` with each row of one piece of [`Input::plain_parts`], in order.
    pub fn for_each_plain_row(&self, part: &PlainPart, f: &mut dyn FnMut(&RowView)) {
        let source = self.source();
        let text = source.text();
        let mut cells: Vec<&str> = Vec::new();
        let (mut at, mut line) = (part.start, part.line);
        while at < part.end {
            let end = text.as_bytes().get(at..part.end).and_then(|rest| memchr::memchr(b'\n', rest));
            let end = end.map_or(part.end, |i| at + i + 1);
            let record = text.get(at..end).unwrap_or("");
            let record = record.strip_suffix('\n').unwrap_or(record);
            let record = record.strip_suffix('\r').unwrap_or(record);
            cells.clear();
            cells.extend(record.split(','));
            // Wholly empty lines are skipped, as spreadsheets leave them at the end.
            if !cells.iter().all(|c| c.trim().is_empty()) {
                let ragged = (cells.len() != part.width).then_some(cells.len());
                f(&RowView { line, cells: Cells::Plain(&cells), ragged, loc: Locator::Csv { source, start: at, end } });
            }
            at = end;
            line += 1;
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
                    return Err(Diagnostic::error(
                        Code::RecordMalformed,
                        tr!("record-csv-unreadable", reason = e.to_string()),
                    )
                    .at(&span, tr!("record-here"))
                    .with_help(tr!("record-csv-unreadable-help")));
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
                    return Err(Diagnostic::error(Code::RecordMalformed, tr!("record-unclosed-quote"))
                        .at(&span, tr!("record-unclosed-quote-label"))
                        .with_help(tr!("record-unclosed-quote-help")));
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

/// A piece of a quote-free CSV file's data rows ([`Input::plain_parts`]).
#[derive(Clone, Copy, Debug)]
pub struct PlainPart {
    /// The byte range of whole lines.
    start: usize,
    end: usize,
    /// The line `start` begins.
    line: usize,
    /// The header's cells, for ragged rows.
    width: usize,
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
pub(crate) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    first: Option<usize>,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter { text, offset: 0, line: 1, first: None }
    }

    /// The line of the first row asked about: the header.
    pub(crate) fn first_line(&self) -> usize {
        self.first.unwrap_or(1)
    }

    /// The 1-based line of `offset`, which must not be before the last one asked.
    pub(crate) fn line_of(&mut self, offset: usize) -> usize {
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
