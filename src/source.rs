//! Source text and spans.
//!
//! Every policy file, and every record file that diagnostics point into, is held once as
//! a [`Source`]: its name and its whole text. A [`Span`] is a byte range into one source
//! and keeps that source alive, so a diagnostic can always show the lines around it with
//! the right line numbers (pest's own positions are mapped here, never re-counted).

use std::fmt;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// One named text: a policy file or a decoded record file.
pub struct Source {
    name: String,
    text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        let name = name.into();
        let text: String = text.into();
        Arc::new(Source { name, text })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
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
        let inner = self.text.read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 { self.line_col(span.offset()).1 - 1 } else { inner.column() };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
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
