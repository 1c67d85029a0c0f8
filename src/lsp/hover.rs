//! Hover: what a name is — its kind, type and unit, and its doc comment, the clause of
//! the policy document it stands for; for a unit, its dimension; for a built-in, what it
//! means.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use serde_json::Value;

use super::{json, words, Reply, View};
use crate::check::types::{Dim, Type};
use crate::check::{Symbol, SymbolKind};
use crate::syntax::ast::UnitWord;
use crate::syntax::dialect::CodeSpelling;

pub fn hover(view: &View, p: HoverParams) -> Reply {
    let a = view.analysis;
    let text = a.text();
    let offset = a.lines.offset(text, p.text_document_position_params.position);
    let (markdown, (start, end)) = if let Some(o) = a.symbols.at(offset) {
        let Some(symbol) = a.symbols.get(o.symbol) else { return Ok(Value::Null) };
        let spelling = CodeSpelling::new(crate::syntax::dialect::detect(text), text);
        let parent = a.symbols.get(symbol.parent.unwrap_or(usize::MAX));
        (describe(symbol, parent, &spelling), (o.span.start, o.span.end))
    } else if let Some(found) = unit_at(text, offset).or_else(|| builtin_at(text, offset)) {
        found
    } else {
        return Ok(Value::Null);
    };
    json(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(a.lines.range(text, start, end)),
    })
}

/// `money (元)`, `number`, `date`; in Chinese `金额 (元)`, `数值`, `日期`.
pub fn describe_type(ty: Type) -> String {
    match ty {
        Type::Quantity(d) if d == Dim::NUMBER => tr!("lsp-number"),
        Type::Quantity(d) => format!("{} ({})", d.shown(), d.base_unit()),
        other => other.shown(),
    }
}

/// What kind of name a symbol is, in the language in use (`pay line`, 工资项).
pub fn kind_text(kind: SymbolKind) -> String {
    match kind {
        SymbolKind::Tier => tr!("kind-tier"),
        SymbolKind::Severity => tr!("kind-severity"),
        SymbolKind::Violation => tr!("kind-violation"),
        SymbolKind::Escalation => tr!("kind-escalation"),
        SymbolKind::Let => tr!("kind-let"),
        SymbolKind::Table => tr!("kind-table"),
        SymbolKind::PayLine => tr!("kind-pay-line"),
        SymbolKind::TierAttribute => tr!("lsp-kind-tier-attribute"),
        SymbolKind::AgentField => tr!("lsp-kind-agent-field"),
        SymbolKind::IncidentField => tr!("lsp-kind-incident-field"),
        SymbolKind::TableParameter => tr!("lsp-kind-table-parameter"),
    }
}

/// The hover text of a symbol: a code line saying what it is (its code in the file's
/// dialect: `员工.入职日期` in a Chinese-dialect file), then its doc comment.
pub fn describe(s: &Symbol, parent: Option<&Symbol>, spelling: &CodeSpelling) -> String {
    let ty = s.ty.filter(|t| *t != Type::Unknown).map(describe_type);
    let kind = kind_text(s.kind);
    let head = match s.kind {
        SymbolKind::Table => format!("{kind} {}", s.detail.clone().unwrap_or_else(|| s.name.clone())),
        SymbolKind::AgentField | SymbolKind::IncidentField | SymbolKind::TierAttribute => {
            let record = match s.kind {
                SymbolKind::AgentField => "agent",
                SymbolKind::IncidentField => "incident",
                _ => "tier",
            };
            let code = spelling.code(&format!("{record}.{}", s.name));
            match &ty {
                Some(t) => format!("{kind} {code}: {t}"),
                None => format!("{kind} {code}"),
            }
        }
        SymbolKind::TableParameter => {
            let of = parent.map(|t| tr!("lsp-of-table", table = &t.name)).unwrap_or_default();
            let parameter = tr!("lsp-parameter", name = &s.name);
            match &ty {
                Some(t) => format!("{parameter}: {t}{of}"),
                None => format!("{parameter}{of}"),
            }
        }
        SymbolKind::Tier | SymbolKind::Severity | SymbolKind::Escalation | SymbolKind::Violation => {
            format!("{kind} {}", s.name)
        }
        SymbolKind::Let | SymbolKind::PayLine => match &ty {
            Some(t) => format!("{kind} {}: {t}", s.name),
            None => format!("{kind} {}", s.name),
        },
    };
    let mut out = format!("```kaohe\n{head}\n```");
    let extra = match s.kind {
        SymbolKind::Violation | SymbolKind::Escalation => s.detail.clone(),
        SymbolKind::AgentField | SymbolKind::IncidentField => s.detail.clone().filter(|d| d != "built in"),
        _ => None,
    };
    if let Some(extra) = extra {
        out.push_str(&format!("\n`{extra}`"));
    }
    if s.is_builtin() {
        out.push_str(&format!("\n\n{}", tr!("lsp-built-in")));
    }
    if !s.doc.is_empty() {
        out.push_str("\n\n");
        out.push_str(&s.doc);
    }
    out
}

/// The unit under the cursor, when a number (or `TBD`, or a rate's `/`) stands before it.
fn unit_at(text: &str, offset: usize) -> Option<(String, (usize, usize))> {
    let (start, end) = run_at(text, offset, |c| words::name_char(c) && !c.is_ascii_digit())?;
    let word = text.get(start..end)?;
    let unit = UnitWord::parse(word)?;
    let before = text.get(..start)?.trim_end_matches([' ', '\t']);
    let after_number = before.ends_with(|c: char| c.is_ascii_digit()) || before.ends_with("TBD");
    let in_rate = before.ends_with('/') || text.get(end..)?.starts_with('/');
    if !after_number && !in_rate {
        return None;
    }
    let dim = Dim::of_word(unit);
    let size = match unit {
        UnitWord::Hour => "\n\n1 小时 = 60 分钟",
        UnitWord::Year => "\n\n1 年 = 12 个月",
        _ => "",
    };
    let rate = if in_rate { format!("\n\n{}", tr!("lsp-part-of-rate")) } else { String::new() };
    let unit = tr!("lsp-unit", unit = word, dimension = dim.shown(), base = dim.base_unit());
    Some((format!("```kaohe\n{unit}\n```{size}{rate}"), (start, end)))
}

fn builtin_at(text: &str, offset: usize) -> Option<(String, (usize, usize))> {
    let (start, end) = run_at(text, offset, words::name_char)?;
    let word = text.get(start..end)?;
    let name = words::FUNCTIONS.iter().chain(words::VALUES).find(|n| **n == word)?;
    let doc = tr!("lsp-built-in-word", meaning = words::meaning(name));
    Some((format!("```kaohe\n{name}\n```\n{doc}"), (start, end)))
}

/// The run of characters around `offset` that satisfy `keep` (a cursor just after the
/// run is in it).
pub fn run_at(text: &str, offset: usize, keep: impl Fn(char) -> bool) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    let mut start = offset;
    for (i, c) in text.get(..offset)?.char_indices().rev() {
        if !keep(c) {
            break;
        }
        start = i;
    }
    let mut end = offset;
    for (i, c) in text.get(offset..)?.char_indices() {
        if !keep(c) {
            break;
        }
        end = offset + i + c.len_utf8();
    }
    (start < end).then_some((start, end))
}
