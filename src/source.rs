//! Source text and spans.
//!
//! Every policy file, and every record file that diagnostics point into, is held once as
//! a [`Source`]: its name and its whole text. A [`Span`] is a byte range into one source
//! and keeps that source alive, so a diagnostic can always show the lines around it with
//! the right line numbers (pest's own positions are mapped here, never re-counted).

use std::fmt;
use std::sync::{Arc, OnceLock};

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// One named text: a policy file or a decoded record file.
pub struct Source {
    name: String,
    text: String,
    /// Where each line starts, indexed once when a position is first asked for: a file
    /// with ten thousand diagnostics is not counted through ten thousand times.
    line_starts: OnceLock<Vec<usize>>,
    /// The text as shown to people, controls masked (see [`Source::shown`]), made once.
    shown: OnceLock<Option<Arc<Source>>>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        let name = name.into();
        let text: String = text.into();
        Arc::new(Source { name, text, line_starts: OnceLock::new(), shown: OnceLock::new() })
    }

    /// The source as excerpts show it: each control, bidi or invisible character replaced
    /// by a visible mark of the same byte length (spans stay valid), or `None` when the
    /// text has none.
    pub fn shown(&self) -> Option<&Arc<Source>> {
        self.shown
            .get_or_init(|| match crate::unicode::masked(&self.text) {
                std::borrow::Cow::Owned(text) => Some(Source::new(self.name.clone(), text)),
                std::borrow::Cow::Borrowed(_) => None,
            })
            .as_ref()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The 0-based line holding a byte offset.
    fn line_index(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The byte range of 0-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let start = starts.get(line).copied().unwrap_or(self.text.len());
        let end = starts.get(line + 1).map_or(self.text.len(), |next| next.saturating_sub(1));
        (start, end.max(start))
    }

    /// How long, in bytes, the line holding a byte offset is.
    pub fn line_len_at(&self, offset: usize) -> usize {
        let (start, end) = self.line_range(self.line_index(offset.min(self.text.len())));
        end - start
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let line_start = self.line_range(line).0.min(offset);
        let col = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, col)
    }
}

/// miette reads the lines around a span from here. Its own column count is in bytes;
/// people count characters (a Chinese character is one column), so the column of the
/// span's start is counted again here.
impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Only the lines around the span are handed to miette's reader, found by the
        // index: reading a span late in a large file costs what reading one early does.
        let offset = span.offset().min(self.text.len());
        let end = (offset + span.len()).min(self.text.len());
        let first = self.line_index(offset).saturating_sub(context_lines_before);
        let last = self.line_index(end.saturating_sub(usize::from(end > offset))) + context_lines_after;
        let from = self.line_range(first).0;
        let to = self.line_starts().get(last + 1).copied().unwrap_or(self.text.len()).max(from);
        let window = self.text.get(from..to).unwrap_or("");
        let local = SourceSpan::from((offset - from, span.len().min(window.len().saturating_sub(offset - from))));
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 { self.line_col(offset).1 - 1 } else { inner.column() };
        let data_span = SourceSpan::from((inner.span().offset() + from, inner.span().len()));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            data_span,
            inner.line() + first,
            column,
            // miette's own reader counts the line breaks from the start of the text to the
            // end of what it read; its merging of nearby labels relies on that.
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_come_from_the_line_index() {
        let src = Source::new("t", "ab\n张三\n\nxyz");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(2), (1, 3));
        assert_eq!(src.line_col(3), (2, 1));
        assert_eq!(src.line_col(6), (2, 2));
        assert_eq!(src.line_col(10), (3, 1));
        assert_eq!(src.line_col(11), (4, 1));
        assert_eq!(src.line_col(99), (4, 4));
        assert_eq!(src.line_range(1), (3, 9));
        assert_eq!(src.line_len_at(12), 3);
    }

    #[test]
    fn spans_read_late_in_a_file_name_their_own_lines() {
        let text: String = (1..=50).map(|i| format!("line {i}\n")).collect();
        let src = Source::new("t", text.clone());
        let at = text.find("line 40").unwrap_or(0);
        let contents = src.read_span(&SourceSpan::from((at, 7)), 1, 1).unwrap();
        assert_eq!(std::str::from_utf8(contents.data()).unwrap(), "line 39\nline 40\nline 41\n");
        assert_eq!(contents.line(), 38);
        assert_eq!(contents.span().offset(), text.find("line 39").unwrap_or(0));
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Source({:?})", self.name)
    }
}

/// A byte range into a [`Source`].
#[derive(Clone)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub source: Arc<Source>,
}

impl Span {
    pub fn new(source: &Arc<Source>, start: usize, end: usize) -> Span {
        Span { start, end, source: source.clone() }
    }

    /// The text the span covers.
    pub fn text(&self) -> &str {
        self.source.text().get(self.start..self.end).unwrap_or("")
    }

    /// The smallest span covering both.
    pub fn to(&self, other: &Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end), source: self.source.clone() }
    }

    pub fn line(&self) -> usize {
        self.source.line_col(self.start).0
    }

    pub fn file(&self) -> &str {
        self.source.name()
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Spans never take part in comparing syntax trees: two parses of the same policy laid
/// out differently are equal.
impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl From<&Span> for miette::SourceSpan {
    fn from(span: &Span) -> Self {
        (span.start, span.end.saturating_sub(span.start)).into()
    }
}
