//! Code actions: the fix of each diagnostic whose help names one.
//!
//! The checker's help is worded for people and carries the fix in backticks; this module
//! reads the fix back out of it, so a fix offered in the editor is always the one
//! `kaohe check` prints: a did-you-mean (`did you mean \`旷工\`?`), full-width punctuation
//! (`use \`:\` instead`), a number without its unit (`give the number its unit: \`30
//! minutes\``), a field written without its record (`an agent's field is written
//! \`agent.leads_team\``), `=` for `==` in a condition, `:` for `=` after `points`, `->`
//! for `=>` in a table row. The help is in the language of the run, so each is found by
//! the wording of its message in that language.
//! Each fix replaces the text of one span; a diagnostic whose span does not hold what the
//! fix replaces gets none.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit};
use rust_decimal::Decimal;

use super::diagnostics::convert;
use super::{json, Reply, View};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// One fix: replace the text at `start..end` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    pub preferred: bool,
}

pub fn code_actions(view: &View, p: CodeActionParams) -> Reply {
    let a = view.analysis;
    let text = a.text();
    let (from, to) = a.lines.span(text, p.range);
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    for d in &a.checked.diagnostics {
        let Some(span) = &d.span else { continue };
        // The diagnostics touching the range (a cursor at either end of a span touches it).
        if span.end < from || span.start > to {
            continue;
        }
        for fix in fixes(d) {
            let edit = TextEdit { range: a.lines.range(text, fix.start, fix.end), new_text: fix.replacement.clone() };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert(a, view.uri, d)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(view.uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(fix.preferred),
                ..CodeAction::default()
            }));
        }
    }
    json(actions)
}

/// Whether `text` is the message `template` renders, its one argument given as `\u{0}`
/// (anything may stand there): the diagnostics are in the language of the run.
fn is_message(text: &str, template: &str) -> bool {
    match template.split_once('\u{0}') {
        Some((before, after)) => {
            text.len() >= before.len() + after.len() && text.starts_with(before) && text.ends_with(after)
        }
        None => text == template,
    }
}

/// The text before the first backtick of a message, by which its quoted part is found.
fn before_quote(message: &str) -> &str {
    message.split('`').next().unwrap_or(message)
}

/// The text between the first pair of backticks after `marker` in `help`.
fn quoted_after<'h>(help: &'h str, marker: &str) -> Option<&'h str> {
    let rest = &help[help.find(marker)? + marker.len()..];
    let start = rest.find('`')? + 1;
    let len = rest.get(start..)?.find('`')?;
    rest.get(start..start + len)
}

fn replace(span: &Span, replacement: &str, title: String, preferred: bool) -> Fix {
    Fix { title, start: span.start, end: span.end, replacement: replacement.to_string(), preferred }
}

/// The fixes a diagnostic's help names.
pub fn fixes(d: &Diagnostic) -> Vec<Fix> {
    let (Some(span), Some(help)) = (&d.span, d.help.as_deref()) else { return Vec::new() };
    let found = span.text();
    let mut out = Vec::new();
    if d.code == Code::Fullwidth {
        // The help is in the language of the run; the character to type is what it quotes.
        let space_help = crate::tr!("fullwidth-help", ascii = crate::tr!("fullwidth-ordinary-space"));
        if help == space_help || help.starts_with("use an ordinary space") {
            out.push(replace(span, " ", crate::tr!("lsp-fix-space"), true));
        } else if let Some(ascii) = quoted_after(help, "") {
            out.push(replace(span, ascii, crate::tr!("lsp-fix-replace", found = found, with = ascii), true));
        }
        return out;
    }
    // The help is in the language of the run: its "did you mean" is found by its words.
    let did_you_mean = crate::tr!("did-you-mean", name = "");
    let marker = did_you_mean.split('`').next().unwrap_or("did you mean ");
    if let Some(s) = quoted_after(help, marker).or_else(|| quoted_after(help, "did you mean ")) {
        // A field's suggestion names its record (`agent.leads_team`); the span is the field.
        let s = match s.rsplit_once('.') {
            Some((_, field)) if !found.contains('.') => field,
            _ => s,
        };
        if !s.is_empty() && s != found {
            out.push(replace(span, s, crate::tr!("lsp-fix-change", found = found, to = s), true));
        }
    }
    let give_unit = crate::tr!("check-give-unit", number = "", unit = "");
    let give_unit = give_unit.split('`').next().unwrap_or("give the number its unit: ");
    if let Some(with_unit) = quoted_after(help, give_unit).or_else(|| quoted_after(help, "give the number its unit: "))
    {
        // The number may be the related span (`100 - points`: the diagnostic is at
        // `points`, the help about `100`).
        let number = with_unit.split_whitespace().next().and_then(|n| n.parse::<Decimal>().ok());
        let places = std::iter::once(span).chain(d.related.iter().map(|(s, _)| s));
        let target = places.into_iter().find(|s| {
            let written = s.text().replace('_', "");
            number.is_some() && written.parse::<Decimal>().ok() == number
        });
        if let Some(target) = target {
            out.push(replace(target, with_unit, crate::tr!("lsp-fix-write", code = with_unit), true));
        }
    }
    let records = [
        crate::tr!("check-agent-field-written", name = "\u{0}"),
        crate::tr!("check-incident-field-written", name = "\u{0}"),
        crate::tr!("check-tier-attribute-written", name = "\u{0}"),
    ];
    for record in &records {
        if let Some(path) = quoted_after(help, before_quote(record)) {
            out.push(replace(span, path, crate::tr!("lsp-fix-write", code = path), true));
        }
    }
    if help.starts_with(&crate::tr!("syntax-equals-for-compare-help")) && found == "=" {
        out.push(replace(span, "==", crate::tr!("lsp-fix-compare"), true));
    }
    if is_message(&d.message, &crate::tr!("syntax-colon-for-equals", word = "\u{0}")) && found == ":" {
        out.push(replace(span, "=", crate::tr!("lsp-fix-write", code = "="), true));
    }
    if d.message.starts_with(&crate::tr!("syntax-arrow")) && found == "->" {
        out.push(replace(span, "=>", crate::tr!("lsp-fix-write", code = "=>"), true));
    }
    out
}
