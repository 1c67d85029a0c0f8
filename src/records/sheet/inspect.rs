//! A zipped workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) looked at before calamine reads
//! it, so that a small file cannot make it allocate without bound or loop forever.
//!
//! Every part calamine reads is unpacked here first, counting the bytes it really unpacks
//! to (a zip entry's declared size can lie), and every XML part is scanned as a stream of
//! tags without building anything: it must be well formed (each element closed by its own
//! name: calamine's `.ods` reader loops forever on a misspelled `</table:table>`), no one
//! piece of it (a text, a tag, a comment) may exceed the text limit, and no cell's text
//! may either. The shared strings may not declare many more strings than they hold
//! (calamine reserves room for the declared count). In an `.ods` file, where calamine
//! expands repeated rows and columns into a full grid for every sheet at once, the grid
//! each sheet would become and the text it would hold are computed from the repeat counts
//! and checked against the limits. In an `.xlsx` or `.xlsb` file the read sheet's cells
//! are checked one by one as they are streamed (see [`super::Collector`]).

use std::io::{BufRead, BufReader, Read};

use super::{grouped, Limits, Refusal};

/// Checks a zipped workbook. An archive that does not open is left to calamine, which
/// says why.
pub fn check_zip(bytes: &[u8], ods: bool, limits: &Limits) -> Result<(), Refusal> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let mut parts: Vec<(usize, String, u64)> = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else { continue };
        let name = entry.name().to_string();
        if read_by_calamine(&name) {
            parts.push((i, name, entry.size()));
        }
    }
    let declared: u64 = parts.iter().map(|(_, _, size)| *size).fold(0, u64::saturating_add);
    if declared > limits.unpacked {
        return Err(Refusal::new(format!(
            "it would unpack to {} bytes; Kaohe unpacks at most {} bytes of a workbook",
            grouped(declared),
            grouped(limits.unpacked)
        )));
    }
    let mut unpacked = Budget { used: 0, limit: limits.unpacked };
    for (i, name, _) in parts {
        let Ok(entry) = archive.by_index(i) else { continue };
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xml") || lower.ends_with(".rels") {
            let mut visitor: Box<dyn Visitor> = if ods && lower == "content.xml" {
                Box::new(OdsContent::new(limits))
            } else if lower.ends_with("sharedstrings.xml") {
                Box::new(SharedStrings::new(limits))
            } else if lower.contains("worksheets/") {
                Box::new(Cells::new(limits))
            } else {
                Box::new(Plain)
            };
            scan(&name, entry, &mut unpacked, limits, visitor.as_mut())?;
        } else {
            count(&name, entry, &mut unpacked)?;
        }
    }
    Ok(())
}

/// The parts calamine reads (without its `picture` feature): XML, the `.bin` parts of an
/// `.xlsb` workbook, and the `mimetype` of an `.ods` file. Images and other media are
/// never unpacked.
fn read_by_calamine(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".bin") || lower == "mimetype"
}

/// The bytes unpacked so far, against the limit.
struct Budget {
    used: u64,
    limit: u64,
}

impl Budget {
    fn add(&mut self, part: &str, n: usize) -> Result<(), Refusal> {
        self.used = self.used.saturating_add(n as u64);
        if self.used > self.limit {
            return Err(Refusal::new(format!(
                "it unpacks to more than {} bytes (reached in `{part}`); Kaohe unpacks at most {} bytes of a workbook",
                grouped(self.limit),
                grouped(self.limit)
            )));
        }
        Ok(())
    }
}

/// Unpacks a part only to count its bytes. A part that fails to unpack is left to
/// calamine.
fn count(part: &str, entry: impl Read, budget: &mut Budget) -> Result<(), Refusal> {
    let mut reader = BufReader::with_capacity(64 * 1024, entry);
    loop {
        let n = match reader.fill_buf() {
            Ok([]) | Err(_) => return Ok(()),
            Ok(chunk) => chunk.len(),
        };
        budget.add(part, n)?;
        reader.consume(n);
    }
}

// ------------------------------------------------------------------------ the XML scanner

/// What kind of tag the scanner met.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TagKind {
    Start,
    End,
    /// `<x/>`: a start and its end at once.
    Empty,
}

/// What a part's own checks look at, tag by tag.
pub trait Visitor {
    /// A start, end or empty tag; `attrs` is the raw text after the name.
    fn tag(&mut self, _kind: TagKind, _name: &[u8], _attrs: &[u8]) -> Result<(), String> {
        Ok(())
    }
    /// `n` bytes of character data (text or CDATA).
    fn text(&mut self, _n: u64) -> Result<(), String> {
        Ok(())
    }
    /// The end of the part.
    fn finish(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// A part with no checks of its own beyond the scanner's.
struct Plain;
impl Visitor for Plain {}

/// Elements may nest at most this deep.
const MAX_DEPTH: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    Open,
    /// Inside a start or end tag; the quote that is open, if any.
    Tag(Option<u8>),
    /// After `<!`, deciding between a comment, CDATA and a declaration.
    Bang,
    Comment,
    CData,
    Instruction,
    /// `<!DOCTYPE …>`: the depth of `[` and the open quote.
    Declaration(u32, Option<u8>),
}

/// Scans one XML part as a stream: well formed (every end tag closes the element open
/// last, by the same name; nothing left open), no piece larger than the text limit.
fn scan(
    part: &str,
    entry: impl Read,
    budget: &mut Budget,
    limits: &Limits,
    v: &mut dyn Visitor,
) -> Result<(), Refusal> {
    let damaged = |at: u64, why: String| Refusal::new(format!("`{part}` is damaged at byte {}: {why}", grouped(at)));
    let mut reader = BufReader::with_capacity(64 * 1024, entry);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut tag: Vec<u8> = Vec::new();
    let mut state = State::Text;
    // The length of the current piece (text run, tag, comment…), and the last bytes seen.
    let mut piece: u64 = 0;
    let mut tail: u32 = 0;
    let mut at: u64 = 0;
    let too_big = |at: u64| {
        Refusal::new(format!(
            "`{part}` holds a piece of more than {} bytes without markup (near byte {}); Kaohe reads at most {} \
             bytes of text in one place",
            grouped(limits.text as u64),
            grouped(at),
            grouped(limits.text as u64)
        ))
    };
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            // A part that does not unpack is left to calamine.
            Err(_) => return Ok(()),
        };
        let n = chunk.len();
        budget.add(part, n)?;
        let mut i = 0;
        while i < n {
            // Runs of text and of a tag's inside are skipped to their next special byte
            // at once (nearly all of a part's bytes are in them).
            let rest = chunk.get(i..).unwrap_or(&[]);
            let run = match state {
                State::Text => Some(memchr::memchr(b'<', rest).unwrap_or(rest.len())),
                State::Tag(None) => Some(memchr::memchr3(b'>', b'"', b'\'', rest).unwrap_or(rest.len())),
                State::Tag(Some(q)) => Some(memchr::memchr(q, rest).unwrap_or(rest.len())),
                _ => None,
            };
            if let Some(k) = run.filter(|k| *k > 0) {
                if matches!(state, State::Tag(_)) {
                    tag.extend_from_slice(rest.get(..k).unwrap_or(&[]));
                }
                piece += k as u64;
                at += k as u64;
                i += k;
                if piece > limits.text as u64 {
                    // The byte where the piece went past the limit.
                    return Err(too_big(at - (piece - limits.text as u64 - 1)));
                }
                continue;
            }
            let Some(&b) = chunk.get(i) else { break };
            i += 1;
            at += 1;
            tail = (tail << 8) | u32::from(b);
            piece += 1;
            if piece > limits.text as u64 {
                return Err(too_big(at));
            }
            match state {
                State::Text => {
                    if b == b'<' {
                        if piece > 1 {
                            v.text(piece - 1).map_err(|e| damaged(at, e))?;
                        }
                        state = State::Open;
                        piece = 1;
                    }
                }
                State::Open => {
                    tag.clear();
                    state = match b {
                        b'?' => State::Instruction,
                        b'!' => State::Bang,
                        _ => {
                            tag.push(b);
                            State::Tag(None)
                        }
                    };
                }
                State::Bang => {
                    tag.push(b);
                    if tag == b"--" {
                        state = State::Comment;
                    } else if tag == b"[CDATA[" {
                        state = State::CData;
                        piece = 0;
                    } else if !b"--".starts_with(&tag) && !b"[CDATA[".starts_with(&tag) {
                        state = State::Declaration(0, None);
                    }
                }
                State::Comment => {
                    if tail & 0xFF_FFFF == u32::from_be_bytes([0, b'-', b'-', b'>']) {
                        state = State::Text;
                        piece = 0;
                    }
                }
                State::Instruction => {
                    if tail & 0xFFFF == u32::from_be_bytes([0, 0, b'?', b'>']) {
                        state = State::Text;
                        piece = 0;
                    }
                }
                State::CData => {
                    if tail & 0xFF_FFFF == u32::from_be_bytes([0, b']', b']', b'>']) {
                        v.text(piece.saturating_sub(3)).map_err(|e| damaged(at, e))?;
                        state = State::Text;
                        piece = 0;
                    }
                }
                State::Declaration(depth, quote) => {
                    state = match (quote, b) {
                        (Some(q), _) if b == q => State::Declaration(depth, None),
                        (Some(_), _) => state,
                        (None, b'"' | b'\'') => State::Declaration(depth, Some(b)),
                        (None, b'[') => State::Declaration(depth + 1, None),
                        (None, b']') => State::Declaration(depth.saturating_sub(1), None),
                        (None, b'>') if depth == 0 => {
                            piece = 0;
                            State::Text
                        }
                        _ => state,
                    };
                }
                State::Tag(quote) => match (quote, b) {
                    (Some(q), _) if b == q => {
                        tag.push(b);
                        state = State::Tag(None);
                    }
                    (None, b'"' | b'\'') => {
                        tag.push(b);
                        state = State::Tag(Some(b));
                    }
                    (None, b'>') => {
                        end_of_tag(&tag, &mut stack, v).map_err(|e| damaged(at, e))?;
                        state = State::Text;
                        piece = 0;
                    }
                    _ => tag.push(b),
                },
            }
        }
        reader.consume(n);
    }
    if state != State::Text {
        return Err(damaged(at, "the part ends inside a tag".into()));
    }
    if let Some(open) = stack.last() {
        return Err(damaged(at, format!("`<{}>` is never closed", String::from_utf8_lossy(open))));
    }
    v.finish().map_err(|e| damaged(at, e))
}

/// A whole tag's text (without `<` and `>`): checks its nesting and hands it on.
fn end_of_tag(tag: &[u8], stack: &mut Vec<Vec<u8>>, v: &mut dyn Visitor) -> Result<(), String> {
    if let Some(rest) = tag.strip_prefix(b"/") {
        let name = trim_end(rest);
        let Some(open) = stack.pop() else {
            return Err(format!("`</{}>` closes nothing", String::from_utf8_lossy(name)));
        };
        if open != name {
            return Err(format!(
                "`</{}>` does not close `<{}>`",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(&open)
            ));
        }
        return v.tag(TagKind::End, name, b"");
    }
    let (body, empty) = match tag.strip_suffix(b"/") {
        Some(body) => (body, true),
        None => (tag, false),
    };
    let name_end = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
    let (name, attrs) = body.split_at(name_end);
    if name.is_empty() {
        return Err("a tag without a name".into());
    }
    if empty {
        return v.tag(TagKind::Empty, name, attrs);
    }
    if stack.len() >= MAX_DEPTH {
        return Err(format!("elements nested more than {MAX_DEPTH} deep"));
    }
    stack.push(name.to_vec());
    v.tag(TagKind::Start, name, attrs)
}

fn trim_end(s: &[u8]) -> &[u8] {
    let end = s.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    s.get(..end).unwrap_or(s)
}

/// The part of a name after its namespace prefix (`x:si` → `si`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|b| *b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The raw value of attribute `key` (the whole qualified name) in a tag's attributes.
pub fn attribute<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut rest = attrs;
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = rest.get(start..)?;
        let eq = rest.iter().position(|b| *b == b'=')?;
        let name = trim_end(rest.get(..eq)?);
        let after = rest.get(eq + 1..)?;
        let q = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = *after.get(q)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = q + 1;
        let len = after.get(value_start..)?.iter().position(|b| *b == quote)?;
        let value = after.get(value_start..value_start + len)?;
        if name == key {
            return Some(value);
        }
        rest = after.get(value_start + len + 1..)?;
    }
}

/// An attribute's value as a count; `None` when absent or not a number.
fn number(attrs: &[u8], key: &[u8]) -> Option<u64> {
    std::str::from_utf8(attribute(attrs, key)?).ok()?.trim().parse().ok()
}

// -------------------------------------------------------------------- the parts' checks

/// Text inside one cell (an element of `cell` names), against the limit.
struct CellText {
    inside: u32,
    bytes: u64,
    limit: u64,
}

impl CellText {
    fn new(limits: &Limits) -> CellText {
        CellText { inside: 0, bytes: 0, limit: limits.text as u64 }
    }

    fn text(&mut self, n: u64, what: &str) -> Result<(), String> {
        if self.inside > 0 {
            self.bytes = self.bytes.saturating_add(n);
            if self.bytes > self.limit {
                return Err(format!(
                    "{what} holds more than {} bytes of text, the most Kaohe reads in one cell",
                    grouped(self.limit)
                ));
            }
        }
        Ok(())
    }
}

/// A worksheet of an `.xlsx` workbook: no cell (`<c>`) holds more than the text limit.
struct Cells {
    cell: CellText,
}

impl Cells {
    fn new(limits: &Limits) -> Cells {
        Cells { cell: CellText::new(limits) }
    }
}

impl Visitor for Cells {
    fn tag(&mut self, kind: TagKind, name: &[u8], _: &[u8]) -> Result<(), String> {
        if local(name) == b"c" {
            match kind {
                TagKind::Start => {
                    self.cell.inside += 1;
                    self.cell.bytes = 0;
                }
                TagKind::End => self.cell.inside = self.cell.inside.saturating_sub(1),
                TagKind::Empty => {}
            }
        }
        Ok(())
    }

    fn text(&mut self, n: u64) -> Result<(), String> {
        self.cell.text(n, "a cell")
    }
}

/// `xl/sharedStrings.xml`: no string (`<si>`) longer than the text limit, and no more
/// strings declared (`uniqueCount`, which calamine reserves room for) than it holds.
struct SharedStrings {
    cell: CellText,
    declared: u64,
    held: u64,
}

/// How many more strings than it holds a shared-strings part may declare.
const DECLARED_SLACK: u64 = 65_536;

impl SharedStrings {
    fn new(limits: &Limits) -> SharedStrings {
        SharedStrings { cell: CellText::new(limits), declared: 0, held: 0 }
    }
}

impl Visitor for SharedStrings {
    fn tag(&mut self, kind: TagKind, name: &[u8], attrs: &[u8]) -> Result<(), String> {
        match (local(name), kind) {
            (b"sst", TagKind::Start | TagKind::Empty) => self.declared = number(attrs, b"uniqueCount").unwrap_or(0),
            (b"si", TagKind::Start) => {
                self.held += 1;
                self.cell.inside += 1;
                self.cell.bytes = 0;
            }
            (b"si", TagKind::Empty) => self.held += 1,
            (b"si", TagKind::End) => self.cell.inside = self.cell.inside.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, n: u64) -> Result<(), String> {
        self.cell.text(n, "a shared string")
    }

    fn finish(&mut self) -> Result<(), String> {
        if self.declared > self.held.saturating_add(DECLARED_SLACK) {
            return Err(format!("it declares {} strings but holds {}", grouped(self.declared), grouped(self.held)));
        }
        Ok(())
    }
}

/// calamine's own caps on an `.ods` sheet, which it applies before Kaohe's.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// `content.xml` of an `.ods` file: the grid each sheet (`<table:table>`) expands to, as
/// calamine expands it (from the first to the last filled row, and the first to the last
/// filled column, repeated rows and columns written out), and the text it holds.
struct OdsContent {
    limits: Limits,
    cell: CellText,
    /// Cells of every sheet's grid so far, and of the cells calamine keeps per row before
    /// expanding the repeats.
    grid_total: u64,
    raw_total: u64,
    text_total: u64,
    table: Option<OdsTable>,
}

struct OdsTable {
    name: String,
    row: u64,
    filled_rows: Option<(u64, u64)>,
    filled_cols: Option<(u64, u64)>,
    /// The row being read: its repeat count, its next column, its filled columns, the
    /// text of its cells (times their column repeats).
    row_repeats: u64,
    col: u64,
    row_cols: Option<(u64, u64)>,
    row_text: u64,
    /// The cell being read: its repeat count and whether it has a value.
    cell_repeats: u64,
    cell_filled: bool,
}

impl OdsContent {
    fn new(limits: &Limits) -> OdsContent {
        OdsContent {
            limits: *limits,
            cell: CellText::new(limits),
            grid_total: 0,
            raw_total: 0,
            text_total: 0,
            table: None,
        }
    }

    fn start_cell(&mut self, attrs: &[u8]) {
        let Some(t) = &mut self.table else { return };
        let remaining = ODS_MAX_COLUMNS.saturating_sub(t.col);
        t.cell_repeats = number(attrs, b"table:number-columns-repeated").unwrap_or(1).min(remaining);
        t.cell_filled = [
            &b"office:value"[..],
            b"office:string-value",
            b"office:date-value",
            b"office:time-value",
            b"office:boolean-value",
            b"office:value-type",
            b"table:formula",
        ]
        .iter()
        .any(|k| attribute(attrs, k).is_some());
        self.cell.inside = 1;
        self.cell.bytes = attrs.len() as u64;
    }

    fn end_cell(&mut self) -> Result<(), String> {
        self.cell.inside = 0;
        let Some(t) = &mut self.table else { return Ok(()) };
        let (first, repeats) = (t.col, t.cell_repeats);
        t.col = t.col.saturating_add(repeats);
        if !t.cell_filled && self.cell.bytes == 0 {
            return Ok(());
        }
        let last = first + repeats.saturating_sub(1);
        if repeats > 0 && last >= u64::from(self.limits.columns) {
            return Err(format!(
                "sheet `{}` has a cell in column {} (the {}th); Kaohe reads at most {} columns",
                t.name,
                super::column_letter(u32::try_from(last).unwrap_or(u32::MAX)),
                grouped(last + 1),
                grouped(u64::from(self.limits.columns))
            ));
        }
        if repeats > 0 {
            t.row_cols = Some(t.row_cols.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
        }
        t.row_text = t.row_text.saturating_add(self.cell.bytes.saturating_mul(repeats));
        Ok(())
    }

    fn start_row(&mut self, attrs: &[u8]) {
        let Some(t) = &mut self.table else { return };
        let remaining = ODS_MAX_ROWS.saturating_sub(t.row);
        t.row_repeats = number(attrs, b"table:number-rows-repeated").unwrap_or(1).min(remaining);
        t.col = 0;
        t.row_cols = None;
        t.row_text = 0;
    }

    fn end_row(&mut self) -> Result<(), String> {
        let limits = self.limits;
        let Some(t) = &mut self.table else { return Ok(()) };
        let (first, repeats) = (t.row, t.row_repeats);
        t.row = t.row.saturating_add(repeats);
        let Some((c0, c1)) = t.row_cols else { return Ok(()) };
        if repeats == 0 {
            return Ok(());
        }
        let last = first + repeats - 1;
        t.filled_rows = Some(t.filled_rows.map_or((first, last), |(a, _)| (a, last)));
        t.filled_cols = Some(t.filled_cols.map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))));
        // calamine keeps each row element's cells up to its last filled one.
        self.raw_total = self.raw_total.saturating_add(c1 + 1);
        self.text_total = self.text_total.saturating_add(t.row_text.saturating_mul(repeats));
        let grid = table_grid(t);
        if self.grid_total.saturating_add(grid) > limits.grid_cells || self.raw_total > limits.grid_cells {
            let (r0, r1) = t.filled_rows.unwrap_or((0, 0));
            let (k0, k1) = t.filled_cols.unwrap_or((0, 0));
            return Err(format!(
                "sheet `{}` spans rows {} to {} and columns {} to {}, {} cells with the sheets before it; Kaohe \
                 reads at most {} cells of an .xls or .ods workbook",
                t.name,
                grouped(r0 + 1),
                grouped(r1 + 1),
                super::column_letter(u32::try_from(k0).unwrap_or(u32::MAX)),
                super::column_letter(u32::try_from(k1).unwrap_or(u32::MAX)),
                grouped(self.grid_total.saturating_add(grid).max(self.raw_total)),
                grouped(limits.grid_cells)
            ));
        }
        if self.text_total > limits.sheet_text {
            return Err(format!(
                "its sheets hold more than {} bytes of text once repeated cells are written out (sheet `{}`); \
                 Kaohe reads at most {} bytes",
                grouped(limits.sheet_text),
                t.name,
                grouped(limits.sheet_text)
            ));
        }
        Ok(())
    }
}

fn table_grid(t: &OdsTable) -> u64 {
    match (t.filled_rows, t.filled_cols) {
        (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
        _ => 0,
    }
}

impl Visitor for OdsContent {
    fn tag(&mut self, kind: TagKind, name: &[u8], attrs: &[u8]) -> Result<(), String> {
        let in_table = self.table.is_some();
        match (name, kind) {
            (b"table:table", TagKind::Start) if !in_table => {
                let name = attribute(attrs, b"table:name").map(|n| String::from_utf8_lossy(n).into_owned());
                self.table = Some(OdsTable {
                    name: name.unwrap_or_default(),
                    row: 0,
                    filled_rows: None,
                    filled_cols: None,
                    row_repeats: 1,
                    col: 0,
                    row_cols: None,
                    row_text: 0,
                    cell_repeats: 1,
                    cell_filled: false,
                });
            }
            (b"table:table", TagKind::End) if in_table => {
                if let Some(t) = self.table.take() {
                    self.grid_total = self.grid_total.saturating_add(table_grid(&t));
                }
            }
            (b"table:table-row", TagKind::Start) if in_table => self.start_row(attrs),
            (b"table:table-row", TagKind::End) if in_table => self.end_row()?,
            (b"table:table-row", TagKind::Empty) if in_table => {
                self.start_row(attrs);
                self.end_row()?;
            }
            (b"table:table-cell" | b"table:covered-table-cell", TagKind::Start) if in_table => self.start_cell(attrs),
            (b"table:table-cell" | b"table:covered-table-cell", TagKind::End) if in_table => self.end_cell()?,
            (b"table:table-cell" | b"table:covered-table-cell", TagKind::Empty) if in_table => {
                self.start_cell(attrs);
                self.end_cell()?;
            }
            // `<text:s text:c="N"/>` is N spaces.
            (b"text:s", TagKind::Start | TagKind::Empty) => {
                let spaces = number(attrs, b"text:c").unwrap_or(1);
                self.cell.text(spaces, "a cell")?;
                if self.cell.inside == 0 && spaces > self.limits.text as u64 {
                    return Err(format!("`<text:s>` asks for {} spaces", grouped(spaces)));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, n: u64) -> Result<(), String> {
        self.cell.text(n, "a cell")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(xml: &str) -> Result<(), String> {
        let mut budget = Budget { used: 0, limit: 1 << 20 };
        scan("part.xml", xml.as_bytes(), &mut budget, &super::super::LIMITS, &mut Plain).map_err(|r| r.0)
    }

    #[test]
    fn well_formed_xml_passes() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]><a x='1>2' y=\"<\"><!-- <c> --><b/>\
                   <![CDATA[<d>]]><c:d></c:d ></a>";
        assert_eq!(scan_text(xml), Ok(()));
    }

    #[test]
    fn misspelled_and_missing_end_tags_are_damage() {
        assert_eq!(
            scan_text("<t:table><t:row></t:row></t:tabel>"),
            Err("`part.xml` is damaged at byte 34: `</t:tabel>` does not close `<t:table>`".into())
        );
        assert_eq!(scan_text("<a><b></b>"), Err("`part.xml` is damaged at byte 10: `<a>` is never closed".into()));
        assert_eq!(scan_text("<a></a></a>"), Err("`part.xml` is damaged at byte 11: `</a>` closes nothing".into()));
        assert_eq!(scan_text("<a"), Err("`part.xml` is damaged at byte 2: the part ends inside a tag".into()));
    }

    #[test]
    fn attributes() {
        let attrs = b" r=\"A1\" t = 's' table:number-columns-repeated=\"16384\"";
        assert_eq!(attribute(attrs, b"r"), Some(&b"A1"[..]));
        assert_eq!(attribute(attrs, b"t"), Some(&b"s"[..]));
        assert_eq!(number(attrs, b"table:number-columns-repeated"), Some(16384));
        assert_eq!(attribute(attrs, b"x"), None);
    }
}
