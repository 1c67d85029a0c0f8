//! A snapshot's header: insta's YAML front matter, written byte for byte as insta's own
//! emitter writes these fields (a scalar is quoted exactly when insta would quote it), and
//! read back by a strict reader of that subset — `key: value` lines, nested by two
//! spaces, plain, `"double"` or `'single'` quoted scalars. Fields it does not know
//! (`expression`, `assertion_line`, …) are skipped, as insta skips ours.

use std::sync::Arc;

use super::{Header, Input, FORMAT};
use crate::diag::Diagnostic;
use crate::source::{Source, Span};

/// The header's text, from the opening `---` to the closing one and its line break.
pub(super) fn write(h: &Header) -> String {
    let mut o = String::from("---\n");
    field(&mut o, 0, "source", &scalar(&h.policy));
    field(&mut o, 0, "description", &scalar(&format!("kaohe snapshot of {} on {}", h.policy, h.month)));
    o.push_str("info:\n");
    // An integer in YAML: never quoted.
    field(&mut o, 1, "kaohe_snapshot", &FORMAT.to_string());
    field(&mut o, 1, "month", &scalar(&h.month.to_string()));
    for (key, input) in [("agents", &h.agents), ("incidents", &h.incidents)] {
        o.push_str(&format!("  {key}:\n"));
        field(&mut o, 2, "path", &scalar(&input.path));
        field(&mut o, 2, "sha256", &scalar(&input.sha256));
    }
    o.push_str("---\n");
    o
}

fn field(o: &mut String, level: usize, key: &str, value: &str) {
    o.push_str(&"  ".repeat(level));
    o.push_str(key);
    o.push_str(": ");
    o.push_str(value);
    o.push('\n');
}

/// A string as insta's YAML emitter writes it: plain unless YAML would read it as
/// something else (a number, a boolean, null), or it holds a character with a meaning.
fn scalar(s: &str) -> String {
    if !needs_quotes(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// insta's rule (its vendored emitter's `need_quotes`), case for case.
fn needs_quotes(s: &str) -> bool {
    const WORDS: [&str; 22] = [
        "yes", "Yes", "YES", "no", "No", "NO", "True", "TRUE", "true", "False", "FALSE", "false", "on", "On", "ON",
        "off", "Off", "OFF", "null", "Null", "NULL", "~",
    ];
    s.is_empty()
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.starts_with(['&', '*', '?', '|', '-', '<', '>', '=', '!', '%', '@'])
        || s.contains(|c: char| {
            matches!(c, ':' | '{' | '}' | '[' | ']' | ',' | '#' | '`' | '"' | '\'' | '\\' | '\0'..='\x06' | '\t' | '\n' | '\r' | '\x0e'..='\x1a' | '\x1c'..='\x1f')
        })
        || WORDS.contains(&s)
        || s.starts_with('.')
        || s.starts_with("0x")
        || s.parse::<i64>().is_ok()
        || s.parse::<f64>().is_ok()
}

/// One `key: value` of the header, by its path (`info.agents.sha256`), with its line.
struct Entry {
    path: String,
    value: String,
    span: Span,
}

/// Reads the header; gives it and the offset where the body starts.
pub(super) fn parse(source: &Arc<Source>) -> Result<(Header, usize), Diagnostic> {
    let text = source.text();
    let file = source.name().to_string();
    let malformed = |span: Span, what: &str, label: &str| super::malformed(&file, &span, what, label);
    let line_span = |start: usize, line: &str| Span::new(source, start, start + line.len());
    let mut lines = lines_with_offsets(text);
    let (first_at, first) = match lines.next() {
        Some((at, line, _)) if !text.trim().is_empty() => (at, line),
        _ => {
            let (what, label) = (tr!("snapshot-empty"), tr!("snapshot-empty-label"));
            return Err(malformed(Span::new(source, 0, 0), &what, &label));
        }
    };
    // An editor may have put a byte order mark in front.
    let first = first.strip_prefix('\u{feff}').unwrap_or(first);
    if first != "---" {
        let (what, label) = (tr!("snapshot-no-start"), tr!("snapshot-no-start-label"));
        return Err(malformed(line_span(first_at, first), &what, &label));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut body_start = None;
    for (at, line, next) in lines.by_ref() {
        let span = line_span(at, line);
        if line == "---" {
            body_start = Some(next);
            break;
        }
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if content.starts_with('\t') || indent % 2 == 1 || indent / 2 > open.len() {
            return Err(malformed(span, &tr!("snapshot-indented"), &tr!("snapshot-indented-label")));
        }
        open.truncate(indent / 2);
        let Some((key, rest)) = split_key(content) else {
            return Err(malformed(span, &tr!("snapshot-not-key-value"), &tr!("snapshot-not-key-value-label")));
        };
        let path = if open.is_empty() { key.to_string() } else { format!("{}.{key}", open.join(".")) };
        // Spaces only: a value may end in other white space (U+3000) that is its own.
        if rest.trim_matches(' ').is_empty() {
            open.push(key.to_string());
            continue;
        }
        let value = match unquoted(rest.trim_matches(' ')) {
            Ok(v) => v,
            Err(why) => return Err(malformed(span, &why, &tr!("snapshot-this-value"))),
        };
        if entries.iter().any(|e| e.path == path) {
            return Err(malformed(span, &tr!("snapshot-key-twice", key = &path), &tr!("snapshot-key-twice-label")));
        }
        entries.push(Entry { path, value, span });
    }
    let Some(body_start) = body_start else {
        let (what, label) = (tr!("snapshot-not-closed"), tr!("snapshot-not-closed-label"));
        return Err(malformed(line_span(first_at, first), &what, &label));
    };
    let whole = line_span(first_at, first);
    let get = |path: &str| -> Result<&Entry, Diagnostic> {
        entries
            .iter()
            .find(|e| e.path == path)
            .ok_or_else(|| malformed(whole.clone(), &tr!("snapshot-no-key", key = path), &tr!("snapshot-this-header")))
    };
    let format = get("info.kaohe_snapshot")?;
    if format.value != FORMAT.to_string() {
        let what = tr!("snapshot-other-format", found = &format.value, format = FORMAT);
        return Err(malformed(format.span.clone(), &what, &tr!("snapshot-the-format")));
    }
    let month = get("info.month")?;
    let month_value =
        month.value.parse().map_err(|e: String| malformed(month.span.clone(), &e, &tr!("snapshot-the-month")))?;
    let input = |key: &str| -> Result<Input, Diagnostic> {
        let path = get(&format!("info.{key}.path"))?;
        if path.value.is_empty() {
            let what = tr!("snapshot-empty-path", file = input_file(key));
            return Err(malformed(path.span.clone(), &what, &tr!("snapshot-this-path")));
        }
        let sha = get(&format!("info.{key}.sha256"))?;
        let hex = sha.value.len() == 64 && sha.value.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex {
            let what = tr!("snapshot-bad-hash", file = input_file(key));
            return Err(malformed(sha.span.clone(), &what, &tr!("snapshot-this-hash")));
        }
        Ok(Input { path: path.value.clone(), sha256: sha.value.to_ascii_lowercase() })
    };
    let header = Header {
        policy: get("source")?.value.clone(),
        month: month_value,
        agents: input("agents")?,
        incidents: input("incidents")?,
    };
    Ok((header, body_start.min(text.len())))
}

/// The input file a header key names, for people (`agents` is the agents file).
pub(super) fn input_file(key: &str) -> String {
    if key == "agents" {
        tr!("snapshot-agents-file")
    } else {
        tr!("snapshot-incidents-file")
    }
}

/// The lines of a text with the offset each starts at and the offset of the next one,
/// without `\n` or `\r\n`.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut at = 0;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line.strip_suffix('\r').unwrap_or(line), at)
    })
}

/// `key: value` or `key:` into the key and the rest; a key is plain (letters, digits, `_`).
fn split_key(content: &str) -> Option<(&str, &str)> {
    let (key, rest) = match content.split_once(": ") {
        Some((k, r)) => (k, r),
        None => (content.strip_suffix(':')?, ""),
    };
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    plain.then_some((key, rest))
}

/// A scalar's value: plain (a comment after ` #` dropped), or quoted with its escapes.
fn unquoted(raw: &str) -> Result<String, String> {
    if let Some(rest) = raw.strip_prefix('"') {
        return double_quoted(rest);
    }
    if let Some(rest) = raw.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                return after_closing(chars.collect::<String>().as_str()).map(|()| out);
            }
            out.push(c);
        }
        return Err(tr!("snapshot-quote-not-closed"));
    }
    let plain = raw.split_once(" #").map_or(raw, |(v, _)| v).trim_end_matches(' ');
    Ok(plain.to_string())
}

fn double_quoted(rest: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return after_closing(chars.as_str()).map(|()| out),
            '\\' => {
                let e = chars.next().ok_or_else(|| tr!("snapshot-quote-not-closed"))?;
                match e {
                    '"' | '\\' | '/' => out.push(e),
                    'b' => out.push('\u{8}'),
                    't' => out.push('\t'),
                    'n' => out.push('\n'),
                    'f' => out.push('\u{c}'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|_| tr!("snapshot-escape-digits"))?;
                        out.push(char::from_u32(code).ok_or_else(|| tr!("snapshot-escape-no-character"))?);
                    }
                    _ => return Err(tr!("snapshot-escape-unknown")),
                }
            }
            c => out.push(c),
        }
    }
    Err(tr!("snapshot-quote-not-closed"))
}

/// What may follow a closing quote: nothing, or a comment.
fn after_closing(rest: &str) -> Result<(), String> {
    let rest = rest.trim_matches(' ');
    if rest.is_empty() || rest.starts_with('#') {
        Ok(())
    } else {
        Err(tr!("snapshot-after-quote"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_as_insta_quotes() {
        assert_eq!(scalar("customer-service.kh"), "customer-service.kh");
        assert_eq!(scalar("2024-10"), "2024-10");
        assert_eq!(scalar("../examples/2024-10/agents.csv"), "\"../examples/2024-10/agents.csv\"");
        assert_eq!(scalar("-x"), "\"-x\"");
        assert_eq!(scalar("1234"), "\"1234\"");
        assert_eq!(scalar("1e5"), "\"1e5\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        // insta quotes a string for some controls only; an escape alone stays plain.
        assert_eq!(scalar("\u{1b}"), "\u{1b}");
        assert_eq!(scalar("a\u{1}"), "\"a\\u0001\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("考核 办法"), "考核 办法");
    }

    #[test]
    fn quoted_values_read_back() {
        for s in ["../x.csv", "a: b", "say \"hi\"\n\t\\", "\u{1b}[31m", "", "1234", "~"] {
            assert_eq!(unquoted(&scalar(s)).unwrap(), s, "{s:?}");
        }
        assert_eq!(unquoted("'it''s'").unwrap(), "it's");
        assert_eq!(unquoted("plain # comment").unwrap(), "plain");
        assert!(unquoted("\"open").is_err());
        assert!(unquoted("\"a\" b").is_err());
        assert!(unquoted("\"\\u12\"").is_err());
        assert!(unquoted("\"\\q\"").is_err());
    }
}
