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

/// The position of `name` among a file's columns.
pub fn column(input: &Input, name: &str) -> Option<usize> {
    input.columns().ok()?.iter().position(|c| c.text == name)
}

/// Which column holds each field, and the fields' defaults.
pub struct Columns {
    pub slots: Vec<Option<usize>>,
    pub defaults: Vec<Option<Value>>,
    pub header_len: usize,
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
    let slots: Vec<Option<usize>> = fields.iter().map(|f| header.names.iter().position(|c| *c == f.name)).collect();
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
        let unused: Vec<&str> = self.names.iter().copied().filter(|c| !fields.iter().any(|f| f.name == *c)).collect();
        let suggestion = closest(&f.name, unused);
        let d = if is_json {
            let d =
                Diagnostic::error(Code::RecordMissingColumn, tr!("record-missing-key", file = file, field = &f.name));
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
            let d = Diagnostic::error(
                Code::RecordMissingColumn,
                tr!("record-missing-column", file = file, field = &f.name),
            );
            match header {
                Some(h) => d.at(&h, tr!("record-header-row")),
                None => d.in_file(file),
            }
        };
        let ty = f.ty.shown();
        match (suggestion, is_json) {
            (Some(s), true) => {
                d.with_help(tr!("record-missing-key-rename", name = s, record = record, field = &f.name))
            }
            (Some(s), false) => {
                d.with_help(tr!("record-missing-column-rename", name = s, record = record, field = &f.name))
            }
            (None, true) => d.with_help(tr!("record-missing-key-help", field = &f.name, record = record, type = ty)),
            (None, false) => {
                d.with_help(tr!("record-missing-column-help", field = &f.name, record = record, type = ty))
            }
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
        let mut undeclared: Vec<&Cell> =
            self.columns.iter().filter(|col| !fields.iter().any(|f| f.name == col.text)).collect();
        if undeclared.len() > MAX_UNDECLARED_WARNINGS {
            // One warning for them all: thousands (a sheet's every column) would each show the header.
            diags.push(many_undeclared(&undeclared, record));
            undeclared.clear();
        }
        for col in undeclared {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).filter(|n| !self.names.contains(n)).collect();
            let mut d = Diagnostic::warning(
                Code::RecordUndeclaredColumn,
                tr!("record-undeclared-column", column = &col.text, record = record),
            )
            .at(&col.span, tr!("record-undeclared-column-label"));
            d = match (closest(&col.text, names), missing_required.as_slice()) {
                (Some(s), _) => d.with_help(tr!("did-you-mean", name = s)),
                (None, [only]) => d.with_help(tr!("record-undeclared-column-rename", field = *only)),
                (None, _) => d.with_help(tr!("record-undeclared-column-help", record = record)),
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
    ok.then_some(values)
}

/// Undeclared columns warned about one by one; beyond this, one warning names the first
/// few and counts the rest.
const MAX_UNDECLARED_WARNINGS: usize = 5;

/// The one warning for many undeclared columns.
fn many_undeclared(undeclared: &[&Cell], record: &str) -> Diagnostic {
    let shown: Vec<String> = undeclared.iter().take(3).map(|c| format!("`{}`", c.text)).collect();
    let (count, more) = (undeclared.len(), undeclared.len() - shown.len());
    let message = tr!("record-many-undeclared", count = count, record = record, shown = shown.join(", "), more = more);
    let d = Diagnostic::warning(Code::RecordUndeclaredColumn, message)
        .with_help(tr!("record-many-undeclared-help", record = record));
    match undeclared.first() {
        Some(first) => d.at(&first.span, tr!("record-many-undeclared-label")),
        None => d,
    }
}
