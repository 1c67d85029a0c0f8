//! CSV and JSON files → decoded text and untyped tables of trimmed text cells.
//!
//! CSV is decoded first: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else
//! GB18030 (a superset of GBK, what Excel writes on Chinese Windows), unless an encoding
//! is forced. JSON is an array of objects; numbers keep their exact text (serde_json's
//! `arbitrary_precision`), so `1280.35` is never a float. The decoded text becomes a
//! [`Source`], so record diagnostics show the offending line like policy diagnostics do.

use std::sync::Arc;

use super::input::{Cell, Encoding, Input, LineCounter, RawRow, RawTable};
use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};

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
                Err(Diagnostic::error(Code::RecordMalformed, tr!("record-not-utf8", file = name, at = at))
                    .at(&span, tr!("record-not-utf8-label"))
                    .with_help(tr!("record-not-utf8-help")))
            }
            Err(_) => {
                let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
                if had_errors {
                    return Err(Diagnostic::error(Code::RecordMalformed, tr!("record-not-text", file = name))
                        .in_file(name)
                        .with_help(tr!("record-not-text-help")));
                }
                Ok(text.into_owned())
            }
        },
    }
}

pub fn read_csv(source: &Arc<Source>) -> Result<RawTable, Diagnostic> {
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

pub fn read_json(source: &Arc<Source>) -> Result<RawTable, Diagnostic> {
    let text = source.text();
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let span = Span::new(source, offset, offset);
        let reason = e.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason).to_string();
        Diagnostic::error(Code::RecordMalformed, tr!("record-json-unreadable", reason = reason.to_string()))
            .at(&span, tr!("record-here"))
            .with_help(tr!("record-json-unreadable-help"))
    })?;
    let whole = Span::new(source, 0, text.len().min(1));
    let serde_json::Value::Array(items) = value else {
        return Err(Diagnostic::error(Code::RecordMalformed, tr!("record-json-not-array"))
            .at(&whole, tr!("record-json-not-array-label"))
            .with_help(tr!("record-json-not-array-help")));
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
            return Err(Diagnostic::error(Code::RecordMalformed, tr!("record-json-not-object", record = n + 1))
                .at(&row_span, tr!("record-json-not-object-label"))
                .with_help(tr!("record-json-not-object-help")));
        };
        if let Some((key, at)) = duplicate_key(text, start, end) {
            let span = Span::new(source, at, at + key.len() + 2);
            return Err(Diagnostic::error(
                Code::RecordMalformed,
                tr!("record-json-key-twice", record = n + 1, key = &key),
            )
            .at(&span, tr!("record-column-twice-label"))
            .with_help(tr!("record-json-key-twice-help")));
        }
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
                    return Err(Diagnostic::error(Code::RecordBadValue, tr!("record-json-nested", key = &key))
                        .at(&value_span, tr!("record-json-nested-label"))
                        .with_help(tr!("record-json-nested-help")));
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

/// The first key given twice in the object that starts at `start` (its text as written,
/// and where the second one stands). JSON readers keep the last value silently; a
/// record file with a key twice is a mistake to report.
fn duplicate_key(text: &str, start: usize, end: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut keys: Vec<&str> = Vec::new();
    let (mut depth, mut i) = (0usize, start);
    while i < end.min(bytes.len()) {
        match bytes.get(i).copied() {
            Some(b'{' | b'[') => depth += 1,
            Some(b'}' | b']') => depth = depth.saturating_sub(1),
            Some(b'"') => {
                let open = i;
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'\\' => i += 1,
                        b'"' => break,
                        _ => {}
                    }
                    i += 1;
                }
                let after = text.get(i + 1..end.min(text.len())).unwrap_or("");
                if depth == 1 && after.trim_start().starts_with(':') {
                    let key = text.get(open + 1..i).unwrap_or("");
                    if keys.contains(&key) {
                        return Some((key.to_string(), open));
                    }
                    keys.push(key);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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
    use crate::records::read_table;

    #[test]
    fn a_key_given_twice_is_refused() {
        let text = r#"[{"id": "A1", "tier": "初级", "id": "A2"}]"#;
        let e = read_table("a.json", text.as_bytes(), Encoding::Auto)
            .err()
            .map(|d| (d.code, d.message, d.span.map(|s| s.start)));
        assert_eq!(e, Some((Code::RecordMalformed, "record 1 gives `id` twice".to_string(), text.rfind("\"id\""))));
        // Nested values and strings holding quotes and colons are not keys.
        assert_eq!(duplicate_key(r#"{"a": "x\":", "b": 1}"#, 0, 24), None);
        assert_eq!(duplicate_key(r#"{"a": "a:", "a" : 2}"#, 0, 21).map(|k| k.0), Some("a".to_string()));
    }

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
