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
    let symbol = view.analysis.symbols.get(o.symbol).ok_or_else(|| failed(tr!("lsp-rename-nothing")))?;
    if symbol.is_builtin() {
        return Err(failed(tr!("lsp-rename-built-in", name = &symbol.name)));
    }
    if view.analysis.partial {
        return Err(failed(tr!("lsp-rename-syntax-errors")));
    }
    Ok(())
}

pub fn rename(view: &View, p: RenameParams) -> Reply {
    let Some(o) = occurrence(view, &p.text_document_position) else {
        return Err(failed(tr!("lsp-rename-no-name")));
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
        return Some(tr!("lsp-rename-keyword", name = new));
    }
    if !words::is_name(new) || new.chars().any(|c| crate::syntax::layout::ascii_for(c).is_some()) {
        return Some(tr!("lsp-rename-not-a-name", name = unicode::printable(new).into_owned()));
    }
    if s.kind.is_global() && (words::BUILTIN_NAMES.contains(&new) || EXPECT_WORDS.contains(&new)) {
        return Some(tr!("lsp-rename-built-in-name", name = new));
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
    let kind = a_kind(other.kind);
    Some(match other.span.as_ref() {
        Some(sp) => tr!("lsp-rename-taken-at", name = new, kind = kind, line = sp.line()),
        None => tr!("lsp-rename-taken", name = new, kind = kind),
    })
}

/// A kind of name with its article, as a sentence says it (`an incident field`).
fn a_kind(kind: SymbolKind) -> String {
    match kind {
        SymbolKind::Tier => tr!("lsp-a-tier"),
        SymbolKind::Severity => tr!("lsp-a-severity"),
        SymbolKind::Violation => tr!("lsp-a-violation"),
        SymbolKind::Escalation => tr!("lsp-a-escalation"),
        SymbolKind::Let => tr!("lsp-a-let"),
        SymbolKind::Table => tr!("lsp-a-table"),
        SymbolKind::PayLine => tr!("lsp-a-pay-line"),
        SymbolKind::TierAttribute => tr!("lsp-a-tier-attribute"),
        SymbolKind::AgentField => tr!("lsp-a-agent-field"),
        SymbolKind::IncidentField => tr!("lsp-a-incident-field"),
        SymbolKind::TableParameter => tr!("lsp-a-table-parameter"),
    }
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
        SymbolKind::Tier => tr!("lsp-rename-records-tier", old = old, new = new),
        SymbolKind::Violation => tr!("lsp-rename-records-violation", old = old, new = new),
        SymbolKind::AgentField => tr!("lsp-rename-records-agent-column", old = old, new = new),
        SymbolKind::IncidentField => tr!("lsp-rename-records-incident-column", old = old, new = new),
        _ => return None,
    })
}

/// What a worked example's `expect` reads before the declared names.
const EXPECT_WORDS: [&str; 3] = ["tier_ok", "promotion", "escalations"];
