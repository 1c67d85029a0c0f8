//! After a grammar error: the syntax errors of every declaration, not only the first.
//!
//! The text is cut into top-level declarations by lines (a declaration keyword at brace
//! depth 0, or at column 0, with the doc comment lines right above it), and each is
//! parsed on its own with the rest of the text blanked, so offsets stay the same. A
//! declaration whose `{` is never closed is reported as such, since the grammar's own
//! error would point at the next declaration instead.

use std::sync::Arc;

use pest::Parser as _;

use super::messages::grammar_error;
use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};
use crate::syntax::grammar::{KaoheGrammar, Rule};
use crate::syntax::keywords::is_declaration_word;
use crate::syntax::scan;

/// The diagnostics of a text that does not parse; `first` is the grammar's error for the
/// whole text, reported when the text is not several declarations or they all parse.
pub(super) fn recover(source: &Arc<Source>, text: &str, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let chunks = declaration_chunks(text);
    let mut diags = Vec::new();
    if chunks.len() > 1 {
        for (start, end) in chunks {
            let blanked = blank_outside(text, start, end);
            if let Err(err) = KaoheGrammar::parse(Rule::file, &blanked) {
                diags.push(match unclosed_brace(text, start, end) {
                    Some(at) => Diagnostic::error(Code::Syntax, tr!("syntax-block-unclosed"))
                        .at(&Span::new(source, at, at + 1), tr!("syntax-block-unclosed-label"))
                        .with_help(tr!("syntax-block-unclosed-help")),
                    None => grammar_error(source, &blanked, &err),
                });
            }
        }
    }
    if diags.is_empty() {
        diags.push(grammar_error(source, text, first));
    }
    diags
}

/// Byte ranges of the top-level declarations: a declaration starts on a line at brace
/// depth 0 (or at column 0) whose first word is a declaration keyword, together with the
/// doc comment lines right above it.
fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut depth = 0i64;
    let mut offset = 0;
    let mut doc_start: Option<usize> = None;
    let mut braces = scan::code_chars(text).filter(|&(_, c)| c == '{' || c == '}').peekable();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let at_col0 = trimmed.len() == line.len();
        let word: String = trimmed.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if trimmed.starts_with("///") && depth == 0 {
            doc_start.get_or_insert(offset);
        } else if (is_declaration_word(&word) || declaration_mark(trimmed)) && (depth == 0 || at_col0) {
            depth = 0;
            starts.push(doc_start.take().unwrap_or(offset));
        } else if !trimmed.is_empty() {
            doc_start = None;
        }
        let line_end = offset + line.len();
        while let Some((_, brace)) = braces.next_if(|&(at, _)| at < line_end) {
            depth += if brace == '{' { 1 } else { -1 };
        }
        offset = line_end;
    }
    let mut chunks = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        chunks.push((*s, e));
    }
    chunks
}

/// The last `{` in `text[start..end]` without its `}`, outside strings and comments.
fn unclosed_brace(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut open = Vec::new();
    for (at, c) in scan::code_chars(text.get(start..end)?) {
        match c {
            '{' => open.push(start + at),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.last().copied()
}

/// The text with everything outside `start..end` turned into spaces (line breaks kept),
/// byte for byte.
fn blank_outside(text: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (start..end).contains(&i) || c == '\n' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

/// Whether a line of a Chinese-dialect file (as the grammar reads it) begins with the
/// mark of a declaration keyword.
fn declaration_mark(line: &str) -> bool {
    crate::syntax::dialect::keyword_of_mark(line)
        .is_some_and(|k| k.kind() == crate::syntax::keywords::Kind::Declaration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_start_at_depth_zero_with_their_docs() {
        let text = "/// a\nlet a = 1\ntier T {\n  let = \"{\" // {\n}\nlet b = 2\n";
        let b = text.find("let b").unwrap();
        assert_eq!(declaration_chunks(text), [(0, 16), (16, b), (b, text.len())]);
    }

    #[test]
    fn unclosed_brace_ignores_braces_in_strings_and_comments() {
        let text = "tier T { \"}\" // }\n";
        assert_eq!(unclosed_brace(text, 0, text.len()), Some(7));
        assert_eq!(unclosed_brace("pay { }", 0, 7), None);
    }

    #[test]
    fn a_string_continued_over_a_line_break_hides_its_braces() {
        // `\` before a line break escapes it: the grammar reads one string over two lines.
        let text = "tier A {\n  x = \"a\\\n{ b\"\n";
        assert_eq!(unclosed_brace(text, 0, text.len()), Some(7));
    }
}
