//! A file's header against a policy's record schema, and rows typed by it.
//!
//! The header decides which column holds each field (missing required columns are
//! errors, undeclared ones warnings); each row is then typed cell by cell ([`super::cell`]),
//! an empty cell taking the field's default.

use std::collections::HashMap;

use super::cell;
use super::input::{Cell, Input, RowView};
use crate::check::program::*;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::keywords::{word_in, Dialect, Place};

/// Which column holds each field, and the fields' defaults.
pub struct Columns {
    pub slots: Vec<Option<usize>>,
    pub defaults: Vec<Option<Value>>,
    pub header_len: usize,
}

impl Columns {
    /// The column holding the field at `index` of its schema.
    pub fn slot(&self, index: usize) -> Option<usize> {
        self.slots.get(index).copied().flatten()
    }
}
/// Checks a file's header against a schema: missing columns are errors, undeclared ones
/// warnings. `None` when a required column is missing (no row can be typed).
pub fn schema_columns(
    program: &Program,
    fields: &[FieldDef],
    input: &Input,
    record: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Columns> {
    let columns = match input.columns() {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    // A JSON file `[]` has no records, hence no keys: a month with none of them, not a
    // file missing its columns.
    let no_records = matches!(input, Input::Json(t) if t.rows.is_empty());
    let header = Header { input, record, columns: &columns, names: columns.iter().map(|c| c.text.as_str()).collect() };
    header.duplicate_columns(diags);
    let slots: Vec<Option<usize>> = fields.iter().map(|f| header.slot(f, diags)).collect();
    let missing = !no_records && header.missing_columns(fields, &slots, diags);
    header.undeclared_columns(fields, &slots, diags);
    if missing {
        return None;
    }
    let defaults =
        fields.iter().map(|f| f.default.as_ref().and_then(|d| crate::eval::constant(program, d).ok())).collect();
    Some(Columns { slots, defaults, header_len: columns.len() })
}

/// A file's header row, read against one schema.
struct Header<'a> {
    input: &'a Input,
    /// `agent` or `incident`.
    record: &'a str,
    columns: &'a [Cell],
    names: Vec<&'a str>,
}

impl Header<'_> {
    fn needed(&self, f: &FieldDef) -> bool {
        f.required()
    }

    /// The column a field is read from: the first whose header is one of the field's.
    /// Two different headers of one field (`id` and `工号`) are an error at the second;
    /// one header twice is [`Header::duplicate_columns`]'s.
    fn slot(&self, f: &FieldDef, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        let mut found = self.names.iter().enumerate().filter(|(_, c)| f.columns.iter().any(|h| h == *c));
        let (first, first_name) = found.next()?;
        if let Some((second, name)) = found.find(|(_, c)| *c != first_name) {
            if let (Some(a), Some(b)) = (self.columns.get(first), self.columns.get(second)) {
                diags.push(
                    Diagnostic::error(
                        Code::RecordMalformed,
                        tr!("record-field-two-columns", field = &f.name, first = *first_name, second = *name),
                    )
                    .at(&b.span, tr!("record-field-two-columns-label", field = &f.name))
                    .with_related(&a.span, tr!("record-field-two-columns-first"))
                    .with_help(tr!("record-field-two-columns-help", field = &f.name)),
                );
            }
        }
        Some(first)
    }

    /// The same column twice is an error at the second.
    fn duplicate_columns(&self, diags: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        for col in self.columns {
            if let Some(first) = seen.get(col.text.as_str()) {
                diags.push(
                    Diagnostic::error(Code::RecordMalformed, tr!("record-column-twice", column = &col.text))
                        .at(&col.span, tr!("record-column-twice-label"))
                        .with_related(first, tr!("record-column-twice-first"))
                        .with_help(tr!("record-column-twice-help")),
                );
            }
            seen.insert(&col.text, &col.span);
        }
    }

    /// A required field without its column is an error (with a rename hint); whether any
    /// was missing.
    fn missing_columns(&self, fields: &[FieldDef], slots: &[Option<usize>], diags: &mut Vec<Diagnostic>) -> bool {
        let mut missing = false;
        for (f, slot) in fields.iter().zip(slots) {
            if slot.is_none() && self.needed(f) {
                missing = true;
                diags.push(self.missing_column(fields, f));
            }
        }
        missing
    }

    fn missing_column(&self, fields: &[FieldDef], f: &FieldDef) -> Diagnostic {
        let (file, record, is_json) = (self.input.source().name(), self.record, self.input.is_json());
        let unused: Vec<&str> =
            self.names.iter().copied().filter(|c| !fields.iter().any(|f| f.columns.iter().any(|h| h == c))).collect();
        let suggestion = f.columns.iter().find_map(|h| closest(h, unused.iter().copied()));
        let headers: Vec<String> = f.columns.iter().map(|h| format!("`{h}`")).collect();
        // A built-in field as the reader's language names its column (`违规` in Chinese,
        // which a header may also say).
        let declared = declared_columns(f);
        let field = shown_field(f, record);
        let f = &FieldDef { name: field, ..f.clone() };
        let headers = headers.join(", ");
        let d = if is_json {
            let message = if declared {
                tr!("record-missing-key-any", file = file, field = &f.name, headers = &headers)
            } else {
                tr!("record-missing-key", file = file, field = &f.name)
            };
            let d = Diagnostic::error(Code::RecordMissingColumn, message);
            let first_record = match self.input {
                Input::Json(t) => t.rows.first().map(|r| r.span.clone()),
                Input::Csv(_) | Input::Sheet { .. } => None,
            };
            match &first_record {
                Some(r) => d.at(r, tr!("record-missing-key-label", field = &f.name)),
                None => d.in_file(file),
            }
        } else {
            let header = self
                .columns
                .first()
                .map(|c| c.span.to(&self.columns.last().map_or(c.span.clone(), |l| l.span.clone())));
            let message = if declared {
                tr!("record-missing-column-any", file = file, field = &f.name, headers = &headers)
            } else {
                tr!("record-missing-column", file = file, field = &f.name)
            };
            let d = Diagnostic::error(Code::RecordMissingColumn, message);
            match header {
                Some(h) => d.at(&h, tr!("record-header-row")),
                None => d.in_file(file),
            }
        };
        let ty = f.ty.shown();
        match (suggestion, is_json) {
            (Some(s), true) => {
                d.with_help(tr!("record-missing-key-rename", name = s, record = shown_record(record), field = &f.name))
            }
            (Some(s), false) => d.with_help(tr!(
                "record-missing-column-rename",
                name = s,
                record = shown_record(record),
                field = &f.name
            )),
            (None, true) => {
                d.with_help(tr!("record-missing-key-help", field = &f.name, record = shown_record(record), type = ty))
            }
            (None, false) => d.with_help(
                tr!("record-missing-column-help", field = &f.name, record = shown_record(record), type = ty),
            ),
        }
    }

    /// A column no field reads is a warning, with a did-you-mean or a rename hint.
    fn undeclared_columns(&self, fields: &[FieldDef], slots: &[Option<usize>], diags: &mut Vec<Diagnostic>) {
        let record = self.record;
        let missing_required: Vec<&str> = fields
            .iter()
            .zip(slots)
            .filter(|(f, slot)| slot.is_none() && self.needed(f))
            .map(|(f, _)| f.name.as_str())
            .collect();
        let read = |col: &Cell| fields.iter().any(|f| f.columns.contains(&col.text));
        let mut undeclared: Vec<&Cell> = self.columns.iter().filter(|col| !read(col)).collect();
        if undeclared.len() > MAX_UNDECLARED_WARNINGS {
            // One warning for them all: thousands (a sheet's every column) would each show the header.
            diags.push(many_undeclared(&undeclared, record));
            undeclared.clear();
        }
        for col in undeclared {
            // The headers of the fields not found yet: their names and declared headers.
            let names: Vec<&str> = fields
                .iter()
                .zip(slots)
                .filter(|(_, slot)| slot.is_none())
                .flat_map(|(f, _)| f.columns.iter().map(String::as_str))
                .collect();
            let mut d = Diagnostic::warning(
                Code::RecordUndeclaredColumn,
                tr!("record-undeclared-column", column = &col.text, record = shown_record(record)),
            )
            .at(&col.span, tr!("record-undeclared-column-label"));
            d = match (closest_header(&col.text, &names), missing_required.as_slice()) {
                (Some(s), _) => d.with_help(tr!("did-you-mean", name = s)),
                (None, [only]) => d.with_help(tr!(
                    "record-undeclared-column-rename",
                    field = *only,
                    column = &col.text,
                    record = shown_record(record)
                )),
                (None, _) => d.with_help(tr!("record-undeclared-column-help", record = shown_record(record))),
            };
            diags.push(d);
        }
    }
}

/// Types one row by a schema; `None` (with the problems reported) if a cell is wrong.
/// `shared` is the slot of the agent id (`id` or `agent`), which the caller fills.
pub fn type_row(
    program: &Program,
    fields: &[FieldDef],
    cols: &Columns,
    row: &RowView,
    is_json: bool,
    shared: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Value>> {
    let mut values = Vec::with_capacity(fields.len());
    type_row_into(program, fields, cols, row, is_json, shared, diags, &mut values).then_some(values)
}

/// [`type_row`] into `values` (cleared first), so a file's rows are typed without a
/// vector each; whether every cell was right.
#[allow(clippy::too_many_arguments)]
pub fn type_row_into(
    program: &Program,
    fields: &[FieldDef],
    cols: &Columns,
    row: &RowView,
    is_json: bool,
    shared: usize,
    diags: &mut Vec<Diagnostic>,
    values: &mut Vec<Value>,
) -> bool {
    values.clear();
    let mut ok = true;
    for (k, ((f, slot), default)) in fields.iter().zip(&cols.slots).zip(&cols.defaults).enumerate() {
        let text = slot.and_then(|i| row.cell(i));
        if k == shared && text.is_some_and(|t| !t.is_empty()) {
            // The id: the caller puts the shared text in this slot.
            values.push(Value::Bool(false));
            continue;
        }
        let value = match text {
            Some(t) if !t.is_empty() => {
                let col = slot.unwrap_or(0);
                cell::typed(program, f, t, &|| row.cell_span(col))
            }
            _ => match default {
                Some(v) => Ok(v.clone()),
                None if f.name == "name" && f.builtin => Ok(Value::Text("".into())),
                // Filled in from `hired_on` once the row is typed.
                None if f.name == "tier_since" && f.builtin => Ok(Value::Bool(false)),
                None => {
                    let (message, span) = match (text, slot) {
                        (Some(_), Some(col)) => {
                            (tr!("record-cell-empty", line = row.line, field = &f.name), row.cell_span(*col))
                        }
                        _ if is_json => (tr!("record-json-no-key", line = row.line, field = &f.name), row.span()),
                        _ => (tr!("record-cell-missing", line = row.line, field = &f.name), row.span()),
                    };
                    Err(Diagnostic::error(Code::RecordBadValue, message)
                        .at(&span, tr!("record-value-required"))
                        .with_help(tr!("record-value-required-help", field = &f.name, type = f.ty.shown())))
                }
            },
        };
        match value {
            Ok(v) => values.push(v),
            Err(d) => {
                ok = false;
                diags.push(d);
            }
        }
    }
    ok
}

/// The header closest to a column's: by edit distance, else one that differs only by a
/// bracketed note of its unit (`处理时长(分钟)` and `处理时长`, `设备价值` and `设备价值(元)`).
fn closest_header<'a>(column: &str, headers: &[&'a str]) -> Option<&'a str> {
    closest(column, headers.iter().copied()).or_else(|| {
        let wanted = without_note(column);
        headers.iter().copied().find(|h| !wanted.is_empty() && without_note(h) == wanted)
    })
}

/// A header without its bracketed note: `设备价值(元)` is `设备价值`.
fn without_note(header: &str) -> &str {
    header.find(['(', '（']).and_then(|i| header.get(..i)).unwrap_or(header).trim_end()
}

/// Whether the policy declares headers for the field (`from "…"`), beyond its own
/// name and a built-in's Chinese name.
fn declared_columns(f: &FieldDef) -> bool {
    let chinese = |h: &str| {
        f.builtin
            && [Place::AgentField, Place::IncidentField]
                .into_iter()
                .any(|p| word_in(&f.name, Some(p), Dialect::Chinese) == Some(h))
    };
    f.columns.iter().any(|h| *h != f.name && !chinese(h))
}

/// Undeclared columns warned about one by one; beyond this, one warning names the first
/// few and counts the rest.
const MAX_UNDECLARED_WARNINGS: usize = 5;

/// The one warning for many undeclared columns.
fn many_undeclared(undeclared: &[&Cell], record: &str) -> Diagnostic {
    let shown: Vec<String> = undeclared.iter().take(3).map(|c| format!("`{}`", c.text)).collect();
    let (count, more) = (undeclared.len(), undeclared.len() - shown.len());
    let message = tr!(
        "record-many-undeclared",
        count = count,
        record = shown_record(record),
        shown = shown.join(", "),
        more = more
    );
    let d = Diagnostic::warning(Code::RecordUndeclaredColumn, message)
        .with_help(tr!("record-many-undeclared-help", record = shown_record(record)));
    match undeclared.first() {
        Some(first) => d.at(&first.span, tr!("record-many-undeclared-label")),
        None => d,
    }
}

/// The name of `f` as the language of messages writes its column: a built-in field's
/// Chinese name in Chinese (`违规`, `入职日期`), any other field's own name.
fn shown_field(f: &FieldDef, record: &str) -> String {
    use crate::syntax::keywords::{word_in, Dialect, Place};
    if !f.builtin || crate::i18n::current() == crate::i18n::Lang::En {
        return f.name.clone();
    }
    let place = if record == "incident" { Place::IncidentField } else { Place::AgentField };
    word_in(&f.name, Some(place), Dialect::Chinese).map_or_else(|| f.name.clone(), str::to_string)
}

/// `agent` or `incident` as the language of messages names the record (`员工`, `事件`).
fn shown_record(record: &str) -> &str {
    use crate::syntax::keywords::{Dialect, Keyword};
    if crate::i18n::current() == crate::i18n::Lang::En {
        return record;
    }
    Keyword::in_dialect(record, Dialect::English).map_or(record, |k| k.spelling_in(Dialect::Chinese))
}
