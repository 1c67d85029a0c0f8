//! The pass before the grammar: full-width punctuation and line breaks in brackets.
//!
//! It scans the text once, outside strings and comments, and returns a copy of the same
//! byte length (so every span stays valid in the original) in which
//! - each full-width punctuation mark (`：` `，` `（` …) is replaced by the ASCII character
//!   it stands for, padded with spaces, and reported as `kaohe::fullwidth`, so that one
//!   run reports these and every error after them;
//! - each line break inside round brackets is a space, and so is a `//` comment there,
//!   because an expression continues across lines only inside brackets.
//!
//! It also measures bracket depth: deeper than [`MAX_DEPTH`] is refused here, before a
//! recursive parser could run out of stack.

use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};

/// The deepest bracket nesting a policy may use.
pub const MAX_DEPTH: usize = 64;

/// The most prefix operators one expression may nest (far beyond any real policy; it
/// bounds the grammar's recursion).
pub const MAX_PREFIXES: usize = 1000;

/// The ASCII character a full-width mark stands for, if it is one we recognise.
pub fn ascii_for(c: char) -> Option<char> {
    match c {
        '\u{3000}' => Some(' '),
        '“' | '”' | '＂' => Some('"'),
        '‘' | '’' => Some('\''),
        '、' => Some(','),
        '\u{FF01}'..='\u{FF5E}' if !c.is_alphanumeric() => {
            char::from_u32(c as u32 - 0xFEE0).filter(|a| a.is_ascii_punctuation())
        }
        _ => None,
    }
}

pub struct Layout {
    /// Same length as the source text; what the grammar parses.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the text must not be parsed: brackets too deep or never closed.
    pub stop: bool,
}

pub fn prepare(source: &Arc<Source>) -> Layout {
    let text = source.text();
    let mut out = String::with_capacity(text.len());
    let mut diagnostics = Vec::new();
    let mut depth = 0usize;
    let mut open: Vec<usize> = Vec::new();
    // Prefix operators (`-`, `not`, `if`) in the current item, which the grammar nests
    // recursively; an item continues over a line break that follows an operator.
    let mut prefixes = 0usize;
    let mut word = String::new();
    let mut continues = false;
    let mut stop = false;
    // Where the open string started, and whether it was opened by a curly quote.
    let mut string: Option<(usize, bool)> = None;
    let mut in_comment = false;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push(if depth > 0 { ' ' } else { '\n' });
            } else if depth > 0 {
                pad(&mut out, ' ', c.len_utf8());
            } else {
                out.push(c);
            }
            continue;
        }
        if let Some((opened_at, curly)) = string {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some((_, next)) = chars.next() {
                        out.push(next);
                    }
                }
                '"' => {
                    string = None;
                    out.push(c);
                }
                '”' if curly => {
                    string = None;
                    let span = Span::new(source, at, at + c.len_utf8());
                    diagnostics.push(fullwidth(&span, c, '"'));
                    pad(&mut out, '"', c.len_utf8());
                }
                '\n' | '\r' => {
                    string = None;
                    out.push(c);
                    if !stop {
                        stop = true;
                        let span = Span::new(source, opened_at, at);
                        diagnostics.push(
                            Diagnostic::error(Code::Syntax, "this string is not closed")
                                .at(&span, "string without its closing `\"`")
                                .with_help("end the string with `\"` on the same line (write `\\n` for a line break inside it)"),
                        );
                    }
                }
                _ => out.push(c),
            }
            continue;
        }
        let original = c;
        let c = match ascii_for(c) {
            Some(ascii) => {
                let span = Span::new(source, at, at + c.len_utf8());
                diagnostics.push(fullwidth(&span, c, ascii));
                pad(&mut out, ascii, c.len_utf8());
                ascii
            }
            None => {
                if !(c == '\n' || c == '\r') || depth == 0 {
                    out.push(c);
                }
                c
            }
        };
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            if !word.is_empty() {
                if matches!(word.as_str(), "if" | "not") {
                    prefixes += 1;
                }
                continues = matches!(word.as_str(), "and" | "or" | "not" | "if" | "then" | "else");
                word.clear();
            }
            match c {
                '-' => prefixes += 1,
                '\n' if depth == 0 && !continues => prefixes = 0,
                _ => {}
            }
            if !c.is_whitespace() {
                continues = matches!(c, '+' | '-' | '*' | '/' | '=' | '<' | '>' | '!' | ',');
            }
            if prefixes > MAX_PREFIXES && !stop {
                stop = true;
                let span = Span::new(source, at, at + c.len_utf8());
                diagnostics.push(
                    Diagnostic::error(
                        Code::TooDeep,
                        format!("more than {MAX_PREFIXES} nested `-`, `not` or `if` in one expression"),
                    )
                    .at(&span, "too deep")
                    .with_help("name parts of the expression with `let` and use the names"),
                );
            }
        }
        match c {
            '"' => string = Some((at, original != '"')),
            '/' if chars.peek().map(|&(_, n)| n) == Some('/') => {
                in_comment = true;
                if depth > 0 {
                    out.pop();
                    out.push(' ');
                }
            }
            '(' => {
                depth += 1;
                open.push(at);
                if depth > MAX_DEPTH && !stop {
                    stop = true;
                    let span = Span::new(source, at, at + 1);
                    diagnostics.push(
                        Diagnostic::error(Code::TooDeep, format!("brackets nested more than {MAX_DEPTH} deep"))
                            .at(&span, "too deep")
                            .with_help("name a part of the expression with `let` and use the name"),
                    );
                }
            }
            ')' => {
                depth = depth.saturating_sub(1);
                open.pop();
            }
            '\n' | '\r' if depth > 0 => out.push(' '),
            _ => {}
        }
    }
    if let Some(&at) = open.last() {
        // Every line after it was joined into one expression; stop here.
        stop = true;
        let span = Span::new(source, at, at + 1);
        diagnostics.push(
            Diagnostic::error(Code::Syntax, "this `(` is never closed")
                .at(&span, "unclosed bracket")
                .with_help("add the matching `)`; inside brackets an expression continues over line breaks, so the rest of the file was read as part of it"),
        );
    }
    Layout { text: out, diagnostics, stop }
}

fn pad(out: &mut String, c: char, len: usize) {
    out.push(c);
    for _ in c.len_utf8()..len {
        out.push(' ');
    }
}

fn fullwidth(span: &Span, c: char, ascii: char) -> Diagnostic {
    let shown = if c == '\u{3000}' { "ideographic space (U+3000)".to_string() } else { format!("`{c}`") };
    let ascii_shown = if ascii == ' ' { "an ordinary space".to_string() } else { format!("`{ascii}`") };
    let label = if ascii == ' ' { "full-width space" } else { "full-width punctuation" };
    Diagnostic::error(Code::Fullwidth, format!("full-width {shown} outside a string"))
        .at(span, label)
        .with_help(format!("use {ascii_shown} instead (switch the input method to half-width)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_byte_length_and_blanks_breaks_in_brackets() {
        let src = Source::new("t.kh", "a = max(1,\n 2) // x\nb：1\n\"（\"");
        let l = prepare(&src);
        assert_eq!(l.text.len(), src.text().len());
        assert_eq!(l.text, "a = max(1,  2) // x\nb:  1\n\"（\"");
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].code, Code::Fullwidth);
        assert_eq!(l.diagnostics[0].help.as_deref(), Some("use `:` instead (switch the input method to half-width)"));
    }

    #[test]
    fn comment_inside_brackets_is_blanked() {
        let src = Source::new("t.kh", "f(a, // one\n b)");
        assert_eq!(prepare(&src).text, "f(a,         b)");
    }

    #[test]
    fn refuses_deep_nesting() {
        let text = format!("let x = {}1{}", "(".repeat(100), ")".repeat(100));
        let l = prepare(&Source::new("t.kh", text));
        assert!(l.stop);
        assert_eq!(l.diagnostics[0].code, Code::TooDeep);
    }
}
