//! Diagnostics: what Kaohe tells a policy author or a finance user about their input.
//!
//! Every refusal is a [`Diagnostic`] with a stable [`Code`], a level, a lowercase
//! message, a primary span with a label, related spans (the earlier declaration of a
//! duplicate, the other end of a cycle) and help where a fix can be suggested. The same
//! value renders as miette's fancy report for people and as one JSON object per line for
//! tools (`--format json`).

use std::fmt;

use miette::{LabeledSpan, SourceCode};
use serde::Serialize;

use crate::source::Span;

/// The stable diagnostic codes of contract section 7, and the record and runtime codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Syntax,
    Undefined,
    Duplicate,
    TypeMismatch,
    UnitMismatch,
    MissingAttribute,
    Cycle,
    Hole,
    NonExhaustive,
    Fullwidth,
    Scope,
    Unreachable,
    /// Values a table sends to `else` although rows on both sides of them match.
    Gap,
    /// A severity, `let`, table or record field that nothing uses.
    Unused,
    /// Two names a reader cannot tell apart (invisible characters, look-alike letters).
    Confusable,
    /// A bidirectional control character: an error in code, a warning in text.
    Bidi,
    TooDeep,
    Io,
    RecordUnknownAgent,
    RecordUnknownViolation,
    RecordUnknownTier,
    RecordDuplicateAgent,
    RecordDateOutsideMonth,
    RecordBadValue,
    RecordMissingColumn,
    RecordRaggedRow,
    RecordHiredAfterMonth,
    RecordNotInEffect,
    RecordHole,
    RecordUndeclaredColumn,
    RecordMalformed,
    RuntimeOverflow,
    RuntimeDivisionByZero,
    /// `avg`, `lowest` or `highest` over no occurrence.
    RuntimeEmpty,
    RuntimeNegativeCap,
    Choice,
    RecordChoice,
    TestFailed,
    /// A snapshot file (`kaohe snapshot`) that cannot be read as one.
    SnapshotMalformed,
    /// An input file of a snapshot that is missing or no longer what was recorded.
    SnapshotInputsChanged,
    /// `kaohe close` of a month the ledger has already closed (without `--reopen`).
    LedgerClosed,
    /// A ledger file that is missing, empty, not a Kaohe ledger, corrupt, or of a newer schema.
    LedgerInvalid,
    /// A ledger whose stored records do not match their hashes, or whose months re-evaluate
    /// to other results.
    LedgerMismatch,
    /// Closing a month earlier than one already closed.
    LedgerOrder,
    /// Closing a month when the month before it is not closed but an earlier one is.
    LedgerGap,
    /// A broken invariant of Kaohe itself (e.g. a table that matches no row although the
    /// checker required `else`): a bug to report, never the user's mistake.
    Internal,
}

impl Code {
    pub const ALL: [Code; 46] = [
        Code::Syntax,
        Code::Undefined,
        Code::Duplicate,
        Code::TypeMismatch,
        Code::UnitMismatch,
        Code::MissingAttribute,
        Code::Cycle,
        Code::Hole,
        Code::NonExhaustive,
        Code::Fullwidth,
        Code::Scope,
        Code::Unreachable,
        Code::Gap,
        Code::Unused,
        Code::Confusable,
        Code::Bidi,
        Code::TooDeep,
        Code::Io,
        Code::RecordUnknownAgent,
        Code::RecordUnknownViolation,
        Code::RecordUnknownTier,
        Code::RecordDuplicateAgent,
        Code::RecordDateOutsideMonth,
        Code::RecordBadValue,
        Code::RecordMissingColumn,
        Code::RecordRaggedRow,
        Code::RecordHiredAfterMonth,
        Code::RecordNotInEffect,
        Code::RecordHole,
        Code::RecordUndeclaredColumn,
        Code::RecordMalformed,
        Code::RuntimeOverflow,
        Code::RuntimeDivisionByZero,
        Code::RuntimeEmpty,
        Code::RuntimeNegativeCap,
        Code::Choice,
        Code::RecordChoice,
        Code::TestFailed,
        Code::SnapshotMalformed,
        Code::SnapshotInputsChanged,
        Code::LedgerClosed,
        Code::LedgerInvalid,
        Code::LedgerMismatch,
        Code::LedgerOrder,
        Code::LedgerGap,
        Code::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "kaohe::syntax",
            Code::Undefined => "kaohe::undefined",
            Code::Duplicate => "kaohe::duplicate",
            Code::TypeMismatch => "kaohe::type_mismatch",
            Code::UnitMismatch => "kaohe::unit_mismatch",
            Code::MissingAttribute => "kaohe::missing_attribute",
            Code::Cycle => "kaohe::cycle",
            Code::Hole => "kaohe::hole",
            Code::NonExhaustive => "kaohe::non_exhaustive",
            Code::Fullwidth => "kaohe::fullwidth",
            Code::Scope => "kaohe::scope",
            Code::Unreachable => "kaohe::unreachable",
            Code::Gap => "kaohe::gap",
            Code::Unused => "kaohe::unused",
            Code::Confusable => "kaohe::confusable",
            Code::Bidi => "kaohe::bidi",
            Code::TooDeep => "kaohe::too_deep",
            Code::Io => "kaohe::io",
            Code::RecordUnknownAgent => "kaohe::record::unknown_agent",
            Code::RecordUnknownViolation => "kaohe::record::unknown_violation",
            Code::RecordUnknownTier => "kaohe::record::unknown_tier",
            Code::RecordDuplicateAgent => "kaohe::record::duplicate_agent",
            Code::RecordDateOutsideMonth => "kaohe::record::date_outside_month",
            Code::RecordBadValue => "kaohe::record::bad_value",
            Code::RecordMissingColumn => "kaohe::record::missing_column",
            Code::RecordRaggedRow => "kaohe::record::ragged_row",
            Code::RecordHiredAfterMonth => "kaohe::record::hired_after_month",
            Code::RecordNotInEffect => "kaohe::record::not_in_effect",
            Code::RecordHole => "kaohe::record::hole",
            Code::RecordUndeclaredColumn => "kaohe::record::undeclared_column",
            Code::RecordMalformed => "kaohe::record::malformed",
            Code::RuntimeOverflow => "kaohe::runtime::overflow",
            Code::RuntimeDivisionByZero => "kaohe::runtime::division_by_zero",
            Code::RuntimeEmpty => "kaohe::runtime::empty",
            Code::RuntimeNegativeCap => "kaohe::runtime::negative_cap",
            Code::Choice => "kaohe::choice",
            Code::RecordChoice => "kaohe::record::choice",
            Code::TestFailed => "kaohe::test::failed",
            Code::SnapshotMalformed => "kaohe::snapshot::malformed",
            Code::SnapshotInputsChanged => "kaohe::snapshot::inputs_changed",
            Code::LedgerClosed => "kaohe::ledger::closed",
            Code::LedgerInvalid => "kaohe::ledger::invalid",
            Code::LedgerMismatch => "kaohe::ledger::mismatch",
            Code::LedgerOrder => "kaohe::ledger::order",
            Code::LedgerGap => "kaohe::ledger::gap",
            Code::Internal => "kaohe::internal",
        }
    }

    pub fn parse(text: &str) -> Option<Code> {
        let wanted = if text.starts_with("kaohe::") { text.to_string() } else { format!("kaohe::{text}") };
        Code::ALL.into_iter().find(|c| c.as_str() == wanted)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// One diagnostic. Build it with [`Diagnostic::error`] or [`Diagnostic::warning`] and the
/// `with_*` methods.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    /// The primary place and its label.
    pub span: Option<Span>,
    pub label: String,
    /// Other places worth showing: an earlier declaration, the rest of a cycle.
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
    /// Where the diagnostic has no span (a missing file), the file it is about.
    pub file: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            span: None,
            label: String::new(),
            related: Vec::new(),
            help: None,
            file: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level: Level::Warning, ..Diagnostic::error(code, message) }
    }

    pub fn at(mut self, span: &Span, label: impl Into<String>) -> Diagnostic {
        self.span = Some(span.clone());
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, span: &Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span.clone(), label.into()));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The file the diagnostic is about.
    pub fn file_name(&self) -> Option<&str> {
        self.span.as_ref().map(Span::file).or(self.file.as_deref())
    }

    /// The machine-readable form printed by `--format json`.
    pub fn to_json(&self) -> JsonDiagnostic {
        let position = |offset: usize| {
            self.span.as_ref().map(|s| {
                let (line, column) = s.source.line_col(offset);
                Position { line, column }
            })
        };
        let start = self.span.as_ref().and_then(|s| position(s.start));
        let end = self.span.as_ref().and_then(|s| position(s.end));
        JsonDiagnostic {
            code: self.code.as_str(),
            severity: match self.level {
                Level::Error => "error",
                Level::Warning => "warning",
            },
            message: self.message.clone(),
            file: self.file_name().map(str::to_string),
            line: start.as_ref().map(|p| p.line),
            column: start.as_ref().map(|p| p.column),
            end,
            label: (!self.label.is_empty()).then(|| self.label.clone()),
            help: self.help.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.as_ref().map(|s| s.source.as_ref() as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.span.as_ref()?;
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        let mut labels = vec![LabeledSpan::new_primary_with_span(label, primary)];
        // miette draws labels from one source only; others are named in the message.
        for (span, text) in &self.related {
            if std::sync::Arc::ptr_eq(&span.source, &primary.source) {
                labels.push(LabeledSpan::new_with_span(Some(text.clone()), span));
            }
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// The "did you mean" of an unknown name: the closest candidate by edit distance, when it
/// is close enough to be a plausible slip.
///
/// The distance is never less than the difference in length, so candidates whose length
/// alone rules them out are skipped without comparing them, a candidate at distance one
/// ends the search, and at most [`MAX_COMPARED`] candidates are compared: ten thousand
/// mistakes among ten thousand names cost a fraction of a second, not minutes.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_len = wanted.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    let mut compared = 0;
    for c in candidates {
        if compared == MAX_COMPARED {
            break;
        }
        if c == wanted {
            continue;
        }
        let c_len = c.chars().count();
        let len = wanted_len.max(c_len);
        let allowed = 2.max(len / 3).min(len.saturating_sub(1));
        let bound = best.map_or(allowed, |(d, _)| allowed.min(d.saturating_sub(1)));
        if wanted_len.abs_diff(c_len) > bound {
            continue;
        }
        compared += 1;
        let d = strsim::levenshtein(wanted, c);
        if d <= bound && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
            if d <= 1 {
                break;
            }
        }
    }
    best.map(|(_, c)| c)
}

/// How many candidates one "did you mean" compares at most.
pub const MAX_COMPARED: usize = 1_000;

/// Renders diagnostics for people (miette's fancy report) or as JSON lines.
pub fn render_human(diags: &[Diagnostic], color: bool) -> String {
    let handler = handler(color);
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_with(&handler, d));
    }
    out
}

/// How many diagnostics of one code are drawn for people; the rest are counted.
pub const SHOWN_PER_CODE: usize = 20;

/// Renders diagnostics for people one at a time, handing each to `sink` as soon as it is
/// drawn, at most [`SHOWN_PER_CODE`] of each code; then one line per code for the ones
/// not drawn ("… and 9,980 more like this").
pub fn render_human_streamed(diags: &[Diagnostic], color: bool, sink: &mut dyn FnMut(&str)) {
    let handler = handler(color);
    let mut seen: Vec<(Code, usize)> = Vec::new();
    for d in diags {
        let n = match seen.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((d.code, 1));
                1
            }
        };
        if n <= SHOWN_PER_CODE {
            sink(&render_with(&handler, d));
        }
    }
    for (code, n) in seen {
        if n > SHOWN_PER_CODE {
            sink(&format!("{}\n", tr!("diag-more-like-this", count = n - SHOWN_PER_CODE, code = code.as_str())));
        }
    }
}

fn handler(color: bool) -> miette::GraphicalReportHandler {
    if color {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_links(false)
            .without_syntax_highlighting()
    }
    .with_width(100)
}

/// A diagnostic as people may see it: controls and invisible characters in its texts
/// escaped, and its excerpts taken from the masked source (a terminal escape in a record
/// is shown, never obeyed; a bidi override cannot reorder the line).
fn for_people(d: &Diagnostic) -> std::borrow::Cow<'_, Diagnostic> {
    use crate::unicode::printable;
    let shown = |span: &Span| span.source.shown().map(|s| Span::new(s, span.start, span.end));
    let texts_clean = [&d.message, &d.label].iter().all(|t| matches!(printable(t), std::borrow::Cow::Borrowed(_)))
        && d.help.as_deref().is_none_or(|h| matches!(printable(h), std::borrow::Cow::Borrowed(_)))
        && d.related.iter().all(|(_, l)| matches!(printable(l), std::borrow::Cow::Borrowed(_)));
    let spans_clean = d.span.as_ref().is_none_or(|s| shown(s).is_none());
    if texts_clean && spans_clean {
        return std::borrow::Cow::Borrowed(d);
    }
    let mut c = d.clone();
    c.message = printable(&d.message).into_owned();
    c.label = printable(&d.label).into_owned();
    c.help = d.help.as_deref().map(|h| printable(h).into_owned());
    if let Some(span) = &d.span {
        c.span = Some(shown(span).unwrap_or_else(|| span.clone()));
    }
    c.related = d
        .related
        .iter()
        .map(|(span, label)| (shown(span).unwrap_or_else(|| span.clone()), printable(label).into_owned()))
        .collect();
    std::borrow::Cow::Owned(c)
}

/// One diagnostic for people, followed by a blank line.
fn render_with(handler: &miette::GraphicalReportHandler, d: &Diagnostic) -> String {
    let d = for_people(d);
    let d = d.as_ref();
    {
        // miette cannot draw a label past column 65535, and draws a line whole however
        // long: such a place is shown by its position instead.
        let far = d.span.as_ref().is_some_and(|s| {
            s.source.line_len_at(s.start) > MAX_EXCERPT_LINE || s.source.line_col(s.start).1 > MAX_LABEL_COLUMN
        });
        let rendered = if far {
            let (line, col) = d.span.as_ref().map_or((0, 0), |s| s.source.line_col(s.start));
            let file = d.file_name().unwrap_or("").to_string();
            let mut plain = d.clone();
            plain.span = None;
            plain.related.clear();
            plain.message =
                tr!("diag-at-position", message = d.message.as_str(), file = file, line = line, column = col);
            render_one(handler, &plain)
        } else {
            render_one(handler, d)
        };
        let mut out = rendered.unwrap_or_else(|| format!("{}: {}\n", d.code, d.message));
        if crate::i18n::current() != crate::i18n::Lang::En {
            // miette writes its one word, `help:`, itself; the width is the same.
            out = out.replace("  help: ", &format!("  {}", tr!("diag-help-heading")));
        }
        out.push('\n');
        out
    }
}

/// The rightmost column whose label miette can draw.
const MAX_LABEL_COLUMN: usize = 60_000;

/// The longest line (in bytes) shown as an excerpt; a longer one is named by position.
const MAX_EXCERPT_LINE: usize = 4_000;

fn render_one(handler: &miette::GraphicalReportHandler, d: &Diagnostic) -> Option<String> {
    let mut out = String::new();
    // A renderer failure must cost the picture, not the message.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler.render_report(&mut out, d)));
    match drawn {
        Ok(Ok(())) => Some(out),
        _ => None,
    }
}

pub fn render_json(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        match serde_json::to_string(&d.to_json()) {
            Ok(line) => out.push_str(&line),
            Err(_) => out.push_str(&format!("{{\"code\":\"{}\"}}", d.code)),
        }
        out.push('\n');
    }
    out
}
