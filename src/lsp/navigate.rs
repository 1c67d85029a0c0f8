//! Go to definition, find references, highlights and rename, for every kind of name:
//! tiers, severities, violations, escalations, lets, tables and their parameters, pay
//! lines, tier attributes and record fields.
//!
//! Rename refuses what the checker would refuse afterwards: a name that is not a name, a
//! keyword, a built-in, or one that another declaration of the same namespace has; and
//! it refuses while the file does not parse, since uses inside the broken declaration
//! would be missed.

use std::collections::HashMap;

use lsp_types::{
    DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams, GotoDefinitionParams, Location,
    PrepareRenameResponse, ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};
use serde_json::Value;

use super::{failed, json, words, Reply, View};
use crate::check::{Occurrence, SymbolKind, Symbols};
use crate::unicode;

fn occurrence<'a>(view: &'a View, at: &TextDocumentPositionParams) -> Option<&'a Occurrence> {
    let a = view.analysis;
    a.symbols.at(a.lines.offset(a.text(), at.position))
}

fn location(view: &View, o: &Occurrence) -> Location {
    let a = view.analysis;
    Location { uri: view.uri.clone(), range: a.lines.range(a.text(), o.span.start, o.span.end) }
}

pub fn definition(view: &View, p: GotoDefinitionParams) -> Reply {
    let Some(o) = occurrence(view, &p.text_document_position_params) else { return Ok(Value::Null) };
    let found: Vec<Location> =
        view.analysis.symbols.occurrences_of(o.symbol).filter(|d| d.declaration).map(|d| location(view, d)).collect();
    match found.as_slice() {
        [] => Ok(Value::Null),
        [one] => json(one),
        _ => json(found),
    }
}

pub fn references(view: &View, p: ReferenceParams) -> Reply {
    let Some(o) = occurrence(view, &p.text_document_position) else { return Ok(Value::Null) };
    let with_declarations = p.context.include_declaration;
    let found: Vec<Location> = view
        .analysis
        .symbols
        .occurrences_of(o.symbol)
        .filter(|r| with_declarations || !r.declaration)
        .map(|r| location(view, r))
        .collect();
    json(found)
}

pub fn highlights(view: &View, p: DocumentHighlightParams) -> Reply {
    let Some(o) = occurrence(view, &p.text_document_position_params) else { return Ok(Value::Null) };
    let found: Vec<DocumentHighlight> = view
        .analysis
        .symbols
        .occurrences_of(o.symbol)
        .map(|r| DocumentHighlight {
            range: location(view, r).range,
            kind: Some(if r.declaration { DocumentHighlightKind::WRITE } else { DocumentHighlightKind::READ }),
        })
        .collect();
    json(found)
}

pub fn prepare_rename(view: &View, p: TextDocumentPositionParams) -> Reply {
    let Some(o) = occurrence(view, &p) else { return Ok(Value::Null) };
    renamable(view, o)?;
    let name = view.analysis.symbols.get(o.symbol).map(|s| s.name.clone()).unwrap_or_default();
    json(PrepareRenameResponse::RangeWithPlaceholder { range: location(view, o).range, placeholder: name })
}

fn renamable(view: &View, o: &Occurrence) -> Result<(), lsp_server::ResponseError> {
    let symbol = view.analysis.symbols.get(o.symbol).ok_or_else(|| failed("nothing to rename here"))?;
    if symbol.is_builtin() {
        return Err(failed(format!("`{}` is built in and cannot be renamed", symbol.name)));
    }
    if view.analysis.partial {
        return Err(failed("the policy has syntax errors: fix them first, so that every use of the name is found"));
    }
    Ok(())
}

pub fn rename(view: &View, p: RenameParams) -> Reply {
    let Some(o) = occurrence(view, &p.text_document_position) else {
        return Err(failed("there is no name here to rename"));
    };
    renamable(view, o)?;
    let symbols = &view.analysis.symbols;
    let new = p.new_name.trim();
    if let Some(why) = refusal(symbols, o.symbol, new) {
        return Err(failed(why));
    }
    let edits: Vec<TextEdit> = symbols
        .occurrences_of(o.symbol)
        .map(|r| TextEdit { range: location(view, r).range, new_text: new.to_string() })
        .collect();
    json(WorkspaceEdit { changes: Some(HashMap::from([(view.uri.clone(), edits)])), ..WorkspaceEdit::default() })
}

/// Why `new` cannot be the new name of `symbol`, if it cannot.
pub fn refusal(symbols: &Symbols, symbol: usize, new: &str) -> Option<String> {
    let s = symbols.get(symbol)?;
    if new == s.name {
        return None;
    }
    if words::is_reserved(new) {
        return Some(format!("`{new}` is a keyword and cannot be a name"));
    }
    if !words::is_name(new) || new.chars().any(|c| crate::syntax::layout::ascii_for(c).is_some()) {
        return Some(format!(
            "`{}` is not a name: a name is a letter or `_`, then letters, digits or `_`",
            unicode::printable(new)
        ));
    }
    if s.kind.is_global() && (words::BUILTIN_NAMES.contains(&new) || EXPECT_WORDS.contains(&new)) {
        return Some(format!("`{new}` is a built-in name"));
    }
    let clash = |k: SymbolKind, parent: Option<usize>| {
        symbols.symbols.iter().position(|o| o.name == new && o.kind == k && (parent.is_none() || o.parent == parent))
    };
    let other = match s.kind {
        k if k.is_global() => symbols
            .symbols
            .iter()
            .position(|o| o.name == new && (o.kind.is_global() || o.kind == SymbolKind::TableParameter)),
        SymbolKind::TableParameter => clash(SymbolKind::TableParameter, s.parent).or_else(|| symbols.global(new)),
        k => clash(k, None),
    }?;
    let other = symbols.get(other)?;
    let line = other.span.as_ref().map(|sp| format!(" (line {})", sp.line())).unwrap_or_default();
    let kind = other.kind.describe();
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    Some(format!("`{new}` is already the name of {article} {kind}{line}"))
}

/// What to tell the author after a rename, when the month's record files name the thing
/// too: they are not part of the policy, and a rename cannot reach them.
pub fn records_notice(view: &View, p: &RenameParams) -> Option<String> {
    let o = occurrence(view, &p.text_document_position)?;
    let s = view.analysis.symbols.get(o.symbol)?;
    let new = p.new_name.trim();
    if new == s.name || refusal(&view.analysis.symbols, o.symbol, new).is_some() {
        return None;
    }
    let (old, new) = (&s.name, new);
    Some(match s.kind {
        SymbolKind::Tier => {
            format!("the agents' records name tier `{old}` in their `tier` column: rename it to `{new}` there too")
        }
        SymbolKind::Violation => format!(
            "the incidents' records name violation `{old}` in their `violation` column: rename it to `{new}` there too"
        ),
        SymbolKind::AgentField => format!("the agents' records have a column `{old}`: rename it to `{new}` there too"),
        SymbolKind::IncidentField => {
            format!("the incidents' records have a column `{old}`: rename it to `{new}` there too")
        }
        _ => return None,
    })
}

/// What a worked example's `expect` reads before the declared names.
const EXPECT_WORDS: [&str; 3] = ["tier_ok", "promotion", "escalations"];
