//! Pass 1: every declaration into one namespace.
//!
//! Tiers, severities, violations, escalations, lets, tables and pay lines share one
//! namespace; a duplicate points at both places, a built-in name is refused. One `pay`
//! block per policy. Each escalation's severity is resolved here, before any expression is
//! checked, because ordering escalations needs it.

use std::collections::HashMap;

use super::{Checker, Kind, LetState, BUILTIN_NAMES};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::unicode;

impl<'a> Checker<'a> {
    pub(super) fn declare(&mut self, name: &Ident, kind: Kind) {
        if BUILTIN_NAMES.contains(&name.name.as_str()) {
            self.error(
                Diagnostic::error(Code::Duplicate, tr!("check-builtin-name", name = &name.name))
                    .at(&name.span, tr!("check-builtin-name-label"))
                    .with_help(tr!("check-builtin-name-help", kind = kind.describe())),
            );
            return;
        }
        if let Some((earlier, first)) = self.names.get(&name.name).cloned() {
            self.error(
                Diagnostic::error(Code::Duplicate, tr!("check-declared-twice", name = &name.name))
                    .at(&name.span, tr!("check-declared-twice-label", kind = kind.describe(), name = &name.name))
                    .with_related(&first, tr!("check-declared-twice-first", kind = earlier.describe()))
                    .with_help(tr!("check-declared-twice-help")),
            );
            return;
        }
        self.names.insert(name.name.clone(), (kind, name.span.clone()));
    }

    pub(super) fn collect(&mut self) {
        let file = self.file;
        let mut pay_seen: Option<&Span> = None;
        for decl in &file.decls {
            match &decl.kind {
                DeclKind::Tier(t) => {
                    self.declare(&t.name, Kind::Tier(self.tiers.len()));
                    self.tiers.push((t, &decl.doc));
                }
                DeclKind::Severity(s) => {
                    self.declare(&s.name, Kind::Severity(self.severities.len()));
                    self.severities.push((s, &decl.doc));
                }
                DeclKind::Violation(v) => {
                    self.declare(&v.name, Kind::Violation(self.violations.len()));
                    self.violations.push((v, &decl.doc));
                }
                DeclKind::Escalation(e) => {
                    self.declare(&e.name, Kind::Escalation(self.escalations.len()));
                    self.escalations.push((e, &decl.doc));
                }
                DeclKind::Let(l) => {
                    self.declare(&l.name, Kind::Let(self.lets.len()));
                    self.lets.push(l);
                    self.let_state.push(LetState::Unchecked);
                }
                DeclKind::Table(t) => {
                    self.declare(&t.name, Kind::Table(self.tables.len()));
                    self.tables.push(t);
                }
                DeclKind::Pay(lines) => {
                    if let Some(first) = pay_seen {
                        let d = Diagnostic::error(Code::Duplicate, tr!("names-pay-twice"))
                            .at(&keyword_span(&decl.span, 3), tr!("names-pay-twice-label"))
                            .with_related(first, tr!("names-pay-twice-first"))
                            .with_help(tr!("names-pay-twice-help"));
                        self.error(d);
                        continue;
                    }
                    pay_seen = Some(&decl.span);
                    for line in lines {
                        self.declare(&line.name, Kind::PayLine(self.pay_lines.len()));
                        self.pay_lines.push(line);
                    }
                }
                DeclKind::Policy(_)
                | DeclKind::Agent(_)
                | DeclKind::Incident(_)
                | DeclKind::Unit(_)
                | DeclKind::Test(_) => {}
            }
        }
        if pay_seen.is_none() {
            let header = file.decls.iter().find_map(|d| match &d.kind {
                DeclKind::Policy(h) => Some(h.title.span.clone()),
                _ => None,
            });
            let span = header.unwrap_or_else(|| Span::new(&self.source, 0, 0));
            self.error(
                Diagnostic::error(Code::MissingAttribute, tr!("names-no-pay"))
                    .at(&span, tr!("names-no-pay-label"))
                    .with_help(tr!("names-no-pay-help")),
            );
        }
        let severities: Vec<Option<usize>> = self
            .escalations
            .iter()
            .map(|(rule, _)| {
                rule_severity(rule).and_then(|s| match self.names.get(&s.name) {
                    Some((Kind::Severity(k), _)) => Some(*k),
                    _ => None,
                })
            })
            .collect();
        self.escalation_severity = severities;
    }
}

fn rule_severity(rule: &RuleDecl) -> Option<&Ident> {
    rule.items.iter().find_map(|i| match &i.kind {
        RuleItemKind::Severity(s) => Some(s),
        _ => None,
    })
}

/// The span of a declaration's first `len` bytes: its keyword.
pub(super) fn keyword_span(span: &Span, len: usize) -> Span {
    let text = span.text();
    let offset = text.find(|c: char| c.is_ascii_lowercase()).unwrap_or(0);
    Span::new(&span.source, span.start + offset, (span.start + offset + len).min(span.end))
}

impl Checker<'_> {
    /// Names a reader cannot tell apart: the same after NFKC, with invisible characters
    /// dropped and look-alike letters mapped (UTS #39 skeletons). A warning at the later
    /// declaration, naming the earlier one: the policy still means what it says, but a
    /// reader would take one for the other.
    pub(super) fn confusable_names(&mut self) {
        let mut declared: Vec<(&String, &Span)> = self.names.iter().map(|(n, (_, span))| (n, span)).collect();
        declared.sort_by_key(|(_, span)| span.start);
        let mut seen: HashMap<String, (&String, &Span)> = HashMap::new();
        let mut found = Vec::new();
        for (name, span) in declared {
            let look = unicode::look(name);
            match seen.get(&look) {
                Some((first, first_span)) => found.push(confusable(name, span, first, first_span)),
                None => {
                    seen.insert(look, (name, span));
                }
            }
        }
        self.diags.extend(found);
    }
}

fn confusable(name: &str, span: &Span, first: &str, first_span: &Span) -> Diagnostic {
    let invisible = unicode::without_invisible(name) == unicode::without_invisible(first);
    let (name, other) = (unicode::printable(name).to_string(), unicode::printable(first).to_string());
    let (message, help) = if invisible {
        (tr!("names-confusable-invisible", name = &name, other = &other), tr!("names-confusable-invisible-help"))
    } else {
        (tr!("names-confusable-same", name = &name, other = &other), tr!("names-confusable-same-help"))
    };
    Diagnostic::warning(Code::Confusable, message)
        .at(span, tr!("check-declared-here"))
        .with_related(first_span, tr!("names-confusable-label"))
        .with_help(help)
}
