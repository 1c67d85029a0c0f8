//! Formatting: the edits that turn the document into what `kaohe fmt` prints.
//!
//! The edits replace only the lines that change (a line diff), so the cursor and folds
//! elsewhere stay where they were; applied in order they give `kaohe fmt`'s text exactly.
//! A policy that does not parse is left alone (no edits): the diagnostics say why.

use lsp_types::TextEdit;
use serde_json::Value;
use similar::{DiffOp, TextDiff};

use super::{json, Reply, View};
use crate::fmt::format_source;

pub fn formatting(view: &View) -> Reply {
    let a = view.analysis;
    let Ok(formatted) = format_source(&a.source) else { return Ok(Value::Null) };
    let text = a.text();
    if formatted == text {
        return json(Vec::<TextEdit>::new());
    }
    json(edits(view, text, &formatted))
}

/// The line edits from `old` to `new`, each in `old`'s positions.
fn edits(view: &View, old: &str, new: &str) -> Vec<TextEdit> {
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let start_of = |lines: &[&str], i: usize| lines.iter().take(i).map(|l| l.len()).sum::<usize>();
    let lines = &view.analysis.lines;
    let mut out = Vec::new();
    for op in diff.ops() {
        let (old_range, new_range) = match *op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete { old_index, old_len, new_index } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        let (from, to) = (start_of(&old_lines, old_range.start), start_of(&old_lines, old_range.end));
        let new_text: String = new_lines.get(new_range).unwrap_or(&[]).concat();
        out.push(TextEdit { range: lines.range(old, from, to), new_text });
    }
    out
}
