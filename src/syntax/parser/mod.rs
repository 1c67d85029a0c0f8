//! From the laid-out text to the syntax tree, or to the reasons there is none.
//!
//! [`parse_text`] runs the pest grammar on the text [`super::layout`] prepared. When the
//! text parses, a builder turns pest's pairs into the tree: `decls.rs` builds declarations
//! and their items, `exprs.rs` expressions and literals, each function mirroring the
//! grammar rule of its name in `grammar/kaohe.pest`. Literal values are decoded there
//! (numbers, dates, strings, unit spellings), so a bad literal is reported with its own
//! span rather than as a grammar error, and the tree is still returned. When the text
//! does not parse, `recover.rs` re-parses it declaration by declaration so one run reports
//! the syntax errors of every declaration, and `messages.rs` words each error.
//!
//! Spans are byte ranges into the original text (layout keeps offsets), without the
//! blanks and `//` comments pest leaves at a construct's end.

mod decls;
mod exprs;
mod messages;
mod recover;

use std::sync::Arc;

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::{Doc, Ident, PolicyFile};
use super::grammar::{KaoheGrammar, Rule};
use super::keywords::{english_word, Dialect, Keyword, Place};
use super::scan;
use crate::diag::Diagnostic;
use crate::source::{Source, Span};

pub use exprs::{unit, MAX_EXPR_DEPTH};

/// Parses `text` (the laid-out copy of `source`'s text, same byte offsets).
pub fn parse_text(source: &Arc<Source>, text: &str, dialect: Dialect) -> (Option<PolicyFile>, Vec<Diagnostic>) {
    let pairs = match KaoheGrammar::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(err) => return (None, recover::recover(source, text, &err)),
    };
    let mut b = Builder { source: source.clone(), dialect, diags: Vec::new(), depth: 0, too_deep: false };
    let mut decls = Vec::new();
    for pair in pairs.flatten().filter(|p| p.as_rule() == Rule::decl) {
        if let Some(d) = b.decl(pair) {
            decls.push(d);
        }
    }
    (Some(PolicyFile { decls, dialect }), b.diags)
}

/// Builds the tree of one file and collects the diagnostics of its literals.
struct Builder {
    source: Arc<Source>,
    /// The file's dialect: its Chinese words are read as the English ones they stand for.
    dialect: Dialect,
    diags: Vec<Diagnostic>,
    /// How deep the expression being built is nested.
    depth: usize,
    /// Whether an expression was already refused as too deep (reported once).
    too_deep: bool,
}

/// A construct that begins or ends with a quoted name (`基本工资 - 「罚款」`, `「罚款」`)
/// spans its `「` and `」`, which the grammar reads as spaces; the name's own span (an
/// [`Ident`]'s) stays inside them.
fn with_quotes(text: &str, start: usize, end: usize) -> (usize, usize) {
    use crate::syntax::dialect::{NAME_CLOSE, NAME_OPEN};
    let before_open = text.get(..start).is_some_and(|before| before.ends_with(NAME_OPEN));
    let after_close = text.get(end..).is_some_and(|after| after.starts_with(NAME_CLOSE));
    if !before_open && !after_close {
        // Nearly every construct: nothing to look for inside it.
        return (start, end);
    }
    let inner = text.get(start..end).unwrap_or("");
    if before_open && after_close && !inner.contains([NAME_OPEN, NAME_CLOSE]) {
        // The quoted name alone, as an expression.
        return (start - NAME_OPEN.len_utf8(), end + NAME_CLOSE.len_utf8());
    }
    let mut span = (start, end);
    // An unclosed `「` at the end of the construct, an unopened `」` at its start.
    let open_at_end = inner.rfind(NAME_OPEN).is_some_and(|o| inner.rfind(NAME_CLOSE).is_none_or(|c| c < o));
    if after_close && open_at_end {
        span.1 = end + NAME_CLOSE.len_utf8();
    }
    let close_at_start = inner.find(NAME_CLOSE).is_some_and(|c| inner.find(NAME_OPEN).is_none_or(|o| c < o));
    if before_open && close_at_start {
        span.0 = start - NAME_OPEN.len_utf8();
    }
    span
}

impl Builder {
    /// A pair's span, without the spaces and `//` comments pest leaves at its end.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        let text = self.source.text();
        // A full-width mark reaches the grammar as its ASCII twin and spaces: a construct
        // that ends on one ends after the whole character.
        let mut end = s.end();
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let (start, end) = with_quotes(text, s.start(), code_end(text, s.start(), end));
        Span::new(&self.source, start, end)
    }

    /// A name, as the source writes it (a Chinese-dialect file's built-in names in
    /// English); a keyword read where a name stands is its English spelling.
    fn ident(&self, pair: Pair<Rule>) -> Ident {
        self.name_at(pair, None)
    }

    /// A name at a place with words of its own (a type, a field, an expectation).
    fn name_at(&self, pair: Pair<Rule>, place: Option<Place>) -> Ident {
        let mut span = self.span(&pair);
        use crate::syntax::dialect::{NAME_CLOSE, NAME_OPEN};
        let text = self.source.text().get(span.start..span.end).unwrap_or("");
        if text.starts_with(NAME_OPEN) && text.ends_with(NAME_CLOSE) {
            span = Span::new(&self.source, span.start + NAME_OPEN.len_utf8(), span.end - NAME_CLOSE.len_utf8());
        }
        if let Some(k) = keyword_of(pair.as_rule()) {
            return Ident { name: k.spelling().to_string(), span };
        }
        let text = self.source.text().get(span.start..span.end).unwrap_or_else(|| pair.as_str());
        // `「合计」` is a name of the policy's own, never the built-in it spells.
        let quoted = self.source.text().get(..span.start).is_some_and(|before| before.ends_with('「'));
        let name = match self.dialect {
            // A contextual word read as a name is the English word's name (`罚款` is
            // `fine`), as in an English file.
            Dialect::Chinese if !quoted => match crate::syntax::dialect::contextual_in_chinese(text) {
                Some(k) => k.spelling(),
                None => english_word(text, place).unwrap_or(text),
            },
            _ => text,
        };
        Ident { name: name.to_string(), span }
    }

    /// `docs`: the `///` lines, each without its slashes and one space after them.
    fn docs(&self, pair: Pair<Rule>) -> Doc {
        let lines = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::doc)
            .map(|p| {
                let text = p.as_str().trim_start_matches("///");
                text.strip_prefix(' ').unwrap_or(text).trim_end().to_string()
            })
            .collect();
        Doc { lines }
    }

    /// Splits an item pair into its docs and its one content pair. Spans of items are
    /// taken from the content, so they start at the item, not at its doc comment.
    fn doc_and_body<'i>(&self, pair: Pair<'i, Rule>) -> Option<(Doc, Pair<'i, Rule>)> {
        let mut doc = Doc::default();
        let mut body = None;
        for p in pair.into_inner() {
            if p.as_rule() == Rule::docs {
                doc = self.docs(p);
            } else {
                body = Some(p);
            }
        }
        body.map(|b| (doc, b))
    }
}

/// The end of the code in `text[start..end]`: trailing blanks and a trailing `//`
/// comment are not part of a construct. Only the last line is read each time: a comment
/// that ends a construct stands on it.
fn code_end(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let Some(part) = text.get(start..end) else { return end };
        let trimmed = part.trim_end_matches([' ', '\t', '\r', '\n']);
        end = start + trimmed.len();
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = trimmed.get(line_start..).unwrap_or("");
        match scan::segments(line).find(|s| s.region.is_comment()) {
            Some(comment) => end = start + line_start + comment.start,
            None => return end,
        }
    }
}

fn inner_of(pair: Pair<Rule>, rule: Rule) -> Option<Pair<Rule>> {
    pair.into_inner().find(|p| p.as_rule() == rule)
}

/// The keyword a grammar rule reads (`kw_tier` reads `tier`), if it reads one.
fn keyword_of(rule: Rule) -> Option<Keyword> {
    Keyword::from_rule_name(&format!("{rule:?}"))
}

/// Whether the rule reads a reserved keyword.
fn is_keyword(rule: Rule) -> bool {
    keyword_of(rule).is_some_and(Keyword::is_reserved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_end_leaves_out_trailing_blanks_and_comments() {
        let text = "TBD  // c\n  // d\n";
        assert_eq!(code_end(text, 0, text.len()), 3);
        let text = "a // c\n b";
        assert_eq!(code_end(text, 0, text.len()), text.len());
        let text = "\"a // b\"  ";
        assert_eq!(code_end(text, 0, text.len()), 8);
        assert_eq!(code_end("x", 0, 1), 1);
    }

    #[test]
    fn code_end_reads_curly_quoted_strings_as_layout_does() {
        // The curly quote is reported as full-width punctuation; the `//` inside the string
        // it opens is not a comment.
        let text = "let u = “http://x\"";
        assert_eq!(code_end(text, 0, text.len()), text.len());
    }
}
